/* How an exchange shows in plugin output. */
#include "exchange.h"

#include "output.h"

void
cc_exchange_append_perfdata (GString *perf, const CcExchange *exchange)
{
  gint64 first_byte = cc_exchange_first_byte_us (exchange);
  gint64 handshake = cc_exchange_handshake_us (exchange);

  if (first_byte >= 0)
    cc_perfdata_append (perf, "first_byte_time", first_byte / (double) G_USEC_PER_SEC, "s",
                        NULL, NULL, 0);
  if (handshake >= 0)
    cc_perfdata_append (perf, "handshake_time", handshake / (double) G_USEC_PER_SEC, "s",
                        NULL, NULL, 0);
  cc_perfdata_append (perf, "bytes", (double) cc_exchange_bytes_received (exchange), "B",
                      NULL, NULL, 0);
}

void
cc_exchange_append_tree (GString *out, const CcExchange *exchange)
{
  const CcDissector *identified = cc_exchange_identified (exchange);
  GPtrArray *fields = cc_exchange_fields (exchange);

  g_string_append_printf (out, "\nprotocol: %s (%s), %" G_GSIZE_FORMAT " bytes over %u "
                          "connection%s",
                          identified != NULL ? identified->title : "not identified",
                          identified != NULL ? identified->name : "-",
                          cc_exchange_bytes_received (exchange),
                          cc_exchange_connections (exchange),
                          cc_exchange_connections (exchange) == 1 ? "" : "s");
  for (guint i = 0; i < fields->len; i++)
    {
      const CcField *field = g_ptr_array_index (fields, i);
      g_autofree char *name = cc_escape_text (field->name);
      g_autofree char *value = cc_escape_text (field->value);
      g_string_append_printf (out, "\n  %s: %s", name, value);
    }
}
