/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "net/tls_loader.h"

#include <unistd.h>

#include "base/file.h"

/* A CA bundle bigger than this is not one. */
#define CA_FILE_MAX_BYTES (8 * 1024 * 1024)
/* Names the module to load instead of the installed one (tests, relocated installs). */
#define MODULE_VARIABLE "CHECK_CONN_TLS_MODULE"

G_DEFINE_QUARK (cc-tls-error-quark, cc_tls_error)

/* $CHECK_CONN_TLS_MODULE, else the module beside the executable (the build tree), else
 * the installed one. */
static char *
module_path (void)
{
  const char *forced = g_getenv (MODULE_VARIABLE);
  g_autofree char *executable = g_file_read_link ("/proc/self/exe", NULL);

  if (forced != NULL && forced[0] != '\0')
    return g_strdup (forced);
  if (executable != NULL)
    {
      g_autofree char *folder = g_path_get_dirname (executable);
      g_autofree char *beside = g_build_filename (folder, CC_TLS_MODULE_NAME, NULL);
      if (access (beside, R_OK) == 0)
        return g_steal_pointer (&beside);
    }
  return g_build_filename (CC_TLS_MODULE_DIR, CC_TLS_MODULE_NAME, NULL);
}

static const CcTlsOps *
module_ops (GModule *module, const char *path, GError **error)
{
  gpointer symbol = NULL;
  const CcTlsOps *ops;

  if (!g_module_symbol (module, CC_TLS_MODULE_SYMBOL, &symbol) || symbol == NULL)
    {
      g_set_error (error, CC_TLS_ERROR, CC_TLS_ERROR_MODULE,
                   "TLS module %s is not check_conn's: it has no %s", path,
                   CC_TLS_MODULE_SYMBOL);
      return NULL;
    }
  ops = symbol;
  if (ops->size != sizeof (CcTlsOps) || g_strcmp0 (ops->version, PACKAGE_VERSION) != 0)
    {
      g_set_error (error, CC_TLS_ERROR, CC_TLS_ERROR_MODULE,
                   "TLS module %s belongs to another build of check_conn; install the "
                   "module of this one (%s)", path, PACKAGE_VERSION);
      return NULL;
    }
  return ops;
}

GModule *
cc_tls_module_open (const CcTlsOps **ops, GError **error)
{
  g_autofree char *path = module_path ();
  GModule *module = g_module_open (path, G_MODULE_BIND_LOCAL);

  if (module == NULL)
    {
      g_set_error (error, CC_TLS_ERROR, CC_TLS_ERROR_MODULE,
                   "TLS needs the module %s, which cannot be loaded: %s (reinstall "
                   "check_conn, or name the module in $%s)", path, g_module_error (),
                   MODULE_VARIABLE);
      return NULL;
    }
  *ops = module_ops (module, path, error);
  if (*ops == NULL)
    {
      g_module_close (module);
      return NULL;
    }
  return module;
}

char *
cc_tls_ca_file_read (const char *path, gsize *length, GError **error)
{
  return cc_file_read (path, CA_FILE_MAX_BYTES, 0, length, error);
}
