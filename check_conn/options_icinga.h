/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Command line for posting a bulk audit's endpoints to the Icinga 2 API as passive
 * check results, one service per endpoint (--icinga-api). */
#pragma once

#include <glib.h>

typedef struct {
  char *api;            /* base URL, e.g. https://icinga.example.com:5665; NULL: none */
  char *user;           /* ApiUser with objects/create/service and actions/process-check-result */
  char *password_file;  /* its password, the file's first line */
  char *ca_file;        /* CA of the API's certificate; NULL: the system's CAs */
  char *host;           /* Icinga host object the endpoint services belong to */
} CcIcingaOptions;

/* The "icinga" option group, filling icinga; the group does not own it. */
GOptionGroup *cc_options_icinga_group (CcIcingaOptions *icinga);
/* Errors for an incomplete set, or any of these options without --config (bulk). */
gboolean cc_options_icinga_check (const CcIcingaOptions *icinga, gboolean bulk,
                                  GError **error);
void cc_options_icinga_clear (CcIcingaOptions *icinga);
