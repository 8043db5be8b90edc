/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "diagnosis/diagnose.h"

#include <errno.h>
#include <string.h>

#include "base/cidr.h"
#include "knowledge/dissect/dissect.h"
#include "knowledge/evidence/interfaces.h"
#include "knowledge/evidence/proxy.h"
#include "knowledge/evidence/routes.h"
#include "knowledge/evidence/sockets.h"
#include "knowledge/evidence/sysctl.h"
#include "base/format.h"

/* How far from the port checked a local listener is named when nothing listens on it:
 * a service one or a few ports away is a common slip of configuration. */
#define NEARBY_PORTS 10
/* At most this many nearby listeners are named, closest first. */
#define NEARBY_NAMED 3

/* How long --diagnose's probes of a remote refusal's service ports may wait for an answer
 * (at most the check's own timeout): the only time --diagnose adds beyond -t. */
#define SIDE_PROBE_MAX_US (2 * G_USEC_PER_SEC)

/* How long the firewall ruleset may take to read after a timeout, when the check's own
 * time is spent: within the 0.2 s every check may take beyond -t. */
#define RULESET_AFTER_TIMEOUT_US (G_USEC_PER_SEC / 8)
/* At most, after a refusal. */
#define RULESET_MAX_US G_USEC_PER_SEC
/* At most this many firewall rules are named. */
#define RULES_NAMED 3

typedef struct {
  CcResult *result;
  const CcEndpoint *endpoint;
  CcEvidenceSnapshot *snapshot; /* this host, read once per run */
  gboolean owns_snapshot;
  const GArray *interfaces;     /* given by the caller, or the snapshot's */
  GArray *no_interfaces;        /* when they cannot be read */
  char **envp;                  /* given by the caller; NULL: the snapshot's */
  GArray *service_ports;    /* guint16: where else the service may listen; NULL until a
                             * refusal asks (service_ports ()) */
  gboolean late_probes;     /* --diagnose, where nothing else waits on this diagnosis:
                             * connects made after the check (a refusal's service ports) */
} Diagnosis;

/* The ports where the expected service may listen instead: --service-port, then the
 * well-known ports of --protocol, without the port checked. */
static GArray *
find_service_ports (const CcEndpoint *endpoint)
{
  GArray *ports = g_array_new (FALSE, FALSE, sizeof (guint16));
  const char *protocol = endpoint->protocol;
  const CcDissector *dissector = NULL;

  if (endpoint->service_ports != NULL)
    g_array_append_vals (ports, endpoint->service_ports->data, endpoint->service_ports->len);
  if (protocol != NULL)
    dissector = cc_dissector_find (strcmp (protocol, "https") == 0 || strcmp (protocol, "wss") == 0
                                     ? "tls" : protocol);
  for (const guint16 *p = dissector != NULL ? dissector->ports : NULL; p != NULL && *p != 0; p++)
    if (*p != endpoint->port)
      g_array_append_val (ports, *p);
  return ports;
}

/* NULL when neither --service-port nor --protocol names any. */
static const GArray *
service_ports (Diagnosis *d)
{
  if (d->service_ports == NULL
      && (d->endpoint->service_ports != NULL || d->endpoint->protocol != NULL))
    d->service_ports = find_service_ports (d->endpoint);
  return d->service_ports;
}

static void G_GNUC_PRINTF (2, 3)
add_evidence (Diagnosis *d, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (d->result->evidence, g_strdup_vprintf (format, args));
  va_end (args);
}

static const GArray *
interfaces (Diagnosis *d)
{
  g_autoptr (GError) error = NULL;

  if (d->interfaces != NULL)
    return d->interfaces;
  d->interfaces = cc_evidence_snapshot_interfaces (d->snapshot, &error);
  if (d->interfaces == NULL)
    {
      add_evidence (d, "could not list this host's addresses: %s", error->message);
      d->no_interfaces = g_array_new (FALSE, TRUE, sizeof (CcInterfaceAddress));
      d->interfaces = d->no_interfaces;
    }
  return d->interfaces;
}

/* A failed connection stays at least as bad as the failure itself. */
static void
set_verdict (Diagnosis *d, CcCauseId cause, char *detail)
{
  CcResult *result = d->result;
  CcState state = cc_cause_get (cause)->state;

  if (result->state != CC_STATE_OK && result->cause != CC_CAUSE_RESPONSE_SLOW)
    state = cc_state_worst (state, result->state);
  result->cause = cause;
  result->state = state;
  cc_result_set_detail (result, detail, -1);
  g_free (detail);
}

/* The resolved addresses, in resolver order: one attempt each. */
static const CcAddress *
resolved_address (const GArray *attempts, guint i)
{
  return &g_array_index (attempts, CcAttempt, i).address;
}

static char *
join_addresses (const GArray *attempts)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < attempts->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", resolved_address (attempts, i)->text);
  return g_string_free (out, FALSE);
}

static char *
join_cidrs (const GArray *cidrs)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < cidrs->len; i++)
    {
      g_autofree char *text = cc_cidr_to_string (&g_array_index (cidrs, CcCidr, i));
      g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", text);
    }
  return g_string_free (out, FALSE);
}

/* --- expected addresses and front proxies: no I/O, decided on the resolved set --- */

static const CcAddress *
first_in_front_proxy (Diagnosis *d, const CcCidr **range)
{
  const GArray *attempts = d->result->seen->attempts;

  for (guint i = 0; d->endpoint->front_proxies != NULL && i < attempts->len; i++)
    {
      const CcAddress *address = resolved_address (attempts, i);
      *range = cc_cidr_list_find (d->endpoint->front_proxies, address);
      if (*range != NULL)
        return address;
    }
  return NULL;
}

static gboolean
judge_front_proxy (Diagnosis *d)
{
  const CcCidr *range = NULL;
  const CcAddress *address = first_in_front_proxy (d, &range);
  g_autofree char *range_text = NULL;

  if (address == NULL)
    return FALSE;
  range_text = cc_cidr_to_string (range);
  add_evidence (d, "%s resolves to %s, inside the front-proxy range %s", d->endpoint->host,
                address->text, range_text);
  set_verdict (d, CC_CAUSE_DNS_FRONT_PROXY,
               g_strdup_printf ("%s goes to a CDN or proxy (%s is in %s), not straight to the "
                                "server", d->endpoint->host, address->text, range_text));
  return TRUE;
}

