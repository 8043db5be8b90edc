/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "model/causes.h"

#include <string.h>

#define CAUSE(ID, NAME, STATE, SUMMARY, ADVICE) \
  [ID] = { ID, NAME, CC_STATE_##STATE, SUMMARY, ADVICE }

static const CcCause causes[] = {
  CAUSE (CC_CAUSE_NONE, "ok", OK, "connected", ""),
  CAUSE (CC_CAUSE_REFUSED_NOT_LISTENING, "refused.not_listening", CRITICAL,
         "connection refused: a reset (RST) answered; nothing listens on the port, or a "
         "firewall in front of the host resets it",
         "check on the host that the service runs and listens on the port (ss -ltn) and "
         "read its logs; if it listens, a firewall in front of it resets the port: a capture "
         "on the host shows whether connection requests arrive"),
  CAUSE (CC_CAUSE_REFUSED_LOOPBACK_ONLY, "refused.loopback_only", CRITICAL,
         "connection refused: the service listens on loopback only",
         "bind the service to 0.0.0.0 (or ::) or to the interface clients use"),
  CAUSE (CC_CAUSE_REFUSED_WRONG_PORT, "refused.wrong_port", CRITICAL,
         "connection refused: the service listens on another port",
         "fix the port in the client (or in the check)"),
  CAUSE (CC_CAUSE_REFUSED_WRONG_ADDRESS, "refused.wrong_address", CRITICAL,
         "the connection went to an address other than the expected one",
         "fix the address the client connects to"),
  CAUSE (CC_CAUSE_DNS_MISMATCH, "dns.mismatch", CRITICAL,
         "the name resolves to a different server than expected",
         "fix the DNS record; check resolver caches and /etc/hosts"),
  CAUSE (CC_CAUSE_DNS_FRONT_PROXY, "dns.front_proxy", WARNING,
         "a CDN or proxy sits in front of the server",
         "check the CDN or proxy's origin address and port settings"),
  CAUSE (CC_CAUSE_CLIENT_PROXY, "client.proxy", WARNING,
         "proxy variables are set: clients may go through a proxy",
         "check or bypass the proxy (check_conn itself connects directly)"),
  CAUSE (CC_CAUSE_TIMEOUT_NO_ANSWER, "timeout.no_answer", CRITICAL,
         "connection timed out: no answer to the connection request",
         "likely a firewall dropping the port, a host that is down, or a private address "
         "of another network; side probes to other ports of the host tell them apart (a "
         "single check makes them unless --no-diagnose is given, a bulk run where its "
         "config says diagnose = true)"),
  CAUSE (CC_CAUSE_TIMEOUT_FILTERED, "timeout.filtered", CRITICAL,
         "connection timed out: a firewall drops this port while the host answers elsewhere",
         "open the port in the host firewall, the cloud security group and any hosting-panel "
         "firewall; test with the firewall briefly off"),
  CAUSE (CC_CAUSE_TIMEOUT_HOST_DOWN, "timeout.host_down", CRITICAL,
         "nothing answers at that address: no reply to the connection request, or no "
         "ARP (IPv6: neighbour discovery) answer on the link",
         "check that the machine is up and that the address is right"),
  CAUSE (CC_CAUSE_TIMEOUT_PRIVATE_FOREIGN, "timeout.private_foreign", CRITICAL,
         "connection timed out: the target is a private address of another network",
         "use the server's public address, or join its network (VPN)"),
  CAUSE (CC_CAUSE_UNREACHABLE_HOST, "unreachable.host", CRITICAL,
         "no route to host",
         "check routing, the VPN and the address"),
  CAUSE (CC_CAUSE_UNREACHABLE_NET, "unreachable.net", CRITICAL,
         "network unreachable",
         "check routing, the VPN and the address; this host may lack a route or an "
         "address of that family"),
  CAUSE (CC_CAUSE_LOCAL_EPHEMERAL_EXHAUSTED, "local.ephemeral_exhausted", CRITICAL,
         "cannot assign requested address: no local ephemeral port left toward this "
         "destination",
         "widen net.ipv4.ip_local_port_range (e.g. 10000 65535) in /etc/sysctl.conf and run "
         "sysctl -p; enable net.ipv4.tcp_tw_reuse; use keep-alive or connection pools"),
  CAUSE (CC_CAUSE_LOCAL_EPHEMERAL_PRESSURE, "local.ephemeral_pressure", WARNING,
         "local ephemeral ports toward this destination are nearly used up",
         "widen net.ipv4.ip_local_port_range in /etc/sysctl.conf and run sysctl -p; enable "
         "net.ipv4.tcp_tw_reuse; use keep-alive or connection pools"),
  CAUSE (CC_CAUSE_LOCAL_BAD_SOURCE, "local.bad_source", UNKNOWN,
         "the source address is not an address of this host",
         "fix the source address (--source)"),
  CAUSE (CC_CAUSE_LOCAL_BLOCKED, "local.blocked", CRITICAL,
         "this host's own firewall or policy forbids the connection",
         "check the local firewall's output rules and security policy"),
  CAUSE (CC_CAUSE_LOCAL_RESOURCES, "local.resources", UNKNOWN,
         "this host ran out of resources to open a connection",
         "check file descriptor limits (ulimit -n) and memory on the monitoring host"),
  CAUSE (CC_CAUSE_PROTOCOL_MISMATCH, "protocol.mismatch", CRITICAL,
         "the server speaks a different protocol than expected",
         "make both sides use the same protocol"),
  CAUSE (CC_CAUSE_PROTOCOL_UNKNOWN, "protocol.unknown", CRITICAL,
         "the server answered bytes no known protocol matches",
         "check what runs on that port"),
  CAUSE (CC_CAUSE_PROTOCOL_SILENT, "protocol.silent", CRITICAL,
         "connected, but the server said nothing and ignored the probe",
         "the service may be wedged, or expects another protocol"),
  CAUSE (CC_CAUSE_CONN_RESET, "conn.reset", CRITICAL,
         "the server accepted the connection, then reset or closed it at once",
         "check connection limits, TCP wrappers, crashed workers, or a TLS-only port"),
  CAUSE (CC_CAUSE_CONN_ERROR, "conn.error", CRITICAL,
         "the connection failed",
         "see the error text; check the network path to the server"),
  CAUSE (CC_CAUSE_TLS_ALERT, "tls.alert", CRITICAL,
         "the TLS handshake failed with an alert",
         "fix the TLS configuration (versions, ciphers, certificate, SNI)"),
  CAUSE (CC_CAUSE_TLS_PLAINTEXT_REPLY, "tls.plaintext_reply", CRITICAL,
         "TLS expected, but the server answered in plain text",
         "use the plain scheme (http, ws) for this port, or enable TLS on the server"),
  CAUSE (CC_CAUSE_TLS_ON_PLAIN_PORT, "tls.on_plain_port", CRITICAL,
         "plain text expected, but the server speaks TLS",
         "use the TLS scheme (https, wss) for this port, or --tls for another protocol"),
  CAUSE (CC_CAUSE_DNS_NXDOMAIN, "dns.nxdomain", CRITICAL,
         "the name does not exist in DNS",
         "fix the name, or add the DNS record"),
  CAUSE (CC_CAUSE_DNS_FAILURE, "dns.failure", CRITICAL,
         "name resolution failed",
         "check the resolver (/etc/resolv.conf) and that the DNS servers answer"),
  CAUSE (CC_CAUSE_RESPONSE_SLOW, "response.slow", WARNING,
         "connected, but slower than the threshold",
         "check the load on the server and the network path"),
  CAUSE (CC_CAUSE_ADDRESSES_PARTIAL, "addresses.partial", WARNING,
         "some of the name's addresses work and some do not",
         "fix or remove the failing addresses (A/AAAA records, dual stack)"),
  CAUSE (CC_CAUSE_DNS_NO_ADDRESS_FAMILY, "dns.no_address_family", CRITICAL,
         "the name exists, but has no address of the family asked for",
         "drop -4/-6 (or use a --source of the other family), or add the missing A or "
         "AAAA record"),
  CAUSE (CC_CAUSE_LOCAL_ROUTE_DISCARDS, "local.route_discards", CRITICAL,
         "this host's routing table discards traffic to the target",
         "remove or fix the blackhole, unreachable or prohibit route on this host "
         "(ip route del ...)"),
  CAUSE (CC_CAUSE_REFUSED_FIREWALL_REJECT, "refused.firewall_reject", CRITICAL,
         "connection refused by a firewall: ICMP port unreachable, not a reset; a service "
         "may be running behind the rule",
         "open the port in the firewall that sent the ICMP error (nft list ruleset, "
         "iptables -L -n on that host or on the path)"),
  CAUSE (CC_CAUSE_UNREACHABLE_PROHIBITED, "unreachable.prohibited", CRITICAL,
         "a firewall forbids the connection: ICMP administratively, host or net prohibited",
         "open the port in the firewall that sent the ICMP error (firewalld: firewall-cmd "
         "--list-all; nft list ruleset; the cloud ACL); not a routing problem"),
  CAUSE (CC_CAUSE_REFUSED_LOCAL_RULE, "refused.local_rule", CRITICAL,
         "connection refused on this host although a socket listens on the port: a local "
         "firewall rule rejects it",
         "find and fix the rule in this host's firewall (nft list ruleset; iptables -L -n)"),
  CAUSE (CC_CAUSE_TIMEOUT_ACCEPT_QUEUE_FULL, "timeout.accept_queue_full", CRITICAL,
         "the service listens but does not accept: its accept queue is full",
         "the server is stuck or overloaded: check its workers or thread pool and its logs; "
         "raise its listen backlog (and net.core.somaxconn) if it is only slow"),
  CAUSE (CC_CAUSE_HTTP_CLIENT_ERROR, "http.client_error", WARNING,
         "the HTTP server answered with a client error (4xx)",
         "check the path, the Host header and any authentication the server asks for"),
  CAUSE (CC_CAUSE_HTTP_SERVER_ERROR, "http.server_error", CRITICAL,
         "the HTTP server answered with a server error (5xx)",
         "check the server's error log and the application behind it"),
  CAUSE (CC_CAUSE_HTTP_UNEXPECTED_STATUS, "http.unexpected_status", CRITICAL,
         "the HTTP status is not one of those expected (--expect-status)",
         "check the path and the server's configuration, or the expected statuses"),
  CAUSE (CC_CAUSE_HTTP_BODY_MISMATCH, "http.body_mismatch", CRITICAL,
         "the HTTP answer's body does not hold the expected text (--expect-body, "
         "--expect-regex)",
         "check that the path serves the expected page, and the application behind it"),
  CAUSE (CC_CAUSE_PROXY_UPSTREAM_REFUSED, "proxy.upstream_refused", CRITICAL,
         "a proxy or CDN answered, but its upstream refused the connection",
         "start the upstream (origin) service, or fix the address and port the proxy "
         "forwards to; the proxy's error log names it"),
  CAUSE (CC_CAUSE_PROXY_UPSTREAM_TIMEOUT, "proxy.upstream_timeout", CRITICAL,
         "a proxy or CDN answered, but its upstream did not answer in time",
         "check the upstream (origin): is it up, overloaded or firewalled from the proxy; "
         "compare its response time with the proxy's read timeout"),
  CAUSE (CC_CAUSE_PROXY_ORIGIN_UNREACHABLE, "proxy.origin_unreachable", CRITICAL,
         "a CDN answered, but it cannot reach the origin server",
         "check the origin's address in the CDN's settings (DNS record) and that the origin "
         "is reachable from the internet"),
  CAUSE (CC_CAUSE_PROXY_ORIGIN_TLS, "proxy.origin_tls", CRITICAL,
         "a CDN answered, but its TLS handshake with the origin failed",
         "check the origin's certificate (valid, trusted, for the origin's name) and its "
         "TLS settings against the CDN's TLS mode"),
  CAUSE (CC_CAUSE_PROXY_NO_UPSTREAM, "proxy.no_upstream", CRITICAL,
         "a proxy answered that no upstream is available (503)",
         "check the proxy's upstream pool: are the backends up and passing its health "
         "checks"),
  CAUSE (CC_CAUSE_EXPECT_MISMATCH, "expect.mismatch", CRITICAL,
         "the server's reply does not hold the expected text (--expect)",
         "check what runs on that port, and the --send and --expect strings"),
  CAUSE (CC_CAUSE_TLS_CERT_EXPIRED, "tls.cert_expired", CRITICAL,
         "the server's TLS certificate has expired",
         "renew the certificate and reload the server; if it was renewed, check that the "
         "server serves the new file and that this host's clock is right"),
  CAUSE (CC_CAUSE_TLS_CERT_NOT_YET_VALID, "tls.cert_not_yet_valid", CRITICAL,
         "the server's TLS certificate is not valid yet",
         "check the clocks of this host and of the machine that issued the certificate"),
  CAUSE (CC_CAUSE_TLS_CERT_EXPIRING, "tls.cert_expiring", WARNING,
         "the server's TLS certificate expires soon",
         "renew the certificate (check that automatic renewal runs) and reload the server"),
  CAUSE (CC_CAUSE_TLS_NAME_MISMATCH, "tls.name_mismatch", CRITICAL,
         "the server's TLS certificate is not for this name",
         "serve a certificate that names this host, or check with the name the certificate "
         "carries (--sni); a wrong name may also mean the wrong server block or virtual host"),
  CAUSE (CC_CAUSE_TLS_SELF_SIGNED, "tls.self_signed", CRITICAL,
         "the server's TLS certificate is self-signed",
         "serve a certificate from a trusted CA, or trust this one explicitly with "
         "--ca-file"),
  CAUSE (CC_CAUSE_TLS_UNTRUSTED, "tls.untrusted", CRITICAL,
         "no trusted chain leads to the server's TLS certificate",
         "serve the full chain (certificate followed by its intermediates, e.g. nginx "
         "ssl_certificate fullchain.pem); for a private CA, give its root with --ca-file"),
  CAUSE (CC_CAUSE_TLS_VERSION, "tls.version", CRITICAL,
         "client and server share no TLS protocol version",
         "enable a common version on the server (TLS 1.2 and 1.3), or retire the old client"),
  CAUSE (CC_CAUSE_TLS_HANDSHAKE, "tls.handshake", CRITICAL,
         "the TLS handshake failed",
         "align the TLS settings of client and server (versions, ciphers, curves)"),
  CAUSE (CC_CAUSE_TLS_CLIENT_CERT_REQUIRED, "tls.client_cert_required", CRITICAL,
         "the server requires a client certificate (mutual TLS)",
         "give the client a certificate the server trusts, or make the server's client "
         "verification optional for this check"),
  CAUSE (CC_CAUSE_TLS_NOT_OFFERED, "tls.not_offered", CRITICAL,
         "the server does not offer TLS on this connection (STARTTLS, STLS or AUTH TLS "
         "refused, PostgreSQL ssl = off)",
         "enable TLS on the server (SMTP, IMAP, POP3, FTP: a certificate and STARTTLS, STLS "
         "or AUTH TLS; PostgreSQL: ssl = on with a certificate), or check without "
         "--starttls"),
  CAUSE (CC_CAUSE_HTTP_MALFORMED, "http.malformed", CRITICAL,
         "the server speaks HTTP, but its status line is malformed",
         "fix the application or proxy that writes the answer: a status line is the "
         "version, a space, three digits, a space and the reason (RFC 9112)"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (causes) == CC_CAUSE_LAST);

const CcCause *
cc_cause_get (CcCauseId id)
{
  g_return_val_if_fail (id < CC_CAUSE_LAST, &causes[CC_CAUSE_CONN_ERROR]);
  return &causes[id];
}

const CcCause *
cc_cause_find (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (causes); i++)
    if (strcmp (causes[i].name, name) == 0)
      return &causes[i];
  return NULL;
}
