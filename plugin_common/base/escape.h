/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one place where untrusted bytes (from peers, captures and files) are made safe for
 * an output line. Only the render layer calls it, once, as it writes. */
#pragma once

#include <glib.h>

/* Printable ASCII stays, '\\' doubles, '|' and every other byte become \xNN. */
char *cc_escape_bytes (const guint8 *bytes, gsize length);
char *cc_escape_text (const char *text);