static gboolean
judge_expected (Diagnosis *d)
{
  const GArray *attempts = d->result->seen->attempts;
  const CcAttempt *primary = d->result->primary;
  g_autofree char *expected = join_cidrs (d->endpoint->expect);
  g_autofree char *resolved = join_addresses (attempts);
  gboolean literal = g_hostname_is_ip_address (d->endpoint->host);
  guint matching = 0;

  for (guint i = 0; i < attempts->len; i++)
    matching += cc_cidr_list_find (d->endpoint->expect, resolved_address (attempts, i)) != NULL;
  if (matching == attempts->len)
    return FALSE;
  add_evidence (d, "expected address%s: %s", d->endpoint->expect->len > 1 ? "es" : "",
                expected);
  if (!literal)
    add_evidence (d, "%s resolves to %s", d->endpoint->host, resolved);
  if (literal || (matching > 0 && primary != NULL
                  && cc_cidr_list_find (d->endpoint->expect, &primary->address) == NULL))
    {
      const CcAddress *wrong = literal ? resolved_address (attempts, 0) : &primary->address;
      set_verdict (d, CC_CAUSE_REFUSED_WRONG_ADDRESS,
                   g_strdup_printf ("the check went to %s, which is not an expected address "
                                    "(%s)", wrong->text, expected));
      return TRUE;
    }
  if (matching > 0)
    return FALSE;
  if (judge_front_proxy (d))
    return TRUE;
  set_verdict (d, CC_CAUSE_DNS_MISMATCH,
               g_strdup_printf ("%s resolves to %s, not to the expected %s", d->endpoint->host,
                                resolved, expected));
  return TRUE;
}

/* --- late probes (--diagnose) --- */

/* Connects to other ports of target at once, within the side-probe budget. */
static CcAttempt *
probe_ports (Diagnosis *d, const CcAddress *target, const guint16 *ports, guint n_ports)
{
  CcAttempt *probes = g_new0 (CcAttempt, n_ports);
  CcProbeSettings settings = { d->endpoint->source };
  gint64 budget = MIN (SIDE_PROBE_MAX_US, (gint64) (d->endpoint->timeout_s * G_USEC_PER_SEC));

  for (guint i = 0; i < n_ports; i++)
    {
      probes[i].address = *target;
      cc_address_set_port (&probes[i].address, ports[i]);
    }
  cc_probe_connect_all (probes, n_ports, g_get_monotonic_time () + budget, &settings);
  return probes;
}

/* --- connection refused --- */

static gboolean
is_this_host (Diagnosis *d, const CcAddress *address)
{
  return cc_address_is_loopback (address)
         || cc_interfaces_find_address (interfaces (d), address) != NULL;
}

/* SO_REUSEPORT workers each have a LISTEN socket on the same address. */
static gboolean
listed_before (const CcSocket *on_port, guint index)
{
  for (guint i = 0; i < index; i++)
    if (strcmp (on_port[i].local.text, on_port[index].local.text) == 0)
      return TRUE;
  return FALSE;
}

/* A LISTEN socket covers target when bound to it or to its family's wildcard; a ::
 * socket takes IPv4 too unless IPV6_V6ONLY, which only sock_diag shows. */
static gboolean
listener_covers (const CcSocket *socket, const CcAddress *target)
{
  int family = cc_address_family (target);

  if (family == AF_INET && socket->v6only == 0 && strcmp (socket->local.text, "::") == 0)
    return TRUE;
  return cc_address_family (&socket->local) == family
         && (strcmp (socket->local.text, target->text) == 0
             || strcmp (socket->local.text, family == AF_INET6 ? "::" : "0.0.0.0") == 0);
}

