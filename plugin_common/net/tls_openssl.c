/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The TLS module: OpenSSL 3 behind the table of net/tls_module.h, loaded by net/tls.c
 * only when a run needs TLS, and by net/tls_certificate.c when a capture holds a
 * certificate to judge. */
#include "net/tls_module.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <gmodule.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

/* The TLS alert description of an orderly close (RFC 8446 6.1). */
#define ALERT_CLOSE_NOTIFY 0
/* A SAN list longer than this is shortened in the words. */
#define NAMES_SHOWN 6
/* Debian's system policy without its file: no key or digest weaker than 112 bits. */
#define SECURITY_LEVEL 2

/* What verification found, as bits: every problem of the chain is recorded, not only
 * the first, so the verdict can rank them. */
enum {
  PROBLEM_EXPIRED = 1 << 0,
  PROBLEM_NOT_YET_VALID = 1 << 1,
  PROBLEM_SELF_SIGNED = 1 << 2,
  PROBLEM_UNTRUSTED = 1 << 3,
  PROBLEM_NAME = 1 << 4,
  PROBLEM_OTHER = 1 << 5,
};

typedef struct {
  guint found;      /* PROBLEM_ bits */
  int other_error;  /* the first X509_V_ERR that has no bit of its own */
} Problems;

struct CcTlsConnection {
  SSL *ssl;
  BIO *from_server; /* OpenSSL reads the server's bytes from here */
  BIO *to_server;   /* and writes its own here */
  GByteArray *outgoing; /* written by OpenSSL, not yet taken by the socket */
  gsize accepted;   /* bytes of an earlier send still in outgoing */
  gboolean verify;
  Problems problems;
  int alert;        /* the last alert the server sent, -1 when none */
  int alert_level;  /* 1 warning, 2 fatal */
  gboolean client_certificate_asked;
  unsigned long error; /* OpenSSL's error code when the TLS layer failed, 0 when not */
};

/* OpenSSL's per-process costs a check need not pay: reading openssl.cnf (its policy is
 * pinned instead: SECURITY_LEVEL) and freeing every table at exit. */
static void
init_openssl (void)
{
  OPENSSL_init_ssl (OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_ATEXIT, NULL);
}

/* The CA file's bytes come from the core, which reads every file a user names. */
static gboolean
load_ca_pem (X509_STORE *store, const char *pem, gsize length, const char *name,
             GError **error)
{
  STACK_OF (X509_INFO) *infos;
  BIO *bio;
  guint loaded = 0;

  bio = BIO_new_mem_buf (pem, (int) length);
  infos = PEM_X509_INFO_read_bio (bio, NULL, NULL, NULL);
  BIO_free (bio);
  for (int i = 0; infos != NULL && i < sk_X509_INFO_num (infos); i++)
    {
      X509_INFO *info = sk_X509_INFO_value (infos, i);
      if (info->x509 != NULL && X509_STORE_add_cert (store, info->x509) == 1)
        loaded++;
    }
  sk_X509_INFO_pop_free (infos, X509_INFO_free);
  ERR_clear_error ();
  if (loaded == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "%s: no PEM certificate in the CA file", name);
      return FALSE;
    }
  return TRUE;
}

static int note_certificate_request (SSL *ssl, X509 **certificate, EVP_PKEY **key);

static CcTlsContext *
context_new (const char *ca_pem, gsize ca_length, const char *ca_name, gboolean insecure,
             GError **error)
{
  SSL_CTX *context;

  init_openssl ();
  context = SSL_CTX_new (TLS_client_method ());
  if (context == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOMEM, "OpenSSL: SSL_CTX_new failed");
      return NULL;
    }
  SSL_CTX_set_min_proto_version (context, TLS1_2_VERSION);
  SSL_CTX_set_security_level (context, SECURITY_LEVEL);
  /* A probe ends after one answer: buffers are freed as soon as they are empty. */
  SSL_CTX_set_mode (context, SSL_MODE_RELEASE_BUFFERS);
  SSL_CTX_set_session_cache_mode (context, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_client_cert_cb (context, note_certificate_request);
  if (ca_pem != NULL
      && !load_ca_pem (SSL_CTX_get_cert_store (context), ca_pem, ca_length, ca_name, error))
    {
      SSL_CTX_free (context);
      return NULL;
    }
  /* The system store as a hashed directory (/etc/ssl/certs, or $SSL_CERT_DIR): OpenSSL
   * reads only the roots a chain asks for, where loading the whole bundle costs a check
   * a fifth of a second. */
  if (ca_pem == NULL && !insecure)
    SSL_CTX_set_default_verify_dir (context);
  return (CcTlsContext *) context;
}

