/*
 * eval_segment.c — segmentation scores as the CoNLL 2018 shared-task scorer
 * (conll18_ud_eval.py) defines them.
 *
 * Tokens (surface tokens) and sentences match when their character spans
 * match; spans are byte offsets into the same text here, which is the same
 * test because system and gold share the text byte for byte.  A sentence's
 * span runs from its first token's start to its last token's end.
 *
 * Words are aligned like the scorer's align_words(): outside multiword
 * tokens a word matches when its span matches; where a multiword token
 * (gold or system) is involved, the region of overlapping tokens is found as
 * in find_multiword_span() and words are aligned by the longest common
 * subsequence of their lower-cased forms.  One difference: forms are
 * compared after avocet's normalisation on both sides (curly apostrophes
 * as '), since the system's forms are normalised.  Regions whose LCS table
 * would exceed MAX_LCS_CELLS (never in real treebanks) align no words.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "../doc/doc.h"
#include "text.h"

#define MAX_LCS_CELLS (4u << 20)

typedef struct Span {
    uint32_t start, end;
} Span;

typedef struct EvalWord {
    Span span;                /* the surface token's span */
    const char *form;
    bool multi;               /* part of a multiword token */
} EvalWord;

typedef struct Units {
    Span *tokens, *sentences;
    EvalWord *words;
    size_t n_tokens, n_sentences, n_words;
} Units;

static void units_free(Units *u)
{
    free(u->tokens);
    free(u->sentences);
    free(u->words);
}

/* Surface tokens, sentences and words of a segmented document; the forms
 * are normalised into scratch. */
static int collect_units(const AvDocument *doc, AvArena *scratch, Units *u, AvError *err)
{
    size_t nw = 0;
    for (uint32_t s = 0; s < doc->n_sentences; s++)
        nw += doc->sentences[s].n_tokens;
    memset(u, 0, sizeof *u);
    u->tokens = malloc((nw + 1) * sizeof *u->tokens);
    u->words = malloc((nw + 1) * sizeof *u->words);
    u->sentences = malloc((doc->n_sentences + 1) * sizeof *u->sentences);
    if (!u->tokens || !u->words || !u->sentences) {
        units_free(u);
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    }
    for (uint32_t s = 0; s < doc->n_sentences; s++) {
        const AvSentence *st = &doc->sentences[s];
        if (st->n_tokens == 0)
            continue;
        uint32_t i = 0;
        Span sent = {UINT32_MAX, 0};
        while (i < st->n_tokens) {
            uint32_t j = i;
            Span sp = {st->tokens[i].start, st->tokens[i].end};
            while (j + 1 < st->n_tokens && st->tokens[j + 1].surface == st->tokens[i].surface) {
                j++;
                if (st->tokens[j].start < sp.start)
                    sp.start = st->tokens[j].start;
                if (st->tokens[j].end > sp.end)
                    sp.end = st->tokens[j].end;
            }
            u->tokens[u->n_tokens++] = sp;
            for (uint32_t k = i; k <= j; k++) {
                const char *f = st->tokens[k].form ? st->tokens[k].form : "";
                EvalWord *w = &u->words[u->n_words++];
                w->span = sp;
                w->form = av_text_normalize(scratch, f, strlen(f));
                w->multi = j > i;
                if (!w->form) {
                    units_free(u);
                    return av_error_set(err, AV_ERR_NOMEM, "out of memory");
                }
            }
            if (sp.start < sent.start)
                sent.start = sp.start;
            if (sp.end > sent.end)
                sent.end = sp.end;
            i = j + 1;
        }
        u->sentences[u->n_sentences++] = sent;
    }
    return AV_OK;
}

/* Spans in text order; counts the ones present in both lists. */
static uint64_t matching_spans(const Span *g, size_t ng, const Span *s, size_t ns)
{
    size_t i = 0, j = 0;
    uint64_t hits = 0;
    while (i < ng && j < ns) {
        if (g[i].start == s[j].start && g[i].end == s[j].end) {
            hits++;
            i++;
            j++;
        } else if (g[i].start < s[j].start || (g[i].start == s[j].start && g[i].end < s[j].end)) {
            i++;
        } else {
            j++;
        }
    }
    return hits;
}

static bool beyond_end(const EvalWord *w, size_t n, size_t i, uint32_t end)
{
    return i >= n || w[i].span.start >= end;
}

static uint32_t extend_end(const EvalWord *w, uint32_t end)
{
    return w->multi && w->span.end > end ? w->span.end : end;
}

