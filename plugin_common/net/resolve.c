/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "net/resolve.h"

#include <netdb.h>
#include <string.h>

static int
family_to_af (CcFamily family)
{
  switch (family)
    {
    case CC_FAMILY_IPV4: return AF_INET;
    case CC_FAMILY_IPV6: return AF_INET6;
    default: return AF_UNSPEC;
    }
}

static void
fail (CcResolution *resolution, CcCauseId cause, char *detail)
{
  resolution->cause = cause;
  resolution->detail = detail;
}

static gboolean
is_listed (const GArray *addresses, const struct addrinfo *ai)
{
  for (guint i = 0; i < addresses->len; i++)
    {
      const CcAddress *listed = &g_array_index (addresses, CcAddress, i);
      if (listed->length == ai->ai_addrlen
          && memcmp (&listed->sockaddr, ai->ai_addr, ai->ai_addrlen) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Each address once, in the resolver's order: a name listed twice in /etc/hosts (or a
 * repeated DNS record) is one server, tried once and labelled once in perfdata. */
static void
collect (CcResolution *resolution, const struct addrinfo *list, int af)
{
  for (const struct addrinfo *ai = list; ai != NULL; ai = ai->ai_next)
    {
      CcAddress address;
      if ((af != AF_UNSPEC && ai->ai_family != af) || is_listed (resolution->addresses, ai))
        continue;
      cc_address_set (&address, ai->ai_addr, ai->ai_addrlen);
      g_array_append_val (resolution->addresses, address);
    }
}

static void
fail_gai (CcResolution *resolution, const char *host, int code, CcFamily family)
{
  switch (code)
    {
    case EAI_NONAME:
      fail (resolution, CC_CAUSE_DNS_NXDOMAIN,
            g_strdup_printf ("name %s does not exist (NXDOMAIN)", host));
      break;
    case EAI_NODATA:
    case EAI_ADDRFAMILY:
      fail (resolution, CC_CAUSE_DNS_NXDOMAIN,
            g_strdup_printf ("name %s has no %s address", host,
                             family == CC_FAMILY_IPV4   ? "IPv4 (A)"
                             : family == CC_FAMILY_IPV6 ? "IPv6 (AAAA)"
                                                        : "IP"));
      break;
    case EAI_AGAIN:
      fail (resolution, CC_CAUSE_DNS_FAILURE,
            g_strdup_printf ("resolving %s failed: the DNS server did not answer "
                             "(temporary failure)", host));
      break;
    case EAI_FAIL:
      fail (resolution, CC_CAUSE_DNS_FAILURE,
            g_strdup_printf ("resolving %s failed: the DNS server refused or failed "
                             "(SERVFAIL)", host));
      break;
    default:
      fail (resolution, CC_CAUSE_DNS_FAILURE,
            g_strdup_printf ("resolving %s failed: %s", host, gai_strerror (code)));
    }
}

/* A request is heap-allocated as one block, because when it is given up a resolver
 * thread may still be writing into it; it is then left to that thread rather than freed
 * under it. */
struct _CcLookup {
  struct gaicb control;
  struct addrinfo hints;
  int submit_code;   /* getaddrinfo_a's own failure, 0 when submitted */
  int family_code;   /* while the other family is asked: why the one asked for failed */
  CcFamily family;
  gint64 started;
  char service[8];
  char host[];
};

static CcResolution *
resolution_new (void)
{
  CcResolution *resolution = g_new0 (CcResolution, 1);
  resolution->addresses = g_array_new (FALSE, FALSE, sizeof (CcAddress));
  return resolution;
}

CcResolution *
cc_resolve_literal (const char *host, guint16 port, CcFamily family)
{
  struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_protocol = IPPROTO_TCP,
                            .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV };
  struct addrinfo *list = NULL;
  CcResolution *resolution;
  char service[8];
  int af = family_to_af (family);

  g_snprintf (service, sizeof service, "%u", port);
  if (getaddrinfo (host, service, &hints, &list) != 0)
    return NULL;
  resolution = resolution_new ();
  collect (resolution, list, af);
  freeaddrinfo (list);
  if (resolution->addresses->len == 0)
    fail (resolution, CC_CAUSE_DNS_FAILURE,
          g_strdup_printf ("%s is not an %s address; drop -%c or give another address",
                           host, af == AF_INET ? "IPv4" : "IPv6", af == AF_INET ? '4' : '6'));
  return resolution;
}

static void
submit (CcLookup *lookup)
{
  struct gaicb *requests[1] = { &lookup->control };

  lookup->submit_code = getaddrinfo_a (GAI_NOWAIT, requests, 1, NULL);
}

CcLookup *
cc_lookup_start (const char *host, guint16 port, CcFamily family)
{
  gsize host_len = strlen (host) + 1;
  CcLookup *lookup = g_malloc0 (sizeof *lookup + host_len);

  memcpy (lookup->host, host, host_len);
  g_snprintf (lookup->service, sizeof lookup->service, "%u", port);
  lookup->family = family;
  lookup->started = g_get_monotonic_time ();
  lookup->hints.ai_socktype = SOCK_STREAM;
  lookup->hints.ai_protocol = IPPROTO_TCP;
  lookup->hints.ai_family = family_to_af (family);
  lookup->hints.ai_flags = AI_NUMERICSERV;
  lookup->control.ar_name = lookup->host;
  lookup->control.ar_service = lookup->service;
  lookup->control.ar_request = &lookup->hints;
  submit (lookup);
  return lookup;
}

static void
free_answer (CcLookup *lookup)
{
  if (lookup->control.ar_result != NULL)
    freeaddrinfo (lookup->control.ar_result);
  lookup->control.ar_result = NULL;
}

/* "No such name" for one family may mean the name has only the other one (-4 on an
 * AAAA-only name): worth a second question, so as not to call an existing name
 * nonexistent. */
static gboolean
ask_other_family (CcLookup *lookup, int code)
{
  if (lookup->family == CC_FAMILY_ANY || lookup->family_code != 0
      || (code != EAI_NONAME && code != EAI_NODATA && code != EAI_ADDRFAMILY))
    return FALSE;
  lookup->family_code = code;
  free_answer (lookup);
  lookup->hints.ai_family = lookup->family == CC_FAMILY_IPV4 ? AF_INET6 : AF_INET;
  submit (lookup);
  return TRUE;
}

/* The answer for the other family: the name has addresses, none of the family asked
 * for; or the first answer stands. */
static void
judge_other_family (CcResolution *resolution, CcLookup *lookup, int code)
{
  g_autoptr (CcResolution) other = resolution_new ();
  GString *listed = g_string_new (NULL);
  gboolean ipv4 = lookup->family == CC_FAMILY_IPV4;

  if (code == 0)
    collect (other, lookup->control.ar_result, AF_UNSPEC);
  if (other->addresses->len == 0)
    {
      g_string_free (listed, TRUE);
      fail_gai (resolution, lookup->host, lookup->family_code, lookup->family);
      return;
    }
  for (guint i = 0; i < MIN (other->addresses->len, 3); i++)
    g_string_append_printf (listed, "%s%s", i > 0 ? ", " : "",
                            g_array_index (other->addresses, CcAddress, i).text);
  if (other->addresses->len > 3)
    g_string_append_printf (listed, " and %u more", other->addresses->len - 3);
  fail (resolution, CC_CAUSE_DNS_NO_ADDRESS_FAMILY,
        g_strdup_printf ("name %s has no %s address (no %s record), only %s: %s", lookup->host,
                         ipv4 ? "IPv4" : "IPv6", ipv4 ? "A" : "AAAA", ipv4 ? "IPv6" : "IPv4",
                         listed->str));
  g_string_free (listed, TRUE);
}

CcResolution *
cc_lookup_poll (CcLookup *lookup)
{
  CcResolution *resolution;
  int code = lookup->submit_code;

  if (code == 0 && (code = gai_error (&lookup->control)) == EAI_INPROGRESS)
    return NULL;
  if (ask_other_family (lookup, code))
    return NULL;
  resolution = resolution_new ();
  if (lookup->family_code != 0)
    judge_other_family (resolution, lookup, code);
  else if (code != 0)
    fail_gai (resolution, lookup->host, code, lookup->family);
  else
    collect (resolution, lookup->control.ar_result, AF_UNSPEC);
  free_answer (lookup);
  resolution->elapsed_us = g_get_monotonic_time () - lookup->started;
  g_free (lookup);
  return resolution;
}

CcResolution *
cc_lookup_expire (CcLookup *lookup)
{
  CcResolution *resolution = cc_lookup_poll (lookup);

  if (resolution != NULL)
    return resolution;
  resolution = resolution_new ();
  /* Cut short while asking for the other family: the first answer still stands. */
  if (lookup->family_code != 0)
    fail_gai (resolution, lookup->host, lookup->family_code, lookup->family);
  else
    fail (resolution, CC_CAUSE_DNS_FAILURE,
          g_strdup_printf ("resolving %s did not finish before the timeout", lookup->host));
  resolution->elapsed_us = g_get_monotonic_time () - lookup->started;
  switch (gai_cancel (&lookup->control))
    {
    case EAI_ALLDONE:
      free_answer (lookup);
      G_GNUC_FALLTHROUGH;
    case EAI_CANCELED:
      g_free (lookup);
      break;
    default:
      break; /* a resolver thread still writes into it: it is that thread's now */
    }
  return resolution;
}

void
cc_resolution_free (CcResolution *resolution)
{
  if (resolution == NULL)
    return;
  g_clear_pointer (&resolution->addresses, g_array_unref);
  g_free (resolution->detail);
  g_free (resolution);
}

CcFamily
cc_resolve_family (const CcEndpoint *endpoint)
{
  /* A bound source decides the family: addresses of the other one cannot be reached. */
  if (endpoint->source == NULL)
    return endpoint->family;
  return cc_address_family (endpoint->source) == AF_INET6 ? CC_FAMILY_IPV6 : CC_FAMILY_IPV4;
}
