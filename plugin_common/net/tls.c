/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TLS through the module (net/tls_module.h): opened on a run's first need, so a check
 * without TLS never loads OpenSSL, and closed with the run's clients. */
#include "net/tls.h"

#include "knowledge/dissect/dissect.h"

struct CcTlsClients {
  GModule *module;      /* NULL until the run first needs TLS */
  const CcTlsOps *ops;
  GHashTable *contexts; /* "insecure\037CA file" -> CcTlsContext */
};

struct CcTlsSession {
  const CcTlsOps *ops;
  CcTlsConnection *connection;
};

CcTlsClients *
cc_tls_clients_new (void)
{
  return g_new0 (CcTlsClients, 1);
}

void
cc_tls_clients_free (CcTlsClients *clients)
{
  if (clients == NULL)
    return;
  g_clear_pointer (&clients->contexts, g_hash_table_unref);
  if (clients->module != NULL)
    g_module_close (clients->module);
  g_free (clients);
}

gboolean
cc_tls_clients_load (CcTlsClients *clients, GError **error)
{
  if (clients->ops != NULL)
    return TRUE;
  clients->module = cc_tls_module_open (&clients->ops, error);
  if (clients->module == NULL)
    return FALSE;
  clients->contexts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) clients->ops->context_free);
  return TRUE;
}

/* The CA file goes through base/file.c like every file a user names. */
static CcTlsContext *
context_new (const CcTlsOps *ops, const CcEndpoint *endpoint, GError **error)
{
  gsize length = 0;
  g_autofree char *pem = NULL;

  if (endpoint->ca_file != NULL)
    {
      pem = cc_tls_ca_file_read (endpoint->ca_file, &length, error);
      if (pem == NULL)
        return NULL;
    }
  return ops->context_new (pem, length, endpoint->ca_file, endpoint->insecure, error);
}

/* One context per CA file and --insecure setting, so a thousand endpoints load the
 * store once. */
static CcTlsContext *
context_for (CcTlsClients *clients, const CcEndpoint *endpoint, GError **error)
{
  g_autofree char *key = g_strdup_printf ("%d\037%s", endpoint->insecure,
                                          endpoint->ca_file != NULL ? endpoint->ca_file : "");
  CcTlsContext *context = g_hash_table_lookup (clients->contexts, key);

  if (context != NULL)
    return context;
  context = context_new (clients->ops, endpoint, error);
  if (context != NULL)
    g_hash_table_insert (clients->contexts, g_steal_pointer (&key), context);
  return context;
}

CcTlsSession *
cc_tls_session_new (CcTlsClients *clients, const CcEndpoint *endpoint, CcTlsAlpn alpn,
                    GError **error)
{
  CcTlsContext *context;
  CcTlsConnection *connection;
  CcTlsSession *session;

  if (!cc_tls_clients_load (clients, error))
    return NULL;
  context = context_for (clients, endpoint, error);
  if (context == NULL)
    return NULL;
  connection = clients->ops->connection_new (context, endpoint, alpn, error);
  if (connection == NULL)
    return NULL;
  session = g_new (CcTlsSession, 1);
  session->ops = clients->ops;
  session->connection = connection;
  return session;
}

void
cc_tls_session_free (CcTlsSession *session)
{
  if (session == NULL)
    return;
  session->ops->connection_free (session->connection);
  g_free (session);
}

CcTlsStatus
cc_tls_handshake (CcTlsSession *session, int fd, GByteArray *raw)
{
  return session->ops->handshake (session->connection, fd, raw);
}

ssize_t
cc_tls_send (CcTlsSession *session, int fd, const void *data, size_t length)
{
  return session->ops->send (session->connection, fd, data, length);
}

ssize_t
cc_tls_recv (CcTlsSession *session, int fd, void *buffer, size_t length)
{
  return session->ops->recv (session->connection, fd, buffer, length);
}

const char *
cc_tls_session_version (const CcTlsSession *session)
{
  return session->ops->version_name (session->connection);
}

char *
cc_tls_session_alpn (const CcTlsSession *session)
{
  return session->ops->alpn (session->connection);
}

gboolean
cc_tls_session_client_certificate_asked (const CcTlsSession *session)
{
  CcTlsFailureFacts facts;

  session->ops->failure_facts (session->connection, &facts);
  return facts.client_certificate_asked;
}

void
cc_tls_session_judge_certificate (const CcTlsSession *session,
                                  CcTlsCertificateVerdict *verdict)
{
  cc_tls_certificate_verdict_clear (verdict);
  session->ops->judge_certificate (session->connection, verdict);
}

CcCauseId
cc_tls_session_failure (const CcTlsSession *session, GString *detail)
{
  CcTlsFailureFacts facts;

  session->ops->failure_facts (session->connection, &facts);
  if (facts.alert >= 0)
    return cc_tls_alert_verdict (detail, (guint8) facts.alert_level, (guint8) facts.alert,
                                 facts.client_certificate_asked);
  if (!facts.failed)
    return CC_CAUSE_NONE;
  if (facts.version_refused)
    {
      g_string_append (detail, "TLS handshake failed: the server offers only a TLS version "
                               "this client does not accept (below TLS 1.2)");
      return CC_CAUSE_TLS_VERSION;
    }
  g_string_append_printf (detail, "TLS handshake failed: %s",
                          facts.reason != NULL ? facts.reason : "unknown OpenSSL error");
  return CC_CAUSE_TLS_HANDSHAKE;
}
