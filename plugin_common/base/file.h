/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading the files a user names (config, prefix lists, captures): regular files only,
 * never blocking in open(), up to a size and by a deadline, so a FIFO, a device or a huge
 * file cannot hold a check past its -t. */
#pragma once

#include <glib.h>
#include <sys/stat.h>

#define CC_FILE_ERROR (cc_file_error_quark ())
GQuark cc_file_error_quark (void);

typedef enum {
  CC_FILE_ERROR_OPEN,        /* open, fstat or read failed; the message has errno's words */
  CC_FILE_ERROR_NOT_REGULAR, /* a FIFO, a device, a directory or a socket */
  CC_FILE_ERROR_TOO_BIG,
  CC_FILE_ERROR_DEADLINE,    /* the deadline passed before the end of the file */
} CcFileError;

/* "a FIFO", "a directory", "a character device", ... for messages. */
const char *cc_file_kind (mode_t mode);
/* Opens path read-only with O_NONBLOCK (a FIFO with no writer does not block open) and
 * refuses anything that is not a regular file; returns a blocking, close-on-exec
 * descriptor, or -1 with error set. Messages start with the path. */
int cc_file_open_regular (const char *path, GError **error);
/* The whole content of the regular file at path, with a NUL added after its *length
 * bytes (it may hold NULs of its own: text readers say where). Refuses a file over
 * max_bytes, and stops when the monotonic clock passes deadline_us (0: no deadline). */
char *cc_file_read (const char *path, gsize max_bytes, gint64 deadline_us, gsize *length,
                    GError **error);
