#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <poll.h>
#include <unistd.h>

#include "classify.h"

static void
finish (CcAttempt *attempt, int error, const char *call, gint64 started)
{
  attempt->error = error;
  attempt->call = error != 0 ? call : NULL;
  attempt->elapsed_us = g_get_monotonic_time () - started;
  attempt->cause = cc_classify_call_errno (call, error);
}

/* An abortive close (RST): a check must never leave TIME_WAIT sockets behind, which
 * would use up the very ephemeral ports it is meant to diagnose. */
static void
close_abortively (int fd)
{
  struct linger linger = { .l_onoff = 1, .l_linger = 0 };
  setsockopt (fd, SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
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
      return;
    }
}

static gboolean
prepare (CcAttempt *attempt, int fd, const CcProbeSettings *settings, gint64 started)
{
  int on = 1;
  gboolean ipv6 = cc_address_family (&attempt->address) == AF_INET6;

  if (settings->recverr)
    setsockopt (fd, ipv6 ? SOL_IPV6 : SOL_IP, ipv6 ? IPV6_RECVERR : IP_RECVERR, &on, sizeof on);
  if (settings->source == NULL)
    return TRUE;
  attempt->source_bound = TRUE;
  if (bind (fd, (const struct sockaddr *) &settings->source->sockaddr,
            settings->source->length) == 0)
    return TRUE;
  finish (attempt, errno, "bind", started);
  return FALSE;
}

/* Starts a connect; returns the socket, or -1 when the attempt is already finished. */
static int
start_connect (CcAttempt *attempt, const CcProbeSettings *settings, gint64 started)
{
  int fd = socket (cc_address_family (&attempt->address),
                   SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
  if (fd < 0)
    {
      finish (attempt, errno, "socket", started);
      return -1;
    }
  if (prepare (attempt, fd, settings, started))
    {
      if (connect (fd, (const struct sockaddr *) &attempt->address.sockaddr,
                   attempt->address.length) == 0)
        finish (attempt, 0, NULL, started);
      else if (errno == EINPROGRESS)
        return fd;
      else
        finish (attempt, errno, "connect", started);
    }
  close_abortively (fd);
  return -1;
}

static void
finish_pending (CcAttempt *attempt, int fd, gint64 started)
{
  int error = 0;
  socklen_t length = sizeof error;

  if (getsockopt (fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
    error = errno;
  finish (attempt, error, "connect", started);
  if (error == 0)
    return;
  record_local (attempt, fd);
  record_icmp (attempt, fd);
}

static void
finish_timed_out (CcAttempt *attempt, int fd, gint64 started)
{
  finish (attempt, ETIMEDOUT, "connect", started);
  record_local (attempt, fd);
  record_icmp (attempt, fd);
}

void
cc_probe_connect_all (CcAttempt *attempts, guint n_attempts, gint64 deadline_us,
                      const CcProbeSettings *settings)
{
  static const CcProbeSettings defaults = { NULL, FALSE };
  g_autofree struct pollfd *fds = g_new (struct pollfd, n_attempts);
  gint64 started = g_get_monotonic_time ();
  guint pending = 0;

  if (settings == NULL)
    settings = &defaults;
  for (guint i = 0; i < n_attempts; i++)
    {
      fds[i].fd = start_connect (&attempts[i], settings, started);
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
            finish_pending (&attempts[i], fds[i].fd, started);
          else if (ready <= 0 && g_get_monotonic_time () >= deadline_us)
            finish_timed_out (&attempts[i], fds[i].fd, started);
          else
            continue;
          close_abortively (fds[i].fd);
          fds[i].fd = -1;
          pending--;
        }
    }
}
