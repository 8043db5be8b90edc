/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A bulk audit's endpoints as Icinga 2 passive check results: the body of a POST to
 * /v1/actions/process-check-result, one per endpoint, each its own service. */
#pragma once

#include "modes/audit.h"

/* The service an endpoint's results go to: its label in the audit's output ("GROUP
 * HOST:PORT", "GROUP/NAME HOST:PORT"), printable, without the "!" that separates host
 * and service in Icinga's full names. */
char *cc_render_icinga_service_name (const CcConfigEntry *entry);
/* The JSON body that files result as the check result of service on host: the exit
 * status, the plugin output without perfdata, the perfdata as a list, check_source. */
char *cc_render_icinga_check_result (const CcResult *result, const char *host,
                                     const char *service, const char *check_source,
                                     int verbosity);
