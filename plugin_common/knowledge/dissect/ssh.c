/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SSH (RFC 4253, section 4.2): the server speaks first with
 * "SSH-protoversion-softwareversion SP comments CR LF"; other lines may precede it.
 * "SSH-1.99" is a server that speaks both 1 and 2, so it is SSH all the same. */
#include "knowledge/dissect/internal.h"
#include "knowledge/dissect/cursor.h"

#include <string.h>

static const guint16 ssh_ports[] = { 22, 2222, 0 };

#define MAX_LINES 16         /* pre-banner lines we look through */
#define MAX_BANNER 255       /* RFC 4253: the identification line is at most 255 bytes */
#define INCOMPLETE_SCORE 90  /* "SSH-2.0-" seen, the line not finished */

typedef struct {
  const guint8 *version;
  gsize version_length;
  const guint8 *software;
  gsize software_length;
  const guint8 *comments;
  gsize comments_length;
} SshBanner;

/* Parses "SSH-D.D-software[ comments]" in line; FALSE when it does not have that shape. */
static gboolean
parse_banner (const guint8 *line, gsize length, SshBanner *banner)
{
  gsize i = 4;
  gsize dots = 0;

  if (length < 4 || memcmp (line, "SSH-", 4) != 0 || length > MAX_BANNER)
    return FALSE;
  memset (banner, 0, sizeof *banner);
  banner->version = line + i;
  while (i < length && (g_ascii_isdigit (line[i]) || line[i] == '.'))
    dots += line[i++] == '.';
  banner->version_length = line + i - banner->version;
  if (dots != 1 || banner->version_length < 3 || !g_ascii_isdigit (banner->version[0])
      || !g_ascii_isdigit (line[i - 1]) || i >= length || line[i] != '-')
    return FALSE;
  banner->software = line + ++i;
  while (i < length && line[i] > ' ' && line[i] < 0x7f)
    i++;
  banner->software_length = line + i - banner->software;
  if (banner->software_length == 0 || (i < length && line[i] != ' '))
    return FALSE;
  if (i < length)
    {
      banner->comments = line + i + 1;
      banner->comments_length = length - i - 1;
    }
  return TRUE;
}

/* An unfinished "SSH-2." or "SSH-2.0-" that more bytes could still make a banner. */
static gboolean
could_become_banner (const guint8 *start, gsize length)
{
  gsize i = 4;

  while (i < length && (g_ascii_isdigit (start[i]) || start[i] == '.'))
    i++;
  return i == length || (start[i] == '-' && i + 1 == length);
}

/* Finds the identification line, skipping the lines a server may send before it. */
static int
find_banner (const guint8 *reply, gsize length, SshBanner *banner)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  const guint8 *line;
  gsize line_length;

  for (guint n = 0; n < MAX_LINES; n++)
    {
      const guint8 *start = cc_cursor_here (&cursor);
      gsize rest = cc_cursor_remaining (&cursor);

      if (!cc_cursor_line (&cursor, &line, &line_length))
        {
          /* Lines a server sends before its banner come in the same write as it. */
          if (rest == 0 && n > 0)
            return CC_SCORE_NONE;
          /* An unfinished last line: judge what we have of it. */
          int prefix = cc_match_prefix (start, rest, "SSH-");
          if (prefix != CC_SCORE_CERTAIN)
            return prefix;
          if (parse_banner (start, rest, banner))
            return INCOMPLETE_SCORE;
          return could_become_banner (start, rest) ? -1 : CC_SCORE_NONE;
        }
      if (parse_banner (line, line_length, banner))
        return CC_SCORE_CERTAIN;
      if (cc_span_has_prefix (line, line_length, "SSH-"))
        return CC_SCORE_NONE;
    }
  return CC_SCORE_NONE;
}

static int
ssh_score (const guint8 *reply, gsize length, const CcProbeContext *context)
{
  SshBanner banner;
  return find_banner (reply, length, &banner);
}

static void
ssh_describe (const guint8 *reply, gsize length, GPtrArray *fields)
{
  SshBanner banner;

  if (find_banner (reply, length, &banner) < CC_SCORE_THRESHOLD)
    return;
  cc_field_add (fields, "ssh.protocol", banner.version, banner.version_length);
  cc_field_add (fields, "ssh.software", banner.software, banner.software_length);
  if (banner.comments_length > 0)
    cc_field_add (fields, "ssh.comments", banner.comments, banner.comments_length);
}

/* "an SSH-2.0 banner (OpenSSH 9.2)" from "SSH-2.0-OpenSSH_9.2p1 Debian-2": the software
 * and its version number, as people name them. */
static void
ssh_said (const guint8 *reply, gsize length, GString *out)
{
  SshBanner banner;
  const guint8 *underscore;
  gsize version = 0;

  if (find_banner (reply, length, &banner) < CC_SCORE_THRESHOLD)
    {
      g_string_append (out, "an SSH banner");
      return;
    }
  g_string_append (out, "an SSH-");
  g_string_append_len (out, (const char *) banner.version, banner.version_length);
  g_string_append (out, " banner (");
  underscore = memchr (banner.software, '_', banner.software_length);
  if (underscore == NULL)
    g_string_append_len (out, (const char *) banner.software, banner.software_length);
  else
    {
      const guint8 *end = banner.software + banner.software_length;
      while (underscore + 1 + version < end
             && (g_ascii_isdigit (underscore[1 + version]) || underscore[1 + version] == '.'))
        version++;
      g_string_append_len (out, (const char *) banner.software, underscore - banner.software);
      g_string_append_c (out, ' ');
      g_string_append_len (out, (const char *) underscore + 1, version);
    }
  g_string_append_c (out, ')');
}

const CcDissector cc_dissector_ssh = {
  .name = "ssh",
  .title = "SSH",
  .kind = "an SSH",
  .ports = ssh_ports,
  .server_speaks_first = TRUE,
  .build_probe = NULL,
  .score = ssh_score,
  .describe = ssh_describe,
  .said = ssh_said,
};
