/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Command-line options for how check_conn behaves as a Nagios plugin. */
#pragma once

#include "model/endpoint.h"

typedef struct {
  CcEndpoint *endpoint;           /* --timeout-result fills it */
  gboolean timeout_result_given;  /* and overrides the config file's key in bulk mode */
} CcPluginOptions;

GOptionGroup *cc_options_plugin_group (CcPluginOptions *plugin);
