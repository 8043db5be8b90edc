/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one place where untrusted bytes (from peers, captures, files and the command line)
 * are made safe for an output line. The render layer calls it as it writes; error messages
 * call cc_escape_value where they insert a user's value. */
#pragma once

#include <glib.h>

/* The most characters of a value an error message quotes before cutting it. */
#define CC_ESCAPE_VALUE_MAX 64

/* Printable ASCII stays, '\\' doubles, '|' and every other byte become \xNN. */
char *cc_escape_bytes (const guint8 *bytes, gsize length);
char *cc_escape_text (const char *text);
/* A user's value quoted for an error message: escaped as cc_escape_text, in quotes, and
 * cut after CC_ESCAPE_VALUE_MAX characters saying its length: 'aaaa...' (100000 characters).
 * A 100 kB argument must not become a 100 kB status line. */
char *cc_escape_value (const char *text);
/* A message made of check_conn's and GLib's words (UTF-8, values already quoted) made
 * safe as one status line: printable UTF-8 and backslashes stay, control characters, '|'
 * and invalid UTF-8 become \xNN; cut to at most max_bytes (more than 3), ending in "..." when cut. */
char *cc_escape_line (const char *text, gsize max_bytes);
