/* SPDX-License-Identifier: GPL-3.0-or-later */
/* --extra-opts[=SECTION][@FILE], as monitoring-plugins read it: options from an ini file
 * section (default: [check_conn] of the first standard plugins.ini found), keys being
 * long option names. */
#pragma once

#include <glib.h>

/* check_one parses one "--key=value" as the command line would; its error is the
 * option's own message. */
typedef gboolean (*CcExtraOptsCheck) (const char *arg, GError **error);

/* argv with every --extra-opts taken out and the options of its section put first, in
 * the order the --extra-opts came, so that an option given on the command line wins
 * over the file's. A copy of argv when there is none. NULL on error, which names the
 * file and line ("FILE:LINE: ..."). */
char **cc_extra_opts_expand (char **argv, CcExtraOptsCheck check_one, GError **error);
