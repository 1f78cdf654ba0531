/*
 * eval.c — tagging/parsing evaluation with the CoNLL 2018 shared-task
 * definitions: words are aligned by character span (raw text) or by
 * position (gold tokenisation); LAS compares the universal part of the
 * relation (a second figure keeps subtypes); scores on raw text are F1.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "nlp.h"

AvDocument *nlp_doc_strip(const AvDocument *gold)
{
    AvDocument *d = av_doc_new();
    AvError err;
    if (!d || av_doc_set_text(d, gold->text, gold->text_len, &err)) {
        av_doc_free(d);
        return NULL;
    }
    d->id = av_doc_strdup(d, gold->id);
    d->n_sentences = gold->n_sentences;
    d->sentences = av_arena_alloc(&d->arena, (gold->n_sentences + 1) * sizeof(AvSentence));
    if (!d->sentences) {
        av_doc_free(d);
        return NULL;
    }
    for (uint32_t s = 0; s < gold->n_sentences; s++) {
        const AvSentence *gs = &gold->sentences[s];
        AvSentence *ds = &d->sentences[s];
        *ds = *gs;
        ds->tokens = av_arena_alloc(&d->arena, (gs->n_tokens + 1) * sizeof(AvToken));
        if (!ds->tokens) {
            av_doc_free(d);
            return NULL;
        }
        for (uint32_t i = 0; i < gs->n_tokens; i++) {
            const AvToken *g = &gs->tokens[i];
            AvToken *t = &ds->tokens[i];
            t->start = g->start;
            t->end = g->end;
            t->surface = g->surface;
            t->form = g->form;     /* gold doc outlives the copy during evaluation */
            t->space_after = g->space_after;
            t->head = -1;
        }
    }
    return d;
}

static int same(const char *a, const char *b)
{
    if (!a || !strcmp(a, "_"))
        a = "";
    if (!b || !strcmp(b, "_"))
        b = "";
    return !strcmp(a, b);
}

/* Same universal relation: "nsubj:pass" and "nsubj" agree. */
static int same_universal(const char *a, const char *b)
{
    a = a ? a : "";
    b = b ? b : "";
    size_t la = strcspn(a, ":"), lb = strcspn(b, ":");
    return la == lb && !memcmp(a, b, la);
}

typedef struct Tally {
    size_t gold, sys, aligned, upos, xpos, ufeats, lemma, alltags, uas, las, las_sub;
} Tally;

static void tally_word(Tally *t, const AvToken *g, const AvToken *s, int heads_agree)
{
    t->aligned++;
    t->upos += same(g->upos, s->upos);
    t->xpos += same(g->xpos, s->xpos);
    t->ufeats += same(g->feats, s->feats);
    t->lemma += same(g->lemma, s->lemma);
    t->alltags += same(g->upos, s->upos) && same(g->xpos, s->xpos) && same(g->feats, s->feats);
    if (heads_agree) {
        t->uas++;
        t->las += same_universal(g->deprel, s->deprel);
        t->las_sub += same(g->deprel, s->deprel);
    }
}

void nlp_count_same_tokens(const AvDocument *gold, const AvDocument *sys, NlpCounts *c)
{
    for (uint32_t s = 0; s < gold->n_sentences && s < sys->n_sentences; s++) {
        const AvSentence *gs = &gold->sentences[s], *ss = &sys->sentences[s];
        for (uint32_t i = 0; i < gs->n_tokens && i < ss->n_tokens; i++) {
            const AvToken *g = &gs->tokens[i], *t = &ss->tokens[i];
            c->words++;
            c->upos += same(g->upos, t->upos);
            c->xpos += same(g->xpos, t->xpos);
            c->ufeats += same(g->feats, t->feats);
            c->lemma += same(g->lemma, t->lemma);
            c->alltags += same(g->upos, t->upos) && same(g->xpos, t->xpos);
            if (g->head == t->head) {
                c->uas++;
                c->las += same_universal(g->deprel, t->deprel);
            }
        }
    }
}

static double pct(size_t a, size_t b)
{
    return b ? 100.0 * (double)a / (double)b : 0.0;
}

static double f1(size_t correct, size_t gold, size_t sys)
{
    return gold + sys ? 200.0 * (double)correct / (double)(gold + sys) : 0.0;
}

/* CPU time of this thread: throughput on one core, whatever else runs. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Gold UPOS/XPOS over the tagger's (the lemma and features stay the
 * tagger's), to score the parser alone. */
static void copy_gold_tags(AvDocument *sys, const AvDocument *gold)
{
    for (uint32_t s = 0; s < sys->n_sentences && s < gold->n_sentences; s++)
        for (uint32_t w = 0; w < sys->sentences[s].n_tokens && w < gold->sentences[s].n_tokens; w++) {
            sys->sentences[s].tokens[w].upos = gold->sentences[s].tokens[w].upos;
            sys->sentences[s].tokens[w].xpos = gold->sentences[s].tokens[w].xpos;
        }
}

