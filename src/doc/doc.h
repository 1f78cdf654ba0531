/*
 * doc — the data model's memory: arenas, errors and documents.
 * The types themselves are public and live in include/avocet.h; this header
 * adds the few helpers the stages share but programs need not see.
 */
#ifndef AV_DOC_H
#define AV_DOC_H

#include "avocet.h"

/* A growable array in an arena, for building token/sentence lists. */
typedef struct AvVec {
    void *data;
    size_t len, cap, elem;
} AvVec;

void av_vec_init(AvVec *v, size_t elem);
/* Returns a pointer to a new zeroed element, or NULL on OOM. */
void *av_vec_push(AvVec *v, AvArena *a);

#endif
