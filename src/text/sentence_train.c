/*
 * sentence_train.c — training the sentence-boundary classifier.
 *
 * The training documents are gold CoNLL-U (their "# text" lines joined by
 * one space, as the reader rebuilds them).  Each document's raw text is
 * segmented by the rules; every surface token whose start is the start of
 * a gold sentence is labelled "a sentence starts here".  An averaged
 * perceptron is trained on the same features that av_segment's greedy
 * decoding computes; during training the distance and quotation features
 * follow the gold boundaries (this scored better on dev than following the
 * model's own decisions).  After each epoch the averaged weights are quantised into a
 * model image and scored on the dev documents (sentence F1 through
 * av_eval_segment_doc_with, i.e. exactly what eval-segment measures); the
 * best epoch is kept, then the decision threshold is tuned on dev.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../doc/doc.h"
#include "sentence_model.h"

#define HASH_BITS 18
#define DEFAULT_EPOCHS 12
#define PATIENCE 3

typedef struct TrainDoc {
    AvSentView view;
    uint8_t *gold;              /* gold[k]: a gold sentence starts at token k */
} TrainDoc;

typedef struct Corpus {
    TrainDoc *docs;
    size_t n, cap;
    AvDocument **dev;
    size_t n_dev, cap_dev;
} Corpus;

typedef struct Perceptron {
    float *w;                   /* current weights */
    double *u;                  /* sum of step * update, for averaging */
    float *avg;
    uint64_t step;
    uint32_t bits;
} Perceptron;

/* ---- reading ---- */

static void label_tokens(const AvDocument *gold, const AvSentView *v, uint8_t *labels)
{
    uint32_t s = 0;
    for (size_t k = 0; k < v->n; k++) {
        while (s < gold->n_sentences && gold->sentences[s].start < v->toks[k].start)
            s++;
        labels[k] = k == 0 || (s < gold->n_sentences && gold->sentences[s].start == v->toks[k].start);
    }
}

static int add_train_doc(Corpus *c, const AvDocument *gold, AvError *err)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        TrainDoc *d = realloc(c->docs, cap * sizeof *d);
        if (!d)
            return av_error_set(err, AV_ERR_NOMEM, "out of memory");
        c->docs = d;
        c->cap = cap;
    }
    AvDocument *sys = av_doc_new();
    if (!sys)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    TrainDoc *td = &c->docs[c->n];
    int rc = av_doc_set_text(sys, gold->text ? gold->text : "", gold->text_len, err);
    if (rc >= 0)
        rc = av_segment_with(NULL, sys, err);
    if (rc >= 0)
        rc = av_sent_view_build(sys, &td->view, err);
    av_doc_free(sys);
    if (rc < 0)
        return rc;
    td->gold = malloc(td->view.n ? td->view.n : 1);
    if (!td->gold) {
        av_sent_view_free(&td->view);
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    }
    label_tokens(gold, &td->view, td->gold);
    c->n++;
    return AV_OK;
}

static int keep_dev_doc(Corpus *c, AvDocument *gold, AvError *err)
{
    if (c->n_dev == c->cap_dev) {
        size_t cap = c->cap_dev ? c->cap_dev * 2 : 256;
        AvDocument **d = realloc(c->dev, cap * sizeof *d);
        if (!d)
            return av_error_set(err, AV_ERR_NOMEM, "out of memory");
        c->dev = d;
        c->cap_dev = cap;
    }
    c->dev[c->n_dev++] = gold;
    return AV_OK;
}

/* Reads every file of a comma-separated list into the training set or
 * (dev) the kept gold documents. */
static int read_files(Corpus *c, const char *list, bool dev, AvError *err)
{
    char *copy = strdup(list);
    if (!copy)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    int rc = AV_OK;
    char *save = NULL;
    for (char *path = strtok_r(copy, ",", &save); path && rc >= 0; path = strtok_r(NULL, ",", &save)) {
        AvReader *r = av_reader_open(path, AV_FORMAT_CONLLU, err);
        if (!r) {
            rc = err ? err->code : AV_ERR_IO;
            break;
        }
        AvDocument *doc;
        int got;
        while (rc >= 0 && (got = av_reader_next(r, &doc, err)) != 0) {
            if (got < 0 && got != AV_ERR_RECORD) {
                rc = got;
                break;
            }
            if (!doc)
                continue;
            if (dev) {
                if ((rc = keep_dev_doc(c, doc, err)) < 0)
                    av_doc_free(doc);
            } else {
                rc = add_train_doc(c, doc, err);
                av_doc_free(doc);
            }
        }
        av_reader_close(r);
    }
    free(copy);
    return rc;
}