/* The LISTEN sockets on port, as "127.0.0.1, ::1"; NULL when there is none. */
static char *
listeners_on (const CcListeners *table, guint16 port, gboolean *loopback_only)
{
  guint n;
  const CcSocket *on_port = cc_listeners_on (table, port, &n);
  GString *out;

  *loopback_only = TRUE;
  if (n == 0)
    return NULL;
  out = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      if (listed_before (on_port, i))
        continue;
      *loopback_only = *loopback_only && cc_address_is_loopback (&on_port[i].local);
      g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", on_port[i].local.text);
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* The first of the service's other ports that has a listener, or 0. */
static guint16
listening_service_port (Diagnosis *d, const CcListeners *table)
{
  const GArray *ports = service_ports (d);
  gboolean loopback_only;

  for (guint i = 0; ports != NULL && i < ports->len; i++)
    {
      guint16 port = g_array_index (ports, guint16, i);
      g_autofree char *listeners = port != d->endpoint->port
                                     ? listeners_on (table, port, &loopback_only) : NULL;
      if (listeners != NULL)
        return port;
    }
  return 0;
}

/* The first LISTEN socket on port that covers the target, or NULL. */
static const CcSocket *
covering_listener (const CcListeners *table, const CcAddress *target, guint16 port)
{
  guint n;
  const CcSocket *on_port = cc_listeners_on (table, port, &n);

  for (guint i = 0; i < n; i++)
    if (listener_covers (&on_port[i], target))
      return &on_port[i];
  return NULL;
}

/* --- this host's firewall --- */

/* The ruleset is read once per run; after a timeout the check's time is spent. */
static gint64
ruleset_deadline (Diagnosis *d)
{
  gint64 now = g_get_monotonic_time ();
  gint64 left = (gint64) (d->endpoint->timeout_s * G_USEC_PER_SEC)
                - (now - d->result->seen->started_us);

  return now + MAX (RULESET_AFTER_TIMEOUT_US, MIN (RULESET_MAX_US, left));
}

/* The rules of this host's nftables ruleset that stop the connection request with stop,
 * the kernel's first first; NULL, with an evidence line, when the ruleset is unreadable. */
static GPtrArray *
local_rules (Diagnosis *d, const CcAttempt *attempt, CcNftStop stop)
{
  g_autoptr (GError) error = NULL;
  const CcNftRuleset *ruleset = cc_evidence_snapshot_ruleset (d->snapshot, ruleset_deadline (d),
                                                              &error);
  GPtrArray *found;

  if (ruleset == NULL)
    {
      add_evidence (d, "could not read this host's firewall rules: %s", error->message);
      return NULL;
    }
  found = cc_nft_ruleset_find (ruleset, &attempt->address);
  for (guint i = found->len; i-- > 0;)
    if (((CcNftFinding *) found->pdata[i])->stop != stop)
      g_ptr_array_remove_index (found, i);
  return found;
}

/* One evidence line per rule found, up to RULES_NAMED; the first one when the ruleset
 * says for certain that it stops the request, else NULL. */
static const CcNftFinding *
name_rules (Diagnosis *d, const GPtrArray *rules)
{
  for (guint i = 0; i < MIN (rules->len, RULES_NAMED); i++)
    {
      const CcNftFinding *rule = rules->pdata[i];
      add_evidence (d, "%s (%s): %s", rule->certain ? "this host's firewall rule"
                                                    : "a rule of this host's firewall that may "
                                                      "match", CC_NFT_RULESET_ORIGIN, rule->text);
    }
  return rules->len > 0 && ((CcNftFinding *) rules->pdata[0])->certain ? rules->pdata[0] : NULL;
}

static char *
rule_advice (const CcNftFinding *rule, const char *what, guint16 port)
{
  if (rule->command == NULL)
    return g_strdup_printf ("accept tcp port %u before the policy applies: %s", port,
                            rule->text);
  return g_strdup_printf ("fix or remove the rule that %s tcp port %u: %s (%s)", what, port,
                          rule->text, rule->command);
}

/* A socket listens for the target, yet the connect was refused with a reset: only a rule
 * of this host's firewall answers in its place; named when the ruleset can be read. */
static gboolean
judge_local_rule (Diagnosis *d, const CcAttempt *attempt, const CcListeners *table)
{
  guint16 port = d->endpoint->port;
  const CcSocket *listener = covering_listener (table, &attempt->address, port);
  g_autoptr (GPtrArray) rules = NULL;
  const CcNftFinding *rule = NULL;

  if (listener == NULL)
    return FALSE;
  add_evidence (d, "port %u has a listener on %s (%s), which covers %s", port,
                listener->local.text, table->origin, attempt->address.text);
  add_evidence (d, "the connection request was answered with a reset (RST) all the same: "
                "a firewall rule of this host (reject with tcp reset) answers in its place");
  rules = local_rules (d, attempt, CC_NFT_REJECT);
  if (rules != NULL && (rule = name_rules (d, rules)) == NULL && rules->len == 0)
    add_evidence (d, "no nftables rule rejects tcp port %u to %s: look at iptables-legacy "
                  "(iptables-legacy -L -n) and at tc or eBPF filters", port,
                  attempt->address.text);
  set_verdict (d, CC_CAUSE_REFUSED_LOCAL_RULE,
               g_strdup_printf ("connection refused: a local firewall rule answered RST; port %u "
                                "has a listener on %s", port, listener->local.text));
  d->result->advice = rule != NULL
    ? rule_advice (rule, "rejects", port)
    : g_strdup_printf ("find the rule that rejects tcp port %u in this host's firewall (nft "
                       "list ruleset; iptables -L -n) and fix it", port);
  return TRUE;
}

/* A local target timed out: a drop rule of this host's firewall, when the ruleset says so
 * for certain. */
static gboolean
judge_local_drop (Diagnosis *d, const CcAttempt *attempt)
{
  g_autoptr (GPtrArray) rules = local_rules (d, attempt, CC_NFT_DROP);
  const CcNftFinding *rule = rules != NULL ? name_rules (d, rules) : NULL;
  guint16 port = d->endpoint->port;

  if (rule == NULL)
    return FALSE;
  set_verdict (d, CC_CAUSE_TIMEOUT_FILTERED,
               g_strdup_printf ("connection timed out: this host's firewall drops port %u (%s)",
                                port, rule->text));
  g_free (d->result->advice);
  d->result->advice = rule_advice (rule, "drops", port);
  return TRUE;
}

/* Up to NEARBY_NAMED ports within NEARBY_PORTS of the one checked whose listener covers
 * the target, closest first (the lower one first at equal distance). */
static guint
nearby_listeners (const CcListeners *table, const CcAddress *target, guint16 port,
                  const CcSocket *found[NEARBY_NAMED])
{
  guint n = 0;

  if (cc_listeners_between (table, port > NEARBY_PORTS ? port - NEARBY_PORTS : 1,
                            MIN ((guint) port + NEARBY_PORTS, G_MAXUINT16)) == 0)
    return 0;
  for (gint distance = 1; distance <= NEARBY_PORTS && n < NEARBY_NAMED; distance++)
    for (gint sign = -1; sign <= 1 && n < NEARBY_NAMED; sign += 2)
      {
        gint other = (gint) port + sign * distance;
        const CcSocket *listener = other > 0 && other <= G_MAXUINT16
                                     ? covering_listener (table, target, (guint16) other)
                                     : NULL;
        if (listener != NULL)
          found[n++] = listener;
      }
  return n;
}

/* Nothing listens on the port: name what listens next to it, as evidence only; a
 * neighbour may be another service altogether, so the cause stays not_listening. */
static void
name_nearby_listeners (Diagnosis *d, const CcAttempt *attempt, const CcListeners *table)
{
  const CcSocket *found[NEARBY_NAMED];
  guint n = nearby_listeners (table, &attempt->address, d->endpoint->port, found);
  guint16 port = d->endpoint->port, closest;

  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    add_evidence (d, "nearby, port %u listens on %s, which covers %s",
                  cc_address_port (&found[i]->local), found[i]->local.text,
                  attempt->address.text);
  closest = cc_address_port (&found[0]->local);
  set_verdict (d, CC_CAUSE_REFUSED_NOT_LISTENING,
               g_strdup_printf ("connection refused: nothing listens on port %u; port %u "
                                "listens on %s", port, closest, found[0]->local.text));
  g_free (d->result->advice);
  d->result->advice = g_strdup_printf ("if the service is the one on port %u, it is configured "
                                       "on %u instead of %u: fix the port in the client or in "
                                       "the service; otherwise start the service and check its "
                                       "logs", closest, closest, port);
}

static void
diagnose_local_refused (Diagnosis *d, const CcAttempt *attempt)
{
  g_autoptr (GError) error = NULL;
  const CcListeners *table = cc_evidence_snapshot_listeners (d->snapshot, &error);
  guint16 port = d->endpoint->port;
  g_autofree char *listeners = NULL;
  gboolean loopback_only;
  guint16 other;

  if (table == NULL)
    {
      add_evidence (d, "could not list listening sockets: %s", error->message);
      return;
    }
  if (judge_local_rule (d, attempt, table))
    return;
  listeners = listeners_on (table, port, &loopback_only);
  if (listeners != NULL && loopback_only && !cc_address_is_loopback (&attempt->address))
    {
      g_autofree char *target = cc_address_with_port (&attempt->address);

      add_evidence (d, "%s is an address of this host; port %u listens on %s only",
                    attempt->address.text, port, listeners);
      set_verdict (d, CC_CAUSE_REFUSED_LOOPBACK_ONLY,
                   g_strdup_printf ("connection refused: port %u listens on %s only, not on "
                                    "%s", port, listeners, attempt->address.text));
      d->result->advice = g_strdup_printf ("bind the service to 0.0.0.0:%u (or [::]:%u) or to "
                                           "%s in its configuration, then restart it",
                                           port, port, target);
    }
  else if (listeners != NULL)
    {
      add_evidence (d, "port %u listens on %s, not on %s", port, listeners,
                    attempt->address.text);
      set_verdict (d, CC_CAUSE_REFUSED_WRONG_ADDRESS,
                   g_strdup_printf ("connection refused: port %u listens on %s only, not on "
                                    "%s", port, listeners, attempt->address.text));
    }
  else if ((other = listening_service_port (d, table)) != 0)
    {
      add_evidence (d, "no socket listens on port %u; the service's port %u does", port, other);
      set_verdict (d, CC_CAUSE_REFUSED_WRONG_PORT,
                   g_strdup_printf ("connection refused on port %u: the service listens on "
                                    "port %u", port, other));
      d->result->advice = g_strdup_printf ("use port %u in the client (or in the check), or "
                                           "move the service to port %u", other, port);
    }
  else
    {
      add_evidence (d, "no socket of this host listens on port %u (%s)", port, table->origin);
      set_verdict (d, CC_CAUSE_REFUSED_NOT_LISTENING,
                   g_strdup_printf ("connection refused: nothing listens on port %u", port));
      d->result->advice = g_strdup ("start the service and check its logs; check the port in "
                                    "its configuration");
      name_nearby_listeners (d, attempt, table);
    }
}

/* Remote target, --diagnose: does the service answer on one of its other ports? */
static gboolean
remote_service_port (Diagnosis *d, const CcAttempt *attempt)
{
  const GArray *ports = service_ports (d);
  g_autofree CcAttempt *probes = NULL;

  if (!d->late_probes || ports == NULL || ports->len == 0)
    return FALSE;
  probes = probe_ports (d, &attempt->address, (const guint16 *) ports->data, ports->len);
  for (guint i = 0; i < ports->len; i++)
    {
      guint16 other = g_array_index (ports, guint16, i);
      if (probes[i].cause != CC_CAUSE_NONE || other == d->endpoint->port)
        continue;
      add_evidence (d, "port %u of %s refuses, the service's port %u accepts connections",
                    d->endpoint->port, attempt->address.text, other);
      set_verdict (d, CC_CAUSE_REFUSED_WRONG_PORT,
                   g_strdup_printf ("connection refused on port %u: the service answers on "
                                    "port %u", d->endpoint->port, other));
      d->result->advice = g_strdup_printf ("use port %u in the client (or in the check), or "
                                           "move the service to port %u", other,
                                           d->endpoint->port);
      return TRUE;
    }
  return FALSE;
}

static void
diagnose_refused (Diagnosis *d, const CcAttempt *attempt)
{
  if (is_this_host (d, &attempt->address))
    diagnose_local_refused (d, attempt);
  else if (!remote_service_port (d, attempt))
    {
      guint16 port = d->endpoint->port;

      add_evidence (d, "%s, or a firewall in front of it, answered with a reset (RST): from "
                    "here nothing listening on port %u and a firewall rule that resets it "
                    "(reject with tcp reset) look alike", attempt->address.text, port);
      d->result->advice
        = g_strdup_printf ("check on %s that the service runs and listens on port %u (ss -ltn) "
                           "and read its logs; if it listens, a firewall in front of it resets "
                           "the port: a capture on the host (tcpdump -ni any tcp port %u) shows "
                           "whether connection requests arrive", attempt->address.text, port,
                           port);
    }
}

/* --- rejected with ICMP --- */

/* The ICMP error decided the cause already (net/classify.c); say what it proves. */
static void
diagnose_icmp_reject (Diagnosis *d, const CcAttempt *attempt)
{
  g_autofree char *icmp = cc_attempt_icmp_describe (attempt);
  gboolean from_target = cc_attempt_icmp_from_target (attempt);
  const char *sender = attempt->icmp_from.text;

  add_evidence (d, "%s", icmp);
  if (attempt->cause == CC_CAUSE_REFUSED_FIREWALL_REJECT)
    add_evidence (d, "a TCP stack answers a closed port with a reset, not with ICMP: a reject "
                  "rule answered; a service listening behind it cannot be seen from here");
  else
    add_evidence (d, "a firewall sends this (firewalld's default reject, a cloud ACL); it is "
                  "not a routing problem");
  if (from_target)
    add_evidence (d, "sent by %s itself: the firewall is on that host, or in front of it and "
                  "answering in its name", sender);
  else
    add_evidence (d, "sent by %s, a hop before %s: the firewall is on the path", sender,
                  attempt->address.text);
  d->result->advice = g_strdup_printf ("open tcp port %u in the firewall of %s%s (nft list "
                                       "ruleset; iptables -L -n; firewall-cmd --list-all)",
                                       d->endpoint->port, sender,
                                       from_target ? " or of a firewall in front of it" : "");
}

/* --- connection timed out --- */

/* A target in a private range that no local network holds is reachable only through a
 * VPN or another network's router: from here, silence. */
static gboolean
is_private_foreign (Diagnosis *d, const CcAddress *address)
{
  return cc_address_is_private (address)
         && cc_interfaces_find_network (interfaces (d), address) == NULL;
}

/* The side probes the engine made while the connect to this address was silent
 * (net/observation.h), or NULL. */
static const GArray *
side_probes_to (Diagnosis *d, const CcAttempt *attempt)
{
  const GArray *probes = d->result->seen->side_probes;

  if (probes == NULL || probes->len == 0
      || strcmp (g_array_index (probes, CcAttempt, 0).address.text, attempt->address.text) != 0)
    return NULL;
  return probes;
}

/* No side probe tells the causes apart: rank them, and say why there is none. */
static void
name_possible_timeouts (Diagnosis *d, const CcAttempt *attempt, const GArray *probes)
{
  const char *missing
    = !d->endpoint->side_probes
        ? "side probes to other ports, which tell them apart, are off (--no-diagnose; in a "
          "config file they need diagnose = true)"
      : probes != NULL ? "no socket was free for the side probes that tell them apart "
                         "(descriptor limit)"
                       : "no side probe was made to tell them apart";

  add_evidence (d, "possible causes, most likely first: %sa firewall drops the port "
                "(timeout.filtered), the host is down (timeout.host_down); %s",
                is_private_foreign (d, &attempt->address)
                  ? "a private address of another network (timeout.private_foreign), " : "",
                missing);
}

static void
describe_icmp (Diagnosis *d, const CcAttempt *probe, guint16 port)
{
  add_evidence (d, "port %u: ICMP error type %u code %u from %s", port, probe->icmp_type,
                probe->icmp_code, probe->icmp_from.text);
}

/* An ICMP error proves a live host when the target itself sent it, or a firewall on the
 * way when it says "administratively prohibited"; a router's "host unreachable" proves
 * nothing of the kind. */
static gboolean
icmp_shows_filter (const CcAttempt *probe)
{
  gboolean ipv6 = cc_address_family (&probe->icmp_from) == AF_INET6;
  CcCidr target;

  if (!probe->has_icmp)
    return FALSE;
  cc_cidr_from_address (&target, &probe->address, 128);
  if (cc_cidr_contains (&target, &probe->icmp_from))
    return TRUE;
  if (ipv6)
    return probe->icmp_type == 1 && probe->icmp_code == 1;
  return probe->icmp_type == 3
         && (probe->icmp_code == 9 || probe->icmp_code == 10 || probe->icmp_code == 13);
}

/* Whether something on the path answered one of the side probes, with evidence lines;
 * the ports probed (those a socket was free for) are listed in tried. */
static gboolean
side_probes_answered (Diagnosis *d, const CcAttempt *attempt, const GArray *probes,
                      GString *tried)
{
  gboolean answered = FALSE;

  for (guint i = 0; i < probes->len; i++)
    {
      const CcAttempt *probe = &g_array_index (probes, CcAttempt, i);
      guint16 port = cc_address_port (&probe->address);
      const char *what = probe->cause == CC_CAUSE_NONE ? "accepted a connection"
                         : probe->cause == CC_CAUSE_REFUSED_NOT_LISTENING
                           ? "answered with a reset (RST)"
                         : NULL;

      if (probe->cause == CC_CAUSE_LOCAL_RESOURCES)
        continue;
      g_string_append_printf (tried, "%s%u", tried->len > 0 ? ", " : "", port);
      if (what != NULL)
        add_evidence (d, "port %u of %s %s in %s", port, attempt->address.text, what,
                      cc_format_duration (probe->elapsed_us).text);
      else if (probe->has_icmp)
        describe_icmp (d, probe, port);
      answered = answered || what != NULL || icmp_shows_filter (probe);
    }
  return answered;
}

/* Which interface the request left by tells a wrong route from a silent peer. */
static void
note_local_end (Diagnosis *d, const CcAttempt *attempt)
{
  const CcInterfaceAddress *own = cc_interfaces_find_address (interfaces (d), &attempt->local);

  add_evidence (d, "the connection request left from %s%s%s", attempt->local.text,
                own != NULL ? " on interface " : "", own != NULL ? own->name : "");
}

/* Told apart by the side probes the engine made within the check's own deadline. */
static void
diagnose_timeout (Diagnosis *d, const CcAttempt *attempt)
{
  const GArray *probes = side_probes_to (d, attempt);
  g_autoptr (GString) tried = g_string_new (NULL);
  gboolean answered;

  if (cc_address_family (&attempt->local) != AF_UNSPEC)
    note_local_end (d, attempt);
  if (attempt->has_icmp)
    describe_icmp (d, attempt, d->endpoint->port);
  answered = probes != NULL && side_probes_answered (d, attempt, probes, tried);
  if (answered || icmp_shows_filter (attempt))
    set_verdict (d, CC_CAUSE_TIMEOUT_FILTERED,
                 g_strdup_printf ("connection timed out: the host answers on other ports, but "
                                  "port %u is silent: a firewall drops it", d->endpoint->port));
  else if (tried->len == 0)
    name_possible_timeouts (d, attempt, probes);
  else if (is_private_foreign (d, &attempt->address))
    {
      add_evidence (d, "no answer on ports %s either, and no ICMP error", tried->str);
      add_evidence (d, "%s is a private address and no interface of this host is in its "
                    "network", attempt->address.text);
      set_verdict (d, CC_CAUSE_TIMEOUT_PRIVATE_FOREIGN,
                   g_strdup_printf ("connection timed out: %s is a private address of another "
                                    "network, not reachable from here", attempt->address.text));
    }
  else
    {
      add_evidence (d, "no answer on ports %s either, and no ICMP error", tried->str);
      set_verdict (d, CC_CAUSE_TIMEOUT_HOST_DOWN,
                   g_strdup_printf ("connection timed out: nothing answers at %s on any "
                                    "probed port", attempt->address.text));
    }
}

/* --- a local listener that does not accept --- */

/* The first LISTEN socket covering the target whose accept queue is full, or NULL. */
static const CcSocket *
full_listener (const CcListeners *table, const CcAddress *target, guint16 port)
{
  guint n;
  const CcSocket *on_port = cc_listeners_on (table, port, &n);

  for (guint i = 0; i < n; i++)
    {
      const CcAcceptQueue *queue = &on_port[i].accept_queue;
      if (listener_covers (&on_port[i], target) && queue->backlog >= 0
          && queue->waiting > (guint) queue->backlog)
        return &on_port[i];
    }
  return NULL;
}

/* A local target timed out: the kernel drops connection requests to a listener whose
 * accept queue is full (more waiting than its backlog), as a firewall would. */
static gboolean
judge_accept_queue (Diagnosis *d, const CcAttempt *attempt)
{
  g_autoptr (GError) error = NULL;
  const CcListeners *table = cc_evidence_snapshot_listeners (d->snapshot, &error);
  guint16 port = d->endpoint->port;
  const CcSocket *listener;

  if (table == NULL)
    {
      add_evidence (d, "could not list listening sockets: %s", error->message);
      return FALSE;
    }
  listener = full_listener (table, &attempt->address, port);
  if (listener == NULL)
    return FALSE;
  add_evidence (d, "port %u listens on %s with %u connections waiting to be accepted, "
                "backlog %d (%s): the kernel drops new connection requests", port,
                listener->local.text, listener->accept_queue.waiting,
                listener->accept_queue.backlog, table->origin);
  set_verdict (d, CC_CAUSE_TIMEOUT_ACCEPT_QUEUE_FULL,
               g_strdup_printf ("the service listens on port %u but does not accept: its "
                                "accept queue is full (%u waiting, backlog %d)", port,
                                listener->accept_queue.waiting,
                                listener->accept_queue.backlog));
  return TRUE;
}

/* --- this host's route and neighbour table --- */

static void
describe_discarding_route (Diagnosis *d, const CcAttempt *attempt, const CcRoute *route)
{
  const char *kind = cc_route_kind_name (route->kind);
  g_autofree char *prefix = route->has_prefix ? cc_cidr_to_string (&route->prefix) : NULL;
  g_autofree char *table = route->has_prefix && route->table != RT_TABLE_MAIN
                             ? g_strdup_printf (" (table %u)", route->table) : NULL;
  g_autofree char *command = cc_route_delete_command (route);

  if (prefix != NULL)
    add_evidence (d, "route lookup for %s (netlink): %s route %s%s", attempt->address.text,
                  kind, prefix, table != NULL ? table : "");
  else
    add_evidence (d, "route lookup for %s (netlink): %s, from a routing rule (ip rule): no "
                  "route of that type covers it", attempt->address.text, kind);
  set_verdict (d, CC_CAUSE_LOCAL_ROUTE_DISCARDS,
               g_strdup_printf ("this host's routing table discards traffic to %s: %s %s%s",
                                attempt->address.text, kind, prefix != NULL ? "route " : "rule",
                                prefix != NULL ? prefix : ""));
  g_free (d->result->advice);
  d->result->advice = command != NULL
    ? g_strdup_printf ("remove or fix the route on this host: %s", command)
    : g_strdup_printf ("remove or fix the routing rule on this host that says %s (ip%s rule "
                       "show)", kind, cc_address_family (&attempt->address) == AF_INET6
                                    ? " -6" : "");
}

/* An on-link next hop that never answered ARP (IPv6: neighbour discovery). Whether the
 * connect then timed out or failed with "no route to host" depends only on -t and the
 * kernel's ARP timing; the neighbour entry is the same evidence either way. */
/* ARP or NDP unanswered on a link without carrier: no host on it could answer. TRUE
 * when the link is down. */
static gboolean
link_is_down (Diagnosis *d, const CcRoute *route)
{
  g_autoptr (GError) error = NULL;
  CcLink link;

  if (!cc_link_lookup (route->ifindex, &link, &error))
    {
      add_evidence (d, "could not read the state of %s: %s", route->interface, error->message);
      return FALSE;
    }
  if (!link.found || link.carrier)
    return FALSE;
  add_evidence (d, "%s has no carrier: its link is down (NO-CARRIER in ip link show %s)",
                route->interface, route->interface);
  d->result->advice = g_strdup_printf ("check the link of %s (its cable, the switch port, the "
                                       "interface at the other end), then the machine",
                                       route->interface);
  return TRUE;
}

static gboolean
judge_neighbour (Diagnosis *d, const CcAttempt *attempt, const CcRoute *route)
{
  const char *protocol = cc_address_family (&route->next_hop) == AF_INET6 ? "NDP" : "ARP";
  g_autoptr (GError) error = NULL;
  CcNeighbour neighbour;

  if (route->kind != CC_ROUTE_FORWARD || route->ifindex <= 0)
    return FALSE;
  if (!cc_neighbour_lookup (&route->next_hop, route->ifindex, &neighbour, &error))
    {
      add_evidence (d, "could not read the neighbour table: %s", error->message);
      return FALSE;
    }
  if (!cc_neighbour_unanswered (&neighbour))
    return FALSE;
  add_evidence (d, "no %s answer from %s%s on %s: neighbour entry %s", protocol,
                route->via_gateway ? "the gateway " : "", route->next_hop.text,
                route->interface, cc_neighbour_state_name (neighbour.state));
  if (link_is_down (d, route))
    {
      if (!route->via_gateway)
        set_verdict (d, CC_CAUSE_TIMEOUT_HOST_DOWN,
                     g_strdup_printf ("the link is down: %s has no carrier, nothing answers "
                                      "for %s on it", route->interface, attempt->address.text));
      return TRUE;
    }
  /* A silent gateway says nothing of the target behind it, and silences the side probes
   * too: their silence must not pass for a host that is down. */
  if (route->via_gateway)
    {
      d->result->advice = g_strdup_printf ("check the gateway %s on %s first (is it up, is "
                                           "the route right?): nothing behind it can be told "
                                           "from here", route->next_hop.text,
                                           route->interface);
      return TRUE;
    }
  set_verdict (d, CC_CAUSE_TIMEOUT_HOST_DOWN,
               g_strdup_printf ("no %s answer on the link: nothing answers for %s on %s",
                                protocol, attempt->address.text, route->interface));
  return TRUE;
}

/* Read from the kernel only when the check runs on the live system: a fixture tree has
 * no routes. TRUE when the route or the neighbour table decided the verdict, or showed
 * (a silent gateway) that nothing more can be told from here. */
static gboolean
judge_local_path (Diagnosis *d, const CcAttempt *attempt)
{
  g_autoptr (GError) error = NULL;
  CcRoute route;

  if (!cc_evidence_snapshot_is_live (d->snapshot))
    return FALSE;
  if (!cc_route_lookup (&attempt->address, &route, &error))
    {
      add_evidence (d, "could not read this host's route to %s: %s", attempt->address.text,
                    error->message);
      return FALSE;
    }
  if (cc_route_discards (&route))
    {
      describe_discarding_route (d, attempt, &route);
      return TRUE;
    }
  return judge_neighbour (d, attempt, &route);
}

/* --- local ports --- */

static char *
describe_counts (const guint counts[CC_TCP_STATE_LAST])
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "TIME_WAIT %u", counts[CC_TCP_TIME_WAIT]);
  for (guint state = 1; state < CC_TCP_STATE_LAST; state++)
    if (state != CC_TCP_TIME_WAIT && counts[state] > 0)
      g_string_append_printf (out, ", %s %u", cc_tcp_state_name (state), counts[state]);
  return g_string_free (out, FALSE);
}

