#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "classify.h"

static void
finish (CcAttempt *attempt, int error, const char *call, gint64 started)
{
  attempt->error = error;
  attempt->call = error != 0 ? call : NULL;
  attempt->elapsed_us = g_get_monotonic_time () - started;
  attempt->cause = cc_classify_connect_errno (error);
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

/* Starts a connect; returns the socket, or -1 when the attempt is already finished. */
static int
start_connect (CcAttempt *attempt, gint64 started)
{
  int fd = socket (cc_address_family (&attempt->address),
                   SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
  attempt->fd = -1;
  if (fd < 0)
    {
      finish (attempt, errno, "socket", started);
      return -1;
    }
  if (connect (fd, (const struct sockaddr *) &attempt->address.sockaddr,
               attempt->address.length) == 0)
    {
      finish (attempt, 0, NULL, started);
      if (attempt->keep_fd)
        {
          attempt->fd = fd;
          return -1;
        }
    }
  else if (errno != EINPROGRESS)
    finish (attempt, errno, "connect", started);
  else
    return fd;
  cc_probe_close (fd);
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
}

void
cc_probe_connect_all (CcAttempt *attempts, guint n_attempts, gint64 deadline_us)
{
  g_autofree struct pollfd *fds = g_new (struct pollfd, n_attempts);
  gint64 started = g_get_monotonic_time ();
  guint pending = 0;

  for (guint i = 0; i < n_attempts; i++)
    {
      fds[i].fd = start_connect (&attempts[i], started);
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
            finish (&attempts[i], ETIMEDOUT, "connect", started);
          else
            continue;
          if (attempts[i].keep_fd && attempts[i].cause == CC_CAUSE_NONE)
            attempts[i].fd = fds[i].fd;
          else
            cc_probe_close (fds[i].fd);
          fds[i].fd = -1;
          pending--;
        }
    }
}
