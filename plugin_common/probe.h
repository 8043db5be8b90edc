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
  /* Recorded for diagnosis, on failure only: a success costs no extra system call. */
  CcAddress local;        /* local end the kernel chose; family 0 when none */
  gboolean source_bound;  /* an explicit source address was bound first */
  gboolean has_icmp;      /* an ICMP error arrived (IP_RECVERR) */
  guint8 icmp_type, icmp_code;
  CcAddress icmp_from;    /* who sent it */
} CcAttempt;

typedef struct {
  const CcAddress *source; /* bind to this address first; NULL: the kernel chooses */
  gboolean recverr;        /* queue ICMP errors on the socket so a timeout can name them */
} CcProbeSettings;

/* Tries all attempts at once and fills in their outcome; returns when each one has
 * connected, failed, or reached deadline_us (g_get_monotonic_time clock). */
void cc_probe_connect_all (CcAttempt *attempts, guint n_attempts, gint64 deadline_us,
                           const CcProbeSettings *settings);
