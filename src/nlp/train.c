/*
 * train.c — training the tagger (with its lemma and feature tables) and the
 * parser, with early stopping on the development files, and writing the
 * model file.  Deterministic for a given seed.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "nlp.h"

/* ---- small training-only helpers ---- */

static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A vote: for each key, the value seen most often (values are strings that
 * live as long as the corpus). */
typedef struct VoteEntry {
    uint64_t key;
    const void *ctx;         /* what the first vote for the key came with */
    const char *best;
    uint32_t best_count, total;
} VoteEntry;

typedef struct Votes {
    uint64_t *pair_keys;     /* (key, value) -> count */
    uint32_t *pair_counts;
    size_t pair_slots, n_pairs;
    uint64_t *keys;          /* key -> entry */
    uint32_t *entry;
    size_t slots, n;
    VoteEntry *entries;
} Votes;

static size_t probe(const uint64_t *keys, size_t slots, uint64_t k)
{
    size_t i = k & (slots - 1);
    while (keys[i] && keys[i] != k)
        i = (i + 1) & (slots - 1);
    return i;
}

static int votes_grow(uint64_t **keys, uint32_t **vals, size_t *slots)
{
    size_t ns = *slots ? *slots * 2 : 1024;
    uint64_t *nk = calloc(ns, sizeof *nk);
    uint32_t *nv = calloc(ns, sizeof *nv);
    if (!nk || !nv) {
        free(nk);
        free(nv);
        return AV_ERR_NOMEM;
    }
    for (size_t i = 0; i < *slots; i++)
        if ((*keys)[i]) {
            size_t j = probe(nk, ns, (*keys)[i]);
            nk[j] = (*keys)[i];
            nv[j] = (*vals)[i];
        }
    free(*keys);
    free(*vals);
    *keys = nk;
    *vals = nv;
    *slots = ns;
    return AV_OK;
}

static int votes_add_ctx(Votes *v, uint64_t key, const char *value, const void *ctx)
{
    key |= 1;
    uint64_t pk = nlp_mix(key, nlp_hash_str(value)) | 1;
    if ((v->n_pairs + 1) * 2 > v->pair_slots &&
        votes_grow(&v->pair_keys, &v->pair_counts, &v->pair_slots))
        return AV_ERR_NOMEM;
    size_t i = probe(v->pair_keys, v->pair_slots, pk);
    if (!v->pair_keys[i]) {
        v->pair_keys[i] = pk;
        v->n_pairs++;
    }
    uint32_t c = ++v->pair_counts[i];
    if ((v->n + 1) * 2 > v->slots && votes_grow(&v->keys, &v->entry, &v->slots))
        return AV_ERR_NOMEM;
    size_t j = probe(v->keys, v->slots, key);
    if (!v->keys[j]) {
        VoteEntry *e = realloc(v->entries, (v->n + 1) * sizeof *e);
        if (!e)
            return AV_ERR_NOMEM;
        v->entries = e;
        v->keys[j] = key;
        v->entry[j] = (uint32_t)v->n;
        v->entries[v->n++] = (VoteEntry){key, ctx, value, 0, 0};
    }
    VoteEntry *e = &v->entries[v->entry[j]];
    e->total++;
    if (c > e->best_count) {
        e->best_count = c;
        e->best = value;
    }
    return AV_OK;
}

static int votes_add(Votes *v, uint64_t key, const char *value)
{
    return votes_add_ctx(v, key, value, NULL);
}

static void votes_free(Votes *v)
{
    free(v->pair_keys);
    free(v->pair_counts);
    free(v->keys);
    free(v->entry);
    free(v->entries);
    memset(v, 0, sizeof *v);
}

/* Interned strings: the model's string pool. */
typedef struct Pool {
    NlpBuf buf;
    Votes index;             /* hash(string) -> offset via best_count */
} Pool;

static int pool_add(Pool *p, const char *s, uint32_t *off)
{
    s = s ? s : "";
    uint64_t k = nlp_hash_str(s) | 1;
    if (p->index.slots) {
        size_t j = probe(p->index.keys, p->index.slots, k);
        if (p->index.keys[j]) {
            *off = p->index.entries[p->index.entry[j]].best_count;
            return AV_OK;
        }
    }
    if (p->buf.len == 0 && nlp_buf_put(&p->buf, "", 1))
        return AV_ERR_NOMEM;
    *off = (uint32_t)p->buf.len;
    if (nlp_buf_put(&p->buf, s, strlen(s) + 1) || votes_add(&p->index, k, s))
        return AV_ERR_NOMEM;
    size_t j = probe(p->index.keys, p->index.slots, k);
    p->index.entries[p->index.entry[j]].best_count = *off;
    return AV_OK;
}

/* ---- corpus ---- */

int nlp_corpus_read(NlpCorpus *c, const char *paths, AvError *err)
{
    char *list = strdup(paths ? paths : ""), *save = NULL;
    if (!list)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    int rc = AV_OK;
    for (char *p = strtok_r(list, ",", &save); p && !rc; p = strtok_r(NULL, ",", &save)) {
        AvReader *r = av_reader_open(p, AV_FORMAT_CONLLU, err);
        if (!r) {
            rc = err ? err->code : AV_ERR_IO;
            break;
        }
        AvDocument *doc;
        int k;
        while ((k = av_reader_next(r, &doc, err)) > 0 || k == AV_ERR_RECORD) {
            if (!doc)
                continue;
            if (c->n_docs == c->cap) {
                size_t cap = c->cap ? c->cap * 2 : 256;
                AvDocument **d = realloc(c->docs, cap * sizeof *d);
                if (!d) {
                    av_doc_free(doc);
                    k = av_error_set(err, AV_ERR_NOMEM, "out of memory");
                    break;
                }
                c->docs = d;
                c->cap = cap;
            }
            c->docs[c->n_docs++] = doc;
            c->n_sents += doc->n_sentences;
            for (uint32_t s = 0; s < doc->n_sentences; s++)
                c->n_words += doc->sentences[s].n_tokens;
        }
        if (k < 0)
            rc = k;
        av_reader_close(r);
    }
    free(list);
    return rc;
}