static int run_pipeline(const AvModel *m, AvDocument *d, const AvDocument *gold_tags,
                        double *seconds, AvError *err)
{
    double t0 = now();
    int rc = av_tag(m, d, err);
    if (!rc && gold_tags)
        copy_gold_tags(d, gold_tags);
    if (!rc && m->has_parser)
        rc = av_parse(m, d, err);
    *seconds += now() - t0;
    return rc;
}

int nlp_eval_docs(const AvModel *m, AvDocument *const *docs, size_t n, int gold_tags, AvParseScores *out,
                  AvError *err)
{
    Tally t = {0};
    double secs = 0;
    size_t sents = 0;
    for (size_t i = 0; i < n; i++) {
        AvDocument *sys = nlp_doc_strip(docs[i]);
        if (!sys)
            return av_error_set(err, AV_ERR_NOMEM, "out of memory");
        int rc = run_pipeline(m, sys, gold_tags ? docs[i] : NULL, &secs, err);
        if (rc) {
            av_doc_free(sys);
            return rc;
        }
        for (uint32_t s = 0; s < sys->n_sentences; s++) {
            const AvSentence *gs = &docs[i]->sentences[s], *ss = &sys->sentences[s];
            sents++;
            for (uint32_t w = 0; w < gs->n_tokens; w++)
                tally_word(&t, &gs->tokens[w], &ss->tokens[w],
                           gs->tokens[w].head == ss->tokens[w].head);
            t.gold += gs->n_tokens;
        }
        av_doc_free(sys);
    }
    memset(out, 0, sizeof *out);
    out->tokens = out->words = out->sentences = 100.0;
    out->upos = pct(t.upos, t.gold);
    out->xpos = pct(t.xpos, t.gold);
    out->ufeats = pct(t.ufeats, t.gold);
    out->lemma = pct(t.lemma, t.gold);
    out->uas = pct(t.uas, t.gold);
    out->las = pct(t.las, t.gold);
    out->las_subtypes = pct(t.las_sub, t.gold);
    out->gold_words = out->system_words = t.gold;
    out->n_sentences = sents;
    out->seconds = secs;
    return AV_OK;
}

/* ---- raw text: align by character span ---- */

typedef struct Span {
    uint32_t start, end;
    const AvToken *tok;
    long head;           /* global index of the head word, -1 = root */
    long align;          /* index into the other side, -1 = none */
} Span;

static Span *word_spans(const AvDocument *d, size_t *n_out)
{
    size_t n = 0;
    for (uint32_t s = 0; s < d->n_sentences; s++)
        n += d->sentences[s].n_tokens;
    Span *v = calloc(n + 1, sizeof *v);
    if (!v)
        return NULL;
    size_t k = 0;
    for (uint32_t s = 0; s < d->n_sentences; s++) {
        const AvSentence *st = &d->sentences[s];
        size_t base = k;
        for (uint32_t i = 0; i < st->n_tokens; i++, k++) {
            v[k].start = st->tokens[i].start;
            v[k].end = st->tokens[i].end;
            v[k].tok = &st->tokens[i];
            v[k].head = st->tokens[i].head > 0 ? (long)(base + st->tokens[i].head - 1) : -1;
            v[k].align = -1;
        }
    }
    *n_out = n;
    return v;
}

static int span_before(const Span *a, const Span *b)
{
    return a->start < b->start || (a->start == b->start && a->end < b->end);
}

static void align_spans(Span *g, size_t ng, Span *s, size_t ns)
{
    size_t i = 0, j = 0;
    while (i < ng && j < ns) {
        if (g[i].start == s[j].start && g[i].end == s[j].end) {
            g[i].align = (long)j;
            s[j].align = (long)i;
            i++;
            j++;
        } else if (span_before(&g[i], &s[j])) {
            i++;
        } else {
            j++;
        }
    }
}

