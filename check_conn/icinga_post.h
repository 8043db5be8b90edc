/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A bulk audit's endpoints posted to the Icinga 2 API (--icinga-api): each endpoint's
 * result is filed as the passive check result of its own service. */
#pragma once

#include "modes/audit.h"
#include "options_icinga.h"

/* Files every endpoint's result (POST /v1/actions/process-check-result); a service that
 * does not exist yet is created first (PUT /v1/objects/services/HOST!SERVICE, passive,
 * check_command "dummy"). Stops at the first failure, with error saying which request
 * failed and why. All the requests together end within timeout_s. */
gboolean cc_icinga_post_report (const CcIcingaOptions *icinga, const CcBulkReport *report,
                                int verbosity, double timeout_s, GError **error);
