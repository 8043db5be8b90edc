/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "diagnosis/verdict.h"

#include <string.h>

#include "base/cidr.h"
#include "base/format.h"
#include "net/classify.h"

gboolean
cc_attempt_icmp_from_target (const CcAttempt *attempt)
{
  return strcmp (attempt->icmp_from.text, attempt->address.text) == 0;
}

/* "ICMP port unreachable from 10.0.0.2, the target itself" */
char *
cc_attempt_icmp_describe (const CcAttempt *attempt)
{
  gboolean ipv6 = cc_address_family (&attempt->icmp_from) == AF_INET6;
  char buffer[32];

  return g_strdup_printf ("ICMP%s %s from %s, %s", ipv6 ? "v6" : "",
                          cc_icmp_name (ipv6, attempt->icmp_type, attempt->icmp_code, buffer),
                          attempt->icmp_from.text,
                          cc_attempt_icmp_from_target (attempt) ? "the target itself"
                                                                : "a hop before the target");
}

char *
cc_attempt_describe (const CcAttempt *attempt, const CcEndpoint *endpoint)
{
  g_autofree char *icmp = attempt->has_icmp ? cc_attempt_icmp_describe (attempt) : NULL;

  switch (attempt->cause)
    {
    case CC_CAUSE_REFUSED_FIREWALL_REJECT:
      return g_strdup_printf ("a firewall rejects port %u (%s)", endpoint->port, icmp);
    case CC_CAUSE_UNREACHABLE_PROHIBITED:
      return g_strdup_printf ("a firewall forbids connections to port %u (%s)", endpoint->port,
                              icmp);
    case CC_CAUSE_NONE:
      return g_strdup_printf ("connected in %s", cc_format_duration (attempt->elapsed_us).text);
    case CC_CAUSE_REFUSED_NOT_LISTENING:
      /* Only this host's own sockets are known for sure (the diagnosis reads those of its
       * other addresses); a remote reset may come from a firewall in front. */
      if (cc_address_is_loopback (&attempt->address))
        return g_strdup_printf ("connection refused: nothing listens on port %u",
                                endpoint->port);
      return g_strdup_printf ("connection refused: the host, or a firewall in front of it, "
                              "answered with a reset (RST) on port %u", endpoint->port);
    case CC_CAUSE_TIMEOUT_NO_ANSWER:
      return g_strdup_printf ("connection timed out: no answer within the %g s timeout",
                              endpoint->timeout_s);
    case CC_CAUSE_CONN_ERROR:
      return g_strdup_printf ("%s failed: %s", attempt->call, g_strerror (attempt->error));
    default:
      return g_strdup (cc_cause_get (attempt->cause)->summary);
    }
}

char *
cc_attempt_evidence (const CcAttempt *attempt)
{
  /* A bind failed on the source address, before anything went to the target. */
  g_autofree char *at = g_strcmp0 (attempt->call, "bind") == 0
                          ? g_strdup (attempt->local.text)
                          : cc_address_with_port (&attempt->address);
  return g_strdup_printf ("%s() to %s failed after %s: %s (%s)", attempt->call, at,
                          cc_format_duration (attempt->elapsed_us).text,
                          g_strerror (attempt->error), strerrorname_np (attempt->error) ?: "?");
}

void
cc_result_free (CcResult *result)
{
  if (result == NULL)
    return;
  cc_observation_free (result->seen);
  g_clear_pointer (&result->evidence, g_ptr_array_unref);
  if (result->detail != NULL)
    g_string_free (result->detail, TRUE);
  g_free (result->advice);
  g_free (result);
}

void
cc_result_set_detail (CcResult *result, const char *text, gssize length)
{
  if (result->detail == NULL)
    result->detail = g_string_new (NULL);
  g_string_truncate (result->detail, 0);
  g_string_append_len (result->detail, text, length);
}

gboolean
cc_result_is_failing (const CcResult *result)
{
  return result->state == CC_STATE_CRITICAL || result->state == CC_STATE_UNKNOWN;
}