void nlp_corpus_free(NlpCorpus *c)
{
    for (size_t i = 0; i < c->n_docs; i++)
        av_doc_free(c->docs[i]);
    free(c->docs);
    memset(c, 0, sizeof *c);
}

/* Fisher-Yates over an array of pointers (elem bytes each). */
static void shuffle(void *base, size_t n, size_t elem, uint64_t *rng)
{
    unsigned char *v = base, tmp[16];
    for (size_t i = n; i > 1; i--) {
        size_t j = rng_next(rng) % i;
        memcpy(tmp, v + (i - 1) * elem, elem);
        memcpy(v + (i - 1) * elem, v + j * elem, elem);
        memcpy(v + j * elem, tmp, elem);
    }
}

/* ---- tagger ---- */

#define MAX_TAGS 1024

typedef struct TagSet {
    char *names[MAX_TAGS];   /* "UPOS\tXPOS" */
    const char *upos[MAX_TAGS], *xpos[MAX_TAGS];
    uint32_t n;
    Votes index;             /* hash -> id in best_count */
} TagSet;

static uint64_t tag_key(const char *upos, const char *xpos)
{
    return nlp_mix(nlp_hash_str(upos ? upos : "_"), nlp_hash_str(xpos ? xpos : "_")) | 1;
}

static uint32_t tag_find(const TagSet *ts, const AvToken *t)
{
    if (!ts->index.slots)
        return NLP_MISSING;
    uint64_t k = tag_key(t->upos, t->xpos);
    size_t j = probe(ts->index.keys, ts->index.slots, k);
    return ts->index.keys[j] ? ts->index.entries[ts->index.entry[j]].best_count : NLP_MISSING;
}

static int tag_add(TagSet *ts, const AvToken *t)
{
    if (tag_find(ts, t) != NLP_MISSING || ts->n >= MAX_TAGS)
        return AV_OK;
    uint64_t k = tag_key(t->upos, t->xpos);
    if (votes_add(&ts->index, k, t->upos))
        return AV_ERR_NOMEM;
    size_t j = probe(ts->index.keys, ts->index.slots, k);
    ts->index.entries[ts->index.entry[j]].best_count = ts->n;
    ts->upos[ts->n] = t->upos ? t->upos : "_";
    ts->xpos[ts->n] = t->xpos ? t->xpos : "_";
    ts->n++;
    return AV_OK;
}

typedef struct TaggerBuild {
    TagSet tags;
    Votes lemmas, feats, tagfeats;
    NlpBuf sec[SEC_MAX];
    Pool pool;
} TaggerBuild;

static uint64_t tagfeats_key(uint32_t tag)
{
    return nlp_f1(0xFEA75, tag) | 1;
}

static int collect_tables(TaggerBuild *b, const NlpCorpus *c)
{
    char low[128];
    for (size_t d = 0; d < c->n_docs; d++)
        for (uint32_t s = 0; s < c->docs[d]->n_sentences; s++) {
            AvSentence *st = &c->docs[d]->sentences[s];
            for (uint32_t i = 0; i < st->n_tokens; i++) {
                AvToken *t = &st->tokens[i];
                if (tag_add(&b->tags, t))
                    return AV_ERR_NOMEM;
                uint32_t tag = tag_find(&b->tags, t);
                nlp_lower(t->form ? t->form : "", low, sizeof low);
                if (votes_add_ctx(&b->lemmas, nlp_lemma_key(low, t->xpos),
                                  t->lemma ? t->lemma : "_", t) ||
                    votes_add_ctx(&b->feats, nlp_feats_key(low, tag), t->feats ? t->feats : "",
                                  t) ||
                    votes_add(&b->tagfeats, tagfeats_key(tag), t->feats ? t->feats : ""))
                    return AV_ERR_NOMEM;
            }
        }
    return AV_OK;
}

/* Tag dictionary: forms seen >= 20 times with one joint tag >= 99% of the
 * time skip the classifier (faster, and as accurate). */
static int build_tagdict(TaggerBuild *b, const NlpCorpus *c)
{
    /* votes keyed by form whose values are tag ids written as strings */
    Votes v = {0};
    char (*names)[12] = calloc(MAX_TAGS, 12);
    if (!names)
        return AV_ERR_NOMEM;
    for (uint32_t t = 0; t < b->tags.n; t++)
        snprintf(names[t], 12, "%u", t);
    int rc = AV_OK;
    for (size_t d = 0; d < c->n_docs && !rc; d++)
        for (uint32_t s = 0; s < c->docs[d]->n_sentences && !rc; s++) {
            AvSentence *st = &c->docs[d]->sentences[s];
            for (uint32_t i = 0; i < st->n_tokens && !rc; i++)
                rc = votes_add(&v, nlp_hash_str(st->tokens[i].form),
                               names[tag_find(&b->tags, &st->tokens[i])]);
        }
    uint64_t *keys = malloc((v.n + 1) * sizeof *keys);
    uint32_t *vals = malloc((v.n + 1) * sizeof *vals);
    size_t n = 0;
    if (!rc && keys && vals) {
        for (size_t i = 0; i < v.n; i++) {
            VoteEntry *e = &v.entries[i];
            if (e->total >= 20 && e->best_count >= 0.99 * e->total) {
                keys[n] = e->key;
                vals[n++] = (uint32_t)atoi(e->best);
            }
        }
        rc = nlp_map_write(&b->sec[SEC_TAGDICT], keys, vals, n);
    } else if (!rc) {
        rc = AV_ERR_NOMEM;
    }
    free(keys);
    free(vals);
    free(names);
    votes_free(&v);
    return rc;
}