typedef struct {
  CcEphemeralRange range;
  guint used;                      /* sockets toward the destination */
  guint counts[CC_TCP_STATE_LAST]; /* the same by state */
} PortUsage;

static gboolean
read_port_usage (Diagnosis *d, const CcAddress *destination, PortUsage *usage)
{
  g_autoptr (GError) error = NULL;

  if (!cc_evidence_snapshot_ephemeral (d->snapshot, &usage->range, &error)
      || !cc_evidence_snapshot_count_toward (d->snapshot, destination, usage->counts,
                                             &usage->used, &error))
    {
      add_evidence (d, "could not read the local port usage: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

static void
add_usage_evidence (Diagnosis *d, const CcAddress *destination, const PortUsage *usage)
{
  g_autofree char *at = cc_address_with_port (destination);
  g_autofree char *states = describe_counts (usage->counts);
  int reuse = usage->range.tw_reuse;

  add_evidence (d, "net.ipv4.ip_local_port_range = %u %u: %u ports", usage->range.low,
                usage->range.high, cc_ephemeral_size (&usage->range));
  add_evidence (d, "sockets toward %s: %u (%s)", at, usage->used, states);
  if (reuse >= 0)
    add_evidence (d, "net.ipv4.tcp_tw_reuse = %d%s", reuse,
                  reuse == 1 ? "" : " (1 lets new connections reuse TIME_WAIT ports)");
}

static void
diagnose_exhausted (Diagnosis *d, const CcAttempt *attempt)
{
  PortUsage usage;
  g_autofree char *at = cc_address_with_port (&attempt->address);
  g_autofree char *detail = NULL;

  if (!read_port_usage (d, &attempt->address, &usage))
    return;
  add_usage_evidence (d, &attempt->address, &usage);
  detail = g_strdup_printf ("cannot assign requested address: %u sockets toward %s hold the "
                            "%u local ports of the ephemeral range", usage.used, at,
                            cc_ephemeral_size (&usage.range));
  cc_result_set_detail (d->result, detail, -1);
}

/* Fewer TCP sockets in all than the warning needs toward one destination: no count of
 * them can reach it, and the walk of the kernel's connection table it takes is spared. */
static gboolean
surely_below_pressure (Diagnosis *d)
{
  CcEphemeralRange range;
  guint sockets;

  return cc_evidence_snapshot_ephemeral (d->snapshot, &range, NULL)
         && cc_evidence_snapshot_tcp_sockets (d->snapshot, &sockets)
         && (guint64) sockets * 100 < (guint64) d->endpoint->ephemeral_warn_pct
                                        * cc_ephemeral_size (&range);
}

static void
check_pressure (Diagnosis *d)
{
  const CcAddress *destination = &d->result->primary->address;
  g_autofree char *at = NULL;
  PortUsage usage;
  guint pct;

  if (surely_below_pressure (d) || !read_port_usage (d, destination, &usage))
    return;
  pct = usage.used * 100 / cc_ephemeral_size (&usage.range);
  if (pct < d->endpoint->ephemeral_warn_pct)
    return;
  at = cc_address_with_port (destination);
  add_usage_evidence (d, destination, &usage);
  set_verdict (d, CC_CAUSE_LOCAL_EPHEMERAL_PRESSURE,
               g_strdup_printf ("connected, but %u of %u local ports toward %s are in use "
                                "(%u%%, warning at %u%%)", usage.used,
                                cc_ephemeral_size (&usage.range), at, pct,
                                d->endpoint->ephemeral_warn_pct));
}

static void
diagnose_bad_source (Diagnosis *d, const CcAttempt *attempt)
{
  GString *own = g_string_new (NULL);
  const GArray *list = interfaces (d);
  g_autofree char *detail = NULL;

  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (own, "%s%s", i > 0 ? ", " : "",
                            g_array_index (list, CcInterfaceAddress, i).address.text);
  add_evidence (d, "--source %s is not among this host's addresses: %s",
                d->endpoint->source->text, own->str);
  g_string_free (own, TRUE);
  detail = g_strdup_printf ("cannot bind to source address %s: it is not an address of this "
                            "host", d->endpoint->source->text);
  cc_result_set_detail (d->result, detail, -1);
}

/* --- proxies --- */

/* Returns the proxy variables set, joined, or NULL; check_conn never uses them itself. */
static char *
proxy_variables (Diagnosis *d)
{
  return d->envp != NULL ? cc_proxy_variables_joined (d->envp)
                         : g_strdup (cc_evidence_snapshot_proxy_variables (d->snapshot));
}

static void
note_proxy (Diagnosis *d, gboolean make_verdict)
{
  g_autofree char *names = proxy_variables (d);

  if (names == NULL)
    return;
  add_evidence (d, "proxy variables set: %s; check_conn ignores them and connects directly, "
                "clients that honour them go through the proxy", names);
  if (make_verdict)
    set_verdict (d, CC_CAUSE_CLIENT_PROXY,
                 g_strdup_printf ("connected directly, but proxy variables are set (%s): "
                                  "clients using them go through a proxy, not straight here",
                                  names));
}

/* --- the whole --- */

static void
diagnose_failure (Diagnosis *d)
{
  const CcAttempt *attempt = d->result->primary;

  switch (attempt->cause)
    {
    case CC_CAUSE_REFUSED_NOT_LISTENING:
      diagnose_refused (d, attempt);
      break;
    case CC_CAUSE_REFUSED_FIREWALL_REJECT:
    case CC_CAUSE_UNREACHABLE_PROHIBITED:
      diagnose_icmp_reject (d, attempt);
      break;
    case CC_CAUSE_TIMEOUT_NO_ANSWER:
      if (is_this_host (d, &attempt->address)
          && (judge_accept_queue (d, attempt) || judge_local_drop (d, attempt)))
        break;
      if (!judge_local_path (d, attempt))
        diagnose_timeout (d, attempt);
      break;
    case CC_CAUSE_LOCAL_EPHEMERAL_EXHAUSTED:
      if (!attempt->source_bound)
        diagnose_exhausted (d, attempt);
      break;
    case CC_CAUSE_LOCAL_BAD_SOURCE:
      diagnose_bad_source (d, attempt);
      break;
    case CC_CAUSE_UNREACHABLE_HOST:
    case CC_CAUSE_UNREACHABLE_NET:
      judge_local_path (d, attempt);
      if (attempt->has_icmp)
        describe_icmp (d, attempt, d->endpoint->port);
      break;
    case CC_CAUSE_LOCAL_BLOCKED:
      judge_local_path (d, attempt);
      break;
    case CC_CAUSE_CONN_ERROR:
      /* What connect() says when a blackhole route takes the packet. */
      if (attempt->error == EINVAL && g_strcmp0 (attempt->call, "connect") == 0)
        judge_local_path (d, attempt);
      break;
    default:
      break;
    }
}

/* Some addresses work and some do not: a verdict for each. */
static void
list_verdicts (Diagnosis *d)
{
  GArray *attempts = d->result->seen->attempts;

  for (guint i = 0; i < attempts->len; i++)
    {
      const CcAttempt *attempt = &g_array_index (attempts, CcAttempt, i);
      g_autofree char *at = cc_address_with_port (&attempt->address);
      g_autofree char *what = cc_attempt_describe (attempt, d->endpoint);
      add_evidence (d, "%s: %s (%s)", at, what,
                    attempt->cause == CC_CAUSE_NONE ? "ok" : cc_cause_get (attempt->cause)->name);
    }
}

static void
diagnose_connected (Diagnosis *d)
{
  if (d->result->cause == CC_CAUSE_ADDRESSES_PARTIAL)
    list_verdicts (d);
  else if (d->endpoint->has_ephemeral_warn || d->endpoint->diagnose)
    check_pressure (d);
  if (d->result->state == CC_STATE_OK && d->endpoint->diagnose)
    note_proxy (d, TRUE);
}

static void
run (Diagnosis *d)
{
  CcResult *result = d->result;
  gboolean connected = cc_fastest_connected (result->seen->attempts) != NULL;

  if (result->seen->resolution->cause != CC_CAUSE_NONE)
    return;
  if (d->endpoint->expect != NULL && judge_expected (d))
    return;
  if (d->endpoint->expect == NULL && d->endpoint->front_proxies != NULL && judge_front_proxy (d))
    return;
  if (connected)
    diagnose_connected (d);
  else
    {
      diagnose_failure (d);
      note_proxy (d, FALSE);
    }
}

void
cc_diagnose (CcResult *result, const CcEvidenceSource *source)
{
  Diagnosis d = {
    .result = result,
    .endpoint = result->seen->endpoint,
    .snapshot = source != NULL ? source->snapshot : NULL,
    .interfaces = source != NULL ? source->interfaces : NULL,
    .envp = source != NULL ? source->envp : NULL,
    .late_probes = result->seen->endpoint->diagnose && (source == NULL || !source->no_late_probes),
  };

  if (d.snapshot == NULL)
    {
      d.snapshot = cc_evidence_snapshot_new (source != NULL ? source->root : "/");
      d.owns_snapshot = TRUE;
    }
  run (&d);
  g_clear_pointer (&d.service_ports, g_array_unref);
  g_clear_pointer (&d.no_interfaces, g_array_unref);
  if (d.owns_snapshot)
    cc_evidence_snapshot_free (d.snapshot);
}

void
cc_diagnose_expectations (CcResult *result)
{
  Diagnosis d = { .result = result, .endpoint = result->seen->endpoint };

  if (result->seen->resolution->cause != CC_CAUSE_NONE)
    return;
  if (d.endpoint->expect != NULL)
    judge_expected (&d);
  else if (d.endpoint->front_proxies != NULL)
    judge_front_proxy (&d);
}

void
cc_result_apply_state_overrides (CcResult *result)
{
  result->state = cc_state_overrides_apply (result->seen->endpoint->state_overrides, result->cause,
                                            result->state);
}