static void corpus_free(Corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        av_sent_view_free(&c->docs[i].view);
        free(c->docs[i].gold);
    }
    free(c->docs);
    for (size_t i = 0; i < c->n_dev; i++)
        av_doc_free(c->dev[i]);
    free(c->dev);
}

/* ---- the perceptron ---- */

static int perceptron_init(Perceptron *p, uint32_t bits, AvError *err)
{
    size_t n = (size_t)1 << bits;
    p->bits = bits;
    p->step = 1;
    p->w = calloc(n, sizeof *p->w);
    p->u = calloc(n, sizeof *p->u);
    p->avg = calloc(n, sizeof *p->avg);
    if (!p->w || !p->u || !p->avg)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    return AV_OK;
}

static void perceptron_free(Perceptron *p)
{
    free(p->w);
    free(p->u);
    free(p->avg);
}

static void perceptron_average(Perceptron *p)
{
    size_t n = (size_t)1 << p->bits;
    for (size_t i = 0; i < n; i++)
        p->avg[i] = (float)(p->w[i] - p->u[i] / (double)p->step);
}

/* One pass over a document; returns the number of mistakes. */
static size_t train_doc(Perceptron *p, const TrainDoc *d)
{
    AvSentState st;
    av_sent_state_init(&st);
    uint32_t f[AV_SENT_MAX_FEATURES];
    size_t mistakes = 0;
    for (size_t k = 0; k < d->view.n; k++) {
        bool b = k == 0;
        if (k > 0 && !av_sent_fixed(&d->view, k, &st, &b)) {
            size_t nf = av_sent_features(&d->view, k, &st, p->bits, f);
            float score = 0;
            for (size_t i = 0; i < nf; i++)
                score += p->w[f[i]];
            b = score > 0;
            if (b != (d->gold[k] != 0)) {
                float y = d->gold[k] ? 1.0f : -1.0f;
                for (size_t i = 0; i < nf; i++) {
                    p->w[f[i]] += y;
                    p->u[f[i]] += (double)p->step * y;
                }
                mistakes++;
            }
            p->step++;
            /* the state follows the gold history (chosen on dev over the
             * model's own decisions) */
            b = d->gold[k] != 0;
        }
        av_sent_state_step(&d->view, k, b, &st);
    }
    return mistakes;
}

static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void shuffle(size_t *order, size_t n, uint64_t *seed)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(next_random(seed) % i);
        size_t t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
}

/* ---- model selection ---- */

static int dev_f1(const Corpus *c, const unsigned char *img, size_t size, double *f1, AvError *err)
{
    AvSegmenter m = {img, size, NULL};
    AvSegEval e;
    memset(&e, 0, sizeof e);
    for (size_t i = 0; i < c->n_dev; i++) {
        int rc = av_eval_segment_doc_with(&m, c->dev[i], &e, err);
        if (rc < 0)
            return rc;
    }
    av_eval_segment_finish(&e);
    *f1 = e.sentences.f1;
    return AV_OK;
}

static void set_threshold(unsigned char *img, int32_t t)
{
    uint32_t v = (uint32_t)t;
    for (int i = 0; i < 4; i++)
        img[24 + i] = (unsigned char)(v >> (8 * i));
}

/* Tries thresholds around 0 (in weight units) on dev; keeps the best. */
static int tune_threshold(const Corpus *c, unsigned char *img, size_t size, double *best,
                          int verbose, AvError *err)
{
    static const float candidates[] = {-3, -2, -1.5f, -1, -0.5f, 0.5f, 1, 1.5f, 2, 3};
    AvSentWeights w;
    int rc = av_sent_model_check(img, size, false, &w, err);
    int32_t best_t = 0;
    for (size_t i = 0; rc >= 0 && i < sizeof candidates / sizeof candidates[0]; i++) {
        int32_t t = (int32_t)(candidates[i] * w.scale);
        set_threshold(img, t);
        double f1;
        if ((rc = dev_f1(c, img, size, &f1, err)) < 0)
            break;
        if (verbose)
            fprintf(stderr, "  threshold %+.1f: dev sentence F1 %.2f\n", candidates[i], f1);
        if (f1 > *best + 1e-9) {
            *best = f1;
            best_t = t;
        }
    }
    set_threshold(img, best_t);
    return rc;
}

