/*
 * parser.c — arc-hybrid transition system with ROOT at the end of the
 * buffer (so exactly one word attaches to ROOT), the Goldberg & Nivre (2013)
 * dynamic oracle, Zhang & Nivre (2011)-style features, and greedy decoding.
 *
 * Moves: SHIFT (b0 onto the stack), LEFT (s0 <- b0, pop), RIGHT (s1 -> s0,
 * pop).  LEFT onto ROOT is allowed only when s0 is the last stack item.
 * Labels are predicted after the move by a second perceptron over the same
 * features with 2 x n_labels classes (direction x label).
 */
#include <stdlib.h>
#include <string.h>
#include "nlp.h"

size_t nlp_state_bytes(uint32_t n)
{
    size_t m = (size_t)n + 2;
    /* a multiple of 16, so that what callers put after it stays aligned */
    return (m * (4 + 4 + 4 + 4 * 4 + 2 + 8 * 2) + 64 + 15) & ~(size_t)15;
}

void nlp_state_init(NlpState *s, uint32_t n, void *scratch)
{
    size_t m = (size_t)n + 2;
    unsigned char *p = scratch;
    memset(p, 0, nlp_state_bytes(n));
    s->n = n;
    s->lset = (uint64_t *)p;
    s->rset = s->lset + m;
    s->stack = (uint32_t *)(s->rset + m);
    s->head = (int32_t *)(s->stack + m);
    s->label = (uint32_t *)(s->head + m);
    s->lc1 = s->label + m;
    s->lc2 = s->lc1 + m;
    s->rc1 = s->lc2 + m;
    s->rc2 = s->rc1 + m;
    s->n_left = (uint8_t *)(s->rc2 + m);
    s->n_right = s->n_left + m;
    s->n_stack = 0;
    s->b0 = n ? 1 : n + 1;
    for (size_t i = 0; i < m; i++)
        s->head[i] = -1;
}

static uint32_t root_of(const NlpState *s)
{
    return s->n + 1;
}

int nlp_move_legal(const NlpState *s, int move)
{
    switch (move) {
    case MOVE_SHIFT:
        return s->b0 <= s->n;
    case MOVE_LEFT:
        return s->n_stack >= 1 && (s->b0 != root_of(s) || s->n_stack == 1);
    case MOVE_RIGHT:
        return s->n_stack >= 2;
    default:
        return 0;
    }
}

int nlp_state_final(const NlpState *s)
{
    return s->n_stack == 0 && s->b0 == root_of(s);
}

static void add_arc(NlpState *s, uint32_t h, uint32_t d, uint32_t label)
{
    s->head[d] = (int32_t)h;
    s->label[d] = label;
    uint64_t bit = 1ULL << (label & 63);
    if (d < h) {
        if (!s->lc1[h] || d < s->lc1[h]) {
            s->lc2[h] = s->lc1[h];
            s->lc1[h] = d;
        } else if (!s->lc2[h] || d < s->lc2[h]) {
            s->lc2[h] = d;
        }
        s->n_left[h] += s->n_left[h] < 255;
        s->lset[h] |= bit;
    } else {
        if (!s->rc1[h] || d > s->rc1[h]) {
            s->rc2[h] = s->rc1[h];
            s->rc1[h] = d;
        } else if (!s->rc2[h] || d > s->rc2[h]) {
            s->rc2[h] = d;
        }
        s->n_right[h] += s->n_right[h] < 255;
        s->rset[h] |= bit;
    }
}

void nlp_state_apply(NlpState *s, int move, uint32_t label)
{
    if (move == MOVE_SHIFT) {
        s->stack[s->n_stack++] = s->b0++;
    } else if (move == MOVE_LEFT) {
        uint32_t d = s->stack[--s->n_stack];
        add_arc(s, s->b0, d, label);
    } else {
        uint32_t d = s->stack[--s->n_stack];
        add_arc(s, s->stack[s->n_stack - 1], d, label);
    }
}

