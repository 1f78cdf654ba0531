/*
 * arena.c — bump allocation for everything that belongs to one document.
 *
 * Documents are built, used and thrown away as a whole, so per-object frees
 * buy nothing; a chain of blocks with a bump pointer is both faster and
 * leak-proof.  Large requests get a block of their own.
 */
#include <stdlib.h>
#include <string.h>
#include "doc.h"

struct AvArenaBlock {
    AvArenaBlock *next;
    size_t size;   /* usable bytes after the header */
    size_t pos;    /* next free byte */
    /* data follows, 16-aligned */
};

#define BLOCK_HEADER ((sizeof(AvArenaBlock) + 15) & ~(size_t)15)
#define ALIGN16(n) (((n) + 15) & ~(size_t)15)

void av_arena_init(AvArena *a, size_t block_size)
{
    a->head = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
    a->used = 0;
}

static unsigned char *block_data(AvArenaBlock *b)
{
    return (unsigned char *)b + BLOCK_HEADER;
}

void *av_arena_alloc(AvArena *a, size_t n)
{
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX / 2)
        return NULL;
    n = ALIGN16(n);
    AvArenaBlock *b = a->head;
    if (!b || b->size - b->pos < n) {
        size_t size = n > a->block_size / 4 ? n : a->block_size;
        AvArenaBlock *nb = malloc(BLOCK_HEADER + size);
        if (!nb)
            return NULL;
        nb->size = size;
        nb->pos = 0;
        if (b && size == n && b->size - b->pos > 0) {
            /* A big one-off block: keep the current block for small allocations. */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = block_data(b) + b->pos;
    b->pos += n;
    a->used += n;
    memset(p, 0, n);
    return p;
}

void *av_arena_realloc(AvArena *a, void *old, size_t old_n, size_t new_n)
{
    if (new_n <= old_n && old)
        return old;
    void *p = av_arena_alloc(a, new_n);
    if (p && old && old_n)
        memcpy(p, old, old_n);
    return p;
}

char *av_arena_strndup(AvArena *a, const char *s, size_t n)
{
    char *p = av_arena_alloc(a, n + 1);
    if (p) {
        if (n)
            memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *av_arena_strdup(AvArena *a, const char *s)
{
    return s ? av_arena_strndup(a, s, strlen(s)) : NULL;
}

void av_arena_free(AvArena *a)
{
    AvArenaBlock *b = a->head;
    while (b) {
        AvArenaBlock *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->used = 0;
}

void av_vec_init(AvVec *v, size_t elem)
{
    v->data = NULL;
    v->len = v->cap = 0;
    v->elem = elem;
}

void *av_vec_push(AvVec *v, AvArena *a)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        void *d = av_arena_realloc(a, v->data, v->cap * v->elem, cap * v->elem);
        if (!d)
            return NULL;
        v->data = d;
        v->cap = cap;
    }
    void *p = (char *)v->data + v->len * v->elem;
    memset(p, 0, v->elem);
    v->len++;
    return p;
}
