/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nftables in JSON: libnftables-json(5). The walk follows the kernel's: base chains of the
 * hooks a local connection request passes (output, then prerouting and input on lo), their
 * rules in order, jumps and gotos into regular chains, then the chain's policy. */
#include "knowledge/evidence/nft_ruleset.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/cidr.h"
#include "knowledge/evidence/json_tree.h"
#include "knowledge/evidence/socket_table.h"

/* Real rulesets nest a few levels; a parser's recursion must not follow a hostile one. */
#define MAX_NESTING 32
/* Jumps from chain to chain: the kernel allows 16. */
#define MAX_JUMPS 16
/* A rule's text in evidence: enough for any rule a person wrote. */
#define MAX_RULE_TEXT 400
/* What nft says when it fails: its first line is enough. */
#define MAX_ERROR_TEXT 200
/* Steps (rules walked, values compared) one walk may take: chains that jump to themselves
 * or sets that name themselves, which the kernel refuses but JSON can say, end here. */
#define MAX_STEPS 100000

typedef struct {
  CcJsonNode *object; /* the "chain" object */
  GPtrArray *rules;   /* CcJsonNode: its "rule" objects, in order */
} Chain;

struct _CcNftRuleset {
  CcJsonNode *root;
  GPtrArray *chains; /* Chain */
  GPtrArray *sets;   /* CcJsonNode: named sets, for "@name" */
};

/* --- reading --- */

static const char *
find_nft (void)
{
  static const char *const paths[] = { "/usr/sbin/nft", "/sbin/nft" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    if (access (paths[i], X_OK) == 0)
      return paths[i];
  return NULL;
}

/* Appends what fd has to out; FALSE at end of file or on error. */
static gboolean
drain (int fd, GByteArray *out, gsize cap)
{
  guint8 buffer[65536];
  ssize_t n = read (fd, buffer, MIN (sizeof buffer, cap + 1 - MIN (out->len, cap)));

  if (n <= 0)
    return n < 0 && errno == EINTR;
  g_byte_array_append (out, buffer, (guint) n);
  return TRUE;
}

static char *
first_line (const GByteArray *bytes)
{
  gsize length = MIN (bytes->len, MAX_ERROR_TEXT);
  const guint8 *end = memchr (bytes->data, '\n', length);

  return g_strndup ((const char *) bytes->data, end != NULL ? (gsize) (end - bytes->data)
                                                              : length);
}

/* Reads nft's output and errors until it closes both or the deadline or cap is reached. */
static gboolean
collect (int out_fd, int err_fd, gint64 deadline_us, GByteArray *out, GByteArray *err,
         GError **error)
{
  struct pollfd fds[2] = { { out_fd, POLLIN, 0 }, { err_fd, POLLIN, 0 } };

  while (fds[0].fd >= 0 || fds[1].fd >= 0)
    {
      gint64 left_ms = (deadline_us - g_get_monotonic_time () + 999) / 1000;
      if (left_ms <= 0 || poll (fds, 2, (int) MIN (left_ms, G_MAXINT)) == 0)
        {
          g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ,
                       "%s did not finish in time", CC_NFT_RULESET_ORIGIN);
          return FALSE;
        }
      for (guint i = 0; i < 2; i++)
        if (fds[i].fd >= 0 && fds[i].revents != 0
            && !drain (fds[i].fd, i == 0 ? out : err, i == 0 ? CC_NFT_RULESET_MAX_BYTES
                                                             : MAX_ERROR_TEXT))
          fds[i].fd = -1;
      if (out->len > CC_NFT_RULESET_MAX_BYTES || err->len > MAX_ERROR_TEXT)
        {
          g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_FORMAT,
                       "%s printed more than %u bytes", CC_NFT_RULESET_ORIGIN,
                       out->len > CC_NFT_RULESET_MAX_BYTES ? CC_NFT_RULESET_MAX_BYTES
                                                           : MAX_ERROR_TEXT);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
exited_well (GPid pid, gboolean collected, const GByteArray *err, GError **error)
{
  int status = 0;

  if (!collected)
    kill (pid, SIGKILL);
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (!collected || (WIFEXITED (status) && WEXITSTATUS (status) == 0))
    return collected;
  if (err->len > 0)
    {
      g_autofree char *line = first_line (err);
      g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ, "%s: %s",
                   CC_NFT_RULESET_ORIGIN, line);
    }
  else
    g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ, "%s failed (status %d)",
                 CC_NFT_RULESET_ORIGIN, status);
  return FALSE;
}