static void
context_free (CcTlsContext *context)
{
  SSL_CTX_free ((SSL_CTX *) context);
}

static guint
problem_of (int verify_error)
{
  switch (verify_error)
    {
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return PROBLEM_EXPIRED;
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return PROBLEM_NOT_YET_VALID;
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
      return PROBLEM_SELF_SIGNED;
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_UNTRUSTED:
      return PROBLEM_UNTRUSTED;
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return PROBLEM_NAME;
    default:
      return PROBLEM_OTHER;
    }
}

static void
note_problem (Problems *problems, int verify_error)
{
  guint problem = problem_of (verify_error);

  if (problem == PROBLEM_OTHER && problems->other_error == 0)
    problems->other_error = verify_error;
  problems->found |= problem;
}

/* Records each problem and lets the handshake go on: the verdict comes after it, from
 * all of them, and the conversation still shows what the server is. */
static int
record_problem (int preverified, X509_STORE_CTX *store)
{
  SSL *ssl = X509_STORE_CTX_get_ex_data (store, SSL_get_ex_data_X509_STORE_CTX_idx ());
  CcTlsConnection *session = SSL_get_app_data (ssl);

  if (!preverified)
    note_problem (&session->problems, X509_STORE_CTX_get_error (store));
  return 1;
}

static void
record_alert (const SSL *ssl, int where, int value)
{
  CcTlsConnection *session = SSL_get_app_data (ssl);

  /* close_notify is an orderly end (Redis and Mosquitto close so on a probe they do not
   * speak), not a failure. */
  if ((where & SSL_CB_READ_ALERT) != 0 && (value & 0xff) != ALERT_CLOSE_NOTIFY)
    {
      session->alert = value & 0xff;
      session->alert_level = (value >> 8) & 0xff;
    }
}

static int
note_certificate_request (SSL *ssl, X509 **certificate, EVP_PKEY **key)
{
  CcTlsConnection *session = SSL_get_app_data (ssl);

  session->client_certificate_asked = TRUE;
  return 0;
}

static gboolean
is_address (const char *host)
{
  guint8 buffer[16];

  return inet_pton (AF_INET, host, buffer) == 1 || inet_pton (AF_INET6, host, buffer) == 1;
}

static gboolean
set_names (SSL *ssl, const CcEndpoint *endpoint)
{
  const char *name = endpoint->sni != NULL ? endpoint->sni : endpoint->host;

  if (is_address (name))
    return X509_VERIFY_PARAM_set1_ip_asc (SSL_get0_param (ssl), name) == 1;
  return SSL_set_tlsext_host_name (ssl, name) == 1 && SSL_set1_host (ssl, name) == 1;
}

static void connection_free (CcTlsConnection *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcTlsConnection, connection_free)