static const char *tag_default_feats(const TaggerBuild *b, uint32_t tag)
{
    uint64_t k = tagfeats_key(tag);
    if (!b->tagfeats.slots)
        return "";
    size_t j = probe(b->tagfeats.keys, b->tagfeats.slots, k);
    return b->tagfeats.keys[j] ? b->tagfeats.entries[b->tagfeats.entry[j]].best : "";
}

/* Lemma entries where the rules get it wrong; feats entries that differ
 * from the tag's most frequent FEATS.  The rest comes from rules/defaults. */
static int build_string_tables(TaggerBuild *b)
{
    size_t cap = b->lemmas.n + b->feats.n + 1;
    uint64_t *keys = malloc(cap * sizeof *keys);
    uint32_t *vals = malloc(cap * sizeof *vals);
    int rc = keys && vals ? AV_OK : AV_ERR_NOMEM;
    size_t n = 0;
    char buf[256];
    for (size_t i = 0; i < b->lemmas.n && !rc; i++) {
        VoteEntry *e = &b->lemmas.entries[i];
        const AvToken *t = e->ctx;
        if (!strcmp(nlp_lemma_rule(t->form ? t->form : "", t->xpos, buf, sizeof buf), e->best))
            continue;
        keys[n] = e->key;
        rc = pool_add(&b->pool, e->best, &vals[n]);
        n++;
    }
    if (!rc)
        rc = nlp_map_write(&b->sec[SEC_LEMMAS], keys, vals, n);
    n = 0;
    for (size_t i = 0; i < b->feats.n && !rc; i++) {
        VoteEntry *e = &b->feats.entries[i];
        const AvToken *t = e->ctx;
        TagSet *ts = &b->tags;
        if (!strcmp(tag_default_feats(b, tag_find(ts, t)), e->best))
            continue;
        keys[n] = e->key;
        rc = pool_add(&b->pool, e->best, &vals[n]);
        n++;
    }
    if (!rc)
        rc = nlp_map_write(&b->sec[SEC_FEATS], keys, vals, n);
    free(keys);
    free(vals);
    return rc;
}

static int build_tag_section(TaggerBuild *b)
{
    uint32_t n = b->tags.n;
    int rc = nlp_buf_put(&b->sec[SEC_TAGS], &n, 4);
    for (uint32_t t = 0; t < n && !rc; t++) {
        uint32_t off[3];
        if ((rc = pool_add(&b->pool, b->tags.upos[t], &off[0])) ||
            (rc = pool_add(&b->pool, b->tags.xpos[t], &off[1])) ||
            (rc = pool_add(&b->pool, tag_default_feats(b, t), &off[2])))
            break;
        rc = nlp_buf_put(&b->sec[SEC_TAGS], off, sizeof off);
    }
    return rc;
}

/* Opens the sections as a model to evaluate with the real inference code. */
static int open_sections(NlpBuf sec[SEC_MAX], NlpBuf *img, AvModel *m, AvError *err)
{
    memset(m, 0, sizeof *m);
    if (nlp_model_image(sec, img))
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    return nlp_model_open_image(m, img->data, img->len, err);
}

static double tag_accuracy(const AvModel *m, const NlpCorpus *dev, const TagSet *ts)
{
    size_t right = 0, total = 0;
    uint32_t tags[1024];
    for (size_t d = 0; d < dev->n_docs; d++)
        for (uint32_t s = 0; s < dev->docs[d]->n_sentences; s++) {
            AvSentence *st = &dev->docs[d]->sentences[s];
            if (st->n_tokens > 1024)
                continue;
            nlp_tag_sentence(m, st->tokens, st->n_tokens, tags);
            for (uint32_t i = 0; i < st->n_tokens; i++)
                right += tags[i] == tag_find(ts, &st->tokens[i]);
            total += st->n_tokens;
        }
    return total ? 100.0 * (double)right / (double)total : 0;
}

/* A training sentence of the tagger, with the first pass's tags (classes of
 * the build's TagSet) when the second pass is trained. */
typedef struct TagItem {
    AvSentence *s;
    uint32_t *first;
} TagItem;

/* Taggers that tag training data they never saw: one per fold (document d
 * gets fold d % n) or one for everything. */
#define MAX_FOLDS 10

typedef struct FoldTaggers {
    const AvModel *m[MAX_FOLDS];
    int n;
} FoldTaggers;

static size_t pass_features(const TagItem *it, uint32_t i, uint32_t p1, uint32_t p2, uint64_t *f)
{
    const AvToken *t = it->s->tokens;
    uint32_t n = it->s->n_tokens;
    size_t k = nlp_tagger_word_features(t, n, i, f);
    k += nlp_tagger_tag_features(t, n, i, p1, p2, f + k);
    if (it->first)
        k += nlp_tagger_right_features(t, n, i, p1, i + 1 < n ? it->first[i + 1] : NLP_TAG_END,
                                       i + 2 < n ? it->first[i + 2] : NLP_TAG_END, f + k);
    return k;
}

/* One epoch over the items: greedy decoding, a perceptron update per
 * scored word.  Returns AV_OK or AV_ERR_NOMEM; counts training accuracy. */
static int tagger_epoch(TaggerBuild *b, NlpPerceptron *p, const NlpMap *dict, TagItem *items,
                        size_t n_items, size_t *right, size_t *total)
{
    float scores[MAX_TAGS];
    uint64_t feats[NLP_TAG_FEATS];
    int rc = AV_OK;
    for (size_t si = 0; si < n_items && !rc; si++) {
        const TagItem *it = &items[si];
        const AvToken *toks = it->s->tokens;
        uint32_t p1 = NLP_TAG_START, p2 = NLP_TAG_START;
        for (uint32_t i = 0; i < it->s->n_tokens && !rc; i++) {
            uint32_t gold = tag_find(&b->tags, &toks[i]);
            uint32_t guess = nlp_map_get(dict, nlp_hash_str(toks[i].form) | 1);
            if (guess == NLP_MISSING) {
                size_t k = pass_features(it, i, p1, p2, feats);
                nlp_perc_score(p, feats, k, scores);
                guess = 0;
                for (uint32_t c = 1; c < b->tags.n; c++)
                    if (scores[c] > scores[guess])
                        guess = c;
                rc = nlp_perc_update(p, feats, k, gold, guess);
                nlp_perc_tick(p);
            }
            *right += guess == gold;
            ++*total;
            p2 = p1;
            p1 = guess;
        }
    }
    return rc;
}

