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

/* How long a connect must be silent before its side probes begin, at most: long enough
 * that a check which succeeds, even over a slow path, costs the host nothing more. */
#define SIDE_PROBE_DELAY_US G_USEC_PER_SEC

/* Connects to other ports of an address a silent connect waits on, so that a timeout's
 * cause is known by the deadline rather than after it. Every job waiting on that address
 * (from the same source) meanwhile shares them, and copies their outcome when its own
 * connects end (seen->side_probes): a host is probed once, not once per port checked. */
typedef struct {
  CcAttempt probes[CC_SIDE_PROBE_MAX];
  int fds[CC_SIDE_PROBE_MAX];  /* -1 when not connecting */
  gint64 begun_us[CC_SIDE_PROBE_MAX];
  guint n_probes;
  guint started;               /* probes begun, in order; the rest wait for a socket */
  GList *waiting;              /* in Engine.side_waiting while probes wait for a socket */
  guint pending;
  guint users;                 /* jobs whose connects still wait */
  guint index;                 /* in Engine.side_sets: the high half of its epoll keys */
  char *key;                   /* in Engine.side_by_target */
  gint64 started_us;
  const CcEndpoint *endpoint;  /* of the job that began it: the probes' settings */
} SideSet;

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
                                * wake-up if that comes first, or, while connecting, when
                                * the side probes are to begin */
  CcObservation *seen;         /* handed to options->finished when done */
  CcLookup *lookup;            /* while the name resolves */
  int *fds;                    /* one per attempt while it connects, -1 when not */
  guint started;               /* attempts begun, in order; the rest wait for sockets */
  guint pending;               /* attempts still connecting */
  gboolean waiting;            /* in Engine.retry, its deadline still armed */
  Talk *talk;                  /* once every connect is over, with a protocol */
  SideSet *side;               /* once begun, until the connects are over */
  gint64 side_probes_at_us;    /* when they are to begin; 0: never */
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
  GHashTable *side_by_target;  /* "address source" -> SideSet, while in use */
  GPtrArray *side_sets;        /* SideSet * by index; NULL once no job uses it */
  GQueue side_waiting;         /* SideSet * with probes not begun for want of a socket */
  guint side_due;              /* jobs whose side probes are to begin */
  guint sets_unprobed;         /* side sets in use with no probe begun yet */
  CcTlsClients *tls_clients;   /* one trust store per CA file for the whole run */
} Engine;

/* The epoll key of a conversation's socket; attempts are numbered from 0; a side probe's
 * key is its SideSet's index and SIDE_PROBE plus its number. */
#define TALK G_MAXUINT32
#define SIDE_PROBE 0x80000000u

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

/* ---- Side probes: begun by the job's timer, ended with its connects. ---- */

static void
close_side_probe (Engine *engine, SideSet *set, guint k)
{
  cc_probe_close_attempt (set->fds[k], &set->probes[k]);
  set->fds[k] = -1;
  set->pending--;
  engine->open--;
}

/* The job's side probes are no longer to begin: begun, or its connects are over. */
static void
cancel_side_probes_due (Engine *engine, Job *job)
{
  if (job->side_probes_at_us > 0)
    engine->side_due--;
  job->side_probes_at_us = 0;
}

/* The address the job's connect still waits on, when none of its attempts connected and
 * so the check may yet fail; NULL otherwise. */
static const CcAddress *
silent_address (Job *job)
{
  const CcAddress *silent = NULL;

  for (guint i = 0; i < job->started; i++)
    {
      if (job->fds[i] >= 0)
        silent = silent != NULL ? silent : &attempt_at (job, i)->address;
      else if (attempt_at (job, i)->cause == CC_CAUSE_NONE)
        return NULL;
    }
  return silent;
}

/* Side probes count against the same socket budget as every connect, after them: a set
 * begins its first probe whenever a socket is free, a further one only while a socket
 * stays free for the first probe of every address still to be probed, so that the
 * probes of the first silent hosts never take the sockets the next ones need. A probe
 * that finds no socket waits for one (resume_side_probes) while the set is in use. */
static gboolean
side_probe_may_start (const Engine *engine, const SideSet *set)
{
  if (engine->open >= engine->budget || engine->starved)
    return FALSE;
  return set->started == 0
         || engine->open + engine->side_due + engine->sets_unprobed < engine->budget;
}