CcNftRuleset *
cc_nft_ruleset_read (gint64 deadline_us, GError **error)
{
  const char *nft = find_nft ();
  char *argv[] = { (char *) nft, "-j", "list", "ruleset", NULL };
  g_autoptr (GByteArray) out = g_byte_array_new ();
  g_autoptr (GByteArray) err = g_byte_array_new ();
  int out_fd, err_fd;
  gboolean collected;
  GPid pid;

  if (nft == NULL)
    {
      g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ,
                   "nft is not installed (/usr/sbin/nft)");
      return NULL;
    }
  if (!g_spawn_async_with_pipes (NULL, argv, NULL,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL,
                                 NULL, NULL, &pid, NULL, &out_fd, &err_fd, error))
    return NULL;
  collected = collect (out_fd, err_fd, deadline_us, out, err, error);
  close (out_fd);
  close (err_fd);
  if (!exited_well (pid, collected, err, error))
    return NULL;
  return cc_nft_ruleset_parse ((const char *) out->data, out->len, error);
}

/* --- parsing --- */

/* Rejects input nested deeper than MAX_NESTING before a recursive parser sees it. */
static gboolean
nesting_bounded (const char *json, gsize length)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = json[i];
      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if ((c == '[' || c == '{') && ++depth > MAX_NESTING)
        return FALSE;
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

static const char *
member_string (CcJsonNode *object, const char *name)
{
  CcJsonNode *node = cc_json_member (object, name);

  return node != NULL && node->kind == CC_JSON_STRING
           ? node->text : NULL;
}

/* 0 when absent or not a whole number. */
static gint64
member_int (CcJsonNode *object, const char *name)
{
  CcJsonNode *node = cc_json_member (object, name);

  return node != NULL && node->kind == CC_JSON_INT
           ? node->number : 0;
}

static CcJsonNode *
member_object (CcJsonNode *object, const char *name)
{
  CcJsonNode *node = cc_json_member (object, name);

  return node != NULL && node->kind == CC_JSON_OBJECT ? node : NULL;
}

static CcJsonNode *
member_array (CcJsonNode *object, const char *name)
{
  CcJsonNode *node = cc_json_member (object, name);

  return node != NULL && node->kind == CC_JSON_ARRAY ? node : NULL;
}

static gboolean
same_table (CcJsonNode *a, CcJsonNode *b)
{
  return g_strcmp0 (member_string (a, "family"), member_string (b, "family")) == 0
         && g_strcmp0 (member_string (a, "table"), member_string (b, "table")) == 0;
}

static Chain *
find_chain (const CcNftRuleset *ruleset, CcJsonNode *in_table, const char *name)
{
  for (guint i = 0; name != NULL && i < ruleset->chains->len; i++)
    {
      Chain *chain = ruleset->chains->pdata[i];
      if (same_table (chain->object, in_table)
          && g_strcmp0 (member_string (chain->object, "name"), name) == 0)
        return chain;
    }
  return NULL;
}

static void
chain_free (Chain *chain)
{
  g_ptr_array_unref (chain->rules);
  g_free (chain);
}

static void
index_object (CcNftRuleset *ruleset, CcJsonNode *item)
{
  CcJsonNode *chain_object = member_object (item, "chain");
  CcJsonNode *rule = member_object (item, "rule");
  CcJsonNode *set = member_object (item, "set");

  if (chain_object != NULL && member_string (chain_object, "name") != NULL)
    {
      Chain *chain = g_new0 (Chain, 1);
      chain->object = chain_object;
      chain->rules = g_ptr_array_new ();
      g_ptr_array_add (ruleset->chains, chain);
    }
  else if (rule != NULL)
    {
      Chain *chain = find_chain (ruleset, rule, member_string (rule, "chain"));
      if (chain != NULL)
        g_ptr_array_add (chain->rules, rule);
    }
  else if (set != NULL && member_string (set, "name") != NULL)
    g_ptr_array_add (ruleset->sets, set);
}