/* gold[] uses ROOT = n+1.  Counts gold arcs that become unreachable. */
int nlp_move_cost(const NlpState *s, int move, const int32_t *gold)
{
    const uint32_t b = s->b0, n = s->n;
    int cost = 0;
    if (move == MOVE_SHIFT) {
        for (uint32_t i = 0; i < s->n_stack; i++) {
            uint32_t k = s->stack[i];
            cost += gold[k] == (int32_t)b;
            cost += i + 1 < s->n_stack && gold[b] == (int32_t)k;
        }
        return cost;
    }
    uint32_t s0 = s->stack[s->n_stack - 1];
    for (uint32_t d = b; d <= n; d++)  /* s0's dependents still in the buffer */
        cost += gold[d] == (int32_t)s0;
    int32_t h = gold[s0];
    if (move == MOVE_LEFT) {
        uint32_t s1 = s->n_stack >= 2 ? s->stack[s->n_stack - 2] : 0;
        cost += (s1 && h == (int32_t)s1) || h > (int32_t)b;
    } else {
        cost += h >= (int32_t)b;
    }
    return cost;
}

/* ---- features ---- */

enum {
    PF_S0W = 1, PF_S0T, PF_S0WT, PF_S1W, PF_S1T, PF_S1WT, PF_B0W, PF_B0T, PF_B0WT, PF_B1W,
    PF_B1T, PF_B1WT, PF_B2W, PF_B2T, PF_S2W, PF_S2T,
    PF_S0WTB0WT, PF_S0WTB0W, PF_S0WB0WT, PF_S0WTB0T, PF_S0TB0WT, PF_S0WB0W, PF_S0TB0T,
    PF_S1WS0W, PF_S1TS0T, PF_S1WTS0T, PF_S1TS0WT, PF_S1WTS0WT,
    PF_B0TB1T, PF_S0TB0TB1T, PF_S1TS0TB0T, PF_B0TB1TB2T, PF_S2TS1TS0T, PF_S1TB0T, PF_S1WB0W,
    PF_S0WD, PF_S0TD, PF_B0WD, PF_B0TD, PF_S0TB0TD, PF_S1TS0TD2, PF_S1WD2, PF_S0WD2,
    PF_S0WVR, PF_S0TVR, PF_S0WVL, PF_S0TVL, PF_B0WVL, PF_B0TVL, PF_S1WVR, PF_S1TVR, PF_S1TVL,
    PF_S0L1W, PF_S0L1T, PF_S0L1L, PF_S0R1W, PF_S0R1T, PF_S0R1L, PF_B0L1W, PF_B0L1T, PF_B0L1L,
    PF_S1R1W, PF_S1R1T, PF_S1R1L, PF_S1L1T, PF_S1L1L,
    PF_S0L2W, PF_S0L2T, PF_S0L2L, PF_S0R2W, PF_S0R2T, PF_S0R2L, PF_B0L2W, PF_B0L2T, PF_B0L2L,
    PF_S1R2T, PF_S1R2L,
    PF_S0TL12, PF_S0TR12, PF_B0TL12, PF_S1TR12, PF_S0TL1B0T, PF_S0TR1B0T, PF_S1TS0TL1,
    PF_S1TS0TR1, PF_B0TL1S0T, PF_S1TR1S0T,
    PF_S0WLS, PF_S0WRS, PF_B0WLS, PF_S0TLS, PF_S0TRS, PF_B0TLS, PF_S1TRS, PF_S1WRS
};

static uint32_t dist_bucket(uint32_t a, uint32_t b)
{
    uint32_t d = a > b ? a - b : b - a;
    return d < 5 ? d : d < 10 ? 5 : 6;
}

static uint64_t lab(const NlpState *s, uint32_t x)
{
    return x ? (uint64_t)s->label[x] + 1 : 0;
}

