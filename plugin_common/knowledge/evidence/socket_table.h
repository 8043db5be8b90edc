/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the socket readers (sockets.c, sockdiag.c) hand over: a table of TCP sockets, kept
 * as a query asks, and the raw form in which each socket is read before it is kept. */
#pragma once

#include <glib.h>

#include "base/address.h"

/* The kernel's TCP states, numbered as /proc/net/tcp prints them. */
typedef enum {
  CC_TCP_ESTABLISHED = 1,
  CC_TCP_SYN_SENT,
  CC_TCP_SYN_RECV,
  CC_TCP_FIN_WAIT1,
  CC_TCP_FIN_WAIT2,
  CC_TCP_TIME_WAIT,
  CC_TCP_CLOSE,
  CC_TCP_CLOSE_WAIT,
  CC_TCP_LAST_ACK,
  CC_TCP_LISTEN,
  CC_TCP_CLOSING,
  CC_TCP_NEW_SYN_RECV,
  CC_TCP_STATE_LAST
} CcTcpState;

/* The queue lengths of a LISTEN socket: its accept queue is full when more connections
 * wait than its backlog, and the kernel then drops new connection requests. */
typedef struct {
  guint waiting;  /* connections waiting in the accept queue (ss: Recv-Q) */
  gint backlog;   /* the listen() backlog (ss: Send-Q); -1 when unknown (/proc) */
} CcAcceptQueue;

typedef struct {
  CcAddress local;
  CcAddress remote;           /* not set (zero) for LISTEN sockets: they have none */
  CcTcpState state;
  CcAcceptQueue accept_queue; /* LISTEN sockets only */
  gint8 v6only;               /* IPv6 sockets: 1 IPV6_V6ONLY, 0 takes IPv4 too; -1 unknown
                               * (IPv4, or read from /proc, which does not show it) */
} CcSocket;

typedef struct {
  GArray *sockets;    /* CcSocket: the LISTEN sockets asked for, and those toward the
                       * destination, in the kernel's order */
  guint malformed;    /* lines (or netlink messages) that could not be read, skipped */
  const char *origin; /* where they were read, for evidence lines: CC_SOCKETS_PROC_ORIGIN
                       * or CC_SOCKDIAG_ORIGIN (sockdiag.h) */
} CcSocketTable;

/* Connections counted by remote end and state, for a run that asks about many
 * destinations: each question to the kernel walks its whole table of connections (its
 * every hash bucket, milliseconds however few sockets there are), so the run walks it
 * once. */
typedef struct _CcConnectionCounts CcConnectionCounts;

/* What a reader keeps. The narrower the question, the less the kernel walks: LISTEN
 * sockets alone never touch the table of connections. */
typedef struct {
  gboolean listeners;           /* keep LISTEN sockets */
  const guint16 *listen_ports;  /* only those on these ports; NULL: on any port */
  guint n_listen_ports;
  const CcAddress *destination; /* keep the sockets toward it; NULL: none */
  CcConnectionCounts *count;    /* count every connection in it (keeping none); NULL: no */
} CcSocketQuery;

#define CC_EVIDENCE_ERROR (cc_evidence_error_quark ())
GQuark cc_evidence_error_quark (void);

typedef enum {
  CC_EVIDENCE_ERROR_READ,
  CC_EVIDENCE_ERROR_FORMAT,
} CcEvidenceError;

/* One socket as read, before it becomes a CcSocket: most sockets read are dropped, and
 * formatting their addresses would cost more than reading them. */
typedef struct {
  int family;
  guint8 bytes[16]; /* network order, as in sin_addr / sin6_addr */
  guint16 port;     /* host order */
} CcRawEndpoint;

typedef struct {
  CcRawEndpoint local;
  CcRawEndpoint remote;
  CcTcpState state;
  CcAcceptQueue accept_queue; /* LISTEN sockets only */
  gint8 v6only;               /* as in CcSocket */
} CcRawSocket;

/* An empty table; origin is a static string. */
CcSocketTable *cc_socket_table_new (const char *origin);
/* Appends raw to table when query asks for it. */
void cc_socket_table_keep (CcSocketTable *table, const CcRawSocket *raw,
                           const CcSocketQuery *query);

void cc_socket_table_free (CcSocketTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcSocketTable, cc_socket_table_free)

/* "TIME_WAIT" and so on. */
const char *cc_tcp_state_name (CcTcpState state);
/* Counts per state of the sockets toward destination; counts has CC_TCP_STATE_LAST slots.
 * Returns the total. */
guint cc_sockets_count_toward (const CcSocketTable *table, const CcAddress *destination,
                               guint counts[CC_TCP_STATE_LAST]);

/* Counts for at most max_remotes remote ends: a host with more stops being counted (its
 * memory stays bounded) and says so through cc_connection_counts_complete. */
CcConnectionCounts *cc_connection_counts_new (guint max_remotes);
void cc_connection_counts_free (CcConnectionCounts *counts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcConnectionCounts, cc_connection_counts_free)
gboolean cc_connection_counts_complete (const CcConnectionCounts *counts);
/* As cc_sockets_count_toward, from the counts. */
guint cc_connection_counts_toward (const CcConnectionCounts *counts,
                                   const CcAddress *destination,
                                   guint counts_by_state[CC_TCP_STATE_LAST]);
