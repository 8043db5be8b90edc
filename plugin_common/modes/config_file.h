/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Endpoint groups from a GLib key file (doc/config.md): a [defaults] section, [group NAME]
 * sections with a compact endpoint list, and [endpoint GROUP/NAME] sections. Settings
 * inherit defaults -> group -> endpoint. */
#pragma once

#include <glib.h>

#include "model/endpoint.h"

#define CC_CONFIG_ERROR (cc_config_error_quark ())
GQuark cc_config_error_quark (void);

typedef enum {
  CC_CONFIG_ERROR_READ,            /* the file cannot be read */
  CC_CONFIG_ERROR_PARSE,           /* a line is not a section, key = value, or comment */
  CC_CONFIG_ERROR_DUPLICATE_KEY,   /* a key given twice in one section */
  CC_CONFIG_ERROR_DUPLICATE_SECTION,
  CC_CONFIG_ERROR_UNKNOWN_SECTION, /* neither [defaults], [group N] nor [endpoint G/N] */
  CC_CONFIG_ERROR_UNKNOWN_KEY,
  CC_CONFIG_ERROR_MISPLACED_KEY,   /* a known key in a section where it means nothing */
  CC_CONFIG_ERROR_INVALID_VALUE,
  CC_CONFIG_ERROR_MISSING_KEY,
  CC_CONFIG_ERROR_UNKNOWN_GROUP,   /* [endpoint G/N] or --group names no [group G] */
  CC_CONFIG_ERROR_DUPLICATE_ENDPOINT,
  CC_CONFIG_ERROR_EMPTY,           /* a group, or the whole file, has no endpoint */
  CC_CONFIG_ERROR_TOO_MANY,        /* more endpoints than the cap (max-endpoints) */
} CcConfigError;

/* The largest config file: 100,000 endpoints written one by one take about 3 MB. */
#define CC_CONFIG_MAX_BYTES (16 * 1024 * 1024)
/* The most endpoints a file may expand to unless max-endpoints or --max-endpoints say
 * otherwise: port ranges make a few bytes into millions of endpoints. */
#define CC_CONFIG_DEFAULT_MAX_ENDPOINTS 100000

typedef struct {
  guint max_endpoints;   /* 0: the file's max-endpoints, else the default */
  gint64 deadline_us;    /* monotonic time by which the file is read; 0: none */
} CcConfigLimits;

typedef struct {
  char *name;
  guint line;                      /* of its [group NAME] header */
  CcCountRange warning_count;      /* on failing endpoints; unset: never WARNING */
  CcCountRange critical_count;     /* unset: any failure is CRITICAL */
} CcConfigGroup;

typedef struct {
  CcEndpoint *endpoint;
  CcConfigGroup *group;            /* borrowed from the config */
  char *name;                      /* NAME of [endpoint GROUP/NAME], NULL for list items */
  const char *protocol;            /* the endpoint's protocol, "identify", or "tcp" */
  guint line;                      /* where the endpoint is written */
} CcConfigEntry;

typedef struct {
  char *path;                      /* as given, for messages */
  GPtrArray *groups;               /* CcConfigGroup *, in file order */
  GPtrArray *entries;              /* CcConfigEntry *, in file order, group by group */
} CcConfig;

/* The most errors the loader lists before it stops reading a file. */
#define CC_CONFIG_MAX_ERRORS 100

/* Every error message starts "FILE:LINE: [SECTION] KEY: " and says what is wrong.
 * The file must be a regular file of at most CC_CONFIG_MAX_BYTES; limits may be NULL.
 * The loader goes on after an error to find the others (a bad section header skips the
 * lines up to the next one; a port-range cap that is exceeded stops it); error is the
 * first of them. */
CcConfig *cc_config_load_file (const char *path, const CcConfigLimits *limits,
                               GError **error);
/* The same, adding every error to errors (GError *, in the order found: lines first, then
 * keys section by section, then endpoints), at most CC_CONFIG_MAX_ERRORS of them. */
CcConfig *cc_config_load_file_all (const char *path, const CcConfigLimits *limits,
                                   GPtrArray *errors);
/* The same from memory, with the file's max-endpoints or the default cap. */
CcConfig *cc_config_load_data (const char *data, gsize length, const char *path,
                               GError **error);
CcConfig *cc_config_load_data_all (const char *data, gsize length, const char *path,
                                   GPtrArray *errors);
void cc_config_free (CcConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcConfig, cc_config_free)

/* Keeps only the named groups (all when names is NULL or empty). */
gboolean cc_config_select_groups (CcConfig *config, const char *const *names,
                                  GError **error);