CcNftRuleset *
cc_nft_ruleset_parse (const char *json, gsize length, GError **error)
{
  g_autoptr (CcNftRuleset) ruleset = g_new0 (CcNftRuleset, 1);
  CcJsonNode *items;

  ruleset->chains = g_ptr_array_new_with_free_func ((GDestroyNotify) chain_free);
  ruleset->sets = g_ptr_array_new ();
  if (length > CC_NFT_RULESET_MAX_BYTES || !nesting_bounded (json, length)
      || memchr (json, '\0', length) != NULL)
    {
      g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_FORMAT,
                   "%s: too large, too deeply nested or not text", CC_NFT_RULESET_ORIGIN);
      return NULL;
    }
  ruleset->root = cc_json_tree_parse (json, length, error);
  if (ruleset->root == NULL)
    {
      g_prefix_error (error, "%s: ", CC_NFT_RULESET_ORIGIN);
      return NULL;
    }
  items = member_array (ruleset->root, "nftables");
  if (items == NULL)
    {
      g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_FORMAT,
                   "%s: no \"nftables\" list", CC_NFT_RULESET_ORIGIN);
      return NULL;
    }
  for (guint i = 0; i < items->items->len; i++)
    {
      CcJsonNode *item = items->items->pdata[i];
      if (item->kind == CC_JSON_OBJECT)
        index_object (ruleset, item);
    }
  return g_steal_pointer (&ruleset);
}

void
cc_nft_ruleset_free (CcNftRuleset *ruleset)
{
  if (ruleset == NULL)
    return;
  g_clear_pointer (&ruleset->chains, g_ptr_array_unref);
  g_clear_pointer (&ruleset->sets, g_ptr_array_unref);
  g_clear_pointer (&ruleset->root, cc_json_node_free);
  g_free (ruleset);
}

/* --- does a rule match the connection request? --- */

typedef enum { NO, MAYBE, YES } Truth;

/* What the connection request carries for one selector: a port or protocol number, a
 * word (interface "lo", ct state "new", "tcp"), or the destination address. */
typedef struct {
  gboolean has_number;
  gint64 number;
  const char *word;
  const CcAddress *address;
} Value;

typedef struct {
  const CcNftRuleset *ruleset;
  const CcAddress *destination;
  CcJsonNode *table;  /* the chain's, for named sets */
  guint *steps_left;  /* of the whole walk (MAX_STEPS) */
} Packet;

/* FALSE once the walk has taken MAX_STEPS steps. */
static gboolean
take_step (const Packet *packet)
{
  if (*packet->steps_left == 0)
    return FALSE;
  (*packet->steps_left)--;
  return TRUE;
}

static Truth truth_in (const Packet *packet, CcJsonNode *right, const Value *value, guint depth);

static Truth
truth_not (Truth truth)
{
  return truth == YES ? NO : truth == NO ? YES : MAYBE;
}

static Truth
truth_scalar (CcJsonNode *right, const Value *value)
{
  CcCidr cidr;

  if (right->kind == CC_JSON_INT)
    return value->has_number ? (right->number == value->number ? YES : NO) : MAYBE;
  if (right->kind != CC_JSON_STRING)
    return MAYBE;
  if (value->address != NULL)
    return cc_cidr_parse (right->text, &cidr, NULL)
             ? (cc_cidr_contains (&cidr, value->address) ? YES : NO) : MAYBE;
  if (value->word != NULL)
    return g_ascii_strcasecmp (right->text, value->word) == 0 ? YES : NO;
  return MAYBE;
}

/* Any element: YES if one matches, NO if none may, MAYBE otherwise. */
static Truth
truth_any (const Packet *packet, CcJsonNode *elements, const Value *value, guint depth)
{
  Truth best = NO;

  for (guint i = 0; i < elements->items->len && best != YES; i++)
    {
      /* Elements left unseen may hold the value. */
      if (*packet->steps_left == 0)
        return MAYBE;
      best = MAX (best, truth_in (packet, elements->items->pdata[i], value, depth));
    }
  return best;
}

