/* util.c — hashing, word shapes, byte buffers and the compiled tables
 * (hash maps and int16 weight rows) that a model file holds. */
#include <stdlib.h>
#include <string.h>
#include "nlp.h"

uint64_t nlp_hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0xCBF29CE484222325ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001B3ULL;
    return nlp_mix(h, n);
}

uint64_t nlp_hash_str(const char *s)
{
    return s ? nlp_hash_bytes(s, strlen(s)) : 0;
}

size_t nlp_lower(const char *src, char *dst, size_t cap)
{
    size_t i = 0;
    for (; src[i] && i + 1 < cap; i++) {
        char c = src[i];
        dst[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    dst[i] = '\0';
    return i;
}

static char shape_class(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return 'X';
    if (c >= 'a' && c <= 'z')
        return 'x';
    if (c >= '0' && c <= '9')
        return 'd';
    if (c >= 0x80)
        return 'u';
    return (char)c;
}

uint64_t nlp_shape_hash(const char *s)
{
    char buf[32];
    size_t n = 0;
    int run = 0;
    for (; *s && n < sizeof buf; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x80 && (c & 0xC0) == 0x80)
            continue;            /* UTF-8 continuation byte */
        char k = shape_class(c);
        run = (n > 0 && buf[n - 1] == k) ? run + 1 : 0;
        if (run < 2)             /* "Xxxxx" -> "Xxx": long runs collapse */
            buf[n++] = k;
    }
    return nlp_hash_bytes(buf, n);
}

/* ---- buffers ---- */

int nlp_buf_put(NlpBuf *b, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + n)
            cap *= 2;
        unsigned char *d = realloc(b->data, cap);
        if (!d)
            return AV_ERR_NOMEM;
        b->data = d;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    return AV_OK;
}

int nlp_buf_align(NlpBuf *b, size_t a)
{
    static const unsigned char zeros[64] = {0};
    size_t pad = (a - b->len % a) % a;
    return nlp_buf_put(b, zeros, pad);
}

void nlp_buf_free(NlpBuf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

/* ---- maps ---- */

/* Layout: u32 n_slots, u32 pad, u32 check[n_slots], u32 value[n_slots]. */
int nlp_map_write(NlpBuf *b, const uint64_t *keys, const uint32_t *values, size_t n)
{
    uint32_t slots = 0;
    if (n) {
        slots = 16;
        while (slots < n * 2)   /* load <= 0.5 keeps probes short */
            slots *= 2;
    }
    uint32_t *check = calloc(slots ? slots : 1, 4), *val = calloc(slots ? slots : 1, 4);
    if (!check || !val) {
        free(check);
        free(val);
        return AV_ERR_NOMEM;
    }
    for (size_t k = 0; k < n; k++) {
        uint32_t chk = (uint32_t)(keys[k] >> 32) | 1u, mask = slots - 1;
        uint32_t i = (uint32_t)keys[k] & mask;
        while (check[i] && check[i] != chk)
            i = (i + 1) & mask;
        check[i] = chk;          /* a duplicate key keeps the last value */
        val[i] = values[k];
    }
    uint32_t hdr[2] = {slots, 0};
    int rc = nlp_buf_put(b, hdr, sizeof hdr);
    if (!rc)
        rc = nlp_buf_put(b, check, (size_t)slots * 4);
    if (!rc)
        rc = nlp_buf_put(b, val, (size_t)slots * 4);
    free(check);
    free(val);
    return rc;
}

size_t nlp_map_view(NlpMap *m, const unsigned char *p, size_t avail)
{
    uint32_t hdr[2];
    if (avail < sizeof hdr)
        return 0;
    memcpy(hdr, p, sizeof hdr);
    uint32_t slots = hdr[0];
    if (slots & (slots - 1))
        return 0;                /* not a power of two */
    size_t need = sizeof hdr + (size_t)slots * 8;
    if (need > avail)
        return 0;
    m->n_slots = slots;
    m->check = (const uint32_t *)(p + sizeof hdr);
    m->value = m->check + slots;
    /* a full table would make lookups of absent keys loop forever */
    if (slots) {
        uint32_t empty = 0;
        for (uint32_t i = 0; i < slots && !empty; i++)
            empty = m->check[i] == 0;
        if (!empty)
            return 0;
    }
    return need;
}

/* ---- weights ---- */

/* Layout: u32 n_classes, u32 stride (multiple of 4), f32 scale, u32 n_rows, map, pad to 16,
 * int16 rows[n_rows][stride]. */
void nlp_weights_score(const NlpWeights *w, const uint64_t *feats, size_t n, int32_t *acc)
{
    const uint32_t stride = w->stride;
    for (size_t f = 0; f < n; f++) {
        uint32_t r = nlp_map_get(&w->map, feats[f]);
        if (r == NLP_MISSING)
            continue;
        const int16_t *row = w->rows + (size_t)r * stride;
        for (uint32_t c = 0; c < stride; c++)
            acc[c] += row[c];
    }
}

size_t nlp_weights_view(NlpWeights *w, const unsigned char *p, size_t avail)
{
    uint32_t hdr[4];
    if (avail < sizeof hdr)
        return 0;
    memcpy(hdr, p, sizeof hdr);
    w->n_classes = hdr[0];
    w->stride = hdr[1];
    memcpy(&w->scale, &hdr[2], 4);
    w->n_rows = hdr[3];
    if (!w->n_classes || w->stride < w->n_classes || w->stride % 4 || w->stride > 4096)
        return 0;
    size_t off = sizeof hdr, used = nlp_map_view(&w->map, p + off, avail - off);
    if (!used)
        return 0;
    off += used;
    off = (off + 15) & ~(size_t)15;
    size_t rows_bytes = (size_t)w->n_rows * w->stride * 2;
    if (off > avail || rows_bytes > avail - off)
        return 0;
    w->rows = (const int16_t *)(p + off);
    for (uint32_t i = 0; i < w->map.n_slots; i++)
        if (w->map.check[i] && w->map.value[i] >= w->n_rows)
            return 0;            /* a row index out of range */
    return off + rows_bytes;
}
