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

/* A growable byte string (malloc'd), kept NUL-terminated though it may
 * hold NUL bytes: readers' lines and records, response bodies. */
typedef struct AvBuf {
    char *d;
    size_t len, cap;
} AvBuf;

/* Appends n bytes; AV_OK, or AV_ERR_NOMEM with the buffer as it was. */
int av_buf_put(AvBuf *b, const void *s, size_t n);
void av_buf_free(AvBuf *b);

#endif
