#include "resolve.h"

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

static void
collect (CcResolution *resolution, const struct addrinfo *list, int af)
{
  for (const struct addrinfo *ai = list; ai != NULL; ai = ai->ai_next)
    {
      CcAddress address;
      if (af != AF_UNSPEC && ai->ai_family != af)
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

/* A request is heap-allocated as one block, because on timeout a resolver thread may
 * still be writing into it; it is then left to that thread rather than freed under it. */
typedef struct {
  struct gaicb control;
  struct addrinfo hints;
  char service[8];
  char host[];
} AsyncLookup;

/* Returns the getaddrinfo code, or EAI_INPROGRESS when the deadline passed first. */
static int
lookup_until (const char *host, const char *service, const struct addrinfo *hints,
              gint64 deadline_us, struct addrinfo **result)
{
  gsize host_len = strlen (host) + 1;
  AsyncLookup *lookup = g_malloc0 (sizeof *lookup + host_len);
  struct gaicb *requests[1] = { &lookup->control };
  int code;

  memcpy (lookup->host, host, host_len);
  g_strlcpy (lookup->service, service, sizeof lookup->service);
  lookup->hints = *hints;
  lookup->control.ar_name = lookup->host;
  lookup->control.ar_service = lookup->service;
  lookup->control.ar_request = &lookup->hints;

  code = getaddrinfo_a (GAI_NOWAIT, requests, 1, NULL);
  if (code != 0)
    {
      g_free (lookup);
      return code;
    }
  while ((code = gai_error (&lookup->control)) == EAI_INPROGRESS)
    {
      gint64 left_us = deadline_us - g_get_monotonic_time ();
      struct timespec wait;

      if (left_us <= 0)
        {
          if (gai_cancel (&lookup->control) == EAI_CANCELED)
            g_free (lookup);
          return EAI_INPROGRESS;
        }
      wait.tv_sec = left_us / G_USEC_PER_SEC;
      wait.tv_nsec = (left_us % G_USEC_PER_SEC) * 1000;
      gai_suspend ((const struct gaicb *const *) requests, 1, &wait);
    }
  *result = lookup->control.ar_result;
  g_free (lookup);
  return code;
}

CcResolution *
cc_resolve (const char *host, guint16 port, CcFamily family, gint64 deadline_us)
{
  CcResolution *resolution = g_new0 (CcResolution, 1);
  gint64 started = g_get_monotonic_time ();
  struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_protocol = IPPROTO_TCP,
                            .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV };
  struct addrinfo *list = NULL;
  char service[8];
  int af = family_to_af (family);
  int code;

  resolution->addresses = g_array_new (FALSE, FALSE, sizeof (CcAddress));
  g_snprintf (service, sizeof service, "%u", port);

  /* Literals resolve in place: no thread, no resolver, no deadline needed. */
  code = getaddrinfo (host, service, &hints, &list);
  if (code == 0)
    {
      collect (resolution, list, af);
      if (resolution->addresses->len == 0)
        fail (resolution, CC_CAUSE_DNS_FAILURE,
              g_strdup_printf ("%s is not an %s address; drop -%c or give another address",
                               host, af == AF_INET ? "IPv4" : "IPv6",
                               af == AF_INET ? '4' : '6'));
    }
  else
    {
      hints.ai_family = af;
      hints.ai_flags = AI_NUMERICSERV;
      code = lookup_until (host, service, &hints, deadline_us, &list);
      if (code == EAI_INPROGRESS)
        fail (resolution, CC_CAUSE_DNS_FAILURE,
              g_strdup_printf ("resolving %s did not finish before the timeout", host));
      else if (code != 0)
        fail_gai (resolution, host, code, family);
      else
        collect (resolution, list, AF_UNSPEC);
    }
  if (list != NULL)
    freeaddrinfo (list);
  resolution->elapsed_us = g_get_monotonic_time () - started;
  return resolution;
}

void
cc_resolution_free (CcResolution *resolution)
{
  if (resolution == NULL)
    return;
  g_array_unref (resolution->addresses);
  g_free (resolution->detail);
  g_free (resolution);
}
