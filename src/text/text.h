/*
 * text — the text stage: UTF-8 repair, normalisation for matching,
 * paragraph/sentence segmentation and UD-English tokenisation.
 * Public entry points (av_utf8_repair, av_segment) are in avocet.h.
 */
#ifndef AV_TEXT_H
#define AV_TEXT_H

#include "avocet.h"

#endif