/* Begins the set's next probe when its turn allows; FALSE when it has to wait. */
static gboolean
start_next_side_probe (Engine *engine, SideSet *set)
{
  guint k = set->started;
  CcAttempt *probe = &set->probes[k];
  CcProbeSettings settings = cc_probe_settings_for (set->endpoint);
  struct epoll_event event = { .events = EPOLLOUT,
                               .data.u64 = pack (set->index, SIDE_PROBE | k) };
  int fd;

  if (!side_probe_may_start (engine, set))
    return FALSE;
  set->begun_us[k] = g_get_monotonic_time ();
  switch (cc_probe_start (probe, &settings, set->begun_us[k], &fd))
    {
    case CC_PROBE_PENDING:
      if (epoll_ctl (engine->epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0)
        {
          close (fd);
          starve (engine);
          return FALSE;
        }
      set->fds[k] = fd;
      set->pending++;
      engine->open++;
      break;
    case CC_PROBE_NO_DESCRIPTOR:
      starve (engine);
      return FALSE;
    case CC_PROBE_CONNECTED:
      cc_probe_close_attempt (fd, probe);
      break;
    case CC_PROBE_FINISHED:
      break;
    }
  if (set->started++ == 0)
    engine->sets_unprobed--;
  return TRUE;
}

static void
stop_waiting (Engine *engine, SideSet *set)
{
  if (set->waiting == NULL)
    return;
  g_queue_delete_link (&engine->side_waiting, set->waiting);
  set->waiting = NULL;
}

/* Probes that waited for a socket begin, one per set in turn, while sockets are free. */
static void
resume_side_probes (Engine *engine)
{
  gboolean progress = TRUE;

  while (progress && engine->side_waiting.length > 0 && engine->open < engine->budget
         && !engine->starved)
    {
      progress = FALSE;
      for (GList *link = engine->side_waiting.head, *next; link != NULL; link = next)
        {
          SideSet *set = link->data;

          next = link->next;
          if (!start_next_side_probe (engine, set))
            continue;
          progress = TRUE;
          if (set->started == set->n_probes)
            stop_waiting (engine, set);
        }
    }
}

static SideSet *
new_side_set (Engine *engine, Job *job, const CcAddress *silent, char *key)
{
  guint16 ports[CC_SIDE_PROBE_MAX];
  SideSet *set = g_new0 (SideSet, 1);

  set->index = engine->side_sets->len;
  set->key = key;
  set->endpoint = job->seen->endpoint;
  set->started_us = g_get_monotonic_time ();
  g_ptr_array_add (engine->side_sets, set);
  g_hash_table_insert (engine->side_by_target, key, set);
  set->n_probes = cc_side_probe_ports (cc_address_port (silent), ports);
  for (guint k = 0; k < set->n_probes; k++)
    {
      set->probes[k].address = *silent;
      set->probes[k].fd = -1;
      cc_address_set_port (&set->probes[k].address, ports[k]);
      set->fds[k] = -1;
    }
  engine->sets_unprobed++;
  while (set->started < set->n_probes && start_next_side_probe (engine, set))
    ;
  if (set->started < set->n_probes)
    {
      g_queue_push_tail (&engine->side_waiting, set);
      set->waiting = engine->side_waiting.tail;
    }
  return set;
}

static void
begin_side_probes (Engine *engine, Job *job)
{
  const CcAddress *silent = silent_address (job);
  const CcAddress *source = job->seen->endpoint->source;
  char *key;

  cancel_side_probes_due (engine, job);
  set_timer (engine, job, job->deadline_us);
  if (silent == NULL)
    return;
  key = g_strdup_printf ("%s %s", silent->text, source != NULL ? source->text : "");
  job->side = g_hash_table_lookup (engine->side_by_target, key);
  if (job->side == NULL)
    job->side = new_side_set (engine, job, silent, key);
  else
    g_free (key);
  job->side->users++;
}

static void
side_probe_event (Engine *engine, guint index, guint k)
{
  SideSet *set = g_ptr_array_index (engine->side_sets, index);

  /* An earlier event of the same batch may have ended the set already. */
  if (set == NULL || set->fds[k] < 0)
    return;
  cc_probe_complete (&set->probes[k], set->fds[k], set->begun_us[k]);
  close_side_probe (engine, set, k);
}

/* The set's outcome for the job, without the port it checks itself; a probe still
 * waiting ends unanswered in the copy, as at the deadline. */
static void
copy_side_probes (Job *job, const SideSet *set)
{
  guint16 own = job->seen->endpoint->port;
  GArray *copies = g_array_sized_new (FALSE, TRUE, sizeof (CcAttempt), set->n_probes);

  for (guint k = 0; k < set->n_probes; k++)
    {
      CcAttempt copy = set->probes[k];

      if (cc_address_port (&copy.address) == own)
        continue;
      if (k >= set->started)
        cc_probe_fail (&copy, EMFILE, "socket", set->started_us);
      else if (set->fds[k] >= 0)
        cc_probe_expire (&copy, set->fds[k], set->begun_us[k]);
      g_array_append_val (copies, copy);
    }
  job->seen->side_probes = copies;
}

static void
free_side_set (Engine *engine, SideSet *set)
{
  for (guint k = 0; k < set->n_probes; k++)
    if (set->fds[k] >= 0)
      close_side_probe (engine, set, k);
  stop_waiting (engine, set);
  if (set->started == 0)
    engine->sets_unprobed--;
  engine->side_sets->pdata[set->index] = NULL;
  g_hash_table_remove (engine->side_by_target, set->key);
  g_free (set);
}

/* The connects are over. At the deadline the side probes still waiting end unanswered,
 * which is evidence too; before it, the connects were answered and the side probes,
 * unfinished, say nothing the answer does not: the job takes none. */
static void
end_side_probes (Engine *engine, Job *job)
{
  SideSet *set = g_steal_pointer (&job->side);

  if (job->seen->deadline_hit || set->pending == 0)
    copy_side_probes (job, set);
  if (--set->users == 0)
    free_side_set (engine, set);
}

/* Every connect of the job is over: with a protocol, talk over the fastest connection
 * (closing the others); otherwise, or when nothing connected, judge. */
static void
connects_over (Engine *engine, Job *job)
{
  CcAttempt *primary = cc_observation_begin_exchange (job->seen);

  cancel_side_probes_due (engine, job);
  if (job->side != NULL)
    end_side_probes (engine, job);
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

/* Side probes begin once the connect has been silent for min(1 s, half the time left),
 * so that they end by the deadline too. */
static void
connect_job (Engine *engine, Job *job)
{
  job->connect_started_us = g_get_monotonic_time ();
  job->fds = g_new (int, job->seen->attempts->len);
  for (guint i = 0; i < job->seen->attempts->len; i++)
    job->fds[i] = -1;
  if (job->seen->endpoint->side_probes && job->deadline_us > job->connect_started_us)
    {
      job->side_probes_at_us
        = job->connect_started_us
          + MIN (SIDE_PROBE_DELAY_US, (job->deadline_us - job->connect_started_us) / 2);
      engine->side_due++;
    }
  continue_connects (engine, job);
  if (job->seen != NULL && job->talk == NULL && job->side_probes_at_us > 0)
    set_timer (engine, job, job->side_probes_at_us);
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
  guint32 i = (guint32) (event->data.u64 & G_MAXUINT32);
  Job *job;

  if (i != TALK && (i & SIDE_PROBE))
    {
      side_probe_event (engine, (guint) (event->data.u64 >> 32), i & ~SIDE_PROBE);
      return;
    }
  job = &engine->jobs[event->data.u64 >> 32];
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
 * comes first, or, while it connects, the moment its side probes begin. */
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
      else if (job->side_probes_at_us > 0 && now < job->deadline_us)
        begin_side_probes (engine, job);
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
      resume_side_probes (engine);
      ready = epoll_wait (engine->epoll_fd, events, EVENT_BATCH, wait_ms (engine));
      engine->starved = FALSE;
      for (int i = 0; i < ready; i++)
        on_event (engine, &events[i]);
      if (engine->resolving->len > 0)
        poll_lookups (engine);
      expire (engine);
    }
}

/* A run that will speak TLS opens the TLS module first: a missing module is then the
 * run's error, said once, and not a failure of every endpoint. */
static gboolean
prepare_tls (CcTlsClients *clients, const CcEndpoint *const *endpoints, guint n_endpoints,
             GError **error)
{
  for (guint i = 0; i < n_endpoints; i++)
    if (cc_endpoint_wants_tls (endpoints[i]))
      return cc_tls_clients_load (clients, error);
  return TRUE;
}

gboolean
cc_engine_run (const CcEndpoint *const *endpoints, guint n_endpoints,
               const CcEngineOptions *options, GError **error)
{
  Engine engine = { .options = options, .n_jobs = n_endpoints };
  g_autoptr (CcTlsClients) tls_clients = cc_tls_clients_new ();

  if (!prepare_tls (tls_clients, endpoints, n_endpoints, error))
    return FALSE;
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
  engine.side_by_target = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  engine.side_sets = g_ptr_array_new ();
  engine.tls_clients = tls_clients;
  g_queue_init (&engine.side_waiting);
  cc_timer_heap_init (&engine.deadlines);
  for (guint i = 0; i < n_endpoints; i++)
    engine.jobs[i].seen = cc_observation_new (endpoints[i]);

  loop (&engine);

  cc_timer_heap_clear (&engine.deadlines);
  g_ptr_array_unref (engine.resolving);
  g_hash_table_unref (engine.side_by_target);
  g_ptr_array_unref (engine.side_sets);
  g_free (engine.jobs);
  close (engine.epoll_fd);
  return TRUE;
}