static Truth
truth_range (CcJsonNode *bounds, const Value *value)
{
  CcJsonNode *low = bounds->items->len == 2 ? bounds->items->pdata[0] : NULL;
  CcJsonNode *high = low != NULL ? bounds->items->pdata[1] : NULL;

  if (!value->has_number || low == NULL || low->kind != CC_JSON_INT
      || high->kind != CC_JSON_INT)
    return MAYBE;
  return value->number >= low->number && value->number <= high->number
           ? YES : NO;
}

static Truth
truth_prefix (CcJsonNode *prefix, const Value *value)
{
  const char *address = member_string (prefix, "addr");
  CcJsonNode *length = cc_json_member (prefix, "len");
  g_autofree char *text = NULL;
  CcCidr cidr;

  if (value->address == NULL || address == NULL || length == NULL
      || length->kind != CC_JSON_INT)
    return MAYBE;
  text = g_strdup_printf ("%s/%" G_GINT64_FORMAT, address, length->number);
  return cc_cidr_parse (text, &cidr, NULL) ? (cc_cidr_contains (&cidr, value->address) ? YES : NO)
                                           : MAYBE;
}

static Truth
truth_named_set (const Packet *packet, const char *name, const Value *value, guint depth)
{
  for (guint i = 0; i < packet->ruleset->sets->len; i++)
    {
      CcJsonNode *set = packet->ruleset->sets->pdata[i];
      CcJsonNode *elements = cc_json_member (set, "elem");
      if (!same_table (set, packet->table) || g_strcmp0 (member_string (set, "name"), name) != 0)
        continue;
      if (elements == NULL)
        return NO;
      return elements->kind == CC_JSON_ARRAY
               ? truth_any (packet, elements, value, depth) : MAYBE;
    }
  return MAYBE;
}

static Truth
truth_in (const Packet *packet, CcJsonNode *right, const Value *value, guint depth)
{
  CcJsonNode *object;

  /* Every value compared takes a step, the ones too deep included. */
  if (right == NULL || !take_step (packet) || depth > MAX_NESTING)
    return MAYBE;
  if (right->kind == CC_JSON_ARRAY)
    return truth_any (packet, right, value, depth + 1);
  if (right->kind == CC_JSON_STRING || right->kind == CC_JSON_INT)
    {
      const char *text = right->kind == CC_JSON_STRING
                           ? right->text : NULL;
      return text != NULL && text[0] == '@'
               ? truth_named_set (packet, text + 1, value, depth + 1)
               : truth_scalar (right, value);
    }
  if (right->kind != CC_JSON_OBJECT)
    return MAYBE;
  object = right;
  if (cc_json_member (object, "set") != NULL)
    return truth_in (packet, cc_json_member (object, "set"), value, depth + 1);
  if (member_object (object, "elem") != NULL)
    return truth_in (packet, cc_json_member (member_object (object, "elem"), "val"),
                     value, depth + 1);
  if (member_array (object, "range") != NULL)
    return truth_range (member_array (object, "range"), value);
  if (member_object (object, "prefix") != NULL)
    return truth_prefix (member_object (object, "prefix"), value);
  return MAYBE;
}

/* The request's value for a selector; FALSE when it has none the ruleset can be held
 * against: the match may or may not hold. *absent: the request cannot carry it (an
 * IPv6 header field for an IPv4 request, a UDP field), so the match fails. */
static gboolean
payload_value (const Packet *packet, CcJsonNode *payload, Value *value, gboolean *absent)
{
  const char *protocol = member_string (payload, "protocol");
  const char *field = member_string (payload, "field");
  gboolean ipv6 = cc_address_family (packet->destination) == AF_INET6;

  if (protocol == NULL || field == NULL)
    return FALSE;
  if (strcmp (protocol, "tcp") == 0 || strcmp (protocol, "th") == 0)
    {
      *value = (Value) { TRUE, cc_address_port (packet->destination), NULL, NULL };
      return strcmp (field, "dport") == 0;
    }
  if (strcmp (protocol, "ip") == 0 || strcmp (protocol, "ip6") == 0)
    {
      *absent = ipv6 != (strcmp (protocol, "ip6") == 0);
      if (strcmp (field, "daddr") == 0)
        *value = (Value) { FALSE, 0, NULL, packet->destination };
      else if (strcmp (field, "protocol") == 0 || strcmp (field, "nexthdr") == 0)
        *value = (Value) { TRUE, 6, "tcp", NULL };
      else
        return FALSE;
      return TRUE;
    }
  /* Any other header named: UDP, ICMP, SCTP... a TCP request has none of them. */
  *absent = strcmp (protocol, "ether") != 0 && strcmp (protocol, "vlan") != 0;
  return FALSE;
}