/* Trains the weights of section sec_id (SEC_TAGGER: first pass; SEC_TAGGER2:
 * second pass, items carry first-pass tags) and keeps the epoch whose
 * whole tagger scores best on dev. */
static int train_tagger_epochs(TaggerBuild *b, TagItem *items, size_t n_items,
                               const NlpCorpus *dev, const AvTrainOptions *opt, int sec_id,
                               AvError *err)
{
    NlpPerceptron *p = nlp_perc_new(b->tags.n);
    if (!p)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    NlpMap dict;
    nlp_map_view(&dict, b->sec[SEC_TAGDICT].data, b->sec[SEC_TAGDICT].len);
    uint64_t rng = opt->seed ^ (sec_id == SEC_TAGGER ? 0x7A66E5 : 0x7A66E52);
    double best = -1;
    int since_best = 0, rc = AV_OK;
    NlpBuf best_w = {0};
    for (int ep = 1; ep <= opt->epochs && !rc; ep++) {
        double t0 = now();
        shuffle(items, n_items, sizeof *items, &rng);
        size_t right = 0, total = 0;
        rc = tagger_epoch(b, p, &dict, items, n_items, &right, &total);
        NlpBuf w = {0};
        size_t rows = 0;
        if (!rc)
            rc = nlp_perc_compile(p, (uint32_t)opt->min_updates, &w, &rows);
        if (rc) {
            nlp_buf_free(&w);
            break;
        }
        nlp_buf_free(&b->sec[sec_id]);
        b->sec[sec_id] = w;
        NlpBuf img = {0};
        AvModel m;
        rc = open_sections(b->sec, &img, &m, err);
        double acc = rc ? 0 : tag_accuracy(&m, dev, &b->tags);
        nlp_model_close_image(&m);
        nlp_buf_free(&img);
        if (opt->verbose)
            fprintf(stderr, "tagger %s epoch %d: train %.2f%%, dev tags %.2f%%, %zu rows, %.1fs\n",
                    sec_id == SEC_TAGGER ? "pass 1" : "pass 2", ep,
                    100.0 * right / (total ? total : 1), acc, rows, now() - t0);
        if (acc > best) {
            best = acc;
            since_best = 0;
            nlp_buf_free(&best_w);
            best_w.len = 0;
            rc = rc ? rc : nlp_buf_put(&best_w, w.data, w.len);
        } else if (++since_best >= opt->patience) {
            break;
        }
    }
    if (!rc) {
        nlp_buf_free(&b->sec[sec_id]);
        b->sec[sec_id] = best_w;
    } else {
        nlp_buf_free(&best_w);
    }
    nlp_perc_free(p);
    if (rc == AV_ERR_NOMEM)
        av_error_set(err, rc, "out of memory training the tagger");
    return rc;
}

/* Tags every training sentence with a first-pass tagger that never saw it
 * (ft's fold taggers; with none, the build's own first pass) so that the
 * second pass learns how far to trust first-pass tags. */
static int first_pass_tags(TaggerBuild *b, const NlpCorpus *train, const FoldTaggers *ft,
                           TagItem *items, AvError *err)
{
    NlpBuf img = {0};
    AvModel self;
    FoldTaggers own = {{&self}, 1};
    int rc = AV_OK;
    if (!ft->n) {
        if ((rc = open_sections(b->sec, &img, &self, err)))
            return rc;
        ft = &own;
    }
    uint32_t *map[MAX_FOLDS] = {0};   /* fold tag -> build tag */
    for (int f = 0; f < ft->n && !rc; f++) {
        const AvModel *m = ft->m[f];
        if (!(map[f] = malloc((m->n_tags + 1) * sizeof *map[f])))
            rc = AV_ERR_NOMEM;
        for (uint32_t j = 0; !rc && j < m->n_tags; j++) {
            AvToken t = {.upos = m->tags[j].upos, .xpos = m->tags[j].xpos};
            uint32_t c = tag_find(&b->tags, &t);
            map[f][j] = c == NLP_MISSING ? 0 : c;
        }
    }
    uint32_t tags[1024];
    size_t k = 0;
    for (size_t d = 0; d < train->n_docs && !rc; d++) {
        AvDocument *doc = train->docs[d];
        int f = (int)(d % (size_t)ft->n);
        for (uint32_t s = 0; s < doc->n_sentences && !rc; s++) {
            AvSentence *st = &doc->sentences[s];
            TagItem *it = &items[k++];
            it->s = st;
            it->first = av_arena_alloc(&doc->arena, (st->n_tokens + 1) * sizeof *it->first);
            if (!it->first) {
                rc = AV_ERR_NOMEM;
                break;
            }
            for (uint32_t i0 = 0; i0 < st->n_tokens; i0 += 1024) {
                uint32_t n = st->n_tokens - i0 > 1024 ? 1024 : st->n_tokens - i0;
                nlp_tag_sentence(ft->m[f], st->tokens + i0, n, tags);
                for (uint32_t i = 0; i < n; i++)
                    it->first[i0 + i] = map[f][tags[i]];
            }
        }
    }
    for (int f = 0; f < ft->n; f++)
        free(map[f]);
    if (ft == &own) {
        nlp_model_close_image(&self);
        nlp_buf_free(&img);
    }
    if (rc == AV_ERR_NOMEM)
        av_error_set(err, rc, "out of memory tagging the training data");
    return rc;
}

