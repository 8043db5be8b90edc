/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "engine/engine.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <unistd.h>

#include "base/timer_heap.h"

G_DEFINE_QUARK (cc-engine-error-quark, cc_engine_error)

/* Sockets kept free for everything else the process opens (config, logs, resolver). */
#define RESERVED_DESCRIPTORS 32
#define DEFAULT_PARALLEL 4096
/* getaddrinfo_a runs one thread per request up to its own cap; more only queue there. */
#define MAX_LOOKUPS 64
/* How often pending lookups are polled, and how long to wait when out of descriptors
 * with nothing of ours left to close. */
#define LOOKUP_POLL_MS 1
#define STARVED_WAIT_MS 10
#define EVENT_BATCH 1024

/* The conversation after connecting (seen->exchange), on one socket at a time. */
typedef struct {
  const CcAttempt *primary;    /* the connection it began on: reconnects go there */
  int fd;                      /* -1 while waiting for a descriptor to reconnect */
  guint32 events;              /* what fd is watched for; 0 when not in the epoll set */
  gboolean connecting;         /* fd is a reconnect still in progress */
  CcAttempt redial;            /* that reconnect's outcome */
} Talk;

typedef struct {
  CcTimer timer;               /* first member: the heap hands back the Job; due at the
                                * deadline or, while talking, at the exchange's own
                                * wake-up if that comes first */
  CcObservation *seen;         /* handed to options->finished when done */
  CcLookup *lookup;            /* while the name resolves */
  int *fds;                    /* one per attempt while it connects, -1 when not */
  guint started;               /* attempts begun, in order; the rest wait for sockets */
  guint pending;               /* attempts still connecting */
  gboolean waiting;            /* in Engine.retry, its deadline still armed */
  Talk *talk;                  /* once every connect is over, with a protocol */
  gint64 deadline_us;
  gint64 connect_started_us;
} Job;

typedef struct {
  const CcEngineOptions *options;
  Job *jobs;
  guint n_jobs;
  guint next;                  /* the first job never started */
  GQueue retry;                /* jobs waiting for sockets: to begin (a lookup slot) or
                                * to go on with their attempts */
  GQueue redial;               /* talking jobs waiting for a descriptor to reconnect */
  GPtrArray *resolving;        /* Job *, with a lookup in flight */
  CcTimerHeap deadlines;
  int epoll_fd;
  guint open;                  /* sockets open now */
  guint budget;                /* most sockets open at once */
  gboolean starved;            /* out of descriptors with none of ours open */
  guint done;
  CcTlsClients *tls_clients;   /* one trust store per CA file for the whole run */
} Engine;

/* The epoll key of a conversation's socket; attempts are numbered from 0. */
#define TALK G_MAXUINT32

static guint64
pack (guint job, guint32 attempt)
{
  return ((guint64) job << 32) | attempt;
}

static CcAttempt *
attempt_at (Job *job, guint i)
{
  return &g_array_index (job->seen->attempts, CcAttempt, i);
}

static guint
ephemeral_ports (const char *proc_root)
{
  g_autofree char *path = g_build_filename (proc_root ? proc_root : "/proc",
                                            "sys/net/ipv4/ip_local_port_range", NULL);
  g_autofree char *text = NULL;
  guint low, high;

  if (!g_file_get_contents (path, &text, NULL, NULL)
      || sscanf (text, "%u %u", &low, &high) != 2 || high < low)
    return G_MAXUINT;
  return high - low + 1;
}

guint
cc_engine_socket_budget (guint parallel, const char *proc_root)
{
  struct rlimit limit;
  guint budget = parallel > 0 ? parallel : DEFAULT_PARALLEL;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0)
    {
      if (limit.rlim_cur < limit.rlim_max)
        {
          limit.rlim_cur = limit.rlim_max;
          if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
            getrlimit (RLIMIT_NOFILE, &limit);
        }
      if (limit.rlim_cur != RLIM_INFINITY)
        budget = MIN (budget, limit.rlim_cur > 2 * RESERVED_DESCRIPTORS
                                ? limit.rlim_cur - RESERVED_DESCRIPTORS
                                : MAX (limit.rlim_cur / 2, 1));
    }
  return MAX (MIN (budget, ephemeral_ports (proc_root)), 1);
}

static void
set_timer (Engine *engine, Job *job, gint64 due_us)
{
  cc_timer_heap_remove (&engine->deadlines, &job->timer);
  job->timer.deadline_us = due_us;
  cc_timer_heap_push (&engine->deadlines, &job->timer);
}

