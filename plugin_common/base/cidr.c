/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "base/cidr.h"

#include <arpa/inet.h>
#include <string.h>
#include "base/escape.h"

#include "base/file.h"

G_DEFINE_QUARK (cc-cidr-error-quark, cc_cidr_error)

/* Lines longer than this are not addresses; refusing them bounds the work per line. */
#define MAX_LINE 256

gboolean
cc_cidr_parse (const char *text, CcCidr *cidr, GError **error)
{
  const char *slash = strchr (text, '/');
  g_autofree char *host = g_strndup (text, slash ? (gsize) (slash - text) : strlen (text));
  guint max_prefix;
  guint64 prefix;

  memset (cidr, 0, sizeof *cidr);
  if (inet_pton (AF_INET, host, cidr->bytes) == 1)
    cidr->family = AF_INET;
  else if (inet_pton (AF_INET6, host, cidr->bytes) == 1)
    cidr->family = AF_INET6;
  else
    {
      g_autofree char *quoted = cc_escape_value (text);
      g_set_error (error, CC_CIDR_ERROR, CC_CIDR_ERROR_SYNTAX,
                   "%s is not an IPv4 or IPv6 address or prefix (like 192.0.2.0/24 or "
                   "2001:db8::/32)", quoted);
      return FALSE;
    }
  max_prefix = cidr->family == AF_INET ? 32 : 128;
  cidr->prefix = max_prefix;
  if (slash == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (slash + 1, 10, 0, max_prefix, &prefix, NULL))
    {
      g_autofree char *quoted = cc_escape_value (text);
      g_set_error (error, CC_CIDR_ERROR, CC_CIDR_ERROR_SYNTAX,
                   "%s: the prefix length must be a number from 0 to %u", quoted, max_prefix);
      return FALSE;
    }
  cidr->prefix = (guint) prefix;
  return TRUE;
}

static gboolean
load_line (GArray *list, char *line, const char *path, guint number, GError **error)
{
  CcCidr cidr;
  char *hash = strchr (line, '#');

  if (hash != NULL)
    *hash = '\0';
  g_strstrip (line);
  if (*line == '\0')
    return TRUE;
  if (!cc_cidr_parse (line, &cidr, error))
    {
      g_prefix_error (error, "%s:%u: ", path, number);
      return FALSE;
    }
  g_array_append_val (list, cidr);
  return TRUE;
}

/* A NUL would end the text early and hide the lines after it. */
static gboolean
refuse_nul (const char *contents, gsize length, const char *path, GError **error)
{
  const char *nul = memchr (contents, '\0', length);
  guint number = 1;

  if (nul == NULL)
    return TRUE;
  for (const char *p = contents; p < nul; p++)
    number += *p == '\n';
  g_set_error (error, CC_CIDR_ERROR, CC_CIDR_ERROR_SYNTAX,
               "%s:%u: the line contains a NUL byte; this is not a text file", path, number);
  return FALSE;
}

gboolean
cc_cidr_list_load (GArray *list, const char *path, gint64 deadline_us, GError **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) read_error = NULL;
  g_auto (GStrv) lines = NULL;
  gsize length;

  contents = cc_file_read (path, CC_CIDR_LIST_MAX_BYTES, deadline_us, &length, &read_error);
  if (contents == NULL)
    {
      g_set_error (error, CC_CIDR_ERROR, CC_CIDR_ERROR_FILE, "%s", read_error->message);
      return FALSE;
    }
  if (!refuse_nul (contents, length, path, error))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strlen (lines[i]) > MAX_LINE)
        {
          g_set_error (error, CC_CIDR_ERROR, CC_CIDR_ERROR_SYNTAX,
                       "%s:%u: line longer than %d characters", path, i + 1, MAX_LINE);
          return FALSE;
        }
      if (!load_line (list, lines[i], path, i + 1, error))
        return FALSE;
    }
  return TRUE;
}