/* The first pass, then (with second) a second pass trained on tags from
 * second's fold taggers. */
static int train_tagger_passes(TaggerBuild *b, const NlpCorpus *train, const NlpCorpus *dev,
                               const AvTrainOptions *opt, const FoldTaggers *second,
                               AvError *err)
{
    TagItem *items = calloc(train->n_sents + 1, sizeof *items);
    if (!items)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    size_t k = 0;
    for (size_t d = 0; d < train->n_docs; d++)
        for (uint32_t s = 0; s < train->docs[d]->n_sentences; s++)
            items[k++].s = &train->docs[d]->sentences[s];
    int rc = train_tagger_epochs(b, items, k, dev, opt, SEC_TAGGER, err);
    if (!rc && second)
        rc = first_pass_tags(b, train, second, items, err);
    if (!rc && second)
        rc = train_tagger_epochs(b, items, k, dev, opt, SEC_TAGGER2, err);
    free(items);
    return rc;
}

static int train_tagger(const NlpCorpus *train, const NlpCorpus *dev, const AvTrainOptions *opt,
                        const FoldTaggers *second, NlpBuf sec[SEC_MAX], AvError *err)
{
    TaggerBuild *b = calloc(1, sizeof *b);
    if (!b)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    int rc = collect_tables(b, train);
    if (!rc)
        rc = build_tagdict(b, train);
    if (!rc)
        rc = build_string_tables(b);
    if (!rc)
        rc = build_tag_section(b);
    if (rc == AV_ERR_NOMEM)
        av_error_set(err, rc, "out of memory building the tagger tables");
    if (!rc && opt->verbose)
        fprintf(stderr, "tagger: %u joint tags, %zu training words\n", b->tags.n, train->n_words);
    if (!rc)
        rc = nlp_buf_put(&b->sec[SEC_STRINGS], b->pool.buf.data, b->pool.buf.len);
    if (!rc)
        rc = train_tagger_passes(b, train, dev, opt, second, err);
    for (int i = 1; i < SEC_MAX; i++) {
        if (!rc && (i == SEC_STRINGS || i == SEC_TAGS || i == SEC_TAGDICT || i == SEC_TAGGER ||
                    i == SEC_TAGGER2 || i == SEC_LEMMAS || i == SEC_FEATS)) {
            nlp_buf_free(&sec[i]);
            sec[i] = b->sec[i];
        } else {
            nlp_buf_free(&b->sec[i]);
        }
    }
    nlp_buf_free(&b->pool.buf);
    votes_free(&b->pool.index);
    votes_free(&b->tags.index);
    votes_free(&b->lemmas);
    votes_free(&b->feats);
    votes_free(&b->tagfeats);
    free(b);
    return rc;
}

/* ---- parser ---- */

typedef struct ParserBuild {
    const char *labels[256];
    uint32_t n_labels, root;
    Votes index;
} ParserBuild;

static uint32_t label_find(const ParserBuild *pb, const char *l)
{
    if (!pb->index.slots)
        return NLP_MISSING;
    size_t j = probe(pb->index.keys, pb->index.slots, nlp_hash_str(l ? l : "_") | 1);
    return pb->index.keys[j] ? pb->index.entries[pb->index.entry[j]].best_count : NLP_MISSING;
}

static int label_add(ParserBuild *pb, const char *l)
{
    l = l ? l : "_";
    if (label_find(pb, l) != NLP_MISSING || pb->n_labels >= 256)
        return AV_OK;
    uint64_t k = nlp_hash_str(l) | 1;
    if (votes_add(&pb->index, k, l))
        return AV_ERR_NOMEM;
    size_t j = probe(pb->index.keys, pb->index.slots, k);
    pb->index.entries[pb->index.entry[j]].best_count = pb->n_labels;
    pb->labels[pb->n_labels++] = l;
    return AV_OK;
}

/* Training sentence: tokens carrying predicted tags, gold heads and labels. */
typedef struct ParseItem {
    AvToken *toks;           /* predicted tags */
    int32_t *gold;           /* [n+2], ROOT = n+1 */
    uint32_t *glabel;        /* [n+2] */
    uint32_t n;
} ParseItem;

static int prepare_items(const FoldTaggers *ft, const NlpCorpus *c, ParserBuild *pb,
                         ParseItem **out, size_t *n_out, size_t *skipped, size_t *lifted)
{
    ParseItem *items = calloc(c->n_sents + 1, sizeof *items);
    if (!items)
        return AV_ERR_NOMEM;
    size_t k = 0;
    uint32_t tags[1024];
    for (size_t d = 0; d < c->n_docs; d++) {
        AvDocument *doc = c->docs[d];
        const AvModel *tagger = ft->m[d % (size_t)ft->n];
        for (uint32_t s = 0; s < doc->n_sentences; s++) {
            AvSentence *st = &doc->sentences[s];
            uint32_t n = st->n_tokens;
            int ok = n > 0 && n <= 1024;
            for (uint32_t i = 0; ok && i < n; i++)
                ok = st->tokens[i].head >= 0 && st->tokens[i].head <= (int32_t)n;
            int32_t *gold = ok ? av_arena_alloc(&doc->arena, (n + 2) * 4) : NULL;
            if (ok && !gold)
                return AV_ERR_NOMEM;
            for (uint32_t i = 0; ok && i < n; i++)
                gold[i + 1] = st->tokens[i].head;
            if (!ok) {
                ++*skipped;
                continue;
            }
            if (!nlp_is_projective(gold, n)) {
                /* the arc-hybrid system builds projective trees only: learn
                 * the nearest projective tree rather than drop the sentence */
                nlp_projectivize(gold, n);
                ++*lifted;
            }
            ParseItem *it = &items[k++];
            it->n = n;
            it->gold = gold;
            it->glabel = av_arena_alloc(&doc->arena, (n + 2) * 4);
            it->toks = av_arena_alloc(&doc->arena, n * sizeof(AvToken));
            if (!it->glabel || !it->toks)
                return AV_ERR_NOMEM;
            memcpy(it->toks, st->tokens, n * sizeof(AvToken));
            if (tagger)
                nlp_tag_sentence(tagger, st->tokens, n, tags);
            for (uint32_t i = 0; i < n; i++) {
                if (gold[i + 1] == 0)
                    gold[i + 1] = (int32_t)n + 1;
                if (label_add(pb, st->tokens[i].deprel))
                    return AV_ERR_NOMEM;
                it->glabel[i + 1] = label_find(pb, st->tokens[i].deprel ? st->tokens[i].deprel : "_");
                if (tagger) {
                    it->toks[i].upos = tagger->tags[tags[i]].upos;
                    it->toks[i].xpos = tagger->tags[tags[i]].xpos;
                }
            }
        }
    }
    *out = items;
    *n_out = k;
    return AV_OK;
}