static gboolean
meta_value (const Packet *packet, const char *key, Value *value)
{
  gboolean ipv6 = cc_address_family (packet->destination) == AF_INET6;

  if (key == NULL)
    return FALSE;
  if (strcmp (key, "l4proto") == 0)
    *value = (Value) { TRUE, 6, "tcp", NULL };
  else if (strcmp (key, "nfproto") == 0)
    *value = (Value) { FALSE, 0, ipv6 ? "ipv6" : "ipv4", NULL };
  else if (strcmp (key, "protocol") == 0)
    *value = (Value) { FALSE, 0, ipv6 ? "ip6" : "ip", NULL };
  /* A request to one of this host's own addresses goes out and comes in on lo. */
  else if (strcmp (key, "iifname") == 0 || strcmp (key, "oifname") == 0
           || strcmp (key, "iif") == 0 || strcmp (key, "oif") == 0)
    *value = (Value) { FALSE, 0, "lo", NULL };
  else
    return FALSE;
  return TRUE;
}

static Truth
truth_compare (const char *op, gint64 packet, CcJsonNode *right)
{
  gint64 limit;

  if (right->kind != CC_JSON_INT)
    return MAYBE;
  limit = right->number;
  if (strcmp (op, "<") == 0)
    return packet < limit ? YES : NO;
  if (strcmp (op, ">") == 0)
    return packet > limit ? YES : NO;
  if (strcmp (op, "<=") == 0)
    return packet <= limit ? YES : NO;
  if (strcmp (op, ">=") == 0)
    return packet >= limit ? YES : NO;
  return MAYBE;
}

static Truth
truth_match (const Packet *packet, CcJsonNode *match)
{
  const char *op = member_string (match, "op");
  CcJsonNode *left = member_object (match, "left");
  CcJsonNode *right = cc_json_member (match, "right");
  gboolean absent = FALSE, known = FALSE;
  Value value = { 0 };

  if (op == NULL || left == NULL || right == NULL)
    return MAYBE;
  if (member_object (left, "payload") != NULL)
    known = payload_value (packet, member_object (left, "payload"), &value, &absent);
  else if (member_object (left, "meta") != NULL)
    known = meta_value (packet, member_string (member_object (left, "meta"), "key"), &value);
  else if (g_strcmp0 (member_string (member_object (left, "ct"), "key"), "state") == 0)
    {
      value = (Value) { FALSE, 0, "new", NULL };
      known = TRUE;
    }
  if (absent)
    return NO;
  if (!known)
    return MAYBE;
  if (strcmp (op, "==") == 0 || strcmp (op, "in") == 0)
    return truth_in (packet, right, &value, 0);
  if (strcmp (op, "!=") == 0)
    return truth_not (truth_in (packet, right, &value, 0));
  return value.has_number ? truth_compare (op, value.number, right) : MAYBE;
}

/* Statements that neither match nor decide: they leave the rule's truth as it is. */
static gboolean
is_neutral (const char *name)
{
  static const char *const names[] = { "counter", "log", "comment", "notrack", NULL };

  return g_strv_contains (names, name);
}

static gboolean
is_verdict (const char *name)
{
  static const char *const names[] = { "accept", "drop", "reject", "jump", "goto", "return",
                                       "queue", "continue", NULL };

  return g_strv_contains (names, name);
}

typedef struct {
  Truth truth;       /* whether the request matches every match of the rule */
  const char *verdict; /* "accept", "drop"...; NULL when the rule decides nothing */
  const char *target;  /* the chain of a jump or goto */
} RuleOutcome;