static CcTlsConnection *
connection_new (CcTlsContext *context, const CcEndpoint *endpoint, CcTlsAlpn alpn,
                GError **error)
{
  static const guint8 http1[] = "\x08http/1.1";
  static const guint8 any_http[] = "\x02h2\x08http/1.1";
  g_autoptr (CcTlsConnection) session = NULL;

  session = g_new0 (CcTlsConnection, 1);
  session->alert = -1;
  session->outgoing = g_byte_array_new ();
  session->ssl = SSL_new ((SSL_CTX *) context);
  session->from_server = BIO_new (BIO_s_mem ());
  session->to_server = BIO_new (BIO_s_mem ());
  if (session->ssl == NULL || session->from_server == NULL || session->to_server == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOMEM, "OpenSSL: out of memory");
      return NULL;
    }
  SSL_set_bio (session->ssl, session->from_server, session->to_server);
  SSL_set_app_data (session->ssl, session);
  SSL_set_connect_state (session->ssl);
  SSL_set_info_callback (session->ssl, record_alert);
  session->verify = !endpoint->insecure;
  SSL_set_verify (session->ssl, session->verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE,
                  session->verify ? record_problem : NULL);
  if (alpn == CC_TLS_ALPN_HTTP1)
    SSL_set_alpn_protos (session->ssl, http1, sizeof http1 - 1);
  else if (alpn == CC_TLS_ALPN_ANY_HTTP)
    SSL_set_alpn_protos (session->ssl, any_http, sizeof any_http - 1);
  if (endpoint->tls_max_version != 0)
    SSL_set_max_proto_version (session->ssl, endpoint->tls_max_version == 12 ? TLS1_2_VERSION
                                                                             : TLS1_3_VERSION);
  if (!set_names (session->ssl, endpoint))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "OpenSSL refused the server name for SNI");
      return NULL;
    }
  return g_steal_pointer (&session);
}

static void
connection_free (CcTlsConnection *session)
{
  if (session == NULL)
    return;
  if (session->ssl != NULL)
    SSL_free (session->ssl); /* frees both BIOs */
  else
    {
      BIO_free (session->from_server);
      BIO_free (session->to_server);
    }
  g_byte_array_unref (session->outgoing);
  g_free (session);
}

/* Moves what OpenSSL wrote towards the socket; FALSE when bytes remain (EAGAIN), or
 * the socket failed (errno not EAGAIN). */
