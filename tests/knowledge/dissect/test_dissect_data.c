/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Redis, MySQL/MariaDB, PostgreSQL, MQTT, memcached and AMQP dissectors over replies
 * recorded from redis-server, mariadbd, postgres, mosquitto, memcached and rabbitmq-server,
 * and hand-built edge cases. */
#include <string.h>

#include "fixture.h"
#include "knowledge/dissect/internal.h"

#define ck_assert_field_file(dissector, file, field, expected)                              \
  do                                                                                        \
    {                                                                                       \
      g_autoptr (GBytes) bytes_ = fixture_load (file);                                      \
      g_autofree char *value_ = fixture_field (dissector, bytes_, field);                   \
      ck_assert_msg (value_ != NULL, "%s: no field %s", dissector, field);                  \
      ck_assert_str_eq (value_, expected);                                                  \
    }                                                                                       \
  while (0)

#define ck_assert_field_bytes(dissector, bytes, field, expected)                            \
  do                                                                                        \
    {                                                                                       \
      g_autofree char *value_ = fixture_field (dissector, bytes, field);                    \
      ck_assert_msg (value_ != NULL, "%s: no field %s", dissector, field);                  \
      ck_assert_str_eq (value_, expected);                                                  \
    }                                                                                       \
  while (0)

static int
score_file (const char *dissector, const char *file)
{
  g_autoptr (GBytes) bytes = fixture_load (file);
  return fixture_score (dissector, bytes);
}

static int
score_raw (const char *dissector, const char *data, gsize size)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (data, size);
  return fixture_score (dissector, bytes);
}

static char *
probe_text (const CcDissector *dissector)
{
  g_autoptr (GBytes) probe = dissector->build_probe (fixture_context ());
  return g_strndup (g_bytes_get_data (probe, NULL), g_bytes_get_size (probe));
}

/* --- Redis --- */

START_TEST (redis_recorded)
{
  g_autofree char *probe = probe_text (&cc_dissector_redis);

  ck_assert_str_eq (probe, "*1\r\n$4\r\nPING\r\n");
  ck_assert_int_eq (score_file ("redis", "redis-pong.bin"), CC_SCORE_CERTAIN);
  ck_assert_field_file ("redis", "redis-pong.bin", "redis.reply", "PONG");
  ck_assert_int_eq (score_file ("redis", "redis-noauth.bin"), CC_SCORE_CERTAIN);
  ck_assert_field_file ("redis", "redis-noauth.bin", "redis.error", "NOAUTH");
  ck_assert_field_file ("redis", "redis-noauth.bin", "redis.message", "Authentication required.");
  ck_assert_int_eq (score_file ("redis", "redis-inline-garbage-err.bin"), CC_SCORE_CERTAIN);
  ck_assert_field_file ("redis", "redis-inline-garbage-err.bin", "redis.error", "ERR");
}
END_TEST

START_TEST (redis_edges)
{
  ck_assert_int_eq (fixture_score_text ("redis", ""), -7);
  ck_assert_int_eq (fixture_score_text ("redis", "+PO"), -4);
  ck_assert_int_eq (fixture_score_text ("redis", "-NOAU"), -2);
  ck_assert_int_eq (fixture_score_text ("redis", "+OK\r\n"), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("redis", "+PONGS\r\n"), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("redis", "-err lower\r\n"), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("redis", "-ERR\n"), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("redis", "-ERRx y\r\n"), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("redis", "-CUSTOMCODE something\r\n"), 60);
  ck_assert_int_eq (fixture_score_text ("redis", "-ERR\r\n"), CC_SCORE_CERTAIN);
  ck_assert_int_eq (fixture_score_text ("redis", "$5\r\nhello\r\n"), CC_SCORE_NONE);
}
END_TEST

/* --- MySQL --- */