static RuleOutcome
judge_rule (const Packet *packet, CcJsonNode *rule)
{
  RuleOutcome outcome = { YES, NULL, NULL };
  CcJsonNode *statements = member_array (rule, "expr");

  for (guint i = 0; statements != NULL && i < statements->items->len; i++)
    {
      CcJsonNode *node = statements->items->pdata[i];
      CcJsonNode *statement = node->kind == CC_JSON_OBJECT ? node : NULL;
      const char *name = cc_json_first_member_name (statement) ?: "";

      if (strcmp (name, "match") == 0)
        outcome.truth = MIN (outcome.truth, truth_match (packet, member_object (statement, name)));
      else if (is_verdict (name))
        {
          outcome.verdict = name;
          outcome.target = member_string (member_object (statement, name), "target");
        }
      else if (!is_neutral (name))
        outcome.truth = MIN (outcome.truth, MAYBE);
    }
  return outcome;
}

/* --- the rule as nft prints it --- */

static void render_value (GString *out, CcJsonNode *node, guint depth);

static void
render_list (GString *out, CcJsonNode *elements, const char *open, const char *separator,
             const char *close, guint depth)
{
  g_string_append (out, open);
  for (guint i = 0; i < elements->items->len; i++)
    {
      if (i > 0)
        g_string_append (out, separator);
      render_value (out, elements->items->pdata[i], depth + 1);
    }
  g_string_append (out, close);
}

static void
render_object (GString *out, CcJsonNode *object, guint depth)
{
  CcJsonNode *inner;

  if ((inner = member_object (object, "payload")) != NULL)
    g_string_append_printf (out, "%s %s", member_string (inner, "protocol"),
                            member_string (inner, "field"));
  else if ((inner = member_object (object, "meta")) != NULL)
    {
      const char *key = member_string (inner, "key");
      static const char *const bare[] = { "iif", "oif", "iifname", "oifname", "mark", NULL };
      g_string_append_printf (out, "%s%s", g_strv_contains (bare, key ? key : "") ? "" : "meta ",
                              key);
    }
  else if ((inner = member_object (object, "ct")) != NULL)
    g_string_append_printf (out, "ct %s", member_string (inner, "key"));
  else if ((inner = member_object (object, "prefix")) != NULL)
    {
      render_value (out, cc_json_member (inner, "addr"), depth + 1);
      g_string_append (out, "/");
      render_value (out, cc_json_member (inner, "len"), depth + 1);
    }
  else if (member_array (object, "range") != NULL)
    render_list (out, member_array (object, "range"), "", "-", "", depth);
  else if (cc_json_member (object, "set") != NULL)
    {
      CcJsonNode *set = cc_json_member (object, "set");
      if (set->kind == CC_JSON_ARRAY)
        render_list (out, set, "{ ", ", ", " }", depth);
      else
        render_value (out, set, depth + 1);
    }
  else if ((inner = member_object (object, "elem")) != NULL)
    render_value (out, cc_json_member (inner, "val"), depth + 1);
  else
    g_string_append (out, "...");
}

static void
render_value (GString *out, CcJsonNode *node, guint depth)
{
  if (node == NULL || depth > MAX_NESTING || out->len > MAX_RULE_TEXT)
    g_string_append (out, "...");
  else if (node->kind == CC_JSON_ARRAY)
    render_list (out, node, "", ",", "", depth);
  else if (node->kind == CC_JSON_OBJECT)
    render_object (out, node, depth);
  else if (node->kind == CC_JSON_INT)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, node->number);
  else if (node->kind == CC_JSON_STRING)
    g_string_append (out, node->text);
  else
    g_string_append (out, "...");
}

static void
render_match (GString *out, CcJsonNode *match)
{
  const char *op = member_string (match, "op");

  render_value (out, cc_json_member (match, "left"), 0);
  if (op != NULL && strcmp (op, "==") != 0 && strcmp (op, "in") != 0)
    g_string_append_printf (out, " %s", op);
  g_string_append_c (out, ' ');
  render_value (out, cc_json_member (match, "right"), 0);
}

static void
render_reject (GString *out, CcJsonNode *reject)
{
  const char *type = member_string (reject, "type");
  const char *code = member_string (reject, "expr");

  g_string_append (out, "reject");
  if (type != NULL)
    g_string_append_printf (out, " with %s%s%s", type, code != NULL ? " " : "",
                            code != NULL ? code : "");
}

