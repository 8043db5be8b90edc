/* SPDX-License-Identifier: GPL-3.0-or-later */
/* MQTT 3.1.1 (OASIS mqtt-v3.1.1, 3.1 CONNECT and 3.2 CONNACK): a clean-session CONNECT
 * with a client id made from the nonce; a broker answers CONNACK 0x20 0x02, a session
 * present flag and a return code. */
#include "knowledge/dissect/internal.h"

#include <string.h>

static const guint16 mqtt_ports[] = { 1883, 0 }; /* 8883 is MQTT inside TLS: tls.c */

enum {
  CONNACK = 0x20,
  CONNACK_REMAINING = 0x02,
};

#define CONNACK_LENGTH 4

/* 3.2.2.3: return codes, indexed by value. */
static const char *const return_codes[] = {
  "accepted",
  "unacceptable protocol version",
  "identifier rejected",
  "server unavailable",
  "bad user name or password",
  "not authorized",
};

static GBytes *
mqtt_build_probe (const CcProbeContext *context)
{
  static const guint8 header[] = {
    0x10, 0,                        /* CONNECT, remaining length (filled below) */
    0x00, 0x04, 'M', 'Q', 'T', 'T', /* protocol name */
    0x04,                           /* level 4 = 3.1.1 */
    0x02,                           /* clean session, no will, no credentials */
    0x00, 0x1e,                     /* keep alive 30 s */
  };
  guint8 random[32];
  g_autofree char *client_id = NULL;
  GByteArray *out = g_byte_array_new ();
  guint8 id_length[2];

  /* 3.1.3.1: servers must accept ids of up to 23 alphanumerics. */
  cc_derive_bytes (context, "mqtt client id", random);
  client_id = g_strdup_printf ("checkconn%02x%02x%02x%02x%02x%02x", random[0], random[1],
                               random[2], random[3], random[4], random[5]);
  g_byte_array_append (out, header, sizeof header);
  id_length[0] = 0;
  id_length[1] = strlen (client_id);
  g_byte_array_append (out, id_length, 2);
  g_byte_array_append (out, (const guint8 *) client_id, strlen (client_id));
  out->data[1] = out->len - 2;
  return g_byte_array_free_to_bytes (out);
}

static int
mqtt_score (const guint8 *reply, gsize length, const CcProbeContext *context)
{
  if (length >= 1 && reply[0] != CONNACK)
    return CC_SCORE_NONE;
  if (length >= 2 && reply[1] != CONNACK_REMAINING)
    return CC_SCORE_NONE;
  if (length >= 3 && reply[2] > 1)
    return CC_SCORE_NONE;
  if (length >= 4 && reply[3] >= G_N_ELEMENTS (return_codes))
    return CC_SCORE_NONE;
  if (length < CONNACK_LENGTH)
    return -(int) (CONNACK_LENGTH - length);
  return CC_SCORE_CERTAIN;
}

static void
mqtt_describe (const guint8 *reply, gsize length, GPtrArray *fields)
{
  if (mqtt_score (reply, length, NULL) != CC_SCORE_CERTAIN)
    return;
  cc_field_addf (fields, "mqtt.session_present", "%u", reply[2]);
  cc_field_addf (fields, "mqtt.return_code", "%u (%s)", reply[3], return_codes[reply[3]]);
}

const CcDissector cc_dissector_mqtt = {
  .name = "mqtt",
  .title = "MQTT",
  .kind = "an MQTT",
  .ports = mqtt_ports,
  .server_speaks_first = FALSE,
  .probe_order = 6,
  .build_probe = mqtt_build_probe,
  .score = mqtt_score,
  .describe = mqtt_describe,
};
