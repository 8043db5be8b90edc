/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the dissector files; not part of the public dissector API. */
#pragma once

#include "knowledge/dissect/dissect.h"

/* Appends a field whose value is raw peer bytes (cut at the first NUL, if any). */
void cc_field_add (GPtrArray *fields, const char *name, const guint8 *value, gsize length);
void cc_field_addf (GPtrArray *fields, const char *name, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

/* Compares the start of a reply with a literal: CC_SCORE_CERTAIN when the reply begins
 * with it, CC_SCORE_NONE when it differs, or -N when the reply matches so far and is
 * N bytes short. */
int cc_match_prefix (const guint8 *reply, gsize length, const char *literal);

/* Case-insensitive search for an ASCII word inside a span of peer bytes. */
gboolean cc_span_contains (const guint8 *span, gsize length, const char *word);
gboolean cc_span_has_prefix (const guint8 *span, gsize length, const char *prefix);

/* 32 bytes derived from the probe nonce and a label (TLS random, key share, ...), so a
 * probe is random per connection yet reproducible from its context in tests. */
void cc_derive_bytes (const CcProbeContext *context, const char *label, guint8 out[32]);

/* The value of the first complete header line named name (case-insensitive), trimmed. */
gboolean cc_http_find_header (const CcHttpStatus *status, const char *name,
                              const guint8 **value, gsize *value_length);
/* "HTTP 400 Bad Request" for any reply with a status line, the said member of http and
 * websocket. */
void cc_http_said (const guint8 *reply, gsize length, GString *out);
/* "GET path HTTP/1.1", Host and the common request headers, without the final CRLF. */
GString *cc_http_request_start (const CcProbeContext *context);
/* Fields common to every HTTP/1.x reply: version, status, reason, server, ... */
void cc_http_describe_status (const CcHttpStatus *status, const char *prefix,
                              GPtrArray *fields);

/* Reply lines "DDD text" / "DDD-text" as SMTP and FTP send them. next steps over one whole
 * line of that shape and fails, without moving, at anything else. */
#include "knowledge/dissect/cursor.h"
#define CC_CODED_MAX_LINES 64
gboolean cc_coded_line_next (CcCursor *cursor, guint *code, const guint8 **text,
                             gsize *text_length);
/* CC_SCORE_CERTAIN when the reply starts with at least one whole coded line, -N while the
 * first line could still become one, else CC_SCORE_NONE. */
int cc_coded_reply_check (const guint8 *reply, gsize length);

/* TRUE once reply holds a whole coded reply, its last line "DDD text" (not "DDD-"):
 * code is that line's. */
gboolean cc_coded_reply_final (const guint8 *reply, gsize length, guint *code);

/* Recognises one coded line as a protocol's own ("220 mail ESMTP", "211-Features"). */
typedef gboolean (*CcCodedLineTest) (guint code, const guint8 *text, gsize length);
/* Scores a coded reply for the protocol whose lines `ours` recognises, against the other
 * one that greets with 220 too: certain when a line is ours and none is theirs, a maybe
 * (below the threshold) for a greeting that names neither, little for anything else. */
int cc_coded_reply_score (const guint8 *reply, gsize length, CcCodedLineTest ours,
                          CcCodedLineTest theirs);

/* The Sec-WebSocket-Accept a server must answer to key (RFC 6455, 4.2.2). */
char *cc_websocket_accept (const char *key);

/* The dissectors, one per file. */
extern const CcDissector cc_dissector_http;
extern const CcDissector cc_dissector_websocket;
extern const CcDissector cc_dissector_tls;
extern const CcDissector cc_dissector_http2;
extern const CcDissector cc_dissector_ssh;
extern const CcDissector cc_dissector_smtp;
extern const CcDissector cc_dissector_ftp;
extern const CcDissector cc_dissector_pop3;
extern const CcDissector cc_dissector_imap;
extern const CcDissector cc_dissector_redis;
extern const CcDissector cc_dissector_mysql;
extern const CcDissector cc_dissector_postgresql;
extern const CcDissector cc_dissector_mqtt;
extern const CcDissector cc_dissector_memcached;
extern const CcDissector cc_dissector_amqp;