/* The raw address bytes and family, with IPv4-mapped IPv6 seen as IPv4. */
static int
address_bytes (const CcAddress *address, guint8 bytes[16])
{
  const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *) &address->sockaddr;

  if (address->sockaddr.any.sa_family == AF_INET)
    {
      memcpy (bytes, &((const struct sockaddr_in *) &address->sockaddr)->sin_addr, 4);
      return AF_INET;
    }
  if (IN6_IS_ADDR_V4MAPPED (&in6->sin6_addr))
    {
      memcpy (bytes, in6->sin6_addr.s6_addr + 12, 4);
      return AF_INET;
    }
  memcpy (bytes, in6->sin6_addr.s6_addr, 16);
  return AF_INET6;
}

void
cc_cidr_from_address (CcCidr *cidr, const CcAddress *address, guint prefix)
{
  memset (cidr, 0, sizeof *cidr);
  cidr->family = address_bytes (address, cidr->bytes);
  cidr->prefix = MIN (prefix, cidr->family == AF_INET ? 32u : 128u);
}

gboolean
cc_cidr_contains (const CcCidr *cidr, const CcAddress *address)
{
  guint8 bytes[16] = { 0 };
  guint whole = cidr->prefix / 8, rest = cidr->prefix % 8;

  if (address_bytes (address, bytes) != cidr->family)
    return FALSE;
  if (memcmp (bytes, cidr->bytes, whole) != 0)
    return FALSE;
  if (rest == 0)
    return TRUE;
  guint8 mask = (guint8) (0xff << (8 - rest));
  return (bytes[whole] & mask) == (cidr->bytes[whole] & mask);
}

const CcCidr *
cc_cidr_list_find (const GArray *list, const CcAddress *address)
{
  for (guint i = 0; list != NULL && i < list->len; i++)
    if (cc_cidr_contains (&g_array_index (list, CcCidr, i), address))
      return &g_array_index (list, CcCidr, i);
  return NULL;
}

char *
cc_cidr_to_string (const CcCidr *cidr)
{
  char text[INET6_ADDRSTRLEN];

  inet_ntop (cidr->family, cidr->bytes, text, sizeof text);
  if (cidr->prefix == (cidr->family == AF_INET ? 32u : 128u))
    return g_strdup (text);
  return g_strdup_printf ("%s/%u", text, cidr->prefix);
}

/* The tables are prefixes in binary: parsing them at each call cost more than a bulk
 * run's whole diagnosis of a refused local port. */
static gboolean
in_any (const CcCidr *prefixes, guint n_prefixes, const CcAddress *address)
{
  for (guint i = 0; i < n_prefixes; i++)
    if (cc_cidr_contains (&prefixes[i], address))
      return TRUE;
  return FALSE;
}

gboolean
cc_address_is_private (const CcAddress *address)
{
  static const CcCidr private_prefixes[] = {
    { AF_INET, { 10 }, 8 },         /* 10.0.0.0/8 */
    { AF_INET, { 172, 16 }, 12 },   /* 172.16.0.0/12 */
    { AF_INET, { 192, 168 }, 16 },  /* 192.168.0.0/16 */
    { AF_INET, { 100, 64 }, 10 },   /* 100.64.0.0/10 */
    { AF_INET, { 169, 254 }, 16 },  /* 169.254.0.0/16 */
    { AF_INET6, { 0xfc }, 7 },      /* fc00::/7 */
    { AF_INET6, { 0xfe, 0x80 }, 10 }, /* fe80::/10 */
  };
  return in_any (private_prefixes, G_N_ELEMENTS (private_prefixes), address);
}

gboolean
cc_address_is_loopback (const CcAddress *address)
{
  static const CcCidr loopback_prefixes[] = {
    { AF_INET, { 127 }, 8 },                                       /* 127.0.0.0/8 */
    { AF_INET6, { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, 128 }, /* ::1/128 */
  };
  return in_any (loopback_prefixes, G_N_ELEMENTS (loopback_prefixes), address);
}
