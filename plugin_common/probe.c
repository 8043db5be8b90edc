#include "probe.h"

#include <errno.h>
#include <netinet/tcp.h>
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

/* The TCP state of a socket; TCP_SYN_SENT when it cannot be read, so that the event
 * loop waits for it as usual. */
static int
tcp_state (int fd)
{
  struct tcp_info info;
  socklen_t length = sizeof info;

  return getsockopt (fd, IPPROTO_TCP, TCP_INFO, &info, &length) == 0 ? info.tcpi_state
                                                                     : TCP_SYN_SENT;
}

CcProbeStart
cc_probe_start (CcAttempt *attempt, gint64 started_us, int *fd)
{
  int sock = socket (cc_address_family (&attempt->address),
                     SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
  gboolean connected;
  int state;

  if (sock < 0)
    {
      if (errno == EMFILE || errno == ENFILE)
        return CC_PROBE_NO_DESCRIPTOR;
      finish (attempt, errno, "socket", started_us);
      return CC_PROBE_FINISHED;
    }
  connected = connect (sock, (const struct sockaddr *) &attempt->address.sockaddr,
                       attempt->address.length) == 0;
  if (!connected && errno != EINPROGRESS)
    {
      finish (attempt, errno, "connect", started_us);
      close (sock);
      return CC_PROBE_FINISHED;
    }
  /* Over loopback the kernel completes the handshake (or the refusal) inside connect():
   * asking at once spares the event loop a watch and a wakeup per probe, a good part of
   * the cost of a bulk run. */
  state = connected ? TCP_ESTABLISHED : tcp_state (sock);
  *fd = sock;
  if (state == TCP_SYN_SENT)
    return CC_PROBE_PENDING;
  if (state == TCP_ESTABLISHED)
    {
      finish (attempt, 0, NULL, started_us);
      return CC_PROBE_CONNECTED;
    }
  cc_probe_complete (attempt, sock, started_us); /* refused or reset already */
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