size_t nlp_parser_features(const NlpState *s, const NlpSentFeat *sf, uint64_t *f)
{
    const uint64_t *W = sf->w, *T = sf->t;
    uint32_t ns = s->n_stack, n = s->n;
    uint32_t s0 = ns > 0 ? s->stack[ns - 1] : 0, s1 = ns > 1 ? s->stack[ns - 2] : 0,
             s2 = ns > 2 ? s->stack[ns - 3] : 0, b0 = s->b0;
    uint32_t b1 = b0 + 1 <= n + 1 ? b0 + 1 : 0, b2 = b0 + 2 <= n + 1 ? b0 + 2 : 0;
    size_t k = 0;
    uint64_t s0w = W[s0], s0t = T[s0], s1w = W[s1], s1t = T[s1], b0w = W[b0], b0t = T[b0];
    uint64_t b1t = b1 ? T[b1] : 0, b2t = b2 ? T[b2] : 0;
    f[k++] = nlp_f1(PF_S0W, s0w);
    f[k++] = nlp_f1(PF_S0T, s0t);
    f[k++] = nlp_f2(PF_S0WT, s0w, s0t);
    f[k++] = nlp_f1(PF_S1W, s1w);
    f[k++] = nlp_f1(PF_S1T, s1t);
    f[k++] = nlp_f2(PF_S1WT, s1w, s1t);
    f[k++] = nlp_f1(PF_B0W, b0w);
    f[k++] = nlp_f1(PF_B0T, b0t);
    f[k++] = nlp_f2(PF_B0WT, b0w, b0t);
    f[k++] = nlp_f1(PF_B1W, b1 ? W[b1] : 0);
    f[k++] = nlp_f1(PF_B1T, b1t);
    f[k++] = nlp_f2(PF_B1WT, b1 ? W[b1] : 0, b1t);
    f[k++] = nlp_f1(PF_B2W, b2 ? W[b2] : 0);
    f[k++] = nlp_f1(PF_B2T, b2t);
    f[k++] = nlp_f1(PF_S2W, W[s2]);
    f[k++] = nlp_f1(PF_S2T, T[s2]);
    uint64_t s0wt = nlp_mix(s0w, s0t), b0wt = nlp_mix(b0w, b0t), s1wt = nlp_mix(s1w, s1t);
    f[k++] = nlp_f2(PF_S0WTB0WT, s0wt, b0wt);
    f[k++] = nlp_f2(PF_S0WTB0W, s0wt, b0w);
    f[k++] = nlp_f2(PF_S0WB0WT, s0w, b0wt);
    f[k++] = nlp_f2(PF_S0WTB0T, s0wt, b0t);
    f[k++] = nlp_f2(PF_S0TB0WT, s0t, b0wt);
    f[k++] = nlp_f2(PF_S0WB0W, s0w, b0w);
    f[k++] = nlp_f2(PF_S0TB0T, s0t, b0t);
    f[k++] = nlp_f2(PF_S1WS0W, s1w, s0w);
    f[k++] = nlp_f2(PF_S1TS0T, s1t, s0t);
    f[k++] = nlp_f2(PF_S1WTS0T, s1wt, s0t);
    f[k++] = nlp_f2(PF_S1TS0WT, s1t, s0wt);
    f[k++] = nlp_f2(PF_S1WTS0WT, s1wt, s0wt);
    f[k++] = nlp_f2(PF_B0TB1T, b0t, b1t);
    f[k++] = nlp_f3(PF_S0TB0TB1T, s0t, b0t, b1t);
    f[k++] = nlp_f3(PF_S1TS0TB0T, s1t, s0t, b0t);
    f[k++] = nlp_f3(PF_B0TB1TB2T, b0t, b1t, b2t);
    f[k++] = nlp_f3(PF_S2TS1TS0T, T[s2], s1t, s0t);
    f[k++] = nlp_f2(PF_S1TB0T, s1t, b0t);
    f[k++] = nlp_f2(PF_S1WB0W, s1w, b0w);
    uint64_t d = s0 ? dist_bucket(s0, b0) : 7, d2 = s1 ? dist_bucket(s1, s0) : 7;
    f[k++] = nlp_f2(PF_S0WD, s0w, d);
    f[k++] = nlp_f2(PF_S0TD, s0t, d);
    f[k++] = nlp_f2(PF_B0WD, b0w, d);
    f[k++] = nlp_f2(PF_B0TD, b0t, d);
    f[k++] = nlp_f3(PF_S0TB0TD, s0t, b0t, d);
    f[k++] = nlp_f3(PF_S1TS0TD2, s1t, s0t, d2);
    f[k++] = nlp_f2(PF_S1WD2, s1w, d2);
    f[k++] = nlp_f2(PF_S0WD2, s0w, d2);
    f[k++] = nlp_f2(PF_S0WVR, s0w, s->n_right[s0]);
    f[k++] = nlp_f2(PF_S0TVR, s0t, s->n_right[s0]);
    f[k++] = nlp_f2(PF_S0WVL, s0w, s->n_left[s0]);
    f[k++] = nlp_f2(PF_S0TVL, s0t, s->n_left[s0]);
    f[k++] = nlp_f2(PF_B0WVL, b0w, s->n_left[b0]);
    f[k++] = nlp_f2(PF_B0TVL, b0t, s->n_left[b0]);
    f[k++] = nlp_f2(PF_S1WVR, s1w, s->n_right[s1]);
    f[k++] = nlp_f2(PF_S1TVR, s1t, s->n_right[s1]);
    f[k++] = nlp_f2(PF_S1TVL, s1t, s->n_left[s1]);
    uint32_t s0l1 = s->lc1[s0], s0r1 = s->rc1[s0], b0l1 = s->lc1[b0], s1r1 = s->rc1[s1],
             s1l1 = s->lc1[s1], s0l2 = s->lc2[s0], s0r2 = s->rc2[s0], b0l2 = s->lc2[b0],
             s1r2 = s->rc2[s1];
    f[k++] = nlp_f1(PF_S0L1W, W[s0l1]);
    f[k++] = nlp_f1(PF_S0L1T, T[s0l1]);
    f[k++] = nlp_f1(PF_S0L1L, lab(s, s0l1));
    f[k++] = nlp_f1(PF_S0R1W, W[s0r1]);
    f[k++] = nlp_f1(PF_S0R1T, T[s0r1]);
    f[k++] = nlp_f1(PF_S0R1L, lab(s, s0r1));
    f[k++] = nlp_f1(PF_B0L1W, W[b0l1]);
    f[k++] = nlp_f1(PF_B0L1T, T[b0l1]);
    f[k++] = nlp_f1(PF_B0L1L, lab(s, b0l1));
    f[k++] = nlp_f1(PF_S1R1W, W[s1r1]);
    f[k++] = nlp_f1(PF_S1R1T, T[s1r1]);
    f[k++] = nlp_f1(PF_S1R1L, lab(s, s1r1));
    f[k++] = nlp_f1(PF_S1L1T, T[s1l1]);
    f[k++] = nlp_f1(PF_S1L1L, lab(s, s1l1));
    f[k++] = nlp_f1(PF_S0L2W, W[s0l2]);
    f[k++] = nlp_f1(PF_S0L2T, T[s0l2]);
    f[k++] = nlp_f1(PF_S0L2L, lab(s, s0l2));
    f[k++] = nlp_f1(PF_S0R2W, W[s0r2]);
    f[k++] = nlp_f1(PF_S0R2T, T[s0r2]);
    f[k++] = nlp_f1(PF_S0R2L, lab(s, s0r2));
    f[k++] = nlp_f1(PF_B0L2W, W[b0l2]);
    f[k++] = nlp_f1(PF_B0L2T, T[b0l2]);
    f[k++] = nlp_f1(PF_B0L2L, lab(s, b0l2));
    f[k++] = nlp_f1(PF_S1R2T, T[s1r2]);
    f[k++] = nlp_f1(PF_S1R2L, lab(s, s1r2));
    f[k++] = nlp_f3(PF_S0TL12, s0t, T[s0l1], T[s0l2]);
    f[k++] = nlp_f3(PF_S0TR12, s0t, T[s0r1], T[s0r2]);
    f[k++] = nlp_f3(PF_B0TL12, b0t, T[b0l1], T[b0l2]);
    f[k++] = nlp_f3(PF_S1TR12, s1t, T[s1r1], T[s1r2]);
    f[k++] = nlp_f3(PF_S0TL1B0T, s0t, T[s0l1], b0t);
    f[k++] = nlp_f3(PF_S0TR1B0T, s0t, T[s0r1], b0t);
    f[k++] = nlp_f3(PF_S1TS0TL1, s1t, s0t, T[s0l1]);
    f[k++] = nlp_f3(PF_S1TS0TR1, s1t, s0t, T[s0r1]);
    f[k++] = nlp_f3(PF_B0TL1S0T, b0t, T[b0l1], s0t);
    f[k++] = nlp_f3(PF_S1TR1S0T, s1t, T[s1r1], s0t);
    f[k++] = nlp_f2(PF_S0WLS, s0w, s->lset[s0]);
    f[k++] = nlp_f2(PF_S0WRS, s0w, s->rset[s0]);
    f[k++] = nlp_f2(PF_B0WLS, b0w, s->lset[b0]);
    f[k++] = nlp_f2(PF_S0TLS, s0t, s->lset[s0]);
    f[k++] = nlp_f2(PF_S0TRS, s0t, s->rset[s0]);
    f[k++] = nlp_f2(PF_B0TLS, b0t, s->lset[b0]);
    f[k++] = nlp_f2(PF_S1TRS, s1t, s->rset[s1]);
    f[k++] = nlp_f2(PF_S1WRS, s1w, s->rset[s1]);
    return k;
}

