/*
 * perceptron.c — averaged multiclass perceptron for training.
 *
 * Rows are created only for features that take part in an update, so the
 * table holds what the model can use.  Averaging uses the "accumulated
 * clock x delta" trick: avg = w - u / clock, with u += clock * delta at each
 * update, so no per-weight timestamps are needed.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "nlp.h"

struct NlpPerceptron {
    uint32_t n_classes;
    uint64_t *keys;          /* open addressing, 0 = empty */
    uint32_t *slot_row;
    size_t n_slots, n_rows, cap_rows;
    float *w;                /* [row][n_classes] */
    double *u;
    uint32_t *updates;       /* per row */
    double clock;
};

NlpPerceptron *nlp_perc_new(uint32_t n_classes)
{
    NlpPerceptron *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->n_classes = n_classes;
    p->n_slots = 1u << 16;
    p->keys = calloc(p->n_slots, sizeof *p->keys);
    p->slot_row = calloc(p->n_slots, sizeof *p->slot_row);
    p->clock = 1;
    if (!p->keys || !p->slot_row) {
        nlp_perc_free(p);
        return NULL;
    }
    return p;
}

void nlp_perc_free(NlpPerceptron *p)
{
    if (!p)
        return;
    free(p->keys);
    free(p->slot_row);
    free(p->w);
    free(p->u);
    free(p->updates);
    free(p);
}

static uint64_t nonzero_key(uint64_t k)
{
    return k ? k : 1;
}

static size_t find_slot(const NlpPerceptron *p, uint64_t key)
{
    size_t mask = p->n_slots - 1, i = key & mask;
    while (p->keys[i] && p->keys[i] != key)
        i = (i + 1) & mask;
    return i;
}

static int grow_slots(NlpPerceptron *p)
{
    size_t old_n = p->n_slots;
    uint64_t *old_k = p->keys;
    uint32_t *old_r = p->slot_row;
    p->n_slots *= 2;
    p->keys = calloc(p->n_slots, sizeof *p->keys);
    p->slot_row = calloc(p->n_slots, sizeof *p->slot_row);
    if (!p->keys || !p->slot_row)
        return AV_ERR_NOMEM;
    for (size_t i = 0; i < old_n; i++)
        if (old_k[i]) {
            size_t s = find_slot(p, old_k[i]);
            p->keys[s] = old_k[i];
            p->slot_row[s] = old_r[i];
        }
    free(old_k);
    free(old_r);
    return AV_OK;
}

static int grow_rows(NlpPerceptron *p)
{
    size_t cap = p->cap_rows ? p->cap_rows * 2 : 4096, nc = p->n_classes;
    float *w = realloc(p->w, cap * nc * sizeof *w);
    if (!w)
        return AV_ERR_NOMEM;
    p->w = w;
    double *u = realloc(p->u, cap * nc * sizeof *u);
    if (!u)
        return AV_ERR_NOMEM;
    p->u = u;
    uint32_t *up = realloc(p->updates, cap * sizeof *up);
    if (!up)
        return AV_ERR_NOMEM;
    p->updates = up;
    p->cap_rows = cap;
    return AV_OK;
}

/* Row of key, created when create != 0; -1 when absent or out of memory. */
static long row_of(NlpPerceptron *p, uint64_t key, int create)
{
    key = nonzero_key(key);
    size_t s = find_slot(p, key);
    if (p->keys[s])
        return p->slot_row[s];
    if (!create)
        return -1;
    if (p->n_rows + 1 > p->n_slots / 2) {
        if (grow_slots(p))
            return -1;
        s = find_slot(p, key);
    }
    if (p->n_rows == p->cap_rows && grow_rows(p))
        return -1;
    size_t r = p->n_rows++, nc = p->n_classes;
    memset(p->w + r * nc, 0, nc * sizeof *p->w);
    memset(p->u + r * nc, 0, nc * sizeof *p->u);
    p->updates[r] = 0;
    p->keys[s] = key;
    p->slot_row[s] = (uint32_t)r;
    return (long)r;
}

void nlp_perc_score(const NlpPerceptron *p, const uint64_t *feats, size_t n, float *scores)
{
    const uint32_t nc = p->n_classes;
    memset(scores, 0, nc * sizeof *scores);
    for (size_t f = 0; f < n; f++) {
        long r = row_of((NlpPerceptron *)p, feats[f], 0);
        if (r < 0)
            continue;
        const float *row = p->w + (size_t)r * nc;
        for (uint32_t c = 0; c < nc; c++)
            scores[c] += row[c];
    }
}

int nlp_perc_update(NlpPerceptron *p, const uint64_t *feats, size_t n, uint32_t truth,
                    uint32_t guess)
{
    if (truth == guess)
        return AV_OK;
    const uint32_t nc = p->n_classes;
    for (size_t f = 0; f < n; f++) {
        long r = row_of(p, feats[f], 1);
        if (r < 0)
            return AV_ERR_NOMEM;
        size_t base = (size_t)r * nc;
        p->w[base + truth] += 1;
        p->u[base + truth] += p->clock;
        p->w[base + guess] -= 1;
        p->u[base + guess] -= p->clock;
        p->updates[r]++;
    }
    return AV_OK;
}

