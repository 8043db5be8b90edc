/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "options_icinga.h"

#include "options_error.h"

GOptionGroup *
cc_options_icinga_group (CcIcingaOptions *icinga)
{
  const GOptionEntry entries[] = {
    { "icinga-api", 0, 0, G_OPTION_ARG_STRING, &icinga->api,
      "With --config: post each endpoint's result to this Icinga 2 API (e.g. "
      "https://icinga.example.com:5665) as a passive check result of its own service, "
      "created when missing", "URL" },
    { "icinga-user", 0, 0, G_OPTION_ARG_STRING, &icinga->user,
      "Icinga 2 ApiUser for --icinga-api", "USER" },
    { "icinga-password-file", 0, 0, G_OPTION_ARG_FILENAME, &icinga->password_file,
      "File whose first line is that user's password", "FILE" },
    { "icinga-host", 0, 0, G_OPTION_ARG_STRING, &icinga->host,
      "Icinga 2 host object the endpoint services belong to", "HOST" },
    { "icinga-ca-file", 0, 0, G_OPTION_ARG_FILENAME, &icinga->ca_file,
      "CA certificate that signed the API's certificate (default: the system's CAs)",
      "FILE" },
    { NULL },
  };
  GOptionGroup *group = g_option_group_new ("icinga", "Icinga 2 API options:",
                                            "Show Icinga 2 API options", icinga, NULL);

  g_option_group_add_entries (group, entries);
  return group;
}

gboolean
cc_options_icinga_check (const CcIcingaOptions *icinga, gboolean bulk, GError **error)
{
  gboolean any = icinga->api != NULL || icinga->user != NULL
                 || icinga->password_file != NULL || icinga->host != NULL
                 || icinga->ca_file != NULL;

  if (!any)
    return TRUE;
  if (!bulk)
    g_set_error (error, CC_OPTIONS_ERROR, 0,
                 "--icinga-api and its options post a bulk audit's endpoints; add --config FILE");
  else if (icinga->api == NULL)
    g_set_error (error, CC_OPTIONS_ERROR, 0,
                 "--icinga-user, --icinga-password-file, --icinga-host and --icinga-ca-file go with "
                 "--icinga-api URL; add it");
  else if (icinga->user == NULL || icinga->password_file == NULL || icinga->host == NULL)
    g_set_error (error, CC_OPTIONS_ERROR, 0,
                 "--icinga-api needs --icinga-user USER, --icinga-password-file FILE and "
                 "--icinga-host HOST");
  else
    return TRUE;
  return FALSE;
}

void
cc_options_icinga_clear (CcIcingaOptions *icinga)
{
  g_clear_pointer (&icinga->api, g_free);
  g_clear_pointer (&icinga->user, g_free);
  g_clear_pointer (&icinga->password_file, g_free);
  g_clear_pointer (&icinga->ca_file, g_free);
  g_clear_pointer (&icinga->host, g_free);
}
