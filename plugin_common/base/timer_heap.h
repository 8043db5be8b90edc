/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Deadlines of many probes in one binary min-heap, so an event loop learns the next
 * deadline in O(1) and never sleeps per socket. */
#pragma once

#include <glib.h>

/* Embed one in whatever carries a deadline; the heap links to it, never copies it. */
typedef struct {
  gint64 deadline_us; /* g_get_monotonic_time clock */
  guint index;        /* position in the heap, G_MAXUINT when not in one */
} CcTimer;

typedef struct {
  GPtrArray *timers; /* CcTimer *, heap-ordered by deadline */
} CcTimerHeap;

void cc_timer_heap_init (CcTimerHeap *heap);
void cc_timer_heap_clear (CcTimerHeap *heap);
void cc_timer_heap_push (CcTimerHeap *heap, CcTimer *timer);
/* Removes a timer wherever it sits; does nothing when it is in no heap. */
void cc_timer_heap_remove (CcTimerHeap *heap, CcTimer *timer);
/* The earliest timer, or NULL when the heap is empty. */
CcTimer *cc_timer_heap_peek (const CcTimerHeap *heap);
