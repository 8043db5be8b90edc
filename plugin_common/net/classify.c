/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "net/classify.h"

#include <errno.h>
#include <string.h>

CcCauseId
cc_classify_connect_errno (int error)
{
  switch (error)
    {
    case 0: return CC_CAUSE_NONE;
    case ECONNREFUSED: return CC_CAUSE_REFUSED_NOT_LISTENING;
    case ETIMEDOUT: return CC_CAUSE_TIMEOUT_NO_ANSWER;
    case EHOSTUNREACH:
    case EHOSTDOWN: return CC_CAUSE_UNREACHABLE_HOST;
    case ENETUNREACH:
    case ENETDOWN:
    case EAFNOSUPPORT: return CC_CAUSE_UNREACHABLE_NET;
    case ECONNRESET:
    case ECONNABORTED:
    case EPIPE: return CC_CAUSE_CONN_RESET;
    case EADDRNOTAVAIL:
    case EADDRINUSE: return CC_CAUSE_LOCAL_EPHEMERAL_EXHAUSTED;
    case EACCES:
    case EPERM: return CC_CAUSE_LOCAL_BLOCKED;
    case EMFILE:
    case ENFILE:
    case ENOBUFS:
    case ENOMEM: return CC_CAUSE_LOCAL_RESOURCES;
    default: return CC_CAUSE_CONN_ERROR;
    }
}

CcCauseId
cc_classify_call_errno (const char *call, int error)
{
  if (call != NULL && strcmp (call, "bind") == 0 && error == EADDRNOTAVAIL)
    return CC_CAUSE_LOCAL_BAD_SOURCE;
  return cc_classify_connect_errno (error);
}
