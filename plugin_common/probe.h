/* Non-blocking TCP connects to every address of an endpoint, under one deadline. */
#pragma once

#include "address.h"
#include "causes.h"

typedef struct {
  CcAddress address;
  int error;          /* 0 when connected, else the errno; ETIMEDOUT at the deadline */
  const char *call;   /* the system call that failed ("socket", "connect") or NULL */
  gint64 elapsed_us;  /* until connected or failed */
  CcCauseId cause;    /* CC_CAUSE_NONE when connected */
  gboolean keep_fd;   /* in: hand the connected socket back instead of closing it */
  int fd;             /* out: the connected socket when keep_fd, else -1 */
} CcAttempt;

/* Tries all attempts at once and fills in their outcome; returns when each one has
 * connected, failed, or reached deadline_us (g_get_monotonic_time clock). */
void cc_probe_connect_all (CcAttempt *attempts, guint n_attempts, gint64 deadline_us);
/* Closes a socket with a reset, leaving no TIME_WAIT behind. */
void cc_probe_close (int fd);
