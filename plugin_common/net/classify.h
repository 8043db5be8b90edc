/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Maps what the system reported to a cause. */
#pragma once

#include "model/causes.h"

/* errno of a failed socket() or connect() (0: connected) to a cause. */
CcCauseId cc_classify_connect_errno (int error);
/* The same for the call that failed: a failed bind() means the source address. */
CcCauseId cc_classify_call_errno (const char *call, int error);
