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

/* Layout: u32 n_slots, u32 pad, then n_slots x (u32 check, u32 value). */
/* Open-addressing tables (the map, the inline weights): a power of two of
 * slots, load <= 0.75 so probes stay short. */
static uint32_t table_size(size_t n)
{
    uint32_t slots = 16;
    while ((size_t)slots * 3 < n * 4)
        slots *= 2;
    return slots;
}

static uint32_t key_check(uint64_t key)
{
    return (uint32_t)(key >> 32) | 1u;
}

/* The slot for key in a table whose slots are `words` u32 wide, the first
 * the check: its own (a duplicate key keeps the last value) or the first
 * free one on its probe. */
static uint32_t table_slot(const uint32_t *tab, uint32_t words, uint32_t slots, uint64_t key)
{
    uint32_t chk = key_check(key), mask = slots - 1, i = (uint32_t)key & mask;
    while (tab[(size_t)words * i] && tab[(size_t)words * i] != chk)
        i = (i + 1) & mask;
    return i;
}

/* Appends a table (u32 n_slots, u32 pad, the slots) to b and frees it. */
static int table_put(NlpBuf *b, uint32_t *tab, uint32_t slots, uint32_t words)
{
    uint32_t hdr[2] = {slots, 0};
    int rc = nlp_buf_put(b, hdr, sizeof hdr);
    if (!rc)
        rc = nlp_buf_put(b, tab, (size_t)slots * words * 4);
    free(tab);
    return rc;
}

int nlp_map_write(NlpBuf *b, const uint64_t *keys, const uint32_t *values, size_t n)
{
    uint32_t slots = n ? table_size(n) : 0;
    uint32_t *pairs = calloc(slots ? (size_t)slots * 2 : 2, 4);
    if (!pairs)
        return AV_ERR_NOMEM;
    for (size_t k = 0; k < n; k++) {
        uint32_t i = table_slot(pairs, 2, slots, keys[k]);
        pairs[2 * i] = key_check(keys[k]);
        pairs[2 * i + 1] = values[k];
    }
    return table_put(b, pairs, slots, 2);
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
    m->slots = (const uint32_t *)(p + sizeof hdr);
    /* a full table would make lookups of absent keys loop forever */
    if (slots) {
        uint32_t empty = 0;
        for (uint32_t i = 0; i < slots && !empty; i++)
            empty = m->slots[2 * i] == 0;
        if (!empty)
            return 0;
    }
    return need;
}

/* ---- weights ---- */

/* Layout: u32 n_classes, u32 stride, f32 scale, u32 n_rows, u32 n_pairs,
 * u32 pad[3], map, pad to 16, int16 rows[n_rows][stride], NlpPair[n_pairs]. */
#define SCORE_BATCH 128

static void add_entry(const NlpWeights *w, uint32_t v, int32_t *acc)
{
    if (v & NLP_SPARSE_BIT) {
        const NlpPair *p = w->pairs + (v & NLP_SPARSE_OFF_MAX);
        uint32_t n = (v >> 24) & NLP_SPARSE_MAX;
        for (uint32_t i = 0; i < n; i++)
            acc[p[i].cls] += p[i].val;
        return;
    }
    const int16_t *row = w->rows + (size_t)v * w->stride;
    uint32_t c = 0;
    /* stride is 4 or a multiple of 8: blocks of 8 let the compiler widen
     * and add 8 scores an instruction */
    for (; c + 8 <= w->stride; c += 8)
        for (uint32_t j = 0; j < 8; j++)
            acc[c + j] += row[c + j];
    for (; c < w->stride; c++)
        acc[c] += row[c];
}

int nlp_inline_map_write(NlpBuf *b, const uint64_t *keys, const int16_t *scores, size_t n)
{
    uint32_t slots = table_size(n);
    uint32_t *tab = calloc((size_t)slots * 3, 4);
    if (!tab)
        return AV_ERR_NOMEM;
    for (size_t k = 0; k < n; k++) {
        uint32_t i = table_slot(tab, 3, slots, keys[k]);
        tab[3 * (size_t)i] = key_check(keys[k]);
        memcpy(tab + 3 * (size_t)i + 1, scores + k * NLP_INLINE_MAX,
               NLP_INLINE_MAX * sizeof *scores);
    }
    return table_put(b, tab, slots, 3);
}

/* Features are looked up in batches: first every slot is prefetched, so the
 * cache misses of a batch overlap instead of coming one after another.  A
 * batch holds every feature of a move (95) or a word (<= 40): on Reuters,
 * batches of 128 parse 4 % faster than batches of 32 and 10 % faster than
 * batches of 16 (best of 6 interleaved runs of bench/parse.sh). */
