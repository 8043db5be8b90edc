/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Timer heap: order, removal from anywhere, and many timers. */
#include <check.h>
#include <stdlib.h>

#include "base/timer_heap.h"

static void
drain_in_order (CcTimerHeap *heap, guint expected)
{
  gint64 last = G_MININT64;
  guint n = 0;
  CcTimer *timer;

  while ((timer = cc_timer_heap_peek (heap)) != NULL)
    {
      ck_assert_int_ge (timer->deadline_us, last);
      last = timer->deadline_us;
      cc_timer_heap_remove (heap, timer);
      n++;
    }
  ck_assert_uint_eq (n, expected);
}

START_TEST (test_order)
{
  static const gint64 deadlines[] = { 50, 10, 40, 10, 30, 20, 0, 60 };
  CcTimer timers[G_N_ELEMENTS (deadlines)];
  CcTimerHeap heap;

  cc_timer_heap_init (&heap);
  ck_assert_ptr_null (cc_timer_heap_peek (&heap));
  for (guint i = 0; i < G_N_ELEMENTS (deadlines); i++)
    {
      timers[i].deadline_us = deadlines[i];
      cc_timer_heap_push (&heap, &timers[i]);
    }
  ck_assert_int_eq (cc_timer_heap_peek (&heap)->deadline_us, 0);
  drain_in_order (&heap, G_N_ELEMENTS (deadlines));
  cc_timer_heap_clear (&heap);
}
END_TEST

START_TEST (test_remove_anywhere)
{
  CcTimer timers[1000];
  CcTimerHeap heap;
  GRand *rand = g_rand_new_with_seed (5);
  guint removed = 0;

  cc_timer_heap_init (&heap);
  for (guint i = 0; i < G_N_ELEMENTS (timers); i++)
    {
      timers[i].deadline_us = g_rand_int_range (rand, 0, 500);
      cc_timer_heap_push (&heap, &timers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (timers); i += 3)
    {
      cc_timer_heap_remove (&heap, &timers[i]);
      cc_timer_heap_remove (&heap, &timers[i]); /* twice: no effect */
      removed++;
    }
  drain_in_order (&heap, G_N_ELEMENTS (timers) - removed);
  cc_timer_heap_clear (&heap);
  g_rand_free (rand);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("timer_heap");
  TCase *tcase = tcase_create ("ordering");
  SRunner *runner;
  int failed;

  tcase_add_test (tcase, test_order);
  tcase_add_test (tcase, test_remove_anywhere);
  suite_add_tcase (suite, tcase);
  runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