static void
finish_job (Engine *engine, Job *job)
{
  cc_timer_heap_remove (&engine->deadlines, &job->timer);
  g_clear_pointer (&job->fds, g_free);
  g_clear_pointer (&job->talk, g_free);
  engine->done++;
  engine->options->finished ((guint) (job - engine->jobs), g_steal_pointer (&job->seen),
                             engine->options->user_data);
}

static void
close_probe (Engine *engine, Job *job, guint i)
{
  cc_probe_close_attempt (job->fds[i], attempt_at (job, i));
  job->fds[i] = -1;
  job->pending--;
  engine->open--;
}

/* A connection kept for a conversation that will not use it. */
static void
drop_kept (Engine *engine, CcAttempt *attempt)
{
  cc_probe_close (attempt->fd);
  attempt->fd = -1;
  engine->open--;
}

/* Out of descriptors or epoll watches, the limits of this host: nothing more starts
 * until one of our sockets closes. */
static void
starve (Engine *engine)
{
  engine->budget = MAX (engine->open, 1);
  engine->starved = engine->open == 0;
}

/* The job has attempts left and no socket for them now: it waits at the head of the
 * queue (it holds a check already begun) with its deadline armed, so that waiting never
 * takes it past -t. */
static void
wait_for_sockets (Engine *engine, Job *job)
{
  job->waiting = TRUE;
  g_queue_push_head (&engine->retry, job);
}

static void
adopt (Engine *engine, Job *job, guint i, int fd)
{
  job->fds[i] = fd;
  job->pending++;
  engine->open++;
}

