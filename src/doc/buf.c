/* buf.c — AvBuf, the one growable byte string of the stages. */
#include <stdlib.h>
#include <string.h>
#include "doc.h"

int av_buf_put(AvBuf *b, const void *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->d, cap);
        if (!d)
            return AV_ERR_NOMEM;
        b->d = d;
        b->cap = cap;
    }
    if (n)
        memcpy(b->d + b->len, s, n);
    b->len += n;
    b->d[b->len] = '\0';
    return AV_OK;
}

void av_buf_free(AvBuf *b)
{
    free(b->d);
    memset(b, 0, sizeof *b);
}
