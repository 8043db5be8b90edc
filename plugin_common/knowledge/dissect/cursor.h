/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bounds-checked reading of untrusted reply bytes, shared by the dissectors (internal).
 * Every read either succeeds inside [data, data + length) or fails and leaves the cursor
 * where it was, so a dissector can never read past what it was given. */
#pragma once

#include <glib.h>
#include <string.h>

typedef struct {
  const guint8 *data;
  gsize length;
  gsize offset;
} CcCursor;

/* data may be NULL when length is 0 (an empty reply): the cursor then points at an empty
 * literal, so that even pointer arithmetic on it stays defined. */
static inline CcCursor
cc_cursor_make (const guint8 *data, gsize length)
{
  CcCursor cursor = { data != NULL ? data : (const guint8 *) "", data != NULL ? length : 0, 0 };
  return cursor;
}

static inline gsize
cc_cursor_remaining (const CcCursor *cursor)
{
  return cursor->length - cursor->offset;
}

static inline const guint8 *
cc_cursor_here (const CcCursor *cursor)
{
  return cursor->data + cursor->offset;
}

/* Hands out the next count bytes and moves past them. */
static inline gboolean
cc_cursor_bytes (CcCursor *cursor, gsize count, const guint8 **out)
{
  if (count > cc_cursor_remaining (cursor))
    return FALSE;
  if (out != NULL)
    *out = cc_cursor_here (cursor);
  cursor->offset += count;
  return TRUE;
}

static inline gboolean
cc_cursor_skip (CcCursor *cursor, gsize count)
{
  return cc_cursor_bytes (cursor, count, NULL);
}

static inline gboolean
cc_cursor_u8 (CcCursor *cursor, guint8 *out)
{
  const guint8 *p;
  if (!cc_cursor_bytes (cursor, 1, &p))
    return FALSE;
  *out = p[0];
  return TRUE;
}

/* Big-endian (network order) unsigned integer of width bytes, 1..4. */
static inline gboolean
cc_cursor_uint_be (CcCursor *cursor, guint width, guint32 *out)
{
  const guint8 *p;
  if (!cc_cursor_bytes (cursor, width, &p))
    return FALSE;
  *out = 0;
  for (guint i = 0; i < width; i++)
    *out = (*out << 8) | p[i];
  return TRUE;
}

/* Little-endian unsigned integer of width bytes, 1..4 (MySQL, AMQP is big-endian). */
static inline gboolean
cc_cursor_uint_le (CcCursor *cursor, guint width, guint32 *out)
{
  const guint8 *p;
  if (!cc_cursor_bytes (cursor, width, &p))
    return FALSE;
  *out = 0;
  for (guint i = width; i > 0; i--)
    *out = (*out << 8) | p[i - 1];
  return TRUE;
}

/* The next line without its "\n" or "\r\n"; fails when no line end lies in the buffer,
 * so a half-received line is never taken for a whole one. */
static inline gboolean
cc_cursor_line (CcCursor *cursor, const guint8 **line, gsize *line_length)
{
  const guint8 *start = cc_cursor_here (cursor);
  const guint8 *end;
  gsize span;

  if (cc_cursor_remaining (cursor) == 0)
    return FALSE;
  end = memchr (start, '\n', cc_cursor_remaining (cursor));
  if (end == NULL)
    return FALSE;
  span = (gsize) (end - start);
  cursor->offset += span + 1;
  if (span > 0 && start[span - 1] == '\r')
    span--;
  *line = start;
  *line_length = span;
  return TRUE;
}

/* A NUL-terminated string; the NUL is consumed but not counted. */
static inline gboolean
cc_cursor_cstring (CcCursor *cursor, const guint8 **text, gsize *text_length)
{
  const guint8 *start = cc_cursor_here (cursor);
  const guint8 *end;

  if (cc_cursor_remaining (cursor) == 0)
    return FALSE;
  end = memchr (start, '\0', cc_cursor_remaining (cursor));
  if (end == NULL)
    return FALSE;
  *text = start;
  *text_length = (gsize) (end - start);
  cursor->offset += *text_length + 1;
  return TRUE;
}