typedef struct ParserTrainer {
    NlpPerceptron *moves, *labels;
    uint32_t min_updates, min_updates_moves;
    ParserBuild *pb;
    unsigned char *mem;
    size_t mem_cap;
    uint64_t rng;
    int explore;
    size_t right, total;
} ParserTrainer;

static int argmax_legal(const NlpState *s, const float *sc, const int *costs, int min_cost,
                        int gold_only)
{
    int best = -1;
    for (int m = 0; m < N_MOVES; m++) {
        if (!nlp_move_legal(s, m) || (gold_only && costs[m] != min_cost))
            continue;
        if (best < 0 || sc[m] > sc[best])
            best = m;
    }
    return best;
}

static int train_label(ParserTrainer *tr, const NlpState *s, int move, const uint64_t *feats,
                       size_t k, uint32_t gold_label, uint32_t *out)
{
    uint32_t L = tr->pb->n_labels, base = move == MOVE_LEFT ? 0 : L;
    float sc[512];
    uint64_t lf[NLP_PARSE_FEATS];
    (void)k;
    size_t nl = nlp_label_features(feats, lf);
    nlp_perc_score(tr->labels, lf, nl, sc);
    uint32_t best = NLP_MISSING;
    int to_root = move == MOVE_LEFT && s->b0 == s->n + 1;
    for (uint32_t l = 0; l < L; l++) {
        if ((l == tr->pb->root) != to_root)
            continue;
        if (best == NLP_MISSING || sc[base + l] > sc[base + best])
            best = l;
    }
    *out = best;
    if (gold_label == NLP_MISSING)   /* a wrong arc: only predict its label */
        return AV_OK;
    return nlp_perc_update(tr->labels, lf, nl, base + gold_label, base + best);
}

static int train_sentence(ParserTrainer *tr, const ParseItem *it)
{
    size_t need = nlp_state_bytes(it->n) + 2 * ((size_t)it->n + 2) * 8;
    if (need > tr->mem_cap) {
        unsigned char *m = realloc(tr->mem, need);
        if (!m)
            return AV_ERR_NOMEM;
        tr->mem = m;
        tr->mem_cap = need;
    }
    NlpState s;
    nlp_state_init(&s, it->n, tr->mem);
    NlpSentFeat sf = {(uint64_t *)(tr->mem + nlp_state_bytes(it->n)), NULL};
    sf.t = sf.w + it->n + 2;
    nlp_sentfeat_fill(&sf, it->toks, it->n);
    uint64_t feats[NLP_PARSE_FEATS];
    float sc[N_MOVES];
    int rc = AV_OK;
    while (!nlp_state_final(&s) && !rc) {
        size_t k = nlp_parser_features(&s, &sf, feats);
        nlp_perc_score(tr->moves, feats, k, sc);
        int costs[N_MOVES], min_cost = 1 << 30;
        for (int m = 0; m < N_MOVES; m++) {
            costs[m] = nlp_move_legal(&s, m) ? nlp_move_cost(&s, m, it->gold) : 1 << 30;
            if (costs[m] < min_cost)
                min_cost = costs[m];
        }
        int pred = argmax_legal(&s, sc, costs, min_cost, 0);
        int gold = argmax_legal(&s, sc, costs, min_cost, 1);
        if (costs[pred] != min_cost)
            rc = nlp_perc_update(tr->moves, feats, k, (uint32_t)gold, (uint32_t)pred);
        nlp_perc_tick(tr->moves);
        tr->right += costs[pred] == min_cost;
        tr->total++;
        int move = gold;
        if (costs[pred] != min_cost && tr->explore && rng_next(&tr->rng) % 10 < 9)
            move = pred;        /* explore: learn to recover from our own mistakes */
        uint32_t label = 0;
        if (move != MOVE_SHIFT && !rc) {
            uint32_t dep = s.stack[s.n_stack - 1];
            uint32_t head = move == MOVE_LEFT ? s.b0 : s.stack[s.n_stack - 2];
            int correct = it->gold[dep] == (int32_t)head;
            rc = train_label(tr, &s, move, feats, k, correct ? it->glabel[dep] : NLP_MISSING,
                             &label);
            if (correct) {
                nlp_perc_tick(tr->labels);
                label = it->glabel[dep];
            }
        }
        nlp_state_apply(&s, move, label);
    }
    return rc;
}

static int write_label_section(const ParserBuild *pb, NlpBuf sec[SEC_MAX])
{
    /* labels go into a new string pool appended to the tagger's */
    uint32_t n = pb->n_labels;
    NlpBuf *strings = &sec[SEC_STRINGS];
    int rc = nlp_buf_put(&sec[SEC_LABELS], &n, 4);
    for (uint32_t i = 0; i < n && !rc; i++) {
        uint32_t off = (uint32_t)strings->len;
        rc = nlp_buf_put(strings, pb->labels[i], strlen(pb->labels[i]) + 1);
        if (!rc)
            rc = nlp_buf_put(&sec[SEC_LABELS], &off, 4);
    }
    return rc;
}

