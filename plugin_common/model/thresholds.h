/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Nagios range syntax: "10", "10:", "~:10", "10:20", "@10:20" (endpoints inclusive). */
#pragma once

#include <glib.h>

typedef struct {
  double start;
  double end;
  gboolean start_infinite;
  gboolean end_infinite;
  gboolean alert_inside; /* "@": alert when the value lies inside start..end */
  char text[32];         /* the range as given, for perfdata; every endpoint of a bulk
                          * run holds two, and a longer range is refused */
} CcRange;

#define CC_RANGE_ERROR (cc_range_error_quark ())
GQuark cc_range_error_quark (void);

typedef enum {
  CC_RANGE_ERROR_SYNTAX,
  CC_RANGE_ERROR_ORDER,
  CC_RANGE_ERROR_PERCENT, /* a count range beyond 100% */
} CcRangeError;

gboolean cc_range_parse (const char *text, CcRange *range, GError **error);
/* TRUE when the value should raise an alert under this range. */
gboolean cc_range_alerts (const CcRange *range, double value);

/* A Nagios range on a number of failing endpoints, or on their percentage ("10%", at most
 * 100%). */
typedef struct {
  gboolean is_set;
  gboolean percent;
  CcRange range;
} CcCountRange;

gboolean cc_count_range_parse (const char *text, CcCountRange *count, GError **error);
gboolean cc_count_range_alerts (const CcCountRange *count, guint failing, guint total);