static void
render_statement (GString *out, const char *name, CcJsonNode *statement)
{
  CcJsonNode *body = member_object (statement, name);

  if (out->len > 0)
    g_string_append_c (out, ' ');
  if (strcmp (name, "match") == 0 && body != NULL)
    render_match (out, body);
  else if (strcmp (name, "reject") == 0)
    render_reject (out, body);
  else if ((strcmp (name, "jump") == 0 || strcmp (name, "goto") == 0)
           && member_string (body, "target") != NULL)
    g_string_append_printf (out, "%s %s", name, member_string (body, "target"));
  else
    g_string_append (out, name);
}

static char *
render_rule (CcJsonNode *chain, CcJsonNode *rule)
{
  g_autoptr (GString) body = g_string_new (NULL);
  CcJsonNode *statements = member_array (rule, "expr");

  for (guint i = 0; statements != NULL && i < statements->items->len; i++)
    {
      CcJsonNode *node = statements->items->pdata[i];
      CcJsonNode *statement = node->kind == CC_JSON_OBJECT ? node : NULL;
      const char *name = cc_json_first_member_name (statement);
      if (name != NULL)
        render_statement (body, name, statement);
    }
  if (body->len > MAX_RULE_TEXT)
    g_string_truncate (body, MAX_RULE_TEXT);
  return g_strdup_printf ("table %s %s chain %s: %s (handle %" G_GINT64_FORMAT ")",
                          member_string (chain, "family"), member_string (chain, "table"),
                          member_string (chain, "name"), body->str, member_int (rule, "handle"));
}

static char *
delete_command (CcJsonNode *chain, CcJsonNode *rule)
{
  return g_strdup_printf ("nft delete rule %s %s %s handle %" G_GINT64_FORMAT,
                          member_string (chain, "family"), member_string (chain, "table"),
                          member_string (chain, "name"), member_int (rule, "handle"));
}

/* --- the walk --- */

/* After a rule: go on to the next; the chain returns to its caller; the base chain ends
 * (a goto's chain fell through), so its policy decides; accepted; dropped or rejected. */
typedef enum { GO_ON, RETURNED, ENDED, ACCEPTED, STOPPED } Fate;

typedef struct {
  Packet packet;
  GPtrArray *findings;
  gboolean doubt; /* a rule that might have accepted or jumped was passed */
  guint jumps;
} Walk;

static void
finding_free (CcNftFinding *finding)
{
  g_free (finding->text);
  g_free (finding->command);
  g_free (finding);
}

static void
add_finding (Walk *walk, char *text, char *command, CcNftStop stop, Truth truth)
{
  CcNftFinding *finding = g_new0 (CcNftFinding, 1);

  finding->text = text;
  finding->command = command;
  finding->stop = stop;
  finding->certain = truth == YES && !walk->doubt;
  g_ptr_array_add (walk->findings, finding);
}

static Fate walk_chain (Walk *walk, const Chain *chain);

static Fate
follow (Walk *walk, const Chain *from, const RuleOutcome *outcome)
{
  const Chain *target = find_chain (walk->packet.ruleset, from->object, outcome->target);
  Fate fate;

  if (target == NULL || walk->jumps >= MAX_JUMPS)
    {
      walk->doubt = TRUE;
      return GO_ON;
    }
  walk->jumps++;
  fate = walk_chain (walk, target);
  walk->jumps--;
  if (outcome->truth != YES)
    {
      walk->doubt = walk->doubt || fate == ACCEPTED;
      return GO_ON;
    }
  /* A goto does not come back: the calling base chain's policy decides next. */
  return fate == GO_ON && strcmp (outcome->verdict, "goto") == 0 ? ENDED : fate;
}

static Fate
walk_rule (Walk *walk, const Chain *chain, CcJsonNode *rule)
{
  RuleOutcome outcome;
  const char *verdict;

  if (!take_step (&walk->packet))
    {
      walk->doubt = TRUE;
      return GO_ON;
    }
  outcome = judge_rule (&walk->packet, rule);
  verdict = outcome.verdict;
  if (outcome.truth == NO || verdict == NULL)
    return GO_ON;
  if (strcmp (verdict, "drop") == 0 || strcmp (verdict, "reject") == 0)
    {
      add_finding (walk, render_rule (chain->object, rule), delete_command (chain->object, rule),
                   verdict[0] == 'r' ? CC_NFT_REJECT : CC_NFT_DROP, outcome.truth);
      return outcome.truth == YES ? STOPPED : GO_ON;
    }
  if (strcmp (verdict, "jump") == 0 || strcmp (verdict, "goto") == 0)
    return follow (walk, chain, &outcome);
  if (strcmp (verdict, "accept") == 0 || strcmp (verdict, "queue") == 0
      || strcmp (verdict, "return") == 0)
    {
      walk->doubt = walk->doubt || outcome.truth != YES;
      return outcome.truth != YES ? GO_ON : verdict[0] == 'r' ? RETURNED : ACCEPTED;
    }
  return GO_ON;
}

