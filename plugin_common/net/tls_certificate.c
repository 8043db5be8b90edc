/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "net/tls_certificate.h"

#include <string.h>

#include "net/tls_loader.h"

struct CcTlsTrust {
  char *ca_file;
  gboolean tried;       /* the module and the roots were asked for */
  GModule *module;
  const CcTlsOps *ops;
  CcTlsRoots *roots;    /* NULL after a failed load: load_error says why */
  GError *load_error;
};

void
cc_tls_certificate_verdict_clear (CcTlsCertificateVerdict *verdict)
{
  if (verdict->detail != NULL)
    g_string_free (verdict->detail, TRUE);
  memset (verdict, 0, sizeof *verdict);
}

CcTlsTrust *
cc_tls_trust_new (const char *ca_file)
{
  CcTlsTrust *trust = g_new0 (CcTlsTrust, 1);

  trust->ca_file = g_strdup (ca_file);
  return trust;
}

void
cc_tls_trust_free (CcTlsTrust *trust)
{
  if (trust == NULL)
    return;
  if (trust->roots != NULL)
    trust->ops->roots_free (trust->roots);
  if (trust->module != NULL)
    g_module_close (trust->module);
  g_clear_error (&trust->load_error);
  g_free (trust->ca_file);
  g_free (trust);
}

static CcTlsRoots *
roots_new (CcTlsTrust *trust, GError **error)
{
  gsize length = 0;
  g_autofree char *pem = NULL;

  trust->module = cc_tls_module_open (&trust->ops, error);
  if (trust->module == NULL)
    return NULL;
  if (trust->ca_file != NULL)
    {
      pem = cc_tls_ca_file_read (trust->ca_file, &length, error);
      if (pem == NULL)
        return NULL;
    }
  return trust->ops->roots_new (pem, length, trust->ca_file, error);
}

gboolean
cc_tls_judge_certificates (CcTlsTrust *trust, GPtrArray *chain, const char *name,
                           gint64 at_s, CcTlsCertificateVerdict *verdict, GError **error)
{
  if (!trust->tried)
    {
      trust->tried = TRUE;
      trust->roots = roots_new (trust, &trust->load_error);
    }
  if (trust->roots == NULL)
    {
      g_propagate_error (error, g_error_copy (trust->load_error));
      return FALSE;
    }
  cc_tls_certificate_verdict_clear (verdict);
  return trust->ops->judge_certificates (trust->roots, chain, name, at_s, verdict, error);
}
