/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Command line options of bulk mode (--config), in their own option group. */
#pragma once

#include "modes/config_file.h"

typedef struct {
  char *config_path;
  char **groups;               /* --group, repeatable; NULL for all */
  guint parallel;              /* 0: as many as the limits allow */
  CcCountRange warning_count;
  CcCountRange critical_count;
  gboolean check_config;
  guint max_endpoints;         /* --max-endpoints; 0: the file's, else the default */
} CcBulkOptions;

CcBulkOptions *cc_bulk_options_new (void);
void cc_bulk_options_free (CcBulkOptions *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcBulkOptions, cc_bulk_options_free)

/* The option group filling options; add it to the command line's context. */
GOptionGroup *cc_bulk_option_group (CcBulkOptions *options);
/* What the config loader takes from the command line: the endpoint cap, and the deadline
 * -t (timeout_s from now) sets for reading the file. */
CcConfigLimits cc_bulk_config_limits (const CcBulkOptions *options, double timeout_s);
/* Rejects bulk options given without --config. */
gboolean cc_bulk_options_check (const CcBulkOptions *options, GError **error);
