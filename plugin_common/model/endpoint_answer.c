/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the answer must hold: HTTP statuses, body text or pattern (as check_http's -e, -s,
 * -r), and for protocols without a dissector the bytes to send and expect (check_tcp's
 * -s and -e). */
#include "model/endpoint.h"

#include <string.h>
#include "base/escape.h"

#define STATUS_MIN 100
#define STATUS_MAX 599

static gboolean
parse_status (const char *text, guint16 *status)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, STATUS_MIN, STATUS_MAX, &value, NULL))
    return FALSE;
  *status = (guint16) value;
  return TRUE;
}

static gboolean
parse_status_item (const char *item, CcStatusRange *range)
{
  const char *dash = strchr (item, '-');
  g_autofree char *low = dash != NULL ? g_strndup (item, dash - item) : g_strdup (item);

  if (!parse_status (g_strstrip (low), &range->low))
    return FALSE;
  range->high = range->low;
  if (dash == NULL)
    return TRUE;
  {
    g_autofree char *high = g_strdup (dash + 1);
    return parse_status (g_strstrip (high), &range->high) && range->high >= range->low;
  }
}

gboolean
cc_endpoint_set_expect_status (CcEndpoint *endpoint, const char *text, GError **error)
{
  g_auto (GStrv) items = g_strsplit (text, ",", -1);
  g_autoptr (GArray) ranges = g_array_new (FALSE, FALSE, sizeof (CcStatusRange));

  for (guint i = 0; items[i] != NULL || i == 0; i++)
    {
      CcStatusRange range;

      if (items[i] == NULL || !parse_status_item (items[i], &range))
        {
          g_autofree char *quoted = cc_escape_value (items[i] != NULL ? items[i] : "");
          g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_INVALID,
                       "%s is not a status (100 to 599) or a range "
                       "LOW-HIGH; write e.g. 200,301-302", quoted);
          return FALSE;
        }
      g_array_append_val (ranges, range);
    }
  g_clear_pointer (&endpoint->expect_status, g_array_unref);
  endpoint->expect_status = g_steal_pointer (&ranges);
  return TRUE;
}

/* The option's name is the caller's to add, as for every setter. */
static gboolean
check_length (gsize length, GError **error)
{
  if (length > 0 && length <= CC_EXPECT_MAX_BYTES)
    return TRUE;
  g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_INVALID,
               "must hold 1 to %u bytes, not %" G_GSIZE_FORMAT, CC_EXPECT_MAX_BYTES, length);
  return FALSE;
}

gboolean
cc_endpoint_set_expect_body (CcEndpoint *endpoint, const char *text, GError **error)
{
  if (!check_length (strlen (text), error))
    return FALSE;
  g_free (endpoint->expect_body);
  endpoint->expect_body = g_strdup (text);
  return TRUE;
}

gboolean
cc_endpoint_set_expect_regex (CcEndpoint *endpoint, const char *text, GError **error)
{
  g_autoptr (GRegex) regex = NULL;
  g_autoptr (GError) local = NULL;

  if (!check_length (strlen (text), error))
    return FALSE;
  regex = g_regex_new (text, G_REGEX_RAW, 0, &local);
  if (regex == NULL)
    {
      /* GRegex's message quotes the whole pattern in curly quotes; its end says where
       * and what: "at char 1: missing closing parenthesis". */
      const char *where = strstr (local->message, " at char ");
      g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_INVALID,
                   "not a regular expression (PCRE): error%s",
                   where != NULL ? where : ": it does not compile");
      return FALSE;
    }
  g_free (endpoint->expect_regex);
  endpoint->expect_regex = g_strdup (text);
  return TRUE;
}

static int
hex_digit (char c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

/* check_tcp's escapes; any other backslash is an error, so a typo is not sent as is. */
static GBytes *
unescape (const char *text, GError **error)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();

  for (const char *p = text; *p != '\0'; p++)
    {
      guint8 byte = (guint8) *p;

      if (*p == '\\')
        {
          p++;
          if (*p == 'r' || *p == 'n' || *p == 't' || *p == '\\')
            byte = *p == 'r' ? '\r' : *p == 'n' ? '\n' : *p == 't' ? '\t' : '\\';
          else if (*p == 'x' && hex_digit (p[1]) >= 0 && hex_digit (p[2]) >= 0)
            {
              byte = (guint8) (hex_digit (p[1]) * 16 + hex_digit (p[2]));
              p += 2;
            }
          else
            {
              g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_INVALID,
                           "a backslash must start \\r, \\n, \\t, \\\\ or \\xHH");
              return NULL;
            }
        }
      g_byte_array_append (out, &byte, 1);
    }
  if (!check_length (out->len, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

gboolean
cc_endpoint_set_send (CcEndpoint *endpoint, const char *text, GError **error)
{
  GBytes *bytes = unescape (text, error);

  if (bytes == NULL)
    return FALSE;
  g_clear_pointer (&endpoint->send, g_bytes_unref);
  endpoint->send = bytes;
  return TRUE;
}

gboolean
cc_endpoint_set_expect_reply (CcEndpoint *endpoint, const char *text, GError **error)
{
  GBytes *bytes = unescape (text, error);

  if (bytes == NULL)
    return FALSE;
  g_clear_pointer (&endpoint->expect_reply, g_bytes_unref);
  endpoint->expect_reply = bytes;
  return TRUE;
}

gboolean
cc_endpoint_expects_http (const CcEndpoint *endpoint)
{
  return endpoint->expect_status != NULL || endpoint->expect_body != NULL
         || endpoint->expect_regex != NULL;
}

gboolean
cc_endpoint_status_expected (const CcEndpoint *endpoint, guint status)
{
  for (guint i = 0; endpoint->expect_status != NULL && i < endpoint->expect_status->len; i++)
    {
      const CcStatusRange *range = &g_array_index (endpoint->expect_status, CcStatusRange, i);
      if (status >= range->low && status <= range->high)
        return TRUE;
    }
  return FALSE;
}

static gboolean
speaks_http (const CcEndpoint *endpoint)
{
  return endpoint->protocol != NULL && (g_ascii_strcasecmp (endpoint->protocol, "http") == 0
                                        || g_ascii_strcasecmp (endpoint->protocol, "https") == 0);
}

gboolean
cc_endpoint_check_answer (const CcEndpoint *endpoint, GError **error)
{
  gboolean raw = endpoint->send != NULL || endpoint->expect_reply != NULL;

  if (cc_endpoint_expects_http (endpoint) && !speaks_http (endpoint))
    g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_CONFLICT,
                 "--expect-status, --expect-body and --expect-regex judge an HTTP answer; "
                 "add --protocol http (or https)");
  else if (raw && (endpoint->protocol != NULL || endpoint->identify))
    g_set_error (error, CC_ENDPOINT_ERROR, CC_ENDPOINT_ERROR_CONFLICT,
                 "--send and --expect are for protocols check_conn does not know; drop "
                 "--protocol and --identify, or drop --send and --expect");
  else
    return TRUE;
  return FALSE;
}

void
cc_endpoint_clear_answer (CcEndpoint *endpoint)
{
  g_clear_pointer (&endpoint->expect_status, g_array_unref);
  g_clear_pointer (&endpoint->expect_body, g_free);
  g_clear_pointer (&endpoint->expect_regex, g_free);
  g_clear_pointer (&endpoint->send, g_bytes_unref);
  g_clear_pointer (&endpoint->expect_reply, g_bytes_unref);
}