static void score_inline(const NlpWeights *w, const uint64_t *feats, size_t n, int32_t *acc)
{
    const uint32_t mask = w->map.n_slots - 1;
    for (size_t b = 0; b < n; b += SCORE_BATCH) {
        size_t e = b + SCORE_BATCH < n ? b + SCORE_BATCH : n;
        for (size_t f = b; f < e; f++)
            __builtin_prefetch(w->inl + 3 * (size_t)((uint32_t)feats[f] & mask));
        for (size_t f = b; f < e; f++) {
            uint32_t chk = key_check(feats[f]);
            for (uint32_t i = (uint32_t)feats[f] & mask;; i = (i + 1) & mask) {
                const uint32_t *slot = w->inl + 3 * (size_t)i;
                if (slot[0] == chk) {
                    int16_t v[NLP_INLINE_MAX];
                    memcpy(v, slot + 1, sizeof v);
                    for (uint32_t c = 0; c < NLP_INLINE_MAX; c++)
                        acc[c] += v[c];
                    break;
                }
                if (!slot[0])
                    break;
            }
        }
    }
}

void nlp_weights_score(const NlpWeights *w, const uint64_t *feats, size_t n, int32_t *acc)
{
    if (!w->map.n_slots)
        return;
    if (w->inl) {
        score_inline(w, feats, n, acc);
        return;
    }
    const uint32_t mask = w->map.n_slots - 1;
    uint32_t found[SCORE_BATCH];
    for (size_t b = 0; b < n; b += SCORE_BATCH) {
        size_t e = b + SCORE_BATCH < n ? b + SCORE_BATCH : n, k = 0;
        for (size_t f = b; f < e; f++)
            __builtin_prefetch(w->map.slots + 2 * ((uint32_t)feats[f] & mask));
        for (size_t f = b; f < e; f++) {
            uint32_t v = nlp_map_get(&w->map, feats[f]);
            if (v == NLP_MISSING)
                continue;
            found[k++] = v;
            __builtin_prefetch(v & NLP_SPARSE_BIT
                                   ? (const void *)(w->pairs + (v & NLP_SPARSE_OFF_MAX))
                                   : (const void *)(w->rows + (size_t)v * w->stride));
        }
        for (size_t i = 0; i < k; i++)
            add_entry(w, found[i], acc);
    }
}

static int entries_valid(const NlpWeights *w)
{
    for (uint32_t i = 0; i < w->map.n_slots; i++) {
        if (!w->map.slots[2 * i])
            continue;
        uint32_t v = w->map.slots[2 * i + 1];
        if (v & NLP_SPARSE_BIT) {
            uint32_t off = v & NLP_SPARSE_OFF_MAX, n = (v >> 24) & NLP_SPARSE_MAX;
            if (!n || (size_t)off + n > w->n_pairs)
                return 0;
        } else if (v >= w->n_rows) {
            return 0;
        }
    }
    for (uint32_t i = 0; i < w->n_pairs; i++)
        if (w->pairs[i].cls >= w->n_classes)
            return 0;
    return 1;
}

/* The inline layout after the header: u32 n_slots, u32 pad, 12-byte slots,
 * at least one of them empty (absent keys end their probe there). */
static size_t view_inline(NlpWeights *w, const unsigned char *p, size_t avail)
{
    uint32_t hdr[2];
    if (w->n_classes > NLP_INLINE_MAX || avail < sizeof hdr)
        return 0;
    memcpy(hdr, p, sizeof hdr);
    uint32_t slots = hdr[0];
    if (!slots || (slots & (slots - 1)) || (size_t)slots * 12 > avail - sizeof hdr)
        return 0;
    w->inl = (const uint32_t *)(p + sizeof hdr);
    uint32_t empty = 0;
    for (uint32_t i = 0; i < slots && !empty; i++)
        empty = w->inl[3 * (size_t)i] == 0;
    if (!empty)
        return 0;
    w->map.n_slots = slots;
    w->map.slots = NULL;
    w->rows = NULL;
    w->pairs = NULL;
    w->n_pairs = 0;
    return 32 + sizeof hdr + (size_t)slots * 12;
}

size_t nlp_weights_view(NlpWeights *w, const unsigned char *p, size_t avail)
{
    uint32_t hdr[8];
    if (avail < sizeof hdr)
        return 0;
    memcpy(hdr, p, sizeof hdr);
    w->n_classes = hdr[0];
    w->stride = hdr[1];
    memcpy(&w->scale, &hdr[2], 4);
    w->n_rows = hdr[3];
    w->n_pairs = hdr[4];
    if (!w->n_classes || w->stride < w->n_classes || w->stride % 4 || w->stride > 4096)
        return 0;
    w->inl = NULL;
    if (hdr[5] & NLP_WEIGHTS_INLINE)
        return view_inline(w, p + sizeof hdr, avail - sizeof hdr);
    size_t off = sizeof hdr, used = nlp_map_view(&w->map, p + off, avail - off);
    if (!used)
        return 0;
    off += used;
    off = (off + 15) & ~(size_t)15;
    size_t rows_bytes = (size_t)w->n_rows * w->stride * 2;
    size_t pair_bytes = (size_t)w->n_pairs * sizeof(NlpPair);
    if (off > avail || rows_bytes > avail - off || pair_bytes > avail - off - rows_bytes)
        return 0;
    w->rows = (const int16_t *)(p + off);
    w->pairs = (const NlpPair *)(p + off + rows_bytes);
    if (!entries_valid(w))
        return 0;
    return off + rows_bytes + pair_bytes;
}
