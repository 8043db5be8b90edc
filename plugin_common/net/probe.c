/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "net/probe.h"

#include <errno.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <unistd.h>

#include "net/classify.h"

/* See CcAttempt: a GArray of one attempt allocates 256 bytes, not 512. */
G_STATIC_ASSERT (sizeof (CcAttempt) <= 256);

static void
finish (CcAttempt *attempt, int error, const char *call, gint64 started_us)
{
  attempt->error = error;
  attempt->call = error != 0 ? call : NULL;
  attempt->elapsed_us = g_get_monotonic_time () - started_us;
  attempt->cause = cc_classify_call_errno (call, error);
}

/* An abortive close (RST): a check must never leave TIME_WAIT sockets behind, which
 * would use up the very ephemeral ports it is meant to diagnose. */
void
cc_probe_close (int fd)
{
  struct linger linger = { .l_onoff = 1, .l_linger = 0 };

  setsockopt (fd, SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
  close (fd);
}

/* A socket whose connect the kernel failed holds no connection and needs no RST;
 * sparing it the call matters in bulk. Any other may be connected, even one whose
 * deadline just passed. */
void
cc_probe_close_attempt (int fd, const CcAttempt *attempt)
{
  if (attempt->error == 0 || attempt->error == ETIMEDOUT)
    cc_probe_close (fd);
  else
    close (fd);
}

static void
record_local (CcAttempt *attempt, int fd)
{
  struct sockaddr_storage local;
  socklen_t length = sizeof local;

  if (getsockname (fd, (struct sockaddr *) &local, &length) == 0)
    cc_address_set (&attempt->local, (const struct sockaddr *) &local, length);
}

/* The first queued ICMP error, if any: it tells "something answered" from silence. */
static void
record_icmp (CcAttempt *attempt, int fd)
{
  char control[512];
  struct sockaddr_storage from;
  struct msghdr message = {
    .msg_name = &from, .msg_namelen = sizeof from,
    .msg_control = control, .msg_controllen = sizeof control,
  };

  if (recvmsg (fd, &message, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
    return;
  for (struct cmsghdr *c = CMSG_FIRSTHDR (&message); c != NULL; c = CMSG_NXTHDR (&message, c))
    {
      const struct sock_extended_err *ee = (const struct sock_extended_err *) CMSG_DATA (c);
      if (!((c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR)
            || (c->cmsg_level == SOL_IPV6 && c->cmsg_type == IPV6_RECVERR))
          || (ee->ee_origin != SO_EE_ORIGIN_ICMP && ee->ee_origin != SO_EE_ORIGIN_ICMP6))
        continue;
      attempt->has_icmp = TRUE;
      attempt->icmp_type = ee->ee_type;
      attempt->icmp_code = ee->ee_code;
      cc_address_set (&attempt->icmp_from, SO_EE_OFFENDER (ee),
                      ee->ee_origin == SO_EE_ORIGIN_ICMP ? sizeof (struct sockaddr_in)
                                                         : sizeof (struct sockaddr_in6));
      /* connect() says ECONNREFUSED for an RST and for ICMP port unreachable alike, and
       * EACCES for ICMPv6 prohibited as for this host's own firewall: the ICMP tells. */
      attempt->cause = cc_classify_icmp (ee->ee_origin == SO_EE_ORIGIN_ICMP6, ee->ee_type,
                                         ee->ee_code, attempt->cause);
      return;
    }
}

static gboolean
prepare (CcAttempt *attempt, int fd, const CcProbeSettings *settings, gint64 started_us)
{
  int on = 1;
  gboolean ipv6 = cc_address_family (&attempt->address) == AF_INET6;

  setsockopt (fd, ipv6 ? SOL_IPV6 : SOL_IP, ipv6 ? IPV6_RECVERR : IP_RECVERR, &on, sizeof on);
  if (settings->source == NULL)
    return TRUE;
  attempt->source_bound = TRUE;
  if (bind (fd, (const struct sockaddr *) &settings->source->sockaddr,
            settings->source->length) == 0)
    return TRUE;
  finish (attempt, errno, "bind", started_us);
  attempt->local = *settings->source;
  return FALSE;
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
cc_probe_start (CcAttempt *attempt, const CcProbeSettings *settings, gint64 started_us,
                int *fd)
{
  static const CcProbeSettings defaults = { NULL };
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
  if (!prepare (attempt, sock, settings ? settings : &defaults, started_us))
    {
      close (sock);
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
  /* Refused or reset already; or connected, and the server has closed its end since
   * (one that greets and hangs up at once): that is for the conversation to see. */
  cc_probe_complete (attempt, sock, started_us);
  if (attempt->cause == CC_CAUSE_NONE)
    return CC_PROBE_CONNECTED;
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
  if (error == 0)
    return;
  record_local (attempt, fd);
  record_icmp (attempt, fd);
}

void
cc_probe_fail (CcAttempt *attempt, int error, const char *call, gint64 started_us)
{
  finish (attempt, error, call, started_us);
}

void
cc_probe_expire (CcAttempt *attempt, int fd, gint64 started_us)
{
  finish (attempt, ETIMEDOUT, "connect", started_us);
  record_local (attempt, fd);
  record_icmp (attempt, fd);
}

/* A connected socket goes back to the caller when it asked to keep it. */
static void
keep_or_close (CcAttempt *attempt, int fd)
{
  if (attempt->keep_fd && attempt->cause == CC_CAUSE_NONE)
    attempt->fd = fd;
  else
    cc_probe_close_attempt (fd, attempt);
}

void
cc_probe_connect_all (CcAttempt *attempts, guint n_attempts, gint64 deadline_us,
                      const CcProbeSettings *settings)
{
  g_autofree struct pollfd *fds = g_new (struct pollfd, n_attempts);
  gint64 started = g_get_monotonic_time ();
  guint pending = 0;

  for (guint i = 0; i < n_attempts; i++)
    {
      CcProbeStart start;

      attempts[i].fd = -1;
      start = cc_probe_start (&attempts[i], settings, started, &fds[i].fd);
      if (start == CC_PROBE_CONNECTED)
        keep_or_close (&attempts[i], fds[i].fd);
      else if (start == CC_PROBE_NO_DESCRIPTOR)
        finish (&attempts[i], EMFILE, "socket", started);
      if (start != CC_PROBE_PENDING)
        fds[i].fd = -1;
      fds[i].events = POLLOUT;
      pending += fds[i].fd >= 0;
    }
  while (pending > 0)
    {
      gint64 left_us = deadline_us - g_get_monotonic_time ();
      int ready = poll (fds, n_attempts, left_us > 0 ? (int) ((left_us + 999) / 1000) : 0);

      if (ready < 0 && errno == EINTR)
        continue;
      for (guint i = 0; i < n_attempts; i++)
        {
          if (fds[i].fd < 0)
            continue;
          if (ready > 0 && fds[i].revents != 0)
            cc_probe_complete (&attempts[i], fds[i].fd, started);
          else if (ready <= 0 && g_get_monotonic_time () >= deadline_us)
            cc_probe_expire (&attempts[i], fds[i].fd, started);
          else
            continue;
          keep_or_close (&attempts[i], fds[i].fd);
          fds[i].fd = -1;
          pending--;
        }
    }
}

CcProbeSettings
cc_probe_settings_for (const CcEndpoint *endpoint)
{
  CcProbeSettings settings = { endpoint->source };
  return settings;
}
