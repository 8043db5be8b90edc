/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writes a dissector's probe to stdout, for recording fixtures from real servers:
 * probe-dump NAME HOST PORT [PATH]. The nonce is fixed (bytes 0..15), the one the unit
 * tests use, so a recorded WebSocket accept can be checked. */
#include <stdio.h>
#include <stdlib.h>

#include "knowledge/dissect/dissect.h"

int
main (int argc, char **argv)
{
  static const guint8 nonce[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
  const CcDissector *dissector;
  CcProbeContext context = { 0 };
  g_autoptr (GBytes) probe = NULL;
  gsize size;
  const guint8 *data;

  if (argc < 4)
    {
      fprintf (stderr, "usage: %s NAME HOST PORT [PATH]\n", argv[0]);
      return 2;
    }
  dissector = cc_dissector_find (argv[1]);
  if (dissector == NULL || dissector->build_probe == NULL)
    {
      fprintf (stderr, "%s: no probe for '%s'\n", argv[0], argv[1]);
      return 2;
    }
  context.host = argv[2];
  context.port = (guint16) atoi (argv[3]);
  context.path = argc > 4 ? argv[4] : NULL;
  context.nonce = nonce;
  probe = dissector->build_probe (&context);
  data = g_bytes_get_data (probe, &size);
  return fwrite (data, 1, size, stdout) == size ? 0 : 1;
}
