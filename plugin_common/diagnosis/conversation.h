/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The verdict on a captured conversation: the same cause ids a live check gives. */
#pragma once

#include "net/capture/capture.h"

/* Judges a finished conversation: cause, detail, evidence, protocols and fields. */
void cc_conversation_judge (CcConversation *conversation);
