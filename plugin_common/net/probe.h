/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Non-blocking TCP connects, one attempt per resolved address. The event loop that waits
 * for a check's attempts lives in engine/engine.c; cc_probe_connect_all() is the small loop the
 * diagnosis uses for its side probes within a check. */
#pragma once

#include "base/address.h"
#include "model/causes.h"
#include "model/endpoint.h"

/* A bulk run keeps one per address of every endpoint, in a GArray that rounds its
 * allocation up to a power of two: the flags are bits so that it stays within 256 bytes
 * (checked when probe.c compiles). */
typedef struct {
  CcAddress address;
  int error;          /* 0 when connected, else the errno; ETIMEDOUT at the deadline */
  const char *call;   /* the system call that failed ("socket", "connect") or NULL */
  gint64 elapsed_us;  /* until connected or failed */
  CcCauseId cause;    /* CC_CAUSE_NONE when connected */
  int fd;             /* out: the connected socket when keep_fd, else -1 */
  guint keep_fd : 1;  /* in: hand the connected socket back instead of closing it */
  /* Recorded for diagnosis, on failure only: a success costs no extra system call. */
  guint source_bound : 1; /* an explicit source address was bound first */
  guint has_icmp : 1;     /* an ICMP error arrived (IP_RECVERR); it decides the cause */
  guint8 icmp_type, icmp_code;
  CcAddress local;        /* local end the kernel chose, or the source a failed bind
                           * asked for; family 0 when none */
  CcAddress icmp_from;    /* who sent it */
} CcAttempt;

typedef struct {
  const CcAddress *source; /* bind to this address first; NULL: the kernel chooses */
} CcProbeSettings;

/* How the endpoint's connects are made (source address); borrows from it. Every connect
 * queues the ICMP errors it draws (IP_RECVERR), so that a refusal by ICMP is told from a
 * reset and an IPv6 reject is reported at once rather than at the next SYN. */
CcProbeSettings cc_probe_settings_for (const CcEndpoint *endpoint);

typedef enum {
  CC_PROBE_PENDING,         /* connecting: wait until the socket is writable */
  CC_PROBE_CONNECTED,       /* connected already (loopback): the attempt says so */
  CC_PROBE_FINISHED,        /* failed at once; the attempt says how */
  CC_PROBE_NO_DESCRIPTOR,   /* EMFILE/ENFILE: this host's limit, not the endpoint's
                             * fault; try again once a socket is closed */
} CcProbeStart;

/* Starts a connect for attempt (timed from started_us); settings may be NULL. On
 * CC_PROBE_PENDING and CC_PROBE_CONNECTED, *fd is the socket. */
CcProbeStart cc_probe_start (CcAttempt *attempt, const CcProbeSettings *settings,
                             gint64 started_us, int *fd);
/* The socket became writable or reported an error: records the outcome of the connect. */
void cc_probe_complete (CcAttempt *attempt, int fd, gint64 started_us);
/* The attempt ends without a connect: error from call (EMFILE from "socket" for one
 * this host had no descriptor for before the deadline). */
void cc_probe_fail (CcAttempt *attempt, int error, const char *call, gint64 started_us);
/* The deadline passed with the connect still pending. */
void cc_probe_expire (CcAttempt *attempt, int fd, gint64 started_us);
/* Closes the attempt's socket; one that may be connected with an RST, as
 * cc_probe_close(). */
void cc_probe_close_attempt (int fd, const CcAttempt *attempt);

/* Tries all attempts at once and fills in their outcome; returns when each one has
 * connected, failed, or reached deadline_us (g_get_monotonic_time clock). */
void cc_probe_connect_all (CcAttempt *attempts, guint n_attempts, gint64 deadline_us,
                           const CcProbeSettings *settings);
/* Closes a socket with a reset, leaving no TIME_WAIT behind. */
void cc_probe_close (int fd);