/* The label classifier sees a subset: the words and tags of the two words
 * being joined, their neighbours and their children's labels. */
static const uint8_t label_templates[] = {
    PF_S0W, PF_S0T, PF_S0WT, PF_S1W, PF_S1T, PF_S1WT, PF_B0W, PF_B0T, PF_B0WT, PF_B1T,
    PF_S0TB0T, PF_S0WTB0T, PF_S0TB0WT, PF_S1TS0T, PF_S1WTS0T, PF_S1TS0WT, PF_S0TB0TD,
    PF_S1TS0TD2, PF_S0TVL, PF_S0TVR, PF_S0L1L, PF_S0R1L, PF_S0L1T, PF_S0R1T, PF_S0TL12,
    PF_S0TR12, PF_S0TLS, PF_S0TRS, PF_B0TLS, PF_S1TRS, PF_B0L1L, PF_S1R1L, PF_S1TR1S0T,
    PF_S0TB0TB1T, PF_S1TS0TB0T};

size_t nlp_label_features(const uint64_t *all, uint64_t *out)
{
    size_t n = sizeof label_templates / sizeof label_templates[0];
    for (size_t i = 0; i < n; i++)
        out[i] = all[label_templates[i] - 1];
    return n;
}

/* Whether some word strictly between d and its head does not descend from
 * that head (heads[1..n], 0 = root). */