static gboolean
flush (CcTlsConnection *session, int fd)
{
  char *data;
  long pending = BIO_get_mem_data (session->to_server, &data);

  if (pending > 0)
    {
      g_byte_array_append (session->outgoing, (const guint8 *) data, (guint) pending);
      (void) BIO_reset (session->to_server);
    }
  while (session->outgoing->len > 0)
    {
      ssize_t n = send (fd, session->outgoing->data, session->outgoing->len, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      g_byte_array_remove_range (session->outgoing, 0, (guint) n);
    }
  return TRUE;
}

typedef enum {
  FILL_MORE,
  FILL_AGAIN,
  FILL_CLOSED,
  FILL_RESET,
} Fill;

/* Reads what the socket has for OpenSSL; raw (may be NULL) keeps a copy. */
static Fill
fill (CcTlsConnection *session, int fd, GByteArray *raw)
{
  guint8 buffer[4096];
  ssize_t n;

  do
    n = recv (fd, buffer, sizeof buffer, 0);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return errno == EAGAIN ? FILL_AGAIN : FILL_RESET;
  if (n == 0)
    return FILL_CLOSED;
  if (raw != NULL)
    g_byte_array_append (raw, buffer, (guint) n);
  BIO_write (session->from_server, buffer, (int) n);
  return FILL_MORE;
}

static void
note_error (CcTlsConnection *session)
{
  unsigned long error = ERR_peek_last_error ();

  if (session->error == 0)
    session->error = error != 0 ? error : (unsigned long) -1;
  ERR_clear_error ();
}

static CcTlsStatus
handshake (CcTlsConnection *session, int fd, GByteArray *raw)
{
  for (;;)
    {
      int done = SSL_do_handshake (session->ssl);
      int reason = done == 1 ? SSL_ERROR_NONE : SSL_get_error (session->ssl, done);

      if (!flush (session, fd))
        {
          if (errno != EAGAIN)
            return CC_TLS_RESET;
          if (reason == SSL_ERROR_NONE || reason == SSL_ERROR_WANT_READ)
            return CC_TLS_WANT_WRITE;
        }
      if (reason == SSL_ERROR_NONE)
        return CC_TLS_DONE;
      if (reason != SSL_ERROR_WANT_READ)
        {
          note_error (session);
          return CC_TLS_FAILED;
        }
      switch (fill (session, fd, raw))
        {
        case FILL_MORE:
          continue;
        case FILL_AGAIN:
          return CC_TLS_WANT_READ;
        case FILL_CLOSED:
          return CC_TLS_CLOSED;
        case FILL_RESET:
        default:
          return CC_TLS_RESET;
        }
    }
}

static ssize_t
send_through (CcTlsConnection *session, int fd, const void *data, size_t length)
{
  gsize accepted = session->accepted;

  /* Bytes taken on an earlier call are only reported once the socket has them all. */
  if (accepted > 0)
    {
      if (!flush (session, fd))
        return -1;
      session->accepted = 0;
      return (ssize_t) accepted;
    }
  if (length == 0)
    return 0;
  if (SSL_write (session->ssl, data, (int) MIN (length, G_MAXINT)) <= 0)
    {
      note_error (session);
      errno = ECONNRESET;
      return -1;
    }
  if (!flush (session, fd))
    {
      if (errno == EAGAIN)
        session->accepted = MIN (length, G_MAXINT);
      return -1;
    }
  return (ssize_t) MIN (length, G_MAXINT);
}

static ssize_t
recv_through (CcTlsConnection *session, int fd, void *buffer, size_t length)
{
  for (;;)
    {
      int n = SSL_read (session->ssl, buffer, (int) MIN (length, G_MAXINT));
      int reason = n > 0 ? SSL_ERROR_NONE : SSL_get_error (session->ssl, n);

      /* A TLS 1.3 server may answer with a post-handshake message we must answer. */
      if (!flush (session, fd) && errno != EAGAIN)
        return -1;
      if (n > 0)
        return n;
      if (reason == SSL_ERROR_ZERO_RETURN)
        return 0;
      if (reason != SSL_ERROR_WANT_READ)
        {
          note_error (session);
          errno = ECONNRESET;
          return -1;
        }
      switch (fill (session, fd, NULL))
        {
        case FILL_MORE:
          continue;
        case FILL_AGAIN:
          errno = EAGAIN;
          return -1;
        case FILL_CLOSED:
          return 0;
        case FILL_RESET:
        default:
          return -1;
        }
    }
}

static const char *
version_name (const CcTlsConnection *session)
{
  switch (SSL_version (session->ssl))
    {
    case TLS1_3_VERSION:
      return "TLS 1.3";
    case TLS1_2_VERSION:
      return "TLS 1.2";
    case TLS1_1_VERSION:
      return "TLS 1.1";
    case TLS1_VERSION:
      return "TLS 1.0";
    default:
      return "TLS";
    }
}

static char *
alpn_selected (const CcTlsConnection *session)
{
  const unsigned char *name;
  unsigned int length;

  SSL_get0_alpn_selected (session->ssl, &name, &length);
  return length > 0 ? g_strndup ((const char *) name, length) : NULL;
}

/* ---- The certificate's verdict ---- */

static void
append_time (GString *out, const ASN1_TIME *time)
{
  struct tm tm;
  char text[32];

  if (ASN1_TIME_to_tm (time, &tm) == 1 && strftime (text, sizeof text, "%Y-%m-%d %H:%M UTC", &tm) > 0)
    g_string_append (out, text);
  else
    g_string_append (out, "an unreadable date");
}

/* The names the certificate is for: its DNS and IP subject alternative names, else its
 * common name; raw peer bytes. */
static void
append_names (GString *out, X509 *certificate)
{
  GENERAL_NAMES *names = X509_get_ext_d2i (certificate, NID_subject_alt_name, NULL, NULL);
  int count = names != NULL ? sk_GENERAL_NAME_num (names) : 0;
  guint shown = 0;

  for (int i = 0; i < count; i++)
    {
      const GENERAL_NAME *name = sk_GENERAL_NAME_value (names, i);
      char address[INET6_ADDRSTRLEN];

      if (name->type != GEN_DNS && name->type != GEN_IPADD)
        continue;
      if (shown++ == NAMES_SHOWN)
        {
          g_string_append_printf (out, " and %d more", count - NAMES_SHOWN);
          break;
        }
      if (shown > 1)
        g_string_append (out, ", ");
      if (name->type == GEN_DNS)
        g_string_append_len (out, (const char *) ASN1_STRING_get0_data (name->d.dNSName),
                             ASN1_STRING_length (name->d.dNSName));
      else if (inet_ntop (ASN1_STRING_length (name->d.iPAddress) == 4 ? AF_INET : AF_INET6,
                          ASN1_STRING_get0_data (name->d.iPAddress), address,
                          sizeof address) != NULL)
        g_string_append (out, address);
    }
  GENERAL_NAMES_free (names);
  if (shown == 0)
    {
      char common_name[256];
      int length = X509_NAME_get_text_by_NID (X509_get_subject_name (certificate),
                                              NID_commonName, common_name, sizeof common_name);
      if (length > 0)
        g_string_append_printf (out, "CN %.*s", length, common_name);
      else
        g_string_append (out, "no name at all");
    }
}

static void
append_subject_cn (GString *out, const X509_NAME *name)
{
  char common_name[256];
  int length = X509_NAME_get_text_by_NID ((X509_NAME *) name, NID_commonName, common_name,
                                          sizeof common_name);

  if (length > 0)
    g_string_append_len (out, common_name, length);
  else
    g_string_append (out, "(no common name)");
}

static gboolean
self_issued (X509 *certificate)
{
  return X509_NAME_cmp (X509_get_subject_name (certificate),
                        X509_get_issuer_name (certificate)) == 0;
}

static void
judge_untrusted (STACK_OF (X509) *sent, X509 *leaf, CcTlsCertificateVerdict *verdict)
{
  int n_sent = sent != NULL ? sk_X509_num (sent) : 0;
  X509 *top = n_sent > 0 ? sk_X509_value (sent, n_sent - 1) : leaf;

  verdict->cause = CC_CAUSE_TLS_UNTRUSTED;
  g_string_append (verdict->detail, "TLS certificate not trusted: ");
  if (n_sent <= 1 && !self_issued (leaf))
    {
      g_string_append (verdict->detail, "the server sends no intermediate certificate (its "
                                        "certificate, issued by ");
      append_subject_cn (verdict->detail, X509_get_issuer_name (leaf));
      g_string_append (verdict->detail, ", comes alone) and this host cannot complete the chain");
      return;
    }
  g_string_append_printf (verdict->detail, "the chain the server sends (%d certificate%s) "
                          "ends at ", n_sent, n_sent == 1 ? "" : "s");
  append_subject_cn (verdict->detail, self_issued (top) ? X509_get_subject_name (top)
                                                        : X509_get_issuer_name (top));
  g_string_append (verdict->detail, ", an issuer this host does not trust");
}

static void
judge_problems (const Problems *problems, STACK_OF (X509) *sent, X509 *leaf,
                CcTlsCertificateVerdict *verdict)
{
  GString *out = verdict->detail;

  if (problems->found & PROBLEM_SELF_SIGNED)
    {
      verdict->cause = CC_CAUSE_TLS_SELF_SIGNED;
      g_string_append (out, "TLS certificate is self-signed (for ");
      append_names (out, leaf);
      g_string_append (out, ") and not in the trusted store");
    }
  else if (problems->found & PROBLEM_UNTRUSTED)
    judge_untrusted (sent, leaf, verdict);
  else if (problems->found & PROBLEM_NAME)
    {
      verdict->cause = CC_CAUSE_TLS_NAME_MISMATCH;
      g_string_append (out, "TLS certificate is not for this name: it is for ");
      append_names (out, leaf);
    }
  else if (problems->found & PROBLEM_EXPIRED)
    {
      verdict->cause = CC_CAUSE_TLS_CERT_EXPIRED;
      g_string_append (out, "TLS certificate expired on ");
      append_time (out, X509_get0_notAfter (leaf));
    }
  else if (problems->found & PROBLEM_NOT_YET_VALID)
    {
      verdict->cause = CC_CAUSE_TLS_CERT_NOT_YET_VALID;
      g_string_append (out, "TLS certificate is not valid before ");
      append_time (out, X509_get0_notBefore (leaf));
    }
  else
    {
      verdict->cause = CC_CAUSE_TLS_UNTRUSTED;
      g_string_append_printf (out, "TLS certificate does not verify: %s",
                              X509_verify_cert_error_string (problems->other_error));
    }
}

/* The verdict on leaf and the chain the server sent with it (sent may be NULL), as of
 * time at; problems are ignored when verified is FALSE (--insecure). Fills a cleared
 * verdict. */
static void
judge_chain (X509 *leaf, STACK_OF (X509) *sent, gboolean verified, const Problems *problems,
             time_t at, CcTlsCertificateVerdict *verdict)
{
  ASN1_TIME *now;
  int days, seconds;

  verdict->detail = g_string_new (NULL);
  if (leaf == NULL)
    {
      verdict->cause = verified ? CC_CAUSE_TLS_UNTRUSTED : CC_CAUSE_NONE;
      g_string_append (verdict->detail, "the server sent no certificate");
      return;
    }
  now = ASN1_TIME_set (NULL, at);
  if (now != NULL && ASN1_TIME_diff (&days, &seconds, now, X509_get0_notAfter (leaf)) == 1)
    {
      verdict->has_days_left = TRUE;
      verdict->days_left = days;
    }
  ASN1_TIME_free (now);
  if (verified && problems->found != 0)
    judge_problems (problems, sent, leaf, verdict);
  else
    {
      g_string_append (verdict->detail, "certificate for ");
      append_names (verdict->detail, leaf);
      g_string_append (verdict->detail, " valid until ");
      append_time (verdict->detail, X509_get0_notAfter (leaf));
    }
}

static void
judge_certificate (const CcTlsConnection *session, CcTlsCertificateVerdict *verdict)
{
  judge_chain (SSL_get0_peer_certificate (session->ssl), SSL_get_peer_cert_chain (session->ssl),
               session->verify, &session->problems, time (NULL), verdict);
}

/* ---- A chain read from a capture ---- */

struct CcTlsRoots {
  X509_STORE *store;
};

static void
roots_free (CcTlsRoots *roots)
{
  if (roots == NULL)
    return;
  X509_STORE_free (roots->store);
  g_free (roots);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcTlsRoots, roots_free)

/* The roots a live check trusts: the CA file, else the system store as a hashed
 * directory (context_new says why). */
static CcTlsRoots *
roots_new (const char *ca_pem, gsize ca_length, const char *ca_name, GError **error)
{
  g_autoptr (CcTlsRoots) roots = g_new0 (CcTlsRoots, 1);
  X509_LOOKUP *lookup;

  init_openssl ();
  roots->store = X509_STORE_new ();
  if (roots->store == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOMEM, "OpenSSL: out of memory");
      return NULL;
    }
  if (ca_pem != NULL)
    return load_ca_pem (roots->store, ca_pem, ca_length, ca_name, error)
             ? g_steal_pointer (&roots) : NULL;
  lookup = X509_STORE_add_lookup (roots->store, X509_LOOKUP_hash_dir ());
  if (lookup != NULL)
    X509_LOOKUP_add_dir (lookup, NULL, X509_FILETYPE_DEFAULT);
  ERR_clear_error ();
  return g_steal_pointer (&roots);
}

