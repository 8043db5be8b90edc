/* Nagios plugin output: status line, perfdata and long output. */
#pragma once

#include <glib.h>

#include "check.h"
#include "thresholds.h"

typedef struct {
  char text[32];
} CcDurationText;

/* "0.4 ms", "250.0 ms", "1.50 s": by value, so it can sit inside a printf call. */
CcDurationText cc_format_duration (gint64 microseconds);

/* Makes untrusted bytes safe for one output line: printable ASCII stays, '\\' doubles,
 * '|' and every other byte become \xNN. */
char *cc_escape_bytes (const guint8 *bytes, gsize length);
char *cc_escape_text (const char *text);

/* Appends one perfdata item, preceded by a space unless out is empty:
 * 'label'=value[uom];[warn];[crit];[min];[max]. warn, crit may be NULL. */
void cc_perfdata_append (GString *out, const char *label, double value, const char *uom,
                         const CcRange *warn, const CcRange *crit, double min);

/* The whole plugin output: one status line, then long output lines per verbosity. */
char *cc_render_nagios (const CcResult *result, int verbosity);
