/* Non-blocking TCP connects, one attempt per resolved address; the event loop that waits
 * for them lives in engine.c. */
#pragma once

#include "address.h"
#include "causes.h"

typedef struct {
  CcAddress address;
  int error;          /* 0 when connected, else the errno; ETIMEDOUT at the deadline */
  const char *call;   /* the system call that failed ("socket", "connect") or NULL */
  gint64 elapsed_us;  /* until connected or failed */
  CcCauseId cause;    /* CC_CAUSE_NONE when connected */
} CcAttempt;

typedef enum {
  CC_PROBE_PENDING,         /* connecting: wait until the socket is writable */
  CC_PROBE_CONNECTED,       /* connected already (loopback): the attempt says so */
  CC_PROBE_FINISHED,        /* connected or failed at once; the attempt says which */
  CC_PROBE_NO_DESCRIPTOR,   /* EMFILE/ENFILE: this host's limit, not the endpoint's
                             * fault; try again once a socket is closed */
} CcProbeStart;

/* Starts a connect for attempt (timed from started_us); on CC_PROBE_PENDING and
 * CC_PROBE_CONNECTED, *fd is the socket. */
CcProbeStart cc_probe_start (CcAttempt *attempt, gint64 started_us, int *fd);
/* The socket became writable or reported an error: records the outcome of the connect. */
void cc_probe_complete (CcAttempt *attempt, int fd, gint64 started_us);
/* The deadline passed with the connect still pending. */
void cc_probe_expire (CcAttempt *attempt, gint64 started_us);
/* Closes the attempt's socket; a connected one with an RST (SO_LINGER 0), so that probes
 * never leave TIME_WAIT sockets behind. */
void cc_probe_close (int fd, const CcAttempt *attempt);