static bool same_form(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

/* Words aligned by LCS of forms in gold[gs..ge) x sys[ss..se). */
static uint64_t lcs_align(const EvalWord *g, size_t gs, size_t ge, const EvalWord *s, size_t ss,
                          size_t se, int *nomem)
{
    size_t ng = ge - gs, ns = se - ss;
    if (ng == 0 || ns == 0 || ng * ns > MAX_LCS_CELLS)
        return 0;
    uint32_t *lcs = calloc((ng + 1) * (ns + 1), sizeof *lcs);
    if (!lcs) {
        *nomem = 1;
        return 0;
    }
#define L(i, j) lcs[(i) * (ns + 1) + (j)]
    for (size_t i = ng; i-- > 0;)
        for (size_t j = ns; j-- > 0;) {
            uint32_t v = same_form(g[gs + i].form, s[ss + j].form) ? 1 + L(i + 1, j + 1) : 0;
            if (L(i + 1, j) > v)
                v = L(i + 1, j);
            if (L(i, j + 1) > v)
                v = L(i, j + 1);
            L(i, j) = v;
        }
    uint64_t aligned = 0;
    size_t i = 0, j = 0;
    while (i < ng && j < ns) {
        if (same_form(g[gs + i].form, s[ss + j].form)) {
            aligned++;
            i++;
            j++;
        } else if (L(i, j) == L(i + 1, j)) {
            i++;
        } else {
            j++;
        }
    }
#undef L
    free(lcs);
    return aligned;
}

static uint64_t align_words(const Units *gu, const Units *su, int *nomem)
{
    const EvalWord *g = gu->words, *s = su->words;
    size_t ng = gu->n_words, ns = su->n_words, gi = 0, si = 0;
    uint64_t aligned = 0;
    while (gi < ng && si < ns) {
        if (g[gi].multi || s[si].multi) {
            uint32_t end;
            if (g[gi].multi) {
                end = g[gi].span.end;
                if (!s[si].multi && s[si].span.start < g[gi].span.start)
                    si++;
            } else {
                end = s[si].span.end;
                if (!g[gi].multi && g[gi].span.start < s[si].span.start)
                    gi++;
            }
            size_t gs = gi, ss = si;
            while (!beyond_end(g, ng, gi, end) || !beyond_end(s, ns, si, end)) {
                if (gi < ng && (si >= ns || g[gi].span.start <= s[si].span.start))
                    end = extend_end(&g[gi++], end);
                else
                    end = extend_end(&s[si++], end);
            }
            aligned += lcs_align(g, gs, gi, s, ss, si, nomem);
        } else if (g[gi].span.start == s[si].span.start && g[gi].span.end == s[si].span.end) {
            aligned++;
            gi++;
            si++;
        } else if (g[gi].span.start <= s[si].span.start) {
            gi++;
        } else {
            si++;
        }
    }
    return aligned;
}

static void add_counts(AvSegScore *sc, uint64_t gold, uint64_t sys, uint64_t correct)
{
    sc->gold += gold;
    sc->system += sys;
    sc->correct += correct;
}

static int compare(const AvDocument *gold, const AvDocument *sys, AvSegEval *acc, AvError *err)
{
    AvArena scratch;
    av_arena_init(&scratch, 64 * 1024);
    Units gu, su;
    int rc = collect_units(gold, &scratch, &gu, err);
    if (rc < 0) {
        av_arena_free(&scratch);
        return rc;
    }
    if ((rc = collect_units(sys, &scratch, &su, err)) < 0) {
        units_free(&gu);
        av_arena_free(&scratch);
        return rc;
    }
    int nomem = 0;
    add_counts(&acc->tokens, gu.n_tokens, su.n_tokens,
               matching_spans(gu.tokens, gu.n_tokens, su.tokens, su.n_tokens));
    add_counts(&acc->sentences, gu.n_sentences, su.n_sentences,
               matching_spans(gu.sentences, gu.n_sentences, su.sentences, su.n_sentences));
    add_counts(&acc->words, gu.n_words, su.n_words, align_words(&gu, &su, &nomem));
    acc->documents++;
    units_free(&gu);
    units_free(&su);
    av_arena_free(&scratch);
    return nomem ? av_error_set(err, AV_ERR_NOMEM, "out of memory") : AV_OK;
}

int av_eval_segment_doc(const AvDocument *gold, AvSegEval *acc, AvError *err)
{
    return av_eval_segment_doc_with(av_segmenter_builtin(), gold, acc, err);
}

int av_eval_segment_doc_with(const AvSegmenter *model, const AvDocument *gold, AvSegEval *acc,
                             AvError *err)
{
    if (!gold || !acc)
        return av_error_set(err, AV_ERR_ARG, "no document or accumulator");
    AvDocument *sys = av_doc_new();
    if (!sys)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    int rc = av_doc_set_text(sys, gold->text ? gold->text : "", gold->text_len, err);
    if (rc >= 0)
        rc = av_segment_with(model, sys, err);
    if (rc >= 0)
        rc = compare(gold, sys, acc, err);
    av_doc_free(sys);
    return rc;
}

static void finish_one(AvSegScore *sc)
{
    sc->precision = sc->system ? 100.0 * (double)sc->correct / (double)sc->system : 0.0;
    sc->recall = sc->gold ? 100.0 * (double)sc->correct / (double)sc->gold : 0.0;
    double sum = sc->precision + sc->recall;
    sc->f1 = sum > 0 ? 2.0 * sc->precision * sc->recall / sum : 0.0;
}

void av_eval_segment_finish(AvSegEval *acc)
{
    finish_one(&acc->tokens);
    finish_one(&acc->sentences);
    finish_one(&acc->words);
}
