/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "knowledge/evidence/sysctl.h"

#include "knowledge/evidence/sockets.h"

/* Sysctl files hold one short line; a larger file is not one. */
#define SYSCTL_MAX_BYTES 64

static char *
read_small (const char *root, const char *name, GError **error)
{
  g_autofree char *path = g_build_filename (root, "proc/sys/net/ipv4", name, NULL);
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (length > SYSCTL_MAX_BYTES)
    {
      g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_FORMAT,
                   "%s: %zu bytes, not a sysctl value", path, length);
      return NULL;
    }
  return g_strstrip (g_steal_pointer (&contents));
}

static gboolean
parse_range (const char *text, CcEphemeralRange *range)
{
  g_auto (GStrv) fields = g_strsplit_set (text, " \t", -1);
  guint64 values[2];
  guint n = 0;

  for (guint i = 0; fields[i] != NULL; i++)
    {
      if (fields[i][0] == '\0')
        continue;
      if (n == 2 || !g_ascii_string_to_unsigned (fields[i], 10, 1, 65535, &values[n], NULL))
        return FALSE;
      n++;
    }
  if (n != 2 || values[0] > values[1])
    return FALSE;
  range->low = (guint) values[0];
  range->high = (guint) values[1];
  return TRUE;
}

gboolean
cc_ephemeral_read (const char *root, CcEphemeralRange *range, GError **error)
{
  g_autofree char *text = read_small (root, "ip_local_port_range", error);
  g_autofree char *reuse = NULL;
  guint64 value;

  if (text == NULL)
    return FALSE;
  if (!parse_range (text, range))
    {
      g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_FORMAT,
                   "ip_local_port_range '%s' is not two ports LOW HIGH", text);
      return FALSE;
    }
  reuse = read_small (root, "tcp_tw_reuse", NULL);
  range->tw_reuse = reuse != NULL && g_ascii_string_to_unsigned (reuse, 10, 0, 2, &value, NULL)
                      ? (int) value : -1;
  return TRUE;
}

guint
cc_ephemeral_size (const CcEphemeralRange *range)
{
  return range->high - range->low + 1;
}

/* sockstat files hold a few short lines. */
#define SOCKSTAT_MAX_BYTES 4096

/* The sum of the named counters on the line of protocol (e.g. "TCP:") in ROOT/proc/net/
 * NAME; FALSE when the file, the line or a counter is missing or malformed. */
static gboolean
sum_sockstat (const char *root, const char *name, const char *protocol,
              const char *const *counters, guint64 *sum, GError **error)
{
  g_autofree char *path = g_build_filename (root, "proc/net", name, NULL);
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  lines = length <= SOCKSTAT_MAX_BYTES ? g_strsplit (contents, "\n", -1) : NULL;
  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      g_auto (GStrv) fields = g_strsplit (lines[i], " ", -1);
      guint found = 0;

      if (g_strcmp0 (fields[0], protocol) != 0)
        continue;
      *sum = 0;
      for (guint f = 1; fields[f] != NULL && fields[f + 1] != NULL; f += 2)
        {
          guint64 value;

          if (!g_strv_contains (counters, fields[f]))
            continue;
          if (!g_ascii_string_to_unsigned (fields[f + 1], 10, 0, G_MAXUINT32, &value, NULL))
            break;
          *sum += value;
          found++;
        }
      if (found == g_strv_length ((char **) counters))
        return TRUE;
      break;
    }
  g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_FORMAT,
               "%s: no '%s' line with its socket counts", path, protocol);
  return FALSE;
}

gboolean
cc_tcp_sockets_read (const char *root, guint *sockets, GError **error)
{
  static const char *const ipv4[] = { "inuse", "tw", NULL };
  static const char *const ipv6[] = { "inuse", NULL };
  g_autoptr (GError) no_ipv6 = NULL;
  guint64 sum4, sum6 = 0;

  if (!sum_sockstat (root, "sockstat", "TCP:", ipv4, &sum4, error))
    return FALSE;
  if (!sum_sockstat (root, "sockstat6", "TCP6:", ipv6, &sum6, &no_ipv6)
      && !g_error_matches (no_ipv6, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&no_ipv6));
      return FALSE;
    }
  *sockets = (guint) MIN (sum4 + sum6, G_MAXUINT);
  return TRUE;
}