START_TEST (mysql_mariadb)
{
  ck_assert_int_eq (score_file ("mysql", "mysql-mariadb-handshake.bin"), CC_SCORE_CERTAIN);
  ck_assert_field_file ("mysql", "mysql-mariadb-handshake.bin", "mysql.protocol", "10");
  ck_assert_field_file ("mysql", "mysql-mariadb-handshake.bin", "mysql.version",
                        "5.5.5-10.11.19-MariaDB-0+deb12u1");
  ck_assert_field_file ("mysql", "mysql-mariadb-handshake.bin", "mysql.server", "MariaDB");
  ck_assert_int_ge (score_file ("mysql", "mysql-mariadb-too-many-connections.bin"),
                    CC_SCORE_THRESHOLD);
  ck_assert_field_file ("mysql", "mysql-mariadb-too-many-connections.bin", "mysql.error_code",
                        "1040");
  ck_assert_field_file ("mysql", "mysql-mariadb-too-many-connections.bin", "mysql.error",
                        "Too many connections");
}
END_TEST

START_TEST (mysql_edges)
{
  /* Host refused: ERR packet 1130 with no SQL state (sent before any handshake). */
  static const char refused[] = "\x44\x00\x00\x00\xff\x6a\x04Host '10.0.0.9' is not allowed "
                                "to connect to this MySQL server";
  static const char state[] = "\x1d\x00\x00\x00\xff\x10\x04#08004Too many connections";
  static const char mysql8[] = "\x4a\x00\x00\x00\x0a\x38\x2e\x30\x2e\x33\x36\x00\x08\x00\x00\x00";
  static const char cut_version[] = "\x4a\x00\x00\x00\x0a\x38\x2e";
  static const char bad_version[] = "\x4a\x00\x00\x00\x0a\x41\x42\x00";
  static const char seq1[] = "\x4a\x00\x00\x01\x0a\x38\x2e\x30\x00";
  static const char huge[] = "\xff\xff\xff\x00\x0a\x38\x2e\x30\x00";
  g_autoptr (GBytes) refused_bytes = g_bytes_new_static (refused, sizeof refused - 1);
  g_autoptr (GBytes) state_bytes = g_bytes_new_static (state, sizeof state - 1);
  g_autoptr (GBytes) mysql8_bytes = g_bytes_new_static (mysql8, sizeof mysql8 - 1);

  ck_assert_int_ge (fixture_score ("mysql", refused_bytes), CC_SCORE_THRESHOLD);
  ck_assert_field_bytes ("mysql", refused_bytes, "mysql.error_code", "1130");
  ck_assert_field_bytes ("mysql", refused_bytes, "mysql.error",
                         "Host '10.0.0.9' is not allowed to connect to this MySQL server");
  ck_assert_field_bytes ("mysql", state_bytes, "mysql.error_code", "1040");
  ck_assert_field_bytes ("mysql", state_bytes, "mysql.sqlstate", "08004");
  ck_assert_field_bytes ("mysql", state_bytes, "mysql.error", "Too many connections");
  ck_assert_int_eq (fixture_score ("mysql", mysql8_bytes), CC_SCORE_CERTAIN);
  ck_assert_field_bytes ("mysql", mysql8_bytes, "mysql.server", "MySQL");
  ck_assert_field_bytes ("mysql", mysql8_bytes, "mysql.connection_id", "8");
  ck_assert_int_eq (score_raw ("mysql", "", 0), -4);
  ck_assert_int_eq (score_raw ("mysql", "\x4a\x00", 2), -2);
  ck_assert_int_eq (score_raw ("mysql", cut_version, sizeof cut_version - 1), -1);
  ck_assert_int_eq (score_raw ("mysql", bad_version, sizeof bad_version - 1), CC_SCORE_NONE);
  ck_assert_int_eq (score_raw ("mysql", seq1, sizeof seq1 - 1), CC_SCORE_NONE);
  ck_assert_int_eq (score_raw ("mysql", huge, sizeof huge - 1), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("mysql", "HTTP/1.1 400 Bad Request\r\n"), CC_SCORE_NONE);
}
END_TEST

