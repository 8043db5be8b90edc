/* Shared by the socket readers (sockets.c, sockdiag.c), not by their users: one socket as
 * read, before it becomes a CcSocket. Most sockets read are dropped, and formatting their
 * addresses would cost more than reading them. */
#pragma once

#include "sockets.h"

typedef struct {
  int family;
  guint8 bytes[16]; /* network order, as in sin_addr / sin6_addr */
  guint16 port;     /* host order */
} CcRawEndpoint;

typedef struct {
  CcRawEndpoint local;
  CcRawEndpoint remote;
  CcTcpState state;
} CcRawSocket;

/* An empty table; origin is a static string. */
CcSocketTable *cc_socket_table_new (const char *origin);
/* Appends raw to table when query asks for it. */
void cc_socket_table_keep (CcSocketTable *table, const CcRawSocket *raw,
                           const CcSocketQuery *query);
