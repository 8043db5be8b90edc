/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers for the dissector tests: recorded fixtures, the fixed probe context they were
 * recorded with, and field lookups. */
#pragma once

#include <check.h>

#include "knowledge/dissect/dissect.h"

/* The context tests/knowledge/dissect/record.sh recorded with: nonce bytes 0..15. */
const CcProbeContext *fixture_context (void);
/* The bytes of tests/knowledge/dissect/fixtures/name; fails the test when missing. */
GBytes *fixture_load (const char *name);
/* score() of dissector name over bytes, with the fixture context. */
int fixture_score (const char *dissector, GBytes *bytes);
int fixture_score_text (const char *dissector, const char *text);
/* A copy of the value of field in describe(), or NULL when describe has no such field. */
char *fixture_field (const char *dissector, GBytes *bytes, const char *field);
char *fixture_field_text (const char *dissector, const char *text, const char *field);
/* Runs one program's suites with CK_ENV verbosity; the exit status for automake. */
int fixture_run (Suite *const *suites, gsize count);
