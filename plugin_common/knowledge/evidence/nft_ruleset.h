/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This host's nftables ruleset, as `nft -j list ruleset` prints it, and the rules in it
 * that stop a TCP connection request this host makes to one of its own addresses: the
 * rule that answers in a listening service's place can then be named. The ruleset is
 * untrusted input (any process with CAP_NET_ADMIN writes it): sizes and nesting are
 * capped, and whatever is not understood makes a rule "may match", never "matches". */
#pragma once

#include <glib.h>

#include "base/address.h"

#define CC_NFT_RULESET_ORIGIN "nft -j list ruleset"
/* More than any real ruleset; a bigger one is refused rather than read slowly. */
#define CC_NFT_RULESET_MAX_BYTES (8 * 1024 * 1024)

typedef struct _CcNftRuleset CcNftRuleset;

/* Runs nft (in /usr/sbin or /sbin) and parses what it prints, killing it at deadline_us
 * (monotonic) or when it prints more than CC_NFT_RULESET_MAX_BYTES. Fails when nft is not
 * installed or may not read the ruleset (not root). */
CcNftRuleset *cc_nft_ruleset_read (gint64 deadline_us, GError **error);
/* Parses the JSON of `nft -j list ruleset`. */
CcNftRuleset *cc_nft_ruleset_parse (const char *json, gsize length, GError **error);
void cc_nft_ruleset_free (CcNftRuleset *ruleset);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcNftRuleset, cc_nft_ruleset_free)

typedef enum {
  CC_NFT_REJECT, /* a reject statement: a reset or an ICMP error answers */
  CC_NFT_DROP,   /* a drop statement or a base chain's drop policy: silence */
} CcNftStop;

typedef struct {
  char *text;       /* "table inet filter chain input: tcp dport 42010 reject with tcp
                     * reset (handle 6)"; raw ruleset bytes, escaped by render/ */
  char *command;    /* "nft delete rule inet filter input handle 6"; NULL for a policy */
  CcNftStop stop;
  gboolean certain; /* every match of the rule, and of the rules before it that could
                     * have let the packet through, was understood */
} CcNftFinding;

/* The rules (and drop policies) that stop a TCP connection request from this host to
 * destination (an address of this host, with the port), in the order the kernel meets
 * them. Each CcNftFinding is freed with the array. */
GPtrArray *cc_nft_ruleset_find (const CcNftRuleset *ruleset, const CcAddress *destination);