static int
note_capture_problem (int preverified, X509_STORE_CTX *context)
{
  if (!preverified)
    note_problem (X509_STORE_CTX_get_app_data (context), X509_STORE_CTX_get_error (context));
  return 1;
}

static STACK_OF (X509) *
decode_chain (GPtrArray *chain, GError **error)
{
  STACK_OF (X509) *certificates = sk_X509_new_null ();

  for (guint i = 0; i < chain->len; i++)
    {
      gsize size;
      const guint8 *der = g_bytes_get_data (g_ptr_array_index (chain, i), &size);
      const unsigned char *end = der;
      X509 *certificate = size <= G_MAXLONG ? d2i_X509 (NULL, &end, (long) size) : NULL;

      if (certificate == NULL || end != der + size || sk_X509_push (certificates, certificate) == 0)
        {
          X509_free (certificate);
          ERR_clear_error ();
          sk_X509_pop_free (certificates, X509_free);
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "certificate %u of the %u sent is not one (%" G_GSIZE_FORMAT
                       " bytes that do not decode as DER)", i + 1, chain->len, size);
          return NULL;
        }
    }
  return certificates;
}

/* Verifies as libssl verifies a server for a client (ssl_verify_cert_chain): the leaf
 * first, the whole chain as untrusted helpers, the ssl_server purpose, the client's
 * security level. */