void nlp_perc_tick(NlpPerceptron *p)
{
    p->clock += 1;
}

static float averaged(const NlpPerceptron *p, size_t i)
{
    return (float)(p->w[i] - p->u[i] / p->clock);
}

/* Quantises row r into q[nc]; returns the number of non-zero classes. */
static uint32_t quantise_row(const NlpPerceptron *p, size_t r, float scale, int16_t *q)
{
    uint32_t nz = 0;
    for (uint32_t c = 0; c < p->n_classes; c++) {
        long v = lrintf(averaged(p, r * p->n_classes + c) / scale);
        q[c] = (int16_t)(v > 32767 ? 32767 : v < -32767 ? -32767 : v);
        nz += q[c] != 0;
    }
    return nz;
}

int nlp_perc_compile(const NlpPerceptron *p, uint32_t min_updates, NlpBuf *out, size_t *n_rows)
{
    const uint32_t nc = p->n_classes, stride = nc <= 4 ? 4 : (nc + 7) & ~7u;
    float maxabs = 1e-6f;
    for (size_t i = 0; i < p->n_rows * nc; i++) {
        float a = fabsf(averaged(p, i));
        if (a > maxabs)
            maxabs = a;
    }
    float scale = maxabs / 32767.0f;
    uint64_t *keys = malloc((p->n_rows + 1) * sizeof *keys);
    uint32_t *vals = malloc((p->n_rows + 1) * sizeof *vals);
    uint32_t *slot_of_row = malloc((p->n_rows + 1) * sizeof *slot_of_row);
    int16_t *q = calloc(stride, sizeof *q);
    NlpBuf rows = {0}, pairs = {0};
    int rc = AV_ERR_NOMEM;
    if (!keys || !vals || !q || !slot_of_row)
        goto done;
    for (size_t s = 0; s < p->n_slots; s++)
        if (p->keys[s])
            slot_of_row[p->slot_row[s]] = (uint32_t)s;
    size_t kept = 0, n_dense = 0, n_pairs = 0;
    const int inl = nc <= NLP_INLINE_MAX;
    for (size_t r = 0; r < p->n_rows; r++) {
        if (p->updates[r] < min_updates)
            continue;
        uint32_t nz = quantise_row(p, r, scale, q);
        if (!nz)
            continue;
        if (inl) {               /* scores go into the slot: rows[kept] */
            if (nlp_buf_put(&rows, q, NLP_INLINE_MAX * sizeof *q))
                goto done;
            keys[kept++] = p->keys[slot_of_row[r]];
            continue;
        }
        /* sparse when the pairs take less room than the dense row */
        if (nz * sizeof(NlpPair) < stride * sizeof *q && nz <= NLP_SPARSE_MAX &&
            n_pairs + nz <= NLP_SPARSE_OFF_MAX) {
            vals[kept] = NLP_SPARSE_BIT | nz << 24 | (uint32_t)n_pairs;
            for (uint32_t c = 0; c < nc; c++) {
                NlpPair pr = {(uint16_t)c, q[c]};
                if (q[c] && nlp_buf_put(&pairs, &pr, sizeof pr))
                    goto done;
            }
            n_pairs += nz;
        } else {
            vals[kept] = (uint32_t)n_dense++;
            if (nlp_buf_put(&rows, q, stride * sizeof *q))
                goto done;
        }
        keys[kept++] = p->keys[slot_of_row[r]];
    }
    uint32_t hdr[8] = {nc, stride, 0, (uint32_t)n_dense, (uint32_t)n_pairs, 0, 0, 0};
    memcpy(&hdr[2], &scale, 4);
    if (inl) {
        hdr[3] = (uint32_t)kept;
        hdr[5] = NLP_WEIGHTS_INLINE;
        if (!(rc = nlp_buf_put(out, hdr, sizeof hdr)))
            rc = nlp_inline_map_write(out, keys, (const int16_t *)rows.data, kept);
        if (!rc && n_rows)
            *n_rows = kept;
        goto done;
    }
    if ((rc = nlp_buf_put(out, hdr, sizeof hdr)) || (rc = nlp_map_write(out, keys, vals, kept)))
        goto done;
    /* rows start 16-aligned relative to the section start (out must be an
     * empty section buffer); sections are 64-aligned in the file */
    if ((rc = nlp_buf_align(out, 16)) || (rc = nlp_buf_put(out, rows.data, rows.len)) ||
        (rc = nlp_buf_put(out, pairs.data, pairs.len)))
        goto done;
    if (n_rows)
        *n_rows = kept;
done:
    free(keys);
    free(vals);
    free(q);
    free(slot_of_row);
    nlp_buf_free(&rows);
    nlp_buf_free(&pairs);
    return rc;
}
