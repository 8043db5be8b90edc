/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "knowledge/evidence/proxy.h"

#include <string.h>

static const char *const proxy_names[] = {
  "http_proxy", "https_proxy", "all_proxy", "ftp_proxy", "no_proxy", NULL,
};

/* Sorted, so the output does not depend on the order of the environment. */
static int
sort_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
cc_proxy_variables (char **envp)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; envp != NULL && envp[i] != NULL; i++)
    {
      const char *equals = strchr (envp[i], '=');
      g_autofree char *name = NULL;

      if (equals == NULL || equals[1] == '\0')
        continue;
      name = g_ascii_strdown (envp[i], equals - envp[i]);
      if (g_strv_contains (proxy_names, name))
        g_ptr_array_add (found, g_strndup (envp[i], equals - envp[i]));
    }
  g_ptr_array_sort (found, sort_names);
  return found;
}

char *
cc_proxy_variables_joined (char **envp)
{
  g_autoptr (GPtrArray) names = cc_proxy_variables (envp);

  if (names->len == 0)
    return NULL;
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}
