#include "probe.h"

#include <errno.h>
#include <unistd.h>

#include "classify.h"

static void
finish (CcAttempt *attempt, int error, const char *call, gint64 started_us)
{
  attempt->error = error;
  attempt->call = error != 0 ? call : NULL;
  attempt->elapsed_us = g_get_monotonic_time () - started_us;
  attempt->cause = cc_classify_connect_errno (error);
}

/* An abortive close (RST): a check must never leave TIME_WAIT sockets behind, which
 * would use up the very ephemeral ports it is meant to diagnose. A socket whose connect
 * the kernel failed holds no connection and needs no RST; sparing it the call matters in
 * bulk. Any other may be connected, even one whose deadline just passed. */
void
cc_probe_close (int fd, const CcAttempt *attempt)
{
  struct linger linger = { .l_onoff = 1, .l_linger = 0 };

  if (attempt->error == 0 || attempt->error == ETIMEDOUT)
    setsockopt (fd, SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
  close (fd);
}

CcProbeStart
cc_probe_start (CcAttempt *attempt, gint64 started_us, int *fd)
{
  int sock = socket (cc_address_family (&attempt->address),
                     SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
  if (sock < 0)
    {
      if (errno == EMFILE || errno == ENFILE)
        return CC_PROBE_NO_DESCRIPTOR;
      finish (attempt, errno, "socket", started_us);
      return CC_PROBE_FINISHED;
    }
  /* Even a connect that succeeds at once goes through the event loop: the socket is
   * writable at once, and whatever follows the connect happens in one place. */
  if (connect (sock, (const struct sockaddr *) &attempt->address.sockaddr,
               attempt->address.length) == 0
      || errno == EINPROGRESS)
    {
      *fd = sock;
      return CC_PROBE_PENDING;
    }
  finish (attempt, errno, "connect", started_us);
  close (sock);
  return CC_PROBE_FINISHED;
}

void
cc_probe_complete (CcAttempt *attempt, int fd, gint64 started_us)
{
  int error = 0;
  socklen_t length = sizeof error;

  if (getsockopt (fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
    error = errno;
  finish (attempt, error, "connect", started_us);
}

void
cc_probe_expire (CcAttempt *attempt, gint64 started_us)
{
  finish (attempt, ETIMEDOUT, "connect", started_us);
}