/* --- PostgreSQL --- */

START_TEST (postgresql_recorded)
{
  g_autoptr (GBytes) probe = cc_dissector_postgresql.build_probe (fixture_context ());

  ck_assert_uint_eq (g_bytes_get_size (probe), 8);
  ck_assert (memcmp (g_bytes_get_data (probe, NULL), "\x00\x00\x00\x08\x04\xd2\x16\x2f", 8) == 0);
  ck_assert_int_ge (score_file ("postgresql", "postgresql-ssl-refused.bin"), CC_SCORE_THRESHOLD);
  ck_assert_field_file ("postgresql", "postgresql-ssl-refused.bin", "postgresql.ssl",
                        "not supported");
  ck_assert_int_eq (score_file ("postgresql", "postgresql-startup-sasl.bin"), CC_SCORE_CERTAIN);
  ck_assert_field_file ("postgresql", "postgresql-startup-sasl.bin", "postgresql.auth", "sasl");
  ck_assert_int_eq (score_file ("postgresql", "postgresql-startup-error.bin"), CC_SCORE_CERTAIN);
  ck_assert_field_file ("postgresql", "postgresql-startup-error.bin", "postgresql.severity",
                        "FATAL");
  ck_assert_field_file ("postgresql", "postgresql-startup-error.bin", "postgresql.code", "28000");
  ck_assert_field_file ("postgresql", "postgresql-startup-error.bin", "postgresql.message",
                        "no PostgreSQL user name specified in startup packet");
}
END_TEST

START_TEST (postgresql_edges)
{
  static const char ok[] = "R\x00\x00\x00\x08\x00\x00\x00\x00";
  static const char md5[] = "R\x00\x00\x00\x0c\x00\x00\x00\x05\x01\x02\x03\x04";
  static const char bad_method[] = "R\x00\x00\x00\x08\x00\x00\x00\x63";
  static const char short_r[] = "R\x00\x00\x00\x04";
  static const char cut_error[] = "E\x00\x00\x00\x40SFATAL\x00VFA";
  static const char bad_field[] = "E\x00\x00\x00\x0a\x01x\x00\x00\x00";
  static const char unterminated[] = "E\x00\x00\x00\x0aSFATAL";
  g_autoptr (GBytes) ok_bytes = g_bytes_new_static (ok, sizeof ok - 1);
  g_autoptr (GBytes) md5_bytes = g_bytes_new_static (md5, sizeof md5 - 1);

  ck_assert_int_eq (fixture_score ("postgresql", ok_bytes), CC_SCORE_CERTAIN);
  ck_assert_field_bytes ("postgresql", ok_bytes, "postgresql.auth", "ok");
  ck_assert_field_bytes ("postgresql", md5_bytes, "postgresql.auth", "md5");
  ck_assert_int_eq (fixture_score_text ("postgresql", "S"), 70);
  ck_assert_int_eq (fixture_score_text ("postgresql", ""), -1);
  ck_assert_int_eq (fixture_score_text ("postgresql", "E"), -4);
  ck_assert_int_eq (fixture_score_text ("postgresql", "SSH-2.0-x\r\n"), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("postgresql", "NO"), CC_SCORE_NONE);
  ck_assert_int_eq (score_raw ("postgresql", bad_method, sizeof bad_method - 1), CC_SCORE_NONE);
  ck_assert_int_eq (score_raw ("postgresql", short_r, sizeof short_r - 1), CC_SCORE_NONE);
  ck_assert_int_eq (score_raw ("postgresql", cut_error, sizeof cut_error - 1), -1);
  ck_assert_int_eq (score_raw ("postgresql", bad_field, sizeof bad_field - 1), CC_SCORE_NONE);
  ck_assert_int_eq (score_raw ("postgresql", unterminated, sizeof unterminated - 1),
                    CC_SCORE_NONE);
  ck_assert_int_eq (score_raw ("postgresql", "E\xff\xff\xff\xff", 5), CC_SCORE_NONE);
}
END_TEST

