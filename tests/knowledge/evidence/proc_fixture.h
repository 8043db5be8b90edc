/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A tree shaped like /proc (proc/net, proc/sys/net/ipv4) in a fresh folder of the
 * temporary directory, for the evidence readers, which take their root as a parameter. */
#pragma once

#include <glib.h>

/* The new tree's root; template as for g_dir_make_tmp ("cc-evidence-XXXXXX"). */
char *proc_fixture_new (const char *name_template);
/* Writes contents to root/relative, making the folders on the way. */
void proc_fixture_write (const char *root, const char *relative, const char *contents);
/* Removes the tree and frees root. */
void proc_fixture_remove (char *root);
