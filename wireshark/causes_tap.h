/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tshark -z check_conn,causes[,FILTER]: the number of failed conversations per cause. */
#pragma once

#include "wireshark/frame_verdicts.h"

/* file_verdicts: where the plugin keeps the verdicts of the file being read (NULL
 * between files). */
void cc_causes_tap_register (CcFrameVerdicts **file_verdicts);
