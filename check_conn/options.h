/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Command line of check_conn. */
#pragma once

#include "model/endpoint.h"
#include "options_bulk.h"
#include "options_error.h"
#include "options_output.h"
#include "options_icinga.h"
#include "options_pcap.h"
#include "options_plugin.h"

typedef struct {
  CcEndpoint *endpoint;
  gboolean timeout_given;  /* -t overrides the config file's timeouts in bulk mode */
  CcPluginOptions plugin;  /* its endpoint is endpoint */
  CcBulkOptions *bulk;
  CcPcapOptions pcap;
  CcFormat format;
  CcIcingaOptions icinga;
  int verbosity;
  gboolean show_help;
  gboolean show_version;
} CcOptions;


CcOptions *cc_options_new (void);
void cc_options_free (CcOptions *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcOptions, cc_options_free)

/* Parses argv into options; on a bad command line sets error to one line saying what is
 * wrong and how to fix it. */
gboolean cc_options_parse (CcOptions *options, int argc, char **argv, GError **error);
char *cc_options_help (void);