static gboolean
watch (Engine *engine, Job *job, guint i, int fd)
{
  struct epoll_event event = { .events = EPOLLOUT,
                               .data.u64 = pack ((guint) (job - engine->jobs), i) };
  if (epoll_ctl (engine->epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0)
    {
      close (fd);
      return FALSE;
    }
  adopt (engine, job, i, fd);
  return TRUE;
}

/* ---- The conversation: the exchange's state machine, driven by the same loop. ---- */

static void follow (Engine *engine, Job *job, CcExchangeWant want);

static gboolean
watch_talk (Engine *engine, Job *job, int fd, guint32 events)
{
  struct epoll_event event = { .events = events,
                               .data.u64 = pack ((guint) (job - engine->jobs), TALK) };

  if (epoll_ctl (engine->epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0)
    return FALSE;
  job->talk->fd = fd;
  job->talk->events = events;
  return TRUE;
}

static void
hang_up (Engine *engine, Talk *talk)
{
  cc_probe_close (talk->fd);
  talk->fd = -1;
  talk->events = 0;
  talk->connecting = FALSE;
  engine->open--;
}

/* The deadline passed, or a reconnect failed: the exchange's verdict is what it has
 * seen so far. */
static void
end_talk (Engine *engine, Job *job)
{
  if (job->talk->fd >= 0)
    hang_up (engine, job->talk);
  else
    g_queue_remove (&engine->redial, job);
  cc_exchange_expire (job->seen->exchange);
  finish_job (engine, job);
}

/* The exchange asked for a new connection to the same address. It counts against the
 * same limits as every socket, and when this host is out of descriptors it waits for
 * one, as a new job would. Its timing is not reported: no start time is kept. */
static void
redial (Engine *engine, Job *job)
{
  Talk *talk = job->talk;
  CcProbeSettings settings = cc_probe_settings_for (job->seen->endpoint);
  CcProbeStart start;
  int fd;

  set_timer (engine, job, job->deadline_us);
  if (engine->open >= engine->budget || engine->starved)
    {
      g_queue_push_tail (&engine->redial, job);
      return;
    }
  talk->redial = (CcAttempt) { .address = talk->primary->address, .fd = -1 };
  start = cc_probe_start (&talk->redial, &settings, g_get_monotonic_time (), &fd);
  if (start == CC_PROBE_FINISHED)
    {
      end_talk (engine, job);
      return;
    }
  if (start == CC_PROBE_NO_DESCRIPTOR
      || !watch_talk (engine, job, fd, start == CC_PROBE_PENDING ? EPOLLOUT : EPOLLIN))
    {
      if (start != CC_PROBE_NO_DESCRIPTOR)
        close (fd);
      g_queue_push_tail (&engine->redial, job);
      starve (engine);
      return;
    }
  engine->open++;
  talk->connecting = start == CC_PROBE_PENDING;
  if (!talk->connecting)
    follow (engine, job, cc_exchange_start (job->seen->exchange, fd));
}

/* Does what the exchange asks: watch its socket for reading or writing until its own
 * timer or the deadline, whichever comes first; reconnect; or judge the job. */
static void
follow (Engine *engine, Job *job, CcExchangeWant want)
{
  Talk *talk = job->talk;
  guint32 events = want & CC_EXCHANGE_WANT_READ ? EPOLLIN : EPOLLOUT;
  gint64 wake;

  if (want == CC_EXCHANGE_DONE)
    {
      hang_up (engine, talk);
      finish_job (engine, job);
      return;
    }
  if (want == CC_EXCHANGE_RECONNECT)
    {
      hang_up (engine, talk);
      redial (engine, job);
      return;
    }
  if (events != talk->events)
    {
      struct epoll_event event = { .events = events,
                                   .data.u64 = pack ((guint) (job - engine->jobs), TALK) };
      /* Changing a watch the set holds allocates nothing: it cannot run out. */
      epoll_ctl (engine->epoll_fd, EPOLL_CTL_MOD, talk->fd, &event);
      talk->events = events;
    }
  wake = cc_exchange_wake_at (job->seen->exchange);
  set_timer (engine, job, wake > 0 ? MIN (wake, job->deadline_us) : job->deadline_us);
}

static void
talk_event (Engine *engine, Job *job)
{
  Talk *talk = job->talk;

  if (!talk->connecting)
    {
      follow (engine, job, cc_exchange_step (job->seen->exchange, talk->fd));
      return;
    }
  talk->connecting = FALSE;
  cc_probe_complete (&talk->redial, talk->fd, g_get_monotonic_time ());
  if (talk->redial.cause != CC_CAUSE_NONE)
    end_talk (engine, job);
  else
    follow (engine, job, cc_exchange_start (job->seen->exchange, talk->fd));
}

/* Every connect of the job is over: with a protocol, talk over the fastest connection
 * (closing the others); otherwise, or when nothing connected, judge. */
static void
connects_over (Engine *engine, Job *job)
{
  CcAttempt *primary = cc_observation_begin_exchange (job->seen);

  if (job->seen->exchange != NULL)
    cc_exchange_share_tls_clients (job->seen->exchange, engine->tls_clients);

  for (guint i = 0; i < job->seen->attempts->len; i++)
    if (attempt_at (job, i)->fd >= 0 && attempt_at (job, i) != primary)
      drop_kept (engine, attempt_at (job, i));
  if (primary == NULL)
    {
      finish_job (engine, job);
      return;
    }
  job->talk = g_new0 (Talk, 1);
  job->talk->primary = primary;
  if (!watch_talk (engine, job, primary->fd, EPOLLIN))
    {
      /* The kernel's epoll watch limit: this host's limit, and the verdict says so. */
      int saved = errno;

      g_clear_pointer (&job->talk, g_free);
      g_clear_pointer (&job->seen->exchange, cc_exchange_free);
      drop_kept (engine, primary);
      cc_probe_fail (primary, saved, "epoll_ctl", job->connect_started_us);
      finish_job (engine, job);
      return;
    }
  primary->fd = -1;
  follow (engine, job, cc_exchange_start (job->seen->exchange, job->talk->fd));
}

/* The connect of attempt i is over, and the attempt says how. A connection kept for the
 * conversation leaves the epoll set (watched: it was in it) until connects_over. */
static void
after_connect (Engine *engine, Job *job, guint i, gboolean watched)
{
  CcAttempt *attempt = attempt_at (job, i);

  if (!attempt->keep_fd || attempt->cause != CC_CAUSE_NONE)
    {
      close_probe (engine, job, i);
      return;
    }
  if (watched)
    epoll_ctl (engine->epoll_fd, EPOLL_CTL_DEL, job->fds[i], NULL);
  attempt->fd = job->fds[i];
  job->fds[i] = -1;
  job->pending--;
}

/* Begins the job's attempts in order while sockets are free; the rest wait for them
 * (wait_for_sockets), and at the deadline those never begun say so (expire_job). */
static void
continue_connects (Engine *engine, Job *job)
{
  GArray *attempts = job->seen->attempts;
  CcProbeSettings settings = cc_probe_settings_for (job->seen->endpoint);

  while (job->started < attempts->len)
    {
      guint i = job->started;
      int fd;

      if (engine->open >= engine->budget || engine->starved)
        {
          wait_for_sockets (engine, job);
          return;
        }
      switch (cc_probe_start (attempt_at (job, i), &settings, job->connect_started_us, &fd))
        {
        case CC_PROBE_PENDING:
          if (watch (engine, job, i, fd))
            break;
          G_GNUC_FALLTHROUGH; /* the kernel's epoll watch limit: a local limit too */
        case CC_PROBE_NO_DESCRIPTOR:
          starve (engine);
          wait_for_sockets (engine, job);
          return;
        case CC_PROBE_CONNECTED:
          adopt (engine, job, i, fd);
          after_connect (engine, job, i, FALSE);
          break;
        case CC_PROBE_FINISHED:
          break;
        }
      job->started++;
    }
  if (job->pending == 0)
    connects_over (engine, job);
}

static void
connect_job (Engine *engine, Job *job)
{
  job->connect_started_us = g_get_monotonic_time ();
  job->fds = g_new (int, job->seen->attempts->len);
  for (guint i = 0; i < job->seen->attempts->len; i++)
    job->fds[i] = -1;
  continue_connects (engine, job);
}

static void
resolved (Engine *engine, Job *job, CcResolution *resolution)
{
  cc_observation_set_resolution (job->seen, resolution);
  if (resolution->cause != CC_CAUSE_NONE)
    finish_job (engine, job);
  else
    connect_job (engine, job);
}

static void
arm (Engine *engine, Job *job)
{
  job->seen->started_us = g_get_monotonic_time ();
  job->deadline_us
    = job->seen->started_us + (gint64) (job->seen->endpoint->timeout_s * G_USEC_PER_SEC);
  set_timer (engine, job, job->deadline_us);
}

/* Returns FALSE when the job has to wait for a free resolver slot. */
static gboolean
start_job (Engine *engine, Job *job)
{
  const CcEndpoint *endpoint;
  CcResolution *resolution;
  CcFamily family;

  if (job->fds != NULL) /* its connects begun, it waited for sockets */
    {
      continue_connects (engine, job);
      return TRUE;
    }
  endpoint = job->seen->endpoint;
  family = cc_resolve_family (endpoint);
  resolution = cc_resolve_literal (endpoint->host, endpoint->port, family);
  if (resolution == NULL && engine->resolving->len >= MAX_LOOKUPS)
    return FALSE;
  arm (engine, job);
  if (resolution != NULL)
    resolved (engine, job, resolution);
  else
    {
      job->lookup = cc_lookup_start (endpoint->host, endpoint->port, family);
      g_ptr_array_add (engine->resolving, job);
    }
  return TRUE;
}

/* Conversations waiting to reconnect go first: they hold a check already begun. */
static void
admit (Engine *engine)
{
  while (engine->open < engine->budget && !engine->starved)
    {
      Job *job = g_queue_pop_head (&engine->redial);

      if (job != NULL)
        {
          redial (engine, job);
          continue;
        }
      job = g_queue_pop_head (&engine->retry);
      if (job != NULL)
        job->waiting = FALSE;
      if (job == NULL && engine->next < engine->n_jobs)
        job = &engine->jobs[engine->next++];
      if (job == NULL)
        return;
      if (!start_job (engine, job))
        {
          g_queue_push_head (&engine->retry, job);
          return;
        }
    }
}

static void
poll_lookups (Engine *engine)
{
  for (guint i = engine->resolving->len; i-- > 0;)
    {
      Job *job = g_ptr_array_index (engine->resolving, i);
      CcResolution *resolution = cc_lookup_poll (job->lookup);

      if (resolution == NULL)
        continue;
      job->lookup = NULL;
      g_ptr_array_remove_index_fast (engine->resolving, i);
      resolved (engine, job, resolution);
    }
}

static void
on_event (Engine *engine, const struct epoll_event *event)
{
  Job *job = &engine->jobs[event->data.u64 >> 32];
  guint32 i = (guint32) (event->data.u64 & G_MAXUINT32);

  if (i == TALK)
    {
      talk_event (engine, job);
      return;
    }
  cc_probe_complete (attempt_at (job, i), job->fds[i], job->connect_started_us);
  after_connect (engine, job, i, TRUE);
  if (job->pending == 0 && job->started == job->seen->attempts->len)
    connects_over (engine, job);
}

static void
expire_job (Engine *engine, Job *job)
{
  job->seen->deadline_hit = TRUE;
  if (job->lookup != NULL)
    {
      g_ptr_array_remove_fast (engine->resolving, job);
      resolved (engine, job, cc_lookup_expire (g_steal_pointer (&job->lookup)));
      /* The answer came in the very last moment: no time is left for the connects (or
       * the conversation), which expire on the next pass. */
      if (job->fds != NULL)
        set_timer (engine, job, job->deadline_us);
      return;
    }
  if (job->talk != NULL)
    {
      end_talk (engine, job);
      return;
    }
  if (job->waiting)
    {
      g_queue_remove (&engine->retry, job);
      job->waiting = FALSE;
    }
  for (guint i = 0; i < job->started; i++)
    if (job->fds[i] >= 0)
      {
        cc_probe_expire (attempt_at (job, i), job->fds[i], job->connect_started_us);
        close_probe (engine, job, i);
      }
  /* No socket was free for the rest before the deadline: this host's limit. */
  for (; job->started < job->seen->attempts->len; job->started++)
    cc_probe_fail (attempt_at (job, job->started), EMFILE, "socket", job->connect_started_us);
  /* A connection made in time still gets its conversation: with no time left, the
   * exchange's verdict comes on the next pass. */
  connects_over (engine, job);
}

/* A job's timer is its deadline, or, while it talks, the exchange's own timer when that
 * comes first. */
static void
expire (Engine *engine)
{
  gint64 now = g_get_monotonic_time ();
  CcTimer *timer;

  while ((timer = cc_timer_heap_peek (&engine->deadlines)) != NULL
         && timer->deadline_us <= now)
    {
      Job *job = (Job *) timer;

      cc_timer_heap_remove (&engine->deadlines, timer);
      if (job->talk != NULL && job->talk->fd >= 0 && !job->talk->connecting
          && now < job->deadline_us)
        follow (engine, job, cc_exchange_wake (job->seen->exchange, job->talk->fd));
      else
        expire_job (engine, job);
    }
}


/* Milliseconds until something needs doing without an event: the next deadline, the
 * next lookup poll, or a retry after running out of descriptors; -1 for none. */
static int
wait_ms (Engine *engine)
{
  CcTimer *timer = cc_timer_heap_peek (&engine->deadlines);
  int ms = -1;

  if (timer != NULL)
    {
      gint64 left_us = timer->deadline_us - g_get_monotonic_time ();
      ms = left_us > 0 ? (int) MIN ((left_us + 999) / 1000, G_MAXINT) : 0;
    }
  if (engine->resolving->len > 0)
    ms = ms < 0 ? LOOKUP_POLL_MS : MIN (ms, LOOKUP_POLL_MS);
  if (engine->starved)
    ms = ms < 0 ? STARVED_WAIT_MS : MIN (ms, STARVED_WAIT_MS);
  return ms;
}

static void
loop (Engine *engine)
{
  struct epoll_event events[EVENT_BATCH];

  while (engine->done < engine->n_jobs)
    {
      int ready;

      admit (engine);
      if (engine->done == engine->n_jobs)
        break;
      ready = epoll_wait (engine->epoll_fd, events, EVENT_BATCH, wait_ms (engine));
      engine->starved = FALSE;
      for (int i = 0; i < ready; i++)
        on_event (engine, &events[i]);
      if (engine->resolving->len > 0)
        poll_lookups (engine);
      expire (engine);
    }
}

gboolean
cc_engine_run (const CcEndpoint *const *endpoints, guint n_endpoints,
               const CcEngineOptions *options, GError **error)
{
  Engine engine = { .options = options, .n_jobs = n_endpoints };

  engine.epoll_fd = epoll_create1 (EPOLL_CLOEXEC);
  if (engine.epoll_fd < 0)
    {
      int saved = errno;
      g_set_error (error, CC_ENGINE_ERROR, CC_ENGINE_ERROR_SETUP,
                   "epoll_create1 failed: %s", g_strerror (saved));
      return FALSE;
    }
  engine.budget = cc_engine_socket_budget (options->parallel, options->proc_root);
  engine.jobs = g_new0 (Job, n_endpoints);
  engine.resolving = g_ptr_array_new ();
  engine.tls_clients = cc_tls_clients_new ();
  cc_timer_heap_init (&engine.deadlines);
  for (guint i = 0; i < n_endpoints; i++)
    engine.jobs[i].seen = cc_observation_new (endpoints[i]);

  loop (&engine);

  cc_timer_heap_clear (&engine.deadlines);
  g_ptr_array_unref (engine.resolving);
  cc_tls_clients_free (engine.tls_clients);
  g_free (engine.jobs);
  close (engine.epoll_fd);
  return TRUE;
}