/* --- MQTT --- */

START_TEST (mqtt_mosquitto)
{
  g_autoptr (GBytes) probe = cc_dissector_mqtt.build_probe (fixture_context ());
  gsize size;
  const guint8 *data = g_bytes_get_data (probe, &size);

  ck_assert_uint_eq (data[0], 0x10);
  ck_assert_uint_eq (data[1] + 2u, size);
  ck_assert (memcmp (data + 2, "\x00\x04MQTT\x04\x02", 8) == 0);
  ck_assert_uint_le (data[13], 23);
  ck_assert_int_eq (score_file ("mqtt", "mqtt-mosquitto-accepted.bin"), CC_SCORE_CERTAIN);
  ck_assert_field_file ("mqtt", "mqtt-mosquitto-accepted.bin", "mqtt.return_code",
                        "0 (accepted)");
  ck_assert_field_file ("mqtt", "mqtt-mosquitto-accepted.bin", "mqtt.session_present", "0");
  ck_assert_int_eq (score_file ("mqtt", "mqtt-mosquitto-not-authorized.bin"), CC_SCORE_CERTAIN);
  ck_assert_field_file ("mqtt", "mqtt-mosquitto-not-authorized.bin", "mqtt.return_code",
                        "5 (not authorized)");
}
END_TEST

START_TEST (mqtt_edges)
{
  ck_assert_int_eq (score_raw ("mqtt", "", 0), -4);
  ck_assert_int_eq (score_raw ("mqtt", "\x20\x02", 2), -2);
  ck_assert_int_eq (score_raw ("mqtt", "\x20\x03\x00\x00", 4), CC_SCORE_NONE);
  ck_assert_int_eq (score_raw ("mqtt", "\x20\x02\x02\x00", 4), CC_SCORE_NONE);
  ck_assert_int_eq (score_raw ("mqtt", "\x20\x02\x00\x06", 4), CC_SCORE_NONE);
  ck_assert_int_eq (score_raw ("mqtt", "\x20\x02\x01\x00", 4), CC_SCORE_CERTAIN);
  ck_assert_int_eq (score_raw ("mqtt", " hello", 6), CC_SCORE_NONE);
}
END_TEST

/* --- memcached --- */

START_TEST (memcached_recorded)
{
  g_autofree char *probe = probe_text (&cc_dissector_memcached);

  ck_assert_str_eq (probe, "version\r\n");
  ck_assert_int_eq (score_file ("memcached", "memcached-version.bin"), CC_SCORE_CERTAIN);
  ck_assert_field_file ("memcached", "memcached-version.bin", "memcached.version", "1.6.18");
  ck_assert_int_eq (fixture_score_text ("memcached", "VERS"), -4);
  ck_assert_int_eq (fixture_score_text ("memcached", "VERSION 1.6"), -1);
  ck_assert_int_eq (fixture_score_text ("memcached", "VERSION \r\n"), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("memcached", "VERSION 1.6\n"), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("memcached", "VERSION 1 6\r\n"), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("memcached", "ERROR\r\n"), CC_SCORE_NONE);
}
END_TEST

/* --- AMQP --- */

START_TEST (amqp_recorded)
{
  ck_assert_int_eq (score_file ("amqp", "amqp-rabbitmq-start.bin"), CC_SCORE_CERTAIN);
  ck_assert_field_file ("amqp", "amqp-rabbitmq-start.bin", "amqp.protocol", "0-9");
  ck_assert_field_file ("amqp", "amqp-rabbitmq-start.bin", "amqp.product", "RabbitMQ");
  ck_assert_field_file ("amqp", "amqp-rabbitmq-start.bin", "amqp.version", "3.10.8");
  ck_assert_field_file ("amqp", "amqp-rabbitmq-start.bin", "amqp.mechanisms", "PLAIN AMQPLAIN");
  ck_assert_int_eq (score_file ("amqp", "amqp-rabbitmq-header-reply.bin"), CC_SCORE_CERTAIN);
  ck_assert_field_file ("amqp", "amqp-rabbitmq-header-reply.bin", "amqp.protocol_header",
                        "0.0.9.1");
}
END_TEST