/* Counts surface tokens (by span) and sentences (by span) that match. */
static void count_units(const AvDocument *g, const AvDocument *s, size_t c[6])
{
    /* c: gold tokens, sys tokens, matched tokens, gold sents, sys sents, matched sents */
    size_t j = 0;
    for (uint32_t a = 0; a < g->n_sentences; a++) {
        c[3]++;
        while (j < s->n_sentences && s->sentences[j].start < g->sentences[a].start)
            j++;
        if (j < s->n_sentences && s->sentences[j].start == g->sentences[a].start &&
            s->sentences[j].end == g->sentences[a].end)
            c[5]++;
    }
    c[4] += s->n_sentences;
    const AvDocument *side[2] = {g, s};
    uint64_t *spans[2] = {NULL, NULL};
    size_t cnt[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        size_t n = 0;
        for (uint32_t a = 0; a < side[k]->n_sentences; a++)
            n += side[k]->sentences[a].n_tokens;
        spans[k] = calloc(n + 1, sizeof(uint64_t));
        if (!spans[k])
            break;
        for (uint32_t a = 0; a < side[k]->n_sentences; a++) {
            const AvSentence *st = &side[k]->sentences[a];
            for (uint32_t i = 0; i < st->n_tokens; i++) {
                uint32_t e = st->tokens[i].end;
                while (i + 1 < st->n_tokens && st->tokens[i + 1].surface == st->tokens[i].surface)
                    e = st->tokens[++i].end > e ? st->tokens[i].end : e;
                uint32_t b = st->tokens[i].start;
                for (uint32_t q = i; q > 0 && st->tokens[q - 1].surface == st->tokens[i].surface; q--)
                    b = st->tokens[q - 1].start < b ? st->tokens[q - 1].start : b;
                spans[k][cnt[k]++] = (uint64_t)b << 32 | e;
            }
        }
    }
    if (spans[0] && spans[1]) {
        size_t i = 0, jj = 0;
        while (i < cnt[0] && jj < cnt[1]) {
            if (spans[0][i] == spans[1][jj]) {
                c[2]++;
                i++;
                jj++;
            } else if (spans[0][i] < spans[1][jj]) {
                i++;
            } else {
                jj++;
            }
        }
    }
    c[0] += cnt[0];
    c[1] += cnt[1];
    free(spans[0]);
    free(spans[1]);
}

static int eval_raw_doc(const AvModel *m, const AvDocument *gold, Tally *t, size_t units[6],
                        double *secs, AvError *err)
{
    AvDocument *sys = av_doc_new();
    if (!sys)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    int rc = av_doc_set_text(sys, gold->text, gold->text_len, err);
    if (!rc)
        rc = av_segment(sys, err);
    if (!rc)
        rc = run_pipeline(m, sys, NULL, secs, err);
    size_t ng = 0, ns = 0;
    Span *g = rc ? NULL : word_spans(gold, &ng), *s = rc ? NULL : word_spans(sys, &ns);
    if (!rc && (!g || !s))
        rc = av_error_set(err, AV_ERR_NOMEM, "out of memory");
    if (!rc) {
        align_spans(g, ng, s, ns);
        t->gold += ng;
        t->sys += ns;
        for (size_t i = 0; i < ng; i++) {
            if (g[i].align < 0)
                continue;
            const Span *x = &s[g[i].align];
            int heads = (g[i].head < 0 && x->head < 0) ||
                        (g[i].head >= 0 && x->head >= 0 && g[g[i].head].align == x->head);
            tally_word(t, g[i].tok, x->tok, heads);
        }
        count_units(gold, sys, units);
    }
    free(g);
    free(s);
    av_doc_free(sys);
    return rc;
}

int av_eval_parse(const AvModel *m, const char *gold_path, int mode, AvParseScores *out,
                  AvError *err)
{
    int raw = mode == AV_EVAL_RAW;
    AvReader *r = av_reader_open(gold_path, AV_FORMAT_CONLLU, err);
    if (!r)
        return err ? err->code : AV_ERR_IO;
    NlpCorpus c = {0};
    AvDocument *doc;
    int rc;
    while ((rc = av_reader_next(r, &doc, err)) > 0 || rc == AV_ERR_RECORD) {
        if (!doc)
            continue;
        if (c.n_docs == c.cap) {
            size_t cap = c.cap ? c.cap * 2 : 64;
            AvDocument **d = realloc(c.docs, cap * sizeof *d);
            if (!d) {
                av_doc_free(doc);
                rc = av_error_set(err, AV_ERR_NOMEM, "out of memory");
                break;
            }
            c.docs = d;
            c.cap = cap;
        }
        c.docs[c.n_docs++] = doc;
    }
    av_reader_close(r);
    if (rc == 0 && !raw)
        rc = nlp_eval_docs(m, c.docs, c.n_docs, mode == AV_EVAL_GOLD_TAGS, out, err);
    else if (rc == 0) {
        Tally t = {0};
        size_t units[6] = {0};
        double secs = 0;
        for (size_t i = 0; i < c.n_docs && !rc; i++)
            rc = eval_raw_doc(m, c.docs[i], &t, units, &secs, err);
        memset(out, 0, sizeof *out);
        out->tokens = f1(units[2], units[0], units[1]);
        out->sentences = f1(units[5], units[3], units[4]);
        out->words = f1(t.aligned, t.gold, t.sys);
        out->upos = f1(t.upos, t.gold, t.sys);
        out->xpos = f1(t.xpos, t.gold, t.sys);
        out->ufeats = f1(t.ufeats, t.gold, t.sys);
        out->lemma = f1(t.lemma, t.gold, t.sys);
        out->uas = f1(t.uas, t.gold, t.sys);
        out->las = f1(t.las, t.gold, t.sys);
        out->las_subtypes = f1(t.las_sub, t.gold, t.sys);
        out->gold_words = t.gold;
        out->system_words = t.sys;
        out->n_sentences = units[3];
        out->seconds = secs;
    }
    nlp_corpus_free(&c);
    return rc < 0 ? rc : AV_OK;
}