static int arc_crossed(const int32_t *heads, uint32_t n, uint32_t d)
{
    int32_t h = heads[d];
    if (h <= 0)
        return 0;
    uint32_t lo = (uint32_t)h < d ? (uint32_t)h : d, hi = (uint32_t)h < d ? d : (uint32_t)h;
    for (uint32_t k = lo + 1; k < hi; k++) {
        int32_t x = (int32_t)k;
        uint32_t steps = 0;
        while (x > 0 && x != h && steps++ <= n)
            x = heads[x];
        if (x != h)
            return 1;
    }
    return 0;
}

int nlp_is_projective(const int32_t *heads, uint32_t n)
{
    for (uint32_t d = 1; d <= n; d++)
        if (arc_crossed(heads, n, d))
            return 0;
    return 1;
}

uint32_t nlp_projectivize(int32_t *heads, uint32_t n)
{
    uint32_t lifts = 0;
    for (;;) {
        uint32_t best = 0, best_len = UINT32_MAX;
        for (uint32_t d = 1; d <= n; d++) {
            uint32_t len = heads[d] > 0 ? (uint32_t)abs(heads[d] - (int32_t)d) : UINT32_MAX;
            if (len < best_len && arc_crossed(heads, n, d)) {
                best = d;
                best_len = len;
            }
        }
        if (!best || lifts > n * n)
            return lifts;
        heads[best] = heads[heads[best]];
        lifts++;
    }
}

/* ---- decoding ---- */

static int best_move(const NlpState *s, const int32_t *acc)
{
    int best = -1;
    for (int m = 0; m < N_MOVES; m++)
        if (nlp_move_legal(s, m) && (best < 0 || acc[m] > acc[best]))
            best = m;
    return best;
}

static uint32_t best_label(const AvModel *m, const int32_t *acc, int move, int to_root)
{
    uint32_t L = m->n_labels, base = move == MOVE_LEFT ? 0 : L, best = NLP_MISSING;
    if (to_root)
        return m->root_label;
    for (uint32_t l = 0; l < L; l++) {
        if (l == m->root_label)
            continue;
        if (best == NLP_MISSING || acc[base + l] > acc[base + best])
            best = l;
    }
    return best;
}

static uint64_t tag_hash(const AvToken *t)
{
    return nlp_mix(nlp_hash_str(t->upos ? t->upos : "_"), nlp_hash_str(t->xpos ? t->xpos : "_"));
}

