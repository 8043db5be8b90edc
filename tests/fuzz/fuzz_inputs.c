/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer targets for what check_conn reads from files: the config loader
 * (FUZZ_CONFIG), the /proc readers (FUZZ_PROC) and nft's ruleset (FUZZ_NFT).
 * configure --enable-fuzzers && make fuzzers; tests/fuzz/run.sh SECONDS config proc nft. */
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "modes/config_file.h"
#include "knowledge/evidence/sockets.h"
#include "knowledge/evidence/sysctl.h"
#include "knowledge/evidence/nft_ruleset.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#ifdef FUZZ_CONFIG
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcConfig) config = cc_config_load_data ((const char *) data, size, "fuzz.ini",
                                                     &error);
  g_assert ((config == NULL) != (error == NULL));
  return 0;
}
#endif

#ifdef FUZZ_PROC
/* The input is up to three NUL-separated parts: proc/net/tcp, proc/net/tcp6 and
 * ip_local_port_range, written into one fixture root the readers then read. */
static const char *const part_paths[] = {
  "proc/net/tcp", "proc/net/tcp6", "proc/sys/net/ipv4/ip_local_port_range",
};

/* The fixture's folders, deepest first, as they are removed. */
static const char *const fixture_dirs[] = {
  "proc/sys/net/ipv4", "proc/sys/net", "proc/sys", "proc/net", "proc", "",
};

static char *root;

/* libFuzzer ends a run with exit(): the fixture goes with it, not left in /tmp. */
static void
remove_fixture_root (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (part_paths); i++)
    {
      g_autofree char *path = g_build_filename (root, part_paths[i], NULL);
      g_unlink (path);
    }
  for (guint i = 0; i < G_N_ELEMENTS (fixture_dirs); i++)
    {
      g_autofree char *path = g_build_filename (root, fixture_dirs[i], NULL);
      g_rmdir (path);
    }
}

static const char *
fixture_root (void)
{
  if (root == NULL)
    {
      g_autofree char *net = NULL;
      g_autofree char *ipv4 = NULL;

      root = g_dir_make_tmp ("cc-fuzz-proc-XXXXXX", NULL);
      g_assert (root != NULL);
      atexit (remove_fixture_root);
      net = g_build_filename (root, "proc/net", NULL);
      ipv4 = g_build_filename (root, "proc/sys/net/ipv4", NULL);
      g_assert (g_mkdir_with_parents (net, 0700) == 0 && g_mkdir_with_parents (ipv4, 0700) == 0);
    }
  return root;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *root = fixture_root ();
  const uint8_t *part = data;
  const uint8_t *end = data + size;
  CcAddress destination;
  struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons (8080),
                             .sin_addr.s_addr = htonl (0x7f000001) };
  CcEphemeralRange range;
  guint counts[CC_TCP_STATE_LAST];
  g_autoptr (CcSocketTable) table = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (part_paths); i++)
    {
      const uint8_t *stop = part < end ? memchr (part, '\0', end - part) : NULL;
      g_autofree char *path = g_build_filename (root, part_paths[i], NULL);
      gsize length = part < end ? (gsize) ((stop != NULL ? stop : end) - part) : 0;

      g_assert (g_file_set_contents_full (path, (const char *) part, length,
                                          G_FILE_SET_CONTENTS_NONE, 0600, NULL));
      part = stop != NULL ? stop + 1 : end;
    }
  cc_address_set (&destination, (const struct sockaddr *) &sin, sizeof sin);
  table = cc_sockets_read (root, &destination, NULL);
  if (table != NULL)
    cc_sockets_count_toward (table, &destination, counts);
  if (cc_ephemeral_read (root, &range, NULL))
    cc_ephemeral_size (&range);
  return 0;
}
#endif

#ifdef FUZZ_NFT
/* The ruleset as nft -j prints it, walked for an IPv4 and an IPv6 request. */
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const char *const targets[] = { "127.0.0.1", "::1" };
  g_autoptr (GError) error = NULL;
  g_autoptr (CcNftRuleset) ruleset = cc_nft_ruleset_parse ((const char *) data, size, &error);

  g_assert ((ruleset == NULL) != (error == NULL));
  for (guint i = 0; ruleset != NULL && i < G_N_ELEMENTS (targets); i++)
    {
      CcAddress destination;
      g_autoptr (GPtrArray) found = NULL;

      g_assert (cc_address_parse (&destination, targets[i], 42080));
      found = cc_nft_ruleset_find (ruleset, &destination);
      for (guint j = 0; j < found->len; j++)
        g_assert (((CcNftFinding *) found->pdata[j])->text != NULL);
    }
  return 0;
}
#endif
