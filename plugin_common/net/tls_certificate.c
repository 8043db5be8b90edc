/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One judgement of a server's certificate chain, whether OpenSSL verified it during a
 * live handshake or here, from DER bytes a capture held, at the capture's time. */
#include "net/tls_certificate.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "base/file.h"

/* A CA bundle bigger than this is not one. */
#define CA_FILE_MAX_BYTES (8 * 1024 * 1024)
/* A SAN list longer than this is shortened in the words. */
#define NAMES_SHOWN 6

enum {
  PROBLEM_EXPIRED = 1 << 0,
  PROBLEM_NOT_YET_VALID = 1 << 1,
  PROBLEM_SELF_SIGNED = 1 << 2,
  PROBLEM_UNTRUSTED = 1 << 3,
  PROBLEM_NAME = 1 << 4,
  PROBLEM_OTHER = 1 << 5,
};

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

void
cc_tls_problems_note (CcTlsProblems *problems, int verify_error)
{
  guint problem = problem_of (verify_error);

  if (problem == PROBLEM_OTHER && problems->other_error == 0)
    problems->other_error = verify_error;
  problems->found |= problem;
}

gboolean
cc_tls_store_add_ca_file (X509_STORE *store, const char *path, GError **error)
{
  gsize length;
  g_autofree char *text = cc_file_read (path, CA_FILE_MAX_BYTES, 0, &length, error);
  STACK_OF (X509_INFO) *infos;
  BIO *bio;
  guint loaded = 0;

  if (text == NULL)
    return FALSE;
  bio = BIO_new_mem_buf (text, (int) length);
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
                   "%s: no PEM certificate in the CA file", path);
      return FALSE;
    }
  return TRUE;
}

void
cc_tls_certificate_verdict_clear (CcTlsCertificateVerdict *verdict)
{
  if (verdict->detail != NULL)
    g_string_free (verdict->detail, TRUE);
  memset (verdict, 0, sizeof *verdict);
}

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
judge_problems (const CcTlsProblems *problems, STACK_OF (X509) *sent, X509 *leaf,
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

void
cc_tls_judge_chain (X509 *leaf, STACK_OF (X509) *sent, gboolean verified,
                    const CcTlsProblems *problems, time_t at, CcTlsCertificateVerdict *verdict)
{
  ASN1_TIME *now;
  int days, seconds;

  cc_tls_certificate_verdict_clear (verdict);
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

/* ---- A chain read from a capture ---- */

static int
note_problem (int preverified, X509_STORE_CTX *context)
{
  if (!preverified)
    cc_tls_problems_note (X509_STORE_CTX_get_app_data (context),
                          X509_STORE_CTX_get_error (context));
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

struct CcTlsTrust {
  X509_STORE *store;
  int security_level;
};

/* A live client's security level (Debian's openssl.cnf: 2), which bounds the key sizes
 * and digests its verification accepts. */
static int
client_security_level (void)
{
  SSL_CTX *context = SSL_CTX_new (TLS_client_method ());
  int level = context != NULL ? SSL_CTX_get_security_level (context) : 1;

  SSL_CTX_free (context);
  ERR_clear_error ();
  return level;
}

/* The roots a live check trusts: the CA file, else the system store as a hashed
 * directory (net/tls.c says why). */
CcTlsTrust *
cc_tls_trust_new (const char *ca_file, GError **error)
{
  g_autoptr (CcTlsTrust) trust = g_new0 (CcTlsTrust, 1);
  X509_LOOKUP *lookup;

  trust->store = X509_STORE_new ();
  if (trust->store == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOMEM, "OpenSSL: out of memory");
      return NULL;
    }
  trust->security_level = client_security_level ();
  if (ca_file != NULL)
    return cc_tls_store_add_ca_file (trust->store, ca_file, error) ? g_steal_pointer (&trust)
                                                                   : NULL;
  lookup = X509_STORE_add_lookup (trust->store, X509_LOOKUP_hash_dir ());
  if (lookup != NULL)
    X509_LOOKUP_add_dir (lookup, NULL, X509_FILETYPE_DEFAULT);
  ERR_clear_error ();
  return g_steal_pointer (&trust);
}

void
cc_tls_trust_free (CcTlsTrust *trust)
{
  if (trust == NULL)
    return;
  X509_STORE_free (trust->store);
  g_free (trust);
}

/* Verifies as libssl verifies a server for a client (ssl_verify_cert_chain): the leaf
 * first, the whole chain as untrusted helpers, the ssl_server purpose, the client's
 * security level. */
static void
verify (const CcTlsTrust *trust, STACK_OF (X509) *certificates, const char *name, time_t at,
        CcTlsProblems *problems)
{
  X509_STORE_CTX *context = X509_STORE_CTX_new ();
  X509_VERIFY_PARAM *param;

  if (context == NULL
      || X509_STORE_CTX_init (context, trust->store, sk_X509_value (certificates, 0),
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
  X509_VERIFY_PARAM_set_auth_level (param, trust->security_level);
  if (name != NULL)
    X509_VERIFY_PARAM_set1_host (param, name, 0);
  X509_STORE_CTX_set_app_data (context, problems);
  X509_STORE_CTX_set_verify_cb (context, note_problem);
  (void) X509_verify_cert (context);
  ERR_clear_error ();
  X509_STORE_CTX_free (context);
}

gboolean
cc_tls_judge_certificates (const CcTlsTrust *trust, GPtrArray *chain, const char *name,
                           gint64 at_s, CcTlsCertificateVerdict *verdict, GError **error)
{
  CcTlsProblems problems = { 0 };
  STACK_OF (X509) *certificates = decode_chain (chain, error);

  if (certificates == NULL)
    return FALSE;
  if (sk_X509_num (certificates) > 0)
    verify (trust, certificates, name, (time_t) at_s, &problems);
  cc_tls_judge_chain (sk_X509_value (certificates, 0), certificates, TRUE, &problems,
                      (time_t) at_s, verdict);
  sk_X509_pop_free (certificates, X509_free);
  return TRUE;
}
