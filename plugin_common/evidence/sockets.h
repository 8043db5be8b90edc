/* TCP sockets of this host (or of a fixture tree): from the kernel's socket diagnostics
 * (NETLINK_SOCK_DIAG) on the live system, from /proc/net/tcp and tcp6 otherwise. */
#pragma once

#include <glib.h>

#include "address.h"

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

typedef struct {
  CcAddress local;
  CcAddress remote;
  CcTcpState state;
} CcSocket;

typedef struct {
  GArray *sockets;    /* CcSocket: the LISTEN sockets asked for, and those toward the
                       * destination, in the kernel's order */
  guint malformed;    /* lines (or netlink messages) that could not be read, skipped */
  const char *origin; /* where they were read, for evidence lines: CC_SOCKETS_PROC_ORIGIN
                       * or CC_SOCKDIAG_ORIGIN (sockdiag.h) */
} CcSocketTable;

#define CC_SOCKETS_PROC_ORIGIN "/proc/net/tcp, tcp6"

/* What a reader keeps. The narrower the question, the less the kernel walks: LISTEN
 * sockets alone never touch the table of connections. */
typedef struct {
  gboolean listeners;           /* keep LISTEN sockets */
  const guint16 *listen_ports;  /* only those on these ports; NULL: on any port */
  guint n_listen_ports;
  const CcAddress *destination; /* keep the sockets toward it; NULL: none */
} CcSocketQuery;

#define CC_EVIDENCE_ERROR (cc_evidence_error_quark ())
GQuark cc_evidence_error_quark (void);

typedef enum {
  CC_EVIDENCE_ERROR_READ,
  CC_EVIDENCE_ERROR_FORMAT,
} CcEvidenceError;

/* The sockets query asks for, IPv4 first, then IPv6. ROOT "/" is the live system: asks
 * the kernel through NETLINK_SOCK_DIAG, and reads /proc when that fails for any reason.
 * Any other ROOT is a fixture tree, always read through its proc/net files. */
CcSocketTable *cc_sockets_query (const char *root, const CcSocketQuery *query,
                                 GError **error);
/* Reads ROOT/proc/net/tcp and ROOT/proc/net/tcp6 (the latter may be absent), keeping only
 * what query asks for, so a host with a million sockets costs no memory. */
CcSocketTable *cc_sockets_proc_query (const char *root, const CcSocketQuery *query,
                                      GError **error);
/* Every listening socket and, when destination is not NULL, the sockets whose remote end
 * is that address and port. */
CcSocketTable *cc_sockets_read (const char *root, const CcAddress *destination,
                                GError **error);
void cc_socket_table_free (CcSocketTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcSocketTable, cc_socket_table_free)

/* "TIME_WAIT" and so on. */
const char *cc_tcp_state_name (CcTcpState state);
/* Counts per state of the sockets toward destination; counts has CC_TCP_STATE_LAST slots.
 * Returns the total. */
guint cc_sockets_count_toward (const CcSocketTable *table, const CcAddress *destination,
                               guint counts[CC_TCP_STATE_LAST]);