static Fate
walk_chain (Walk *walk, const Chain *chain)
{
  walk->packet.table = chain->object;
  for (guint i = 0; i < chain->rules->len; i++)
    {
      Fate fate = walk_rule (walk, chain, chain->rules->pdata[i]);
      walk->packet.table = chain->object;
      if (fate == RETURNED)
        return GO_ON;
      if (fate != GO_ON)
        return fate;
    }
  return GO_ON;
}

/* A base chain a connection request to this host's own address passes: out through the
 * output hook, back in on lo through prerouting and input; a table of its family. */
static gboolean
is_passed (CcJsonNode *chain, int family)
{
  static const char *const hooks[] = { "output", "prerouting", "input", NULL };
  const char *table_family = member_string (chain, "family");
  const char *hook = member_string (chain, "hook");

  return hook != NULL && g_strv_contains (hooks, hook) && table_family != NULL
         && (strcmp (table_family, "inet") == 0
             || strcmp (table_family, family == AF_INET6 ? "ip6" : "ip") == 0);
}

/* The kernel runs a hook's base chains by priority; nft lists them in creation order. */
static gint
by_hook_and_priority (gconstpointer a, gconstpointer b)
{
  static const char *const order[] = { "output", "prerouting", "input" };
  CcJsonNode *x = (*(Chain *const *) a)->object, *y = (*(Chain *const *) b)->object;
  gint hook_x = 0, hook_y = 0;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      hook_x = g_strcmp0 (member_string (x, "hook"), order[i]) == 0 ? (gint) i : hook_x;
      hook_y = g_strcmp0 (member_string (y, "hook"), order[i]) == 0 ? (gint) i : hook_y;
    }
  if (hook_x != hook_y)
    return hook_x - hook_y;
  return (gint) CLAMP (member_int (x, "prio") - member_int (y, "prio"), -1, 1);
}

static void
walk_base_chain (Walk *walk, const Chain *chain)
{
  Fate fate = walk_chain (walk, chain);

  if ((fate == GO_ON || fate == ENDED)
      && g_strcmp0 (member_string (chain->object, "policy"), "drop") == 0)
    {
      char *text = g_strdup_printf ("table %s %s chain %s: policy drop",
                                    member_string (chain->object, "family"),
                                    member_string (chain->object, "table"),
                                    member_string (chain->object, "name"));
      add_finding (walk, text, NULL, CC_NFT_DROP, YES);
    }
}

GPtrArray *
cc_nft_ruleset_find (const CcNftRuleset *ruleset, const CcAddress *destination)
{
  g_autoptr (GPtrArray) bases = g_ptr_array_new ();
  guint steps_left = MAX_STEPS;
  Walk walk = { { ruleset, destination, NULL, &steps_left },
                g_ptr_array_new_with_free_func ((GDestroyNotify) finding_free), FALSE, 0 };

  for (guint i = 0; i < ruleset->chains->len; i++)
    {
      Chain *chain = ruleset->chains->pdata[i];
      if (is_passed (chain->object, cc_address_family (destination)))
        g_ptr_array_add (bases, chain);
    }
  g_ptr_array_sort (bases, by_hook_and_priority);
  /* Every base chain must accept for the request to pass: the first that stops it is the
   * answer, the ones after it are never reached. */
  for (guint i = 0; i < bases->len; i++)
    {
      guint before = walk.findings->len;
      walk_base_chain (&walk, bases->pdata[i]);
      if (walk.findings->len > before
          && ((CcNftFinding *) walk.findings->pdata[walk.findings->len - 1])->certain)
        break;
    }
  return walk.findings;
}
