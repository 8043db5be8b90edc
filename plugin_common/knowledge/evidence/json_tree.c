/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "knowledge/evidence/json_tree.h"

#include <string.h>

#include <gmodule.h>
#include <json-glib/json-glib.h>

#include "knowledge/evidence/socket_table.h"

/* The JSON-GLib functions a parse calls, resolved from the loaded library: the headers
 * give their types, the library is never linked. */
typedef struct {
  typeof (json_parser_new_immutable) *parser_new_immutable;
  typeof (json_parser_load_from_data) *parser_load_from_data;
  typeof (json_parser_get_root) *parser_get_root;
  typeof (json_node_get_node_type) *node_get_node_type;
  typeof (json_node_get_value_type) *node_get_value_type;
  typeof (json_node_get_string) *node_get_string;
  typeof (json_node_get_int) *node_get_int;
  typeof (json_node_get_object) *node_get_object;
  typeof (json_node_get_array) *node_get_array;
  typeof (json_object_get_members) *object_get_members;
  typeof (json_object_get_member) *object_get_member;
  typeof (json_array_get_length) *array_get_length;
  typeof (json_array_get_element) *array_get_element;
  typeof (g_object_unref) *object_unref;
} JsonGlib;

/* JSON-GLib registers GObject types, which cannot be registered twice in a process:
 * once loaded, it stays. */
static gboolean
load_json_glib (JsonGlib *lib, GError **error)
{
#define JSON_SYMBOL(field) { "json_" #field, G_STRUCT_OFFSET (JsonGlib, field) }
  static const struct {
    const char *name;
    glong offset;
  } symbols[] = {
    JSON_SYMBOL (parser_new_immutable), JSON_SYMBOL (parser_load_from_data),
    JSON_SYMBOL (parser_get_root), JSON_SYMBOL (node_get_node_type),
    JSON_SYMBOL (node_get_value_type), JSON_SYMBOL (node_get_string),
    JSON_SYMBOL (node_get_int), JSON_SYMBOL (node_get_object), JSON_SYMBOL (node_get_array),
    JSON_SYMBOL (object_get_members), JSON_SYMBOL (object_get_member),
    JSON_SYMBOL (array_get_length), JSON_SYMBOL (array_get_element),
    { "g_object_unref", G_STRUCT_OFFSET (JsonGlib, object_unref) },
  };
#undef JSON_SYMBOL
  GModule *module = g_module_open (CC_JSON_TREE_LIBRARY,
                                   G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  gboolean complete = TRUE;

  if (module == NULL)
    {
      g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ,
                   "JSON-GLib (%s) cannot be loaded: %s", CC_JSON_TREE_LIBRARY,
                   g_module_error ());
      return FALSE;
    }
  g_module_make_resident (module);
  for (guint i = 0; complete && i < G_N_ELEMENTS (symbols); i++)
    if (!g_module_symbol (module, symbols[i].name, G_STRUCT_MEMBER_P (lib, symbols[i].offset)))
      {
        g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ, "%s has no %s",
                     CC_JSON_TREE_LIBRARY, symbols[i].name);
        complete = FALSE;
      }
  g_module_close (module);
  return complete;
}

void
cc_json_node_free (CcJsonNode *node)
{
  if (node == NULL)
    return;
  g_clear_pointer (&node->items, g_ptr_array_unref);
  g_free (node->text);
  g_free (node);
}

static void
member_free (CcJsonMember *member)
{
  g_free (member->name);
  cc_json_node_free (member->value);
  g_free (member);
}

/* Recursion as deep as the text nests: callers bound the nesting before parsing. */
static CcJsonNode *
copy_node (const JsonGlib *lib, JsonNode *from)
{
  CcJsonNode *node = g_new0 (CcJsonNode, 1);
  JsonNodeType type = lib->node_get_node_type (from);
  GType value_type = type == JSON_NODE_VALUE ? lib->node_get_value_type (from) : G_TYPE_NONE;

  if (value_type == G_TYPE_STRING)
    {
      node->kind = CC_JSON_STRING;
      node->text = g_strdup (lib->node_get_string (from));
    }
  else if (value_type == G_TYPE_INT64)
    {
      node->kind = CC_JSON_INT;
      node->number = lib->node_get_int (from);
    }
  else if (type == JSON_NODE_ARRAY)
    {
      JsonArray *array = lib->node_get_array (from);
      guint length = lib->array_get_length (array);

      node->kind = CC_JSON_ARRAY;
      node->items = g_ptr_array_new_full (length, (GDestroyNotify) cc_json_node_free);
      for (guint i = 0; i < length; i++)
        g_ptr_array_add (node->items, copy_node (lib, lib->array_get_element (array, i)));
    }
  else if (type == JSON_NODE_OBJECT)
    {
      JsonObject *object = lib->node_get_object (from);
      GList *names = lib->object_get_members (object);

      node->kind = CC_JSON_OBJECT;
      node->items = g_ptr_array_new_full (g_list_length (names), (GDestroyNotify) member_free);
      for (GList *name = names; name != NULL; name = name->next)
        {
          CcJsonMember *member = g_new (CcJsonMember, 1);
          member->name = g_strdup (name->data);
          member->value = copy_node (lib, lib->object_get_member (object, name->data));
          g_ptr_array_add (node->items, member);
        }
      g_list_free (names);
    }
  return node;
}

CcJsonNode *
cc_json_tree_parse (const char *json, gsize length, GError **error)
{
  JsonGlib lib;
  JsonParser *parser;
  JsonNode *root;
  CcJsonNode *tree = NULL;

  if (!load_json_glib (&lib, error))
    return NULL;
  parser = lib.parser_new_immutable ();
  if (lib.parser_load_from_data (parser, json, (gssize) length, error))
    {
      root = lib.parser_get_root (parser);
      tree = root != NULL ? copy_node (&lib, root) : g_new0 (CcJsonNode, 1);
    }
  lib.object_unref (parser);
  return tree;
}

CcJsonNode *
cc_json_member (const CcJsonNode *object, const char *name)
{
  for (guint i = 0; object != NULL && object->kind == CC_JSON_OBJECT && i < object->items->len;
       i++)
    {
      CcJsonMember *member = object->items->pdata[i];
      if (strcmp (member->name, name) == 0)
        return member->value;
    }
  return NULL;
}

const char *
cc_json_first_member_name (const CcJsonNode *object)
{
  return object != NULL && object->kind == CC_JSON_OBJECT && object->items->len > 0
           ? ((CcJsonMember *) object->items->pdata[0])->name : NULL;
}
