/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Real bulk results for the render tests (see bulk_fixture.h). */
#include <check.h>
#include <string.h>
#include <unistd.h>

#include "bulk_fixture.h"

guint16 open_port, closed_port;
static int listener = -1;
static int closed = -1;

static guint16
bind_loopback (int *fd)
{
  struct sockaddr_in address = { .sin_family = AF_INET,
                                 .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t length = sizeof address;

  *fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ck_assert_int_eq (bind (*fd, (struct sockaddr *) &address, sizeof address), 0);
  ck_assert_int_eq (getsockname (*fd, (struct sockaddr *) &address, &length), 0);
  return ntohs (address.sin_port);
}

void
loopback_ports_setup (void)
{
  open_port = bind_loopback (&listener);
  ck_assert_int_eq (listen (listener, 128), 0);
  closed_port = bind_loopback (&closed);
}

void
loopback_ports_teardown (void)
{
  close (listener);
  close (closed);
}

CcBulkReport *
bulk_fixture_run (const char *config_text, const char *name, const CcCountRange *warning,
                  const CcCountRange *critical, CcConfig **config_out)
{
  g_autoptr (GError) error = NULL;
  CcConfig *config = cc_config_load_data (config_text, strlen (config_text), name, &error);
  g_autofree const CcEndpoint **endpoints = NULL;
  GPtrArray *results;

  ck_assert_msg (config != NULL, "%s", error ? error->message : "");
  endpoints = g_new (const CcEndpoint *, config->entries->len);
  for (guint i = 0; i < config->entries->len; i++)
    endpoints[i] = ((CcConfigEntry *) config->entries->pdata[i])->endpoint;
  results = cc_check_run_all (endpoints, config->entries->len, NULL, &error);
  ck_assert_ptr_nonnull (results);
  *config_out = config;
  return cc_bulk_report_new (config, results, warning, critical, 1000);
}