static int write_file(const char *path, const unsigned char *img, size_t size, AvError *err)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return av_error_set(err, AV_ERR_IO, "cannot write %s", path);
    bool ok = fwrite(img, 1, size, f) == size;
    if (fclose(f) != 0 || !ok)
        return av_error_set(err, AV_ERR_IO, "cannot write %s", path);
    return AV_OK;
}

typedef struct Best {
    unsigned char *img;
    size_t size;
    double f1;
    int epoch;
} Best;

static int run_epochs(const AvSegTrainOptions *o, Corpus *c, Perceptron *p, Best *best,
                      AvError *err)
{
    size_t *order = malloc((c->n ? c->n : 1) * sizeof *order);
    if (!order)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < c->n; i++)
        order[i] = i;
    uint64_t seed = o->seed ? o->seed : 1;
    int epochs = o->epochs > 0 ? o->epochs : DEFAULT_EPOCHS, rc = AV_OK;
    for (int ep = 1; ep <= epochs && ep - best->epoch <= PATIENCE; ep++) {
        shuffle(order, c->n, &seed);
        size_t mistakes = 0;
        for (size_t i = 0; i < c->n; i++)
            mistakes += train_doc(p, &c->docs[order[i]]);
        perceptron_average(p);
        unsigned char *img;
        size_t size;
        double f1;
        if ((rc = av_sent_model_build(p->avg, p->bits, 0, &img, &size, err)) < 0)
            break;
        if ((rc = dev_f1(c, img, size, &f1, err)) < 0) {
            free(img);
            break;
        }
        if (o->verbose)
            fprintf(stderr, "epoch %d: %zu training mistakes, dev sentence F1 %.2f\n", ep, mistakes,
                    f1);
        if (f1 > best->f1) {
            free(best->img);
            *best = (Best){img, size, f1, ep};
        } else {
            free(img);
        }
    }
    free(order);
    return rc;
}

int av_train_segmenter(const AvSegTrainOptions *o, AvError *err)
{
    if (!o || !o->train || !o->dev || !o->out)
        return av_error_set(err, AV_ERR_ARG, "train, dev and output files are needed");
    if (o->hash_bits && (o->hash_bits < 12 || o->hash_bits > 24))
        return av_error_set(err, AV_ERR_ARG, "hash bits must be between 12 and 24");
    Corpus c = {0};
    Perceptron p = {0};
    Best best = {NULL, 0, -1, 0};
    int rc = read_files(&c, o->train, false, err);
    if (rc >= 0)
        rc = read_files(&c, o->dev, true, err);
    if (rc >= 0 && (c.n == 0 || c.n_dev == 0))
        rc = av_error_set(err, AV_ERR_ARG, "no documents in the training or dev files");
    if (rc >= 0 && o->verbose)
        fprintf(stderr, "%zu training documents, %zu dev documents\n", c.n, c.n_dev);
    if (rc >= 0)
        rc = perceptron_init(&p, o->hash_bits ? o->hash_bits : HASH_BITS, err);
    if (rc >= 0)
        rc = run_epochs(o, &c, &p, &best, err);
    if (rc >= 0 && o->verbose)
        fprintf(stderr, "best epoch %d: dev sentence F1 %.2f\n", best.epoch, best.f1);
    if (rc >= 0)
        rc = tune_threshold(&c, best.img, best.size, &best.f1, o->verbose, err);
    if (rc >= 0 && o->verbose)
        fprintf(stderr, "final dev sentence F1 %.2f\n", best.f1);
    if (rc >= 0)
        rc = write_file(o->out, best.img, best.size, err);
    free(best.img);
    perceptron_free(&p);
    corpus_free(&c);
    return rc;
}
