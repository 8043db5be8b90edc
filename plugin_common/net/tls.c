/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "net/tls.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "knowledge/dissect/dissect.h"

/* The TLS alert description (RFC 8446 6.2) of an orderly end. */
#define ALERT_CLOSE_NOTIFY 0

struct CcTlsClients {
  GHashTable *contexts; /* "insecure\037CA file" -> SSL_CTX */
};

struct CcTlsSession {
  SSL *ssl;
  BIO *from_server; /* OpenSSL reads the server's bytes from here */
  BIO *to_server;   /* and writes its own here */
  GByteArray *outgoing; /* written by OpenSSL, not yet taken by the socket */
  gsize accepted;   /* bytes of a cc_tls_send call still in outgoing */
  gboolean verify;
  CcTlsProblems problems;
  int alert;        /* the last alert the server sent, -1 when none */
  int alert_level;  /* 1 warning, 2 fatal */
  gboolean client_certificate_asked;
  unsigned long error; /* OpenSSL's error code when the TLS layer failed, 0 when not */
};

CcTlsClients *
cc_tls_clients_new (void)
{
  CcTlsClients *clients = g_new0 (CcTlsClients, 1);

  clients->contexts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) SSL_CTX_free);
  return clients;
}

void
cc_tls_clients_free (CcTlsClients *clients)
{
  if (clients == NULL)
    return;
  g_hash_table_unref (clients->contexts);
  g_free (clients);
}

static int note_certificate_request (SSL *ssl, X509 **certificate, EVP_PKEY **key);

static SSL_CTX *
context_new (const CcEndpoint *endpoint, GError **error)
{
  SSL_CTX *context = SSL_CTX_new (TLS_client_method ());

  if (context == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOMEM, "OpenSSL: SSL_CTX_new failed");
      return NULL;
    }
  SSL_CTX_set_min_proto_version (context, TLS1_2_VERSION);
  /* A probe ends after one answer: buffers are freed as soon as they are empty. */
  SSL_CTX_set_mode (context, SSL_MODE_RELEASE_BUFFERS);
  SSL_CTX_set_session_cache_mode (context, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_client_cert_cb (context, note_certificate_request);
  if (endpoint->ca_file != NULL
      && !cc_tls_store_add_ca_file (SSL_CTX_get_cert_store (context), endpoint->ca_file, error))
    {
      SSL_CTX_free (context);
      return NULL;
    }
  /* The system store as a hashed directory (/etc/ssl/certs, or $SSL_CERT_DIR): OpenSSL
   * reads only the roots a chain asks for, where loading the whole bundle costs a check
   * a fifth of a second. */
  if (endpoint->ca_file == NULL && !endpoint->insecure)
    SSL_CTX_set_default_verify_dir (context);
  return context;
}

static SSL_CTX *
context_for (CcTlsClients *clients, const CcEndpoint *endpoint, GError **error)
{
  g_autofree char *key = g_strdup_printf ("%d\037%s", endpoint->insecure,
                                          endpoint->ca_file != NULL ? endpoint->ca_file : "");
  SSL_CTX *context = g_hash_table_lookup (clients->contexts, key);

  if (context != NULL)
    return context;
  context = context_new (endpoint, error);
  if (context != NULL)
    g_hash_table_insert (clients->contexts, g_steal_pointer (&key), context);
  return context;
}

/* Records each problem and lets the handshake go on: the verdict comes after it, from
 * all of them, and the conversation still shows what the server is. */
static int
record_problem (int preverified, X509_STORE_CTX *store)
{
  SSL *ssl = X509_STORE_CTX_get_ex_data (store, SSL_get_ex_data_X509_STORE_CTX_idx ());
  CcTlsSession *session = SSL_get_app_data (ssl);

  if (!preverified)
    cc_tls_problems_note (&session->problems, X509_STORE_CTX_get_error (store));
  return 1;
}

static void
record_alert (const SSL *ssl, int where, int value)
{
  CcTlsSession *session = SSL_get_app_data (ssl);

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
  CcTlsSession *session = SSL_get_app_data (ssl);

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

CcTlsSession *
cc_tls_session_new (CcTlsClients *clients, const CcEndpoint *endpoint, CcTlsAlpn alpn,
                    GError **error)
{
  static const guint8 http1[] = "\x08http/1.1";
  static const guint8 any_http[] = "\x02h2\x08http/1.1";
  SSL_CTX *context = context_for (clients, endpoint, error);
  g_autoptr (CcTlsSession) session = NULL;

  if (context == NULL)
    return NULL;
  session = g_new0 (CcTlsSession, 1);
  session->alert = -1;
  session->outgoing = g_byte_array_new ();
  session->ssl = SSL_new (context);
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

void
cc_tls_session_free (CcTlsSession *session)
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
flush (CcTlsSession *session, int fd)
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
fill (CcTlsSession *session, int fd, GByteArray *raw)
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
note_error (CcTlsSession *session)
{
  unsigned long error = ERR_peek_last_error ();

  if (session->error == 0)
    session->error = error != 0 ? error : (unsigned long) -1;
  ERR_clear_error ();
}

CcTlsStatus
cc_tls_handshake (CcTlsSession *session, int fd, GByteArray *raw)
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

ssize_t
cc_tls_send (CcTlsSession *session, int fd, const void *data, size_t length)
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

ssize_t
cc_tls_recv (CcTlsSession *session, int fd, void *buffer, size_t length)
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

const char *
cc_tls_session_version (const CcTlsSession *session)
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

char *
cc_tls_session_alpn (const CcTlsSession *session)
{
  const unsigned char *name;
  unsigned int length;

  SSL_get0_alpn_selected (session->ssl, &name, &length);
  return length > 0 ? g_strndup ((const char *) name, length) : NULL;
}

gboolean
cc_tls_session_client_certificate_asked (const CcTlsSession *session)
{
  return session->client_certificate_asked;
}

/* ---- The certificate's verdict ---- */

void
cc_tls_session_judge_certificate (const CcTlsSession *session,
                                  CcTlsCertificateVerdict *verdict)
{
  cc_tls_judge_chain (SSL_get0_peer_certificate (session->ssl),
                      SSL_get_peer_cert_chain (session->ssl), session->verify,
                      &session->problems, time (NULL), verdict);
}

/* ---- Why TLS failed ---- */

CcCauseId
cc_tls_session_failure (const CcTlsSession *session, GString *detail)
{
  int reason = session->error != (unsigned long) -1 ? ERR_GET_REASON (session->error) : 0;

  if (session->alert >= 0)
    return cc_tls_alert_verdict (detail, (guint8) session->alert_level, (guint8) session->alert,
                                 session->client_certificate_asked);
  if (session->error == 0)
    return CC_CAUSE_NONE;
  if (reason == SSL_R_UNSUPPORTED_PROTOCOL)
    {
      g_string_append (detail, "TLS handshake failed: the server offers only a TLS version "
                               "this client does not accept (below TLS 1.2)");
      return CC_CAUSE_TLS_VERSION;
    }
  g_string_append_printf (detail, "TLS handshake failed: %s",
                          ERR_reason_error_string (session->error) != NULL
                            ? ERR_reason_error_string (session->error) : "unknown OpenSSL error");
  return CC_CAUSE_TLS_HANDSHAKE;
}
