/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Real bulk results for the render tests: a listening and a refusing loopback port, and a
 * configuration's endpoints checked against them. */
#pragma once

#include "modes/checks.h"
#include "render/audit.h"

extern guint16 open_port, closed_port;

/* Checked fixture: binds both ports (the refusing one bound but not listening, so no other
 * program can take it while the test runs), and closes them. */
void loopback_ports_setup (void);
void loopback_ports_teardown (void);

/* Checks every endpoint of CONFIG_TEXT (named NAME in errors) and reports on them; the
 * loaded configuration goes to CONFIG_OUT, which owns what the report points into. */
CcBulkReport *bulk_fixture_run (const char *config_text, const char *name,
                                const CcCountRange *warning, const CcCountRange *critical,
                                CcConfig **config_out);