static int compile_parser(const ParserTrainer *tr, NlpBuf sec[SEC_MAX])
{
    nlp_buf_free(&sec[SEC_MOVES]);
    nlp_buf_free(&sec[SEC_ARCLABELS]);
    size_t r1, r2;
    int rc = nlp_perc_compile(tr->moves, tr->min_updates_moves, &sec[SEC_MOVES], &r1);
    if (!rc)
        rc = nlp_perc_compile(tr->labels, tr->min_updates, &sec[SEC_ARCLABELS], &r2);
    return rc;
}

static int train_parser(const FoldTaggers *ft, const NlpCorpus *train, const NlpCorpus *dev,
                        const AvTrainOptions *opt, NlpBuf sec[SEC_MAX], AvError *err)
{
    ParserBuild pb = {0};
    ParseItem *items = NULL;
    size_t n_items = 0, skipped = 0, lifted = 0;
    /* "root" first so that it always has the same index */
    int rc = label_add(&pb, "root");
    if (!rc)
        rc = prepare_items(ft, train, &pb, &items, &n_items, &skipped, &lifted);
    if (rc) {
        free(items);
        votes_free(&pb.index);
        return av_error_set(err, rc, "out of memory preparing parser data");
    }
    pb.root = label_find(&pb, "root");
    if (opt->verbose)
        fprintf(stderr,
                "parser: %zu training trees (%zu non-projective made projective, %zu invalid "
                "skipped), %u labels\n",
                n_items, lifted, skipped, pb.n_labels);
    ParserTrainer tr = {nlp_perc_new(N_MOVES), nlp_perc_new(2 * pb.n_labels),
                        (uint32_t)opt->min_updates, (uint32_t)opt->min_updates_moves, &pb, NULL, 0, opt->seed ^ 0x9A85E, 0, 0, 0};
    rc = tr.moves && tr.labels ? write_label_section(&pb, sec) : AV_ERR_NOMEM;
    ParseItem **ord = malloc((n_items + 1) * sizeof *ord);
    if (!ord)
        rc = AV_ERR_NOMEM;
    for (size_t i = 0; i < n_items && !rc; i++)
        ord[i] = &items[i];
    double best = -1;
    int since_best = 0;
    NlpBuf best_moves = {0}, best_labels = {0};
    for (int ep = 1; ep <= opt->epochs && !rc; ep++) {
        double t0 = now();
        shuffle(ord, n_items, sizeof *ord, &tr.rng);
        tr.explore = ep > 1;
        tr.right = tr.total = 0;
        for (size_t i = 0; i < n_items && !rc; i++)
            rc = train_sentence(&tr, ord[i]);
        if (!rc)
            rc = compile_parser(&tr, sec);
        AvParseScores sc = {0};
        NlpBuf img = {0};
        AvModel m;
        if (!rc && !(rc = open_sections(sec, &img, &m, err)))
            rc = nlp_eval_docs(&m, dev->docs, dev->n_docs, 0, &sc, err);
        nlp_model_close_image(&m);
        nlp_buf_free(&img);
        if (rc)
            break;
        if (opt->verbose)
            fprintf(stderr, "parser epoch %d: train moves %.2f%%, dev UAS %.2f LAS %.2f, %.1fs\n",
                    ep, 100.0 * tr.right / (tr.total ? tr.total : 1), sc.uas, sc.las,
                    now() - t0);
        if (sc.las > best) {
            best = sc.las;
            since_best = 0;
            best_moves.len = best_labels.len = 0;
            if (nlp_buf_put(&best_moves, sec[SEC_MOVES].data, sec[SEC_MOVES].len) ||
                nlp_buf_put(&best_labels, sec[SEC_ARCLABELS].data, sec[SEC_ARCLABELS].len))
                rc = AV_ERR_NOMEM;
        } else if (++since_best >= opt->patience) {
            break;
        }
    }
    if (!rc) {
        nlp_buf_free(&sec[SEC_MOVES]);
        nlp_buf_free(&sec[SEC_ARCLABELS]);
        sec[SEC_MOVES] = best_moves;
        sec[SEC_ARCLABELS] = best_labels;
    } else {
        nlp_buf_free(&best_moves);
        nlp_buf_free(&best_labels);
    }
    nlp_perc_free(tr.moves);
    nlp_perc_free(tr.labels);
    free(tr.mem);
    free(ord);
    free(items);
    votes_free(&pb.index);
    if (rc == AV_ERR_NOMEM)
        av_error_set(err, rc, "out of memory training the parser");
    return rc;
}

/* ---- jackknifing ---- */

typedef struct FoldModels {
    AvModel m[MAX_FOLDS];
    NlpBuf img[MAX_FOLDS];
    int n;
} FoldModels;

static void fold_models_free(FoldModels *fm)
{
    for (int f = 0; f < fm->n; f++) {
        nlp_model_close_image(&fm->m[f]);
        nlp_buf_free(&fm->img[f]);
    }
    fm->n = 0;
}

/* Trains k taggers, each on all documents but one fold, so the parser
 * learns from tags as noisy as those it will see. */