START_TEST (amqp_edges)
{
  static const char start[] = "\x01\x00\x00\x00\x00\x00\x10\x00\x0a\x00\x0a\x00\x09";
  static const char channel1[] = "\x01\x00\x01\x00\x00\x00\x10\x00\x0a\x00\x0a";
  static const char close[] = "\x01\x00\x00\x00\x00\x00\x10\x00\x0a\x00\x32";
  static const char huge[] = "\x01\x00\x00\x7f\x00\x00\x10\x00\x0a\x00\x0a";
  /* Properties table claims more than it holds: described up to what is there. */
  static const char cut[] = "\x01\x00\x00\x00\x00\x01\x00\x00\x0a\x00\x0a\x00\x09"
                            "\x00\x00\x01\x00\x07productS\x00\x00\x00\x08Rab";
  g_autoptr (GBytes) start_bytes = g_bytes_new_static (start, sizeof start - 1);
  g_autoptr (GBytes) cut_bytes = g_bytes_new_static (cut, sizeof cut - 1);
  g_autofree char *product = NULL;

  ck_assert_int_eq (fixture_score ("amqp", start_bytes), CC_SCORE_CERTAIN);
  ck_assert_field_bytes ("amqp", start_bytes, "amqp.protocol", "0-9");
  ck_assert_int_eq (score_raw ("amqp", channel1, sizeof channel1 - 1), CC_SCORE_NONE);
  ck_assert_int_eq (score_raw ("amqp", close, sizeof close - 1), CC_SCORE_NONE);
  ck_assert_int_eq (score_raw ("amqp", huge, sizeof huge - 1), CC_SCORE_NONE);
  ck_assert_int_eq (score_raw ("amqp", start, 5), -6);
  ck_assert_int_eq (score_raw ("amqp", "AMQ", 3), -5);
  ck_assert_int_eq (score_raw ("amqp", "AMQP\x01", 5), -3);
  ck_assert_int_eq (score_raw ("amqp", "", 0), -8);
  ck_assert_int_eq (fixture_score ("amqp", cut_bytes), CC_SCORE_CERTAIN);
  product = fixture_field ("amqp", cut_bytes, "amqp.product");
  ck_assert_ptr_null (product);
  ck_assert_int_eq (fixture_score_text ("amqp", "HTTP/1.1 400"), CC_SCORE_NONE);
}
END_TEST

/* One suite per dissector: a TCase for the recorded replies, one for the edge cases. */
static Suite *
data_suite (const char *name, const TTest *recorded, const TTest *edges)
{
  Suite *suite = suite_create (name);
  TCase *recorded_case = tcase_create ("recorded");

  tcase_add_test (recorded_case, recorded);
  suite_add_tcase (suite, recorded_case);
  if (edges != NULL)
    {
      TCase *edges_case = tcase_create ("edges");
      tcase_add_test (edges_case, edges);
      suite_add_tcase (suite, edges_case);
    }
  return suite;
}

int
main (void)
{
  Suite *suites[] = {
    data_suite ("redis", redis_recorded, redis_edges),
    data_suite ("mysql", mysql_mariadb, mysql_edges),
    data_suite ("postgresql", postgresql_recorded, postgresql_edges),
    data_suite ("mqtt", mqtt_mosquitto, mqtt_edges),
    data_suite ("memcached", memcached_recorded, NULL),
    data_suite ("amqp", amqp_recorded, amqp_edges),
  };
  return fixture_run (suites, G_N_ELEMENTS (suites));
}
