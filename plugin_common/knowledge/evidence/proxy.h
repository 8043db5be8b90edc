/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Proxy settings in a process environment. */
#pragma once

#include <glib.h>

/* The names of the proxy variables set to a non-empty value in envp (http_proxy,
 * HTTPS_PROXY, all_proxy, no_proxy and so on), sorted. Only names: values may hold
 * passwords. */
GPtrArray *cc_proxy_variables (char **envp);
/* The same names joined ("http_proxy, no_proxy"), or NULL when none is set. */
char *cc_proxy_variables_joined (char **envp);
