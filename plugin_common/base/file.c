/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* Big enough that a 16 MiB file takes a few hundred reads, small enough to check the
 * deadline often. */
#define CHUNK (64 * 1024)

G_DEFINE_QUARK (cc-file-error-quark, cc_file_error)

const char *
cc_file_kind (mode_t mode)
{
  if (S_ISREG (mode))
    return "a regular file";
  if (S_ISDIR (mode))
    return "a directory";
  if (S_ISFIFO (mode))
    return "a FIFO";
  if (S_ISCHR (mode))
    return "a character device";
  if (S_ISBLK (mode))
    return "a block device";
  if (S_ISSOCK (mode))
    return "a socket";
  return "not a regular file";
}

static int
fail_errno (const char *path, const char *what, int saved, GError **error)
{
  g_set_error (error, CC_FILE_ERROR, CC_FILE_ERROR_OPEN, "%s: cannot %s: %s", path, what,
               g_strerror (saved));
  return -1;
}

int
cc_file_open_regular (const char *path, GError **error)
{
  struct stat info;
  int fd = open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  int saved;

  if (fd < 0)
    return fail_errno (path, "open", errno, error);
  if (fstat (fd, &info) != 0)
    {
      saved = errno;
      close (fd);
      return fail_errno (path, "stat", saved, error);
    }
  if (!S_ISREG (info.st_mode))
    {
      close (fd);
      g_set_error (error, CC_FILE_ERROR, CC_FILE_ERROR_NOT_REGULAR,
                   "%s is %s, not a regular file", path, cc_file_kind (info.st_mode));
      return -1;
    }
  /* Regular files never block; clearing the flag keeps stdio and libpcap on known
   * ground. */
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

static gboolean
too_big (const char *path, gsize max_bytes, GError **error)
{
  /* Caps are whole MiB; g_format_size would put a non-ASCII space in the line. */
  if (max_bytes % (1024 * 1024) == 0)
    g_set_error (error, CC_FILE_ERROR, CC_FILE_ERROR_TOO_BIG,
                 "%s is larger than %" G_GSIZE_FORMAT " MiB, the most this file may have",
                 path, max_bytes / (1024 * 1024));
  else
    g_set_error (error, CC_FILE_ERROR, CC_FILE_ERROR_TOO_BIG,
                 "%s is larger than %" G_GSIZE_FORMAT " bytes, the most this file may have",
                 path, max_bytes);
  return FALSE;
}

/* Appends the rest of fd to data; the size check holds for files that grow as we read. */
static gboolean
read_all (int fd, const char *path, gsize max_bytes, gint64 deadline_us, GByteArray *data,
          GError **error)
{
  guint8 chunk[CHUNK];

  for (;;)
    {
      ssize_t got;

      if (deadline_us != 0 && g_get_monotonic_time () > deadline_us)
        {
          g_set_error (error, CC_FILE_ERROR, CC_FILE_ERROR_DEADLINE,
                       "%s: reading stopped at the deadline (-t) after %u bytes", path,
                       data->len);
          return FALSE;
        }
      got = read (fd, chunk, MIN ((gsize) CHUNK, max_bytes - data->len + 1));
      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          fail_errno (path, "read", errno, error);
          return FALSE;
        }
      if (got == 0)
        return TRUE;
      if (data->len + (gsize) got > max_bytes)
        return too_big (path, max_bytes, error);
      g_byte_array_append (data, chunk, (guint) got);
    }
}

char *
cc_file_read (const char *path, gsize max_bytes, gint64 deadline_us, gsize *length,
              GError **error)
{
  g_autoptr (GByteArray) data = NULL;
  struct stat info;
  int fd = cc_file_open_regular (path, error);
  gboolean ok;

  if (fd < 0)
    return NULL;
  /* /proc files say 0 and are read to their end; the others are refused before reading. */
  if (fstat (fd, &info) == 0 && (guint64) info.st_size > max_bytes)
    {
      close (fd);
      too_big (path, max_bytes, error);
      return NULL;
    }
  data = g_byte_array_sized_new ((guint) MIN ((guint64) info.st_size + 1, max_bytes + 1));
  ok = read_all (fd, path, max_bytes, deadline_us, data, error);
  close (fd);
  if (!ok)
    return NULL;
  if (length != NULL)
    *length = data->len;
  g_byte_array_append (data, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (g_steal_pointer (&data), FALSE);
}
