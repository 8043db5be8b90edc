/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "net/observation.h"

#include <sys/random.h>

CcObservation *
cc_observation_new (const CcEndpoint *endpoint)
{
  CcObservation *seen = g_new0 (CcObservation, 1);
  seen->endpoint = endpoint;
  seen->attempts = g_array_new (FALSE, TRUE, sizeof (CcAttempt));
  return seen;
}

void
cc_observation_free (CcObservation *seen)
{
  if (seen == NULL)
    return;
  cc_resolution_free (seen->resolution);
  g_array_unref (seen->attempts);
  cc_exchange_free (seen->exchange);
  if (seen->side_probes != NULL)
    g_array_unref (seen->side_probes);
  g_free (seen);
}

void
cc_observation_set_resolution (CcObservation *seen, CcResolution *resolution)
{
  GArray *addresses = resolution->addresses;

  seen->resolution = resolution;
  g_array_set_size (seen->attempts, addresses->len);
  for (guint i = 0; i < addresses->len; i++)
    {
      CcAttempt *attempt = &g_array_index (seen->attempts, CcAttempt, i);
      attempt->address = g_array_index (addresses, CcAddress, i);
      attempt->keep_fd = cc_endpoint_wants_exchange (seen->endpoint);
      attempt->fd = -1;
    }
  /* The attempts hold the addresses now, in the same order: a bulk run keeps every
   * result to the end, and a second copy per endpoint is memory it need not hold. */
  g_clear_pointer (&resolution->addresses, g_array_unref);
}

CcAttempt *
cc_observation_begin_exchange (CcObservation *seen)
{
  CcAttempt *connected = (CcAttempt *) cc_fastest_connected (seen->attempts);
  guint8 nonce[16];

  if (connected == NULL || connected->fd < 0)
    return NULL;
  if (getrandom (nonce, sizeof nonce, 0) != sizeof nonce)
    for (guint i = 0; i < sizeof nonce; i++)
      nonce[i] = (guint8) g_random_int ();
  seen->exchange = cc_exchange_new (seen->endpoint, nonce);
  return connected;
}

guint
cc_side_probe_ports (guint16 port, guint16 out[CC_SIDE_PROBE_MAX])
{
  /* Port 1 (tcpmux) is closed nearly everywhere, so a live host resets it; 22, 80 and
   * 443 are open on most hosts. */
  static const guint16 candidates[CC_SIDE_PROBE_MAX] = { 1, 22, 80, 443 };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (candidates[i] != port)
      out[n++] = candidates[i];
  return n;
}

const CcAttempt *
cc_fastest_connected (const GArray *attempts)
{
  const CcAttempt *best = NULL;
  for (guint i = 0; i < attempts->len; i++)
    {
      const CcAttempt *attempt = &g_array_index (attempts, CcAttempt, i);
      if (attempt->cause == CC_CAUSE_NONE && (best == NULL || attempt->elapsed_us < best->elapsed_us))
        best = attempt;
    }
  return best;
}

guint
cc_count_connected (const GArray *attempts)
{
  guint count = 0;
  for (guint i = 0; i < attempts->len; i++)
    count += g_array_index (attempts, CcAttempt, i).cause == CC_CAUSE_NONE;
  return count;
}
