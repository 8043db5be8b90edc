/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "base/timer_heap.h"

#define NO_INDEX G_MAXUINT

static CcTimer *
at (const CcTimerHeap *heap, guint i)
{
  return g_ptr_array_index (heap->timers, i);
}

static void
place (CcTimerHeap *heap, guint i, CcTimer *timer)
{
  heap->timers->pdata[i] = timer;
  timer->index = i;
}

static void
sift_up (CcTimerHeap *heap, guint i)
{
  CcTimer *timer = at (heap, i);

  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      if (at (heap, parent)->deadline_us <= timer->deadline_us)
        break;
      place (heap, i, at (heap, parent));
      i = parent;
    }
  place (heap, i, timer);
}

static void
sift_down (CcTimerHeap *heap, guint i)
{
  CcTimer *timer = at (heap, i);
  guint n = heap->timers->len;

  for (;;)
    {
      guint child = 2 * i + 1;
      if (child >= n)
        break;
      if (child + 1 < n && at (heap, child + 1)->deadline_us < at (heap, child)->deadline_us)
        child++;
      if (timer->deadline_us <= at (heap, child)->deadline_us)
        break;
      place (heap, i, at (heap, child));
      i = child;
    }
  place (heap, i, timer);
}

void
cc_timer_heap_init (CcTimerHeap *heap)
{
  heap->timers = g_ptr_array_new ();
}

void
cc_timer_heap_clear (CcTimerHeap *heap)
{
  g_clear_pointer (&heap->timers, g_ptr_array_unref);
}

void
cc_timer_heap_push (CcTimerHeap *heap, CcTimer *timer)
{
  g_ptr_array_add (heap->timers, timer);
  sift_up (heap, heap->timers->len - 1);
}

void
cc_timer_heap_remove (CcTimerHeap *heap, CcTimer *timer)
{
  guint i = timer->index;
  CcTimer *last;

  if (i >= heap->timers->len || at (heap, i) != timer)
    return;
  last = g_ptr_array_steal_index (heap->timers, heap->timers->len - 1);
  timer->index = NO_INDEX;
  if (last == timer)
    return;
  place (heap, i, last);
  sift_up (heap, i);
  sift_down (heap, last->index);
}

CcTimer *
cc_timer_heap_peek (const CcTimerHeap *heap)
{
  return heap->timers->len > 0 ? at (heap, 0) : NULL;
}
