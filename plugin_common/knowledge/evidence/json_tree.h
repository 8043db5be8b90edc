/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON text as a small read-only tree. JSON-GLib parses it, loaded (GModule) at the first
 * parse: only a diagnosis that reads nft's ruleset needs JSON, and a linked JSON-GLib
 * (with GIO and GObject) made every run, a plain check included, pay for loading it. */
#pragma once

#include <glib.h>

/* null, true, false and numbers with a fraction or an exponent are CC_JSON_OTHER. */
typedef enum {
  CC_JSON_OTHER,
  CC_JSON_STRING,
  CC_JSON_INT,
  CC_JSON_ARRAY,
  CC_JSON_OBJECT,
} CcJsonKind;

typedef struct {
  CcJsonKind kind;
  gint64 number;    /* CC_JSON_INT */
  char *text;       /* CC_JSON_STRING */
  GPtrArray *items; /* CC_JSON_ARRAY: CcJsonNode; CC_JSON_OBJECT: CcJsonMember, in order */
} CcJsonNode;

typedef struct {
  char *name;
  CcJsonNode *value;
} CcJsonMember;

/* The library loaded when a tree is parsed: its soname, for error messages and tests. */
#define CC_JSON_TREE_LIBRARY "libjson-glib-1.0.so.0"

/* Parses length bytes of JSON. Fails (CC_EVIDENCE_ERROR_READ) when JSON-GLib cannot be
 * loaded, or with JSON-GLib's error when the text is not JSON. */
CcJsonNode *cc_json_tree_parse (const char *json, gsize length, GError **error);
void cc_json_node_free (CcJsonNode *node);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcJsonNode, cc_json_node_free)

/* The value of object's member name; NULL when object is NULL or no object, or has none. */
CcJsonNode *cc_json_member (const CcJsonNode *object, const char *name);
/* The name of object's first member; NULL when it has none or is no object. */
const char *cc_json_first_member_name (const CcJsonNode *object);