static void
verify (const CcTlsRoots *roots, STACK_OF (X509) *certificates, const char *name, time_t at,
        Problems *problems)
{
  X509_STORE_CTX *context = X509_STORE_CTX_new ();
  X509_VERIFY_PARAM *param;

  if (context == NULL
      || X509_STORE_CTX_init (context, roots->store, sk_X509_value (certificates, 0),
                              certificates) != 1)
    {
      problems->found |= PROBLEM_OTHER;
      problems->other_error = X509_V_ERR_OUT_OF_MEM;
      X509_STORE_CTX_free (context);
      return;
    }
  X509_STORE_CTX_set_default (context, "ssl_server");
  param = X509_STORE_CTX_get0_param (context);
  X509_VERIFY_PARAM_set_time (param, at);
  X509_VERIFY_PARAM_set_auth_level (param, SECURITY_LEVEL);
  if (name != NULL)
    X509_VERIFY_PARAM_set1_host (param, name, 0);
  X509_STORE_CTX_set_app_data (context, problems);
  X509_STORE_CTX_set_verify_cb (context, note_capture_problem);
  (void) X509_verify_cert (context);
  ERR_clear_error ();
  X509_STORE_CTX_free (context);
}

static gboolean
judge_certificates (const CcTlsRoots *roots, GPtrArray *chain, const char *name, gint64 at_s,
                    CcTlsCertificateVerdict *verdict, GError **error)
{
  Problems problems = { 0 };
  STACK_OF (X509) *certificates = decode_chain (chain, error);

  if (certificates == NULL)
    return FALSE;
  if (sk_X509_num (certificates) > 0)
    verify (roots, certificates, name, (time_t) at_s, &problems);
  judge_chain (sk_X509_value (certificates, 0), certificates, TRUE, &problems, (time_t) at_s,
               verdict);
  sk_X509_pop_free (certificates, X509_free);
  return TRUE;
}

/* ---- Why TLS failed ---- */

static void
failure_facts (const CcTlsConnection *session, CcTlsFailureFacts *facts)
{
  gboolean failed = session->error != 0;
  gboolean known = failed && session->error != (unsigned long) -1;

  facts->alert = session->alert;
  facts->alert_level = session->alert_level;
  facts->client_certificate_asked = session->client_certificate_asked;
  facts->failed = failed;
  facts->version_refused = known && ERR_GET_REASON (session->error) == SSL_R_UNSUPPORTED_PROTOCOL;
  facts->reason = known ? ERR_reason_error_string (session->error) : NULL;
}

G_MODULE_EXPORT const CcTlsOps cc_tls_module_ops = {
  .version = PACKAGE_VERSION,
  .size = sizeof (CcTlsOps),
  .context_new = context_new,
  .context_free = context_free,
  .connection_new = connection_new,
  .connection_free = connection_free,
  .handshake = handshake,
  .send = send_through,
  .recv = recv_through,
  .version_name = version_name,
  .alpn = alpn_selected,
  .judge_certificate = judge_certificate,
  .failure_facts = failure_facts,
  .roots_new = roots_new,
  .roots_free = roots_free,
  .judge_certificates = judge_certificates,
};