void nlp_sentfeat_fill(NlpSentFeat *sf, const AvToken *toks, uint32_t n)
{
    sf->w[0] = sf->t[0] = 0x1;  /* "no such word" */
    for (uint32_t i = 0; i < n; i++) {
        char buf[64];
        size_t k = nlp_lower(toks[i].form ? toks[i].form : "", buf, sizeof buf);
        sf->w[i + 1] = nlp_hash_bytes(buf, k);
        sf->t[i + 1] = tag_hash(&toks[i]);
    }
    sf->w[n + 1] = sf->t[n + 1] = 0x2;  /* ROOT */
}

int nlp_parse_sentence(const AvModel *m, const AvToken *toks, uint32_t n, int32_t *heads,
                       uint32_t *labels, AvError *err)
{
    unsigned char small[32768];
    size_t need = nlp_state_bytes(n) + 2 * ((size_t)n + 2) * sizeof(uint64_t);
    unsigned char *mem = need <= sizeof small ? small : malloc(need);
    if (!mem)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    NlpState s;
    nlp_state_init(&s, n, mem);
    NlpSentFeat sf;
    sf.w = (uint64_t *)(mem + nlp_state_bytes(n));
    sf.t = sf.w + n + 2;
    nlp_sentfeat_fill(&sf, toks, n);
    uint64_t feats[NLP_PARSE_FEATS];
    int32_t acc[4096];
    while (!nlp_state_final(&s)) {
        size_t k = nlp_parser_features(&s, &sf, feats);
        memset(acc, 0, m->moves.stride * sizeof *acc);
        nlp_weights_score(&m->moves, feats, k, acc);
        int mv = best_move(&s, acc);
        uint32_t label = 0;
        if (mv != MOVE_SHIFT) {
            uint64_t lf[NLP_PARSE_FEATS];
            size_t nl = nlp_label_features(feats, lf);
            memset(acc, 0, m->arclabels.stride * sizeof *acc);
            nlp_weights_score(&m->arclabels, lf, nl, acc);
            label = best_label(m, acc, mv, mv == MOVE_LEFT && s.b0 == n + 1);
        }
        nlp_state_apply(&s, mv, label);
    }
    for (uint32_t i = 1; i <= n; i++) {
        heads[i - 1] = s.head[i] == (int32_t)(n + 1) ? 0 : s.head[i];
        labels[i - 1] = s.label[i];
    }
    if (mem != small)
        free(mem);
    return AV_OK;
}

int av_parse_sentence(const AvModel *m, AvDocument *doc, uint32_t si, AvError *err)
{
    if (!m || !doc || si >= doc->n_sentences)
        return av_error_set(err, AV_ERR_ARG, "av_parse_sentence: no model, document or sentence");
    if (!m->has_parser)
        return av_error_set(err, AV_ERR_ARG, "the model has no parser");
    int32_t heads_small[256];
    uint32_t labels_small[256];
    AvSentence *sent = &doc->sentences[si];
    uint32_t n = sent->n_tokens;
    if (!n)
        return AV_OK;
    int32_t *heads = n <= 256 ? heads_small : av_arena_alloc(&doc->arena, n * 4);
    uint32_t *labels = n <= 256 ? labels_small : av_arena_alloc(&doc->arena, n * 4);
    if (!heads || !labels)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    int rc = nlp_parse_sentence(m, sent->tokens, n, heads, labels, err);
    if (rc)
        return rc;
    for (uint32_t i = 0; i < n; i++) {
        sent->tokens[i].head = heads[i];
        sent->tokens[i].deprel = m->labels[labels[i] < m->n_labels ? labels[i] : 0];
    }
    return AV_OK;
}

int av_parse(const AvModel *m, AvDocument *doc, AvError *err)
{
    if (!m || !doc)
        return av_error_set(err, AV_ERR_ARG, "av_parse: no model or document");
    if (!m->has_parser)
        return av_error_set(err, AV_ERR_ARG, "the model has no parser");
    for (uint32_t si = 0; si < doc->n_sentences; si++) {
        int rc = av_parse_sentence(m, doc, si, err);
        if (rc)
            return rc;
    }
    return AV_OK;
}
