/* TCP sockets of this host (or of a fixture tree), from /proc/net/tcp and tcp6. */
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
  GArray *sockets;  /* CcSocket: every LISTEN socket, and those toward the destination */
  guint malformed;  /* lines that could not be read, skipped */
} CcSocketTable;

#define CC_EVIDENCE_ERROR (cc_evidence_error_quark ())
GQuark cc_evidence_error_quark (void);

typedef enum {
  CC_EVIDENCE_ERROR_READ,
  CC_EVIDENCE_ERROR_FORMAT,
} CcEvidenceError;

/* Reads ROOT/proc/net/tcp and ROOT/proc/net/tcp6 (the latter may be absent). Keeps only
 * listening sockets and, when destination is not NULL, sockets whose remote end is that
 * address and port, so a host with a million sockets costs no memory. */
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
