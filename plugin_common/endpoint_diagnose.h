/* The diagnosis settings of an endpoint, parsed from text the CLI or a config file gives. */
#pragma once

#include "causes.h"
#include "cidr.h"
#include "endpoint.h"

typedef struct {
  char prefix[48]; /* a cause id ("timeout.filtered") or a prefix of ids ("timeout") */
  CcState state;
} CcStateOverride;

#define CC_SETTINGS_ERROR (cc_settings_error_quark ())
GQuark cc_settings_error_quark (void);

typedef enum {
  CC_SETTINGS_ERROR_INVALID,
  CC_SETTINGS_ERROR_CONFLICT,
} CcSettingsError;

/* Adds addresses or prefixes, comma separated: "192.0.2.7,2001:db8::/32". */
gboolean cc_endpoint_add_expect_address (CcEndpoint *endpoint, const char *text,
                                         GError **error);
/* Adds the ranges of a file, one address or prefix a line (see cc_cidr_list_load). */
gboolean cc_endpoint_load_front_proxies (CcEndpoint *endpoint, const char *path,
                                         GError **error);
gboolean cc_endpoint_add_service_port (CcEndpoint *endpoint, const char *text, GError **error);
/* An IPv4 or IPv6 address literal. */
gboolean cc_endpoint_set_source (CcEndpoint *endpoint, const char *text, GError **error);
/* A whole percentage, 1 to 100. */
gboolean cc_endpoint_set_ephemeral_warn (CcEndpoint *endpoint, const char *text,
                                         GError **error);

/* Parses "CAUSE=STATE" into overrides (CcStateOverride); CAUSE is an id or a prefix of
 * ids at a dot ("timeout"), STATE ok, warning, critical or unknown. */
gboolean cc_state_overrides_parse (GArray *overrides, const char *text, GError **error);
gboolean cc_endpoint_add_state_override (CcEndpoint *endpoint, const char *text,
                                         GError **error);
/* The state for cause: the longest matching override, the last one given on a tie, or
 * fallback when none matches. */
CcState cc_state_overrides_apply (const GArray *overrides, CcCauseId cause, CcState fallback);

/* Settings that contradict each other or the endpoint (a source of the other family). */
gboolean cc_endpoint_check_diagnosis (const CcEndpoint *endpoint, GError **error);
void cc_endpoint_clear_diagnosis (CcEndpoint *endpoint);