static int train_fold_taggers(const NlpCorpus *train, const NlpCorpus *dev,
                              const AvTrainOptions *opt, int k, int two_pass, FoldModels *fm,
                              AvError *err)
{
    const FoldTaggers self = {{NULL}, 0};
    int rc = AV_OK;
    for (int f = 0; f < k && !rc; f++) {
        NlpCorpus sub = {0};
        sub.docs = malloc((train->n_docs + 1) * sizeof *sub.docs);
        if (!sub.docs)
            return av_error_set(err, AV_ERR_NOMEM, "out of memory");
        for (size_t d = 0; d < train->n_docs; d++) {
            if ((int)(d % (size_t)k) == f)
                continue;
            AvDocument *doc = train->docs[d];
            sub.docs[sub.n_docs++] = doc;
            sub.n_sents += doc->n_sentences;
            for (uint32_t s = 0; s < doc->n_sentences; s++)
                sub.n_words += doc->sentences[s].n_tokens;
        }
        if (opt->verbose)
            fprintf(stderr, "jackknife: tagger for fold %d of %d\n", f + 1, k);
        NlpBuf sec[SEC_MAX];
        memset(sec, 0, sizeof sec);
        rc = train_tagger(&sub, dev, opt, two_pass ? &self : NULL, sec, err);
        if (!rc) {
            rc = open_sections(sec, &fm->img[f], &fm->m[f], err);
            fm->n = f + 1;
        }
        for (int i = 0; i < SEC_MAX; i++)
            nlp_buf_free(&sec[i]);
        free(sub.docs);
    }
    return rc;
}

/* ---- entry point ---- */

static int copy_sections(const AvModel *m, NlpBuf sec[SEC_MAX])
{
    const int ids[] = {SEC_STRINGS, SEC_TAGS,  SEC_TAGDICT, SEC_TAGGER,
                       SEC_LEMMAS,  SEC_FEATS, SEC_TAGGER2};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        const unsigned char *p;
        size_t n;
        if (ids[i] == SEC_TAGGER2 && !m->has_tagger2)
            continue;
        if (nlp_model_section(m, ids[i], &p, &n) || nlp_buf_put(&sec[ids[i]], p, n))
            return AV_ERR_NOMEM;
    }
    return AV_OK;
}

int av_train_nlp(const AvTrainOptions *o, AvError *err)
{
    AvTrainOptions opt = *o;
    if (!opt.train || !opt.dev || !opt.out || !opt.what)
        return av_error_set(err, AV_ERR_ARG, "train: --train, --dev and -o are required");
    int do_tagger = !strcmp(opt.what, "tagger") || !strcmp(opt.what, "all");
    int do_parser = !strcmp(opt.what, "parser") || !strcmp(opt.what, "all");
    if (!do_tagger && !do_parser)
        return av_error_set(err, AV_ERR_ARG, "train: what to train: tagger, parser or all");
    if (!do_tagger && !opt.tagger)
        return av_error_set(err, AV_ERR_ARG, "train parser: --tagger MODEL is required");
    if (opt.epochs <= 0)
        opt.epochs = do_parser && !do_tagger ? 15 : 12;
    if (opt.patience <= 0)
        opt.patience = 3;
    if (opt.min_updates <= 0)
        opt.min_updates = 2;
    if (opt.min_updates_moves <= 0)
        opt.min_updates_moves = 4;
    if (opt.jackknife <= 0)
        opt.jackknife = 4;
    if (opt.jackknife > MAX_FOLDS)
        opt.jackknife = MAX_FOLDS;
    NlpCorpus train = {0}, dev = {0};
    NlpBuf sec[SEC_MAX];
    memset(sec, 0, sizeof sec);
    AvModel *tagger = NULL;
    NlpBuf img = {0};
    AvModel tm;
    memset(&tm, 0, sizeof tm);
    int rc = nlp_corpus_read(&train, opt.train, err);
    if (!rc)
        rc = nlp_corpus_read(&dev, opt.dev, err);
    if (!rc && opt.verbose)
        fprintf(stderr, "train: %zu sentences, %zu words; dev: %zu sentences\n", train.n_sents,
                train.n_words, dev.n_sents);
    /* Fold taggers tag the documents they did not see, for two learners:
     * their first pass trains the second tagging pass, and both passes
     * train the parser, which so sees tags as noisy as at run time.  A
     * parser added to a given tagger gets fold taggers with its passes. */
    int two_pass = do_tagger && !opt.one_pass;
    if (!rc && !do_tagger) {
        tagger = av_model_load(opt.tagger, err);
        rc = tagger ? copy_sections(tagger, sec) : err->code;
        two_pass = tagger && tagger->has_tagger2;
    }
    FoldModels folds;
    memset(&folds, 0, sizeof folds);
    FoldTaggers ft = {{NULL}, 0}, first = {{NULL}, 0};
    AvModel first_only[MAX_FOLDS];
    if (!rc && (do_tagger || do_parser) && opt.jackknife > 1 && (two_pass || do_parser)) {
        rc = train_fold_taggers(&train, &dev, &opt, opt.jackknife, two_pass, &folds, err);
        for (int f = 0; f < folds.n; f++) {
            ft.m[f] = &folds.m[f];
            first_only[f] = folds.m[f];      /* a view: the same tables, one pass */
            first_only[f].has_tagger2 = 0;
            first.m[f] = &first_only[f];
        }
        ft.n = first.n = folds.n;
    }
    if (!rc && do_tagger) {
        rc = train_tagger(&train, &dev, &opt, two_pass ? &first : NULL, sec, err);
        if (!rc && do_parser && !(rc = open_sections(sec, &img, &tm, err)))
            tagger = &tm;
    }
    if (!ft.n) {
        ft.m[0] = tagger;
        ft.n = 1;
    }
    if (!rc && do_parser)
        rc = train_parser(&ft, &train, &dev, &opt, sec, err);
    fold_models_free(&folds);
    if (!rc)
        rc = nlp_model_write(opt.out, sec, err);
    if (tagger == &tm)
        nlp_model_close_image(&tm);
    else
        av_model_free(tagger);
    nlp_buf_free(&img);
    for (int i = 0; i < SEC_MAX; i++)
        nlp_buf_free(&sec[i]);
    nlp_corpus_free(&train);
    nlp_corpus_free(&dev);
    return rc;
}
