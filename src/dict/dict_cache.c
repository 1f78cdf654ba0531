/*
 * dict_cache.c — the compiled cache: a loaded AvDict written as one binary
 * file so that the next load skips parsing, folding and trie building.
 *
 * Layout (little-endian host order; the cache is a local speed-up, not an
 * exchange format, so a file from another machine simply fails the checks):
 *   header  "AVDICT\0\1", version, key of the request, body and string
 *           lengths, FNV-1a 64 checksum of body + strings
 *   body    the source files (path, size, mtime: a changed file makes the
 *           cache stale), counters, then every table; strings are offsets
 *   strings every string, NUL-terminated
 * The trie and word-table arrays hold no pointers and are stored as they
 * are; entries are stored field by field.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "dict.h"

#define CACHE_MAGIC "AVDICT\0\1"
#define CACHE_VERSION 1u

typedef struct CacheHeader {
    char magic[8];
    uint32_t version, elem_check;
    uint64_t key, body_len, strings_len, checksum;
} CacheHeader;

static uint64_t fnv64(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ull;
    }
    return h;
}

#define FNV_SEED 14695981039346656037ull

/* Struct sizes change when the code does: a cache from another build fails. */
static uint32_t layout_check(void)
{
    uint32_t sizes[] = {sizeof(TrieNode), sizeof(TriePayload), sizeof(AvPatElem),
                        sizeof(DateRestriction), sizeof(void *)};
    return (uint32_t)fnv64(FNV_SEED, sizes, sizeof sizes);
}

uint64_t dict_request_key(const char *const *paths, size_t n, const AvDictOptions *opt)
{
    uint64_t h = FNV_SEED;
    for (size_t i = 0; i < n; i++) {
        h = fnv64(h, paths[i], strlen(paths[i]) + 1);
        struct stat st;
        DVec names;
        if (stat(paths[i], &st) || !S_ISDIR(st.st_mode))
            continue;
        dict_list_dir(paths[i], opt->kind, &names);
        for (size_t k = 0; k < names.n; k++) {
            const char *name = *(char **)dvec_at(&names, k);
            h = fnv64(h, name, strlen(name) + 1);
        }
        dict_free_names(&names);
    }
    int32_t flags[2] = {opt->strict, (int32_t)opt->kind};
    h = fnv64(h, flags, sizeof flags);
    const char *cameo = opt->cameo_dir ? opt->cameo_dir : AVOCET_DATA_DIR "/cameo";
    return fnv64(h, cameo, strlen(cameo) + 1);
}

/* ---- writing ---- */

typedef struct Out {
    DVec body, strings;     /* bytes */
    int failed;
} Out;

/* Appends n bytes to v, growing it; on failure marks o failed. */
static void append(Out *o, DVec *v, const void *p, size_t n)
{
    while (!o->failed && v->n + n > v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 1 << 16;
        void *np = realloc(v->data, cap);
        if (!np)
            o->failed = 1;
        else {
            v->data = np;
            v->cap = cap;
        }
    }
    if (!o->failed) {
        memcpy((char *)v->data + v->n, p, n);
        v->n += n;
    }
}

static void put(Out *o, const void *p, size_t n)
{
    if (n)   /* p may be NULL for an empty array */
        append(o, &o->body, p, n);
}

static void put_u32(Out *o, uint32_t x) { put(o, &x, sizeof x); }
static void put_u64(Out *o, uint64_t x) { put(o, &x, sizeof x); }

static void put_str(Out *o, const char *s)
{
    if (!s) {
        put_u32(o, 0);
        return;
    }
    put_u32(o, (uint32_t)o->strings.n + 1);
    append(o, &o->strings, s, strlen(s) + 1);
}

static void put_raw_vec(Out *o, const DVec *v)
{
    put_u64(o, v->n);
    put(o, v->data, v->n * v->elem);
}

static void put_trie(Out *o, const Trie *t)
{
    put_raw_vec(o, &t->nodes);
    put_raw_vec(o, &t->payloads);
    put_u64(o, t->cap);
    put_u64(o, t->used);
    put(o, t->keys, t->cap * sizeof *t->keys);
    put(o, t->children, t->cap * sizeof *t->children);
}

static void put_sources(Out *o, const AvDict *d)
{
    put_u32(o, (uint32_t)d->sources.n);
    for (size_t i = 0; i < d->sources.n; i++) {
        const char *p = *(const char **)dvec_at(&d->sources, i);
        struct stat st;
        memset(&st, 0, sizeof st);
        stat(p, &st);
        put_str(o, p);
        put_u64(o, (uint64_t)st.st_size);
        put_u64(o, (uint64_t)st.st_mtim.tv_sec);
        put_u64(o, (uint64_t)st.st_mtim.tv_nsec);
    }
}

static void put_counters(Out *o, const AvDict *d)
{
    size_t c[] = {d->files, d->errors, d->warnings, d->actor_phrases, d->restrictions,
                  d->agent_phrases, d->verb_forms, d->issue_phrases};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        put_u64(o, c[i]);
}

static void put_words(Out *o, const AvDict *d)
{
    put_u64(o, d->words.words.n);
    for (size_t i = 0; i < d->words.words.n; i++)
        put_str(o, words_get(&d->words, (uint32_t)i));
    put_u64(o, d->words.cap);
    put(o, d->words.slots, d->words.cap * sizeof *d->words.slots);
    put(o, d->words.hashes, d->words.cap * sizeof *d->words.hashes);
}

static void put_actors(Out *o, const AvDict *d)
{
    put_u64(o, d->actors.n);
    for (size_t i = 0; i < d->actors.n; i++) {
        const ActorEntry *a = dvec_at(&d->actors, i);
        put_str(o, a->file);
        put_str(o, a->code);
        uint32_t f[] = {a->line, a->has_default, a->stems, a->first_phrase, a->n_phrases,
                        a->first_restriction, a->n_restrictions};
        put(o, f, sizeof f);
    }
    put_u64(o, d->phrase_pool.n);
    for (size_t i = 0; i < d->phrase_pool.n; i++) {
        const Phrase *p = dvec_at(&d->phrase_pool, i);
        put_str(o, p->text);
        put_u32(o, p->line);
    }
    put_u64(o, d->restriction_pool.n);
    for (size_t i = 0; i < d->restriction_pool.n; i++) {
        const DateRestriction *r = dvec_at(&d->restriction_pool, i);
        put_str(o, r->code);
        uint32_t f[] = {r->from, r->to, r->kind, r->line};
        put(o, f, sizeof f);
    }
}

static void put_agents(Out *o, const AvDict *d)
{
    put_u64(o, d->agents.n);
    for (size_t i = 0; i < d->agents.n; i++) {
        const AgentEntry *a = dvec_at(&d->agents, i);
        put_str(o, a->file);
        put_str(o, a->phrase);
        put_str(o, a->plurals);
        put_str(o, a->code);
        uint32_t f[] = {a->line, a->prefix, a->stems};
        put(o, f, sizeof f);
    }
    put_u64(o, d->agent_subs.n);
    for (size_t i = 0; i < d->agent_subs.n; i++)
        put_str(o, *(const char **)dvec_at(&d->agent_subs, i));
}

static void put_simple(Out *o, const DVec *v)
{
    put_u64(o, v->n);
    for (size_t i = 0; i < v->n; i++) {
        const SimpleEntry *e = dvec_at(v, i);
        put_str(o, e->file);
        put_str(o, e->text);
        put_str(o, e->code);
        put_u32(o, e->line);
    }
}

static void put_pattern(Out *o, const AvVerbPattern *p)
{
    put_u32(o, p->n_elems);
    for (uint32_t k = 0; k < p->n_elems; k++) {
        const AvPatElem *e = &p->elems[k];
        uint32_t f[] = {e->kind, e->before_verb, e->joined, e->stem, e->synset};
        put(o, f, sizeof f);
        put_str(o, e->word);
    }
    put_str(o, p->code);
    put_str(o, p->code2);
    put_str(o, p->file);
    put_u32(o, p->line);
}

static void put_verbs(Out *o, const AvDict *d)
{
    put_u64(o, d->blocks.n);
    for (size_t b = 0; b < d->blocks.n; b++) {
        const VerbBlock *blk = dvec_at(&d->blocks, b);
        put_str(o, blk->name);
        put_str(o, blk->code);
        put_str(o, blk->file);
        put_u32(o, blk->line);
        put_u32(o, blk->implicit);
        put_u64(o, blk->patterns.n);
        for (size_t i = 0; i < blk->patterns.n; i++)
            put_pattern(o, dvec_at(&blk->patterns, i));
    }
    put_u64(o, d->verbs.n);
    for (size_t i = 0; i < d->verbs.n; i++) {
        const VerbEntry *v = dvec_at(&d->verbs, i);
        put_str(o, v->pub.phrase);
        put_str(o, v->pub.file);
        put_str(o, v->forms);
        put_str(o, v->own_code);
        uint32_t f[] = {v->pub.block_id, v->pub.line, v->has_own_code};
        put(o, f, sizeof f);
    }
    put_u64(o, d->synsets.n);
    for (size_t i = 0; i < d->synsets.n; i++) {
        const Synset *s = dvec_at(&d->synsets, i);
        put_str(o, s->name);
        put_str(o, s->file);
        put_u32(o, s->line);
        put_u32(o, s->no_plurals);
        put_u64(o, s->members.n);
        for (size_t k = 0; k < s->members.n; k++)
            put_str(o, *(const char **)dvec_at(&s->members, k));
    }
    put_u64(o, d->transformations.n);
    for (size_t i = 0; i < d->transformations.n; i++) {
        const Transformation *t = dvec_at(&d->transformations, i);
        put_str(o, t->text);
        put_str(o, t->file);
        put_u32(o, t->line);
    }
}

static void put_tables(Out *o, const AvDict *d)
{
    put_u64(o, d->diags.n);
    for (size_t i = 0; i < d->diags.n; i++) {
        const AvDictDiag *g = dvec_at(&d->diags, i);
        put_str(o, g->file);
        put_str(o, g->message);
        put_u32(o, g->line);
        put_u32(o, (uint32_t)g->is_error);
    }
    put_u64(o, d->cameo.n);
    for (size_t i = 0; i < d->cameo.n; i++) {
        const CameoRow *r = dvec_at(&d->cameo, i);
        put_str(o, r->code);
        put_str(o, r->name);
        put_u32(o, (uint32_t)r->quad);
        put(o, &r->goldstein, sizeof r->goldstein);
    }
    put_u64(o, d->plover.n);
    for (size_t i = 0; i < d->plover.n; i++) {
        const PloverRow *r = dvec_at(&d->plover, i);
        put_str(o, r->code);
        put_str(o, r->p.type);
        put_str(o, r->p.mode);
        put_str(o, r->p.context);
    }
}

static void serialize(Out *o, const AvDict *d)
{
    put_sources(o, d);
    put_counters(o, d);
    put_words(o, d);
    for (int k = 0; k < 6; k++)
        put_trie(o, &d->tries[k]);
    put_trie(o, &d->synset_trie);
    put_actors(o, d);
    put_agents(o, d);
    put_simple(o, &d->issues);
    put_simple(o, &d->discards);
    put_verbs(o, d);
    put_tables(o, d);
}

int dict_cache_write(const AvDict *d, const char *path, uint64_t key, AvError *err)
{
    Out o = {0};
    serialize(&o, d);
    if (o.failed) {
        free(o.body.data);
        free(o.strings.data);
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    }
    CacheHeader h = {.version = CACHE_VERSION, .elem_check = layout_check(), .key = key,
                     .body_len = o.body.n, .strings_len = o.strings.n};
    memcpy(h.magic, CACHE_MAGIC, 8);
    h.checksum = fnv64(fnv64(FNV_SEED, o.body.data, o.body.n), o.strings.data, o.strings.n);
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    int ok = f && fwrite(&h, sizeof h, 1, f) == 1 &&
             fwrite(o.body.data, 1, o.body.n, f) == o.body.n &&
             fwrite(o.strings.data, 1, o.strings.n, f) == o.strings.n;
    if (f && fclose(f) != 0)
        ok = 0;
    free(o.body.data);
    free(o.strings.data);
    /* rename() makes the new cache appear whole, even to a concurrent reader. */
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        return av_error_set(err, AV_ERR_IO, "%s: %s", path, strerror(e));
    }
    return AV_OK;
}

/* ---- reading ---- */

typedef struct In {
    const unsigned char *p;
    size_t len, pos;
    const char *strings;    /* in the dictionary's arena */
    size_t strings_len;
    int bad;
} In;

static void get(In *in, void *dst, size_t n)
{
    if (!n)
        return;
    if (in->bad || n > in->len - in->pos) {
        in->bad = 1;
        memset(dst, 0, n);
        return;
    }
    memcpy(dst, in->p + in->pos, n);
    in->pos += n;
}

static uint32_t get_u32(In *in) { uint32_t x; get(in, &x, sizeof x); return x; }
static uint64_t get_u64(In *in) { uint64_t x; get(in, &x, sizeof x); return x; }

static const char *get_str(In *in)
{
    uint32_t off = get_u32(in);
    if (!off)
        return NULL;
    if (off - 1 >= in->strings_len) {
        in->bad = 1;
        return NULL;
    }
    return in->strings + off - 1;
}

/* A count that cannot exceed what is left of the file. */
static size_t get_count(In *in, size_t min_elem)
{
    uint64_t n = get_u64(in);
    if (n > (in->len - in->pos) / (min_elem ? min_elem : 1)) {
        in->bad = 1;
        return 0;
    }
    return (size_t)n;
}

static void *get_array(In *in, size_t n, size_t elem)
{
    if (in->bad || n > (in->len - in->pos) / elem)
        return in->bad = 1, NULL;
    void *p = malloc(n ? n * elem : 1);
    if (!p)
        return in->bad = 1, NULL;
    get(in, p, n * elem);
    return p;
}

/* Fills a DVec with n elements read by fill(). */
static void *vec_reserve(In *in, DVec *v, size_t n)
{
    if (in->bad)
        return NULL;
    void *p = malloc((n ? n : 1) * v->elem);
    if (!p)
        return in->bad = 1, NULL;
    memset(p, 0, (n ? n : 1) * v->elem);
    free(v->data);
    v->data = p;
    v->n = v->cap = n;
    return p;
}

static int sources_fresh(In *in)
{
    uint32_t n = get_u32(in);
    for (uint32_t i = 0; i < n && !in->bad; i++) {
        const char *p = get_str(in);
        uint64_t size = get_u64(in), sec = get_u64(in), nsec = get_u64(in);
        struct stat st;
        if (!p || stat(p, &st) != 0 || (uint64_t)st.st_size != size ||
            (uint64_t)st.st_mtim.tv_sec != sec || (uint64_t)st.st_mtim.tv_nsec != nsec)
            return 0;
    }
    return !in->bad;
}

static void get_counters(In *in, AvDict *d)
{
    size_t *c[] = {&d->files, &d->errors, &d->warnings, &d->actor_phrases, &d->restrictions,
                   &d->agent_phrases, &d->verb_forms, &d->issue_phrases};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        *c[i] = (size_t)get_u64(in);
}

static void get_words(In *in, AvDict *d)
{
    WordTable *t = &d->words;
    dvec_init(&t->words, sizeof(const char *));
    size_t n = get_count(in, 4);
    const char **w = vec_reserve(in, &t->words, n);
    for (size_t i = 0; i < n && w; i++)
        w[i] = get_str(in);
    size_t cap = get_count(in, 8);
    if (cap & (cap - 1))
        in->bad = 1;   /* the probing needs a power of two */
    t->cap = cap;
    t->slots = get_array(in, cap, sizeof *t->slots);
    t->hashes = get_array(in, cap, sizeof *t->hashes);
}

static void get_trie(In *in, Trie *t)
{
    size_t n = get_count(in, sizeof(TrieNode));
    TrieNode *nodes = vec_reserve(in, &t->nodes, n);
    if (nodes)
        get(in, nodes, n * sizeof *nodes);
    n = get_count(in, sizeof(TriePayload));
    TriePayload *pl = vec_reserve(in, &t->payloads, n);
    if (pl)
        get(in, pl, n * sizeof *pl);
    t->cap = get_count(in, 12);
    t->used = (size_t)get_u64(in);
    if (t->cap & (t->cap - 1))
        in->bad = 1;
    t->keys = get_array(in, t->cap, sizeof *t->keys);
    t->children = get_array(in, t->cap, sizeof *t->children);
}

static void get_actors(In *in, AvDict *d)
{
    size_t n = get_count(in, 36);
    ActorEntry *a = vec_reserve(in, &d->actors, n);
    for (size_t i = 0; i < n && a; i++) {
        a[i].file = get_str(in);
        a[i].code = get_str(in);
        uint32_t f[7];
        get(in, f, sizeof f);
        a[i].line = f[0];
        a[i].has_default = (uint8_t)f[1];
        a[i].stems = (uint8_t)f[2];
        a[i].first_phrase = f[3];
        a[i].n_phrases = f[4];
        a[i].first_restriction = f[5];
        a[i].n_restrictions = f[6];
    }
    n = get_count(in, 8);
    Phrase *p = vec_reserve(in, &d->phrase_pool, n);
    for (size_t i = 0; i < n && p; i++) {
        p[i].text = get_str(in);
        p[i].line = get_u32(in);
    }
    n = get_count(in, 20);
    DateRestriction *r = vec_reserve(in, &d->restriction_pool, n);
    for (size_t i = 0; i < n && r; i++) {
        r[i].code = get_str(in);
        uint32_t f[4];
        get(in, f, sizeof f);
        r[i].from = f[0];
        r[i].to = f[1];
        r[i].kind = (uint8_t)f[2];
        r[i].line = f[3];
    }
    /* Entries must point inside the pools. */
    for (size_t i = 0; i < d->actors.n && !in->bad; i++) {
        const ActorEntry *e = dvec_at(&d->actors, i);
        if (!e->n_phrases || (uint64_t)e->first_phrase + e->n_phrases > d->phrase_pool.n ||
            (uint64_t)e->first_restriction + e->n_restrictions > d->restriction_pool.n)
            in->bad = 1;
    }
}

static void get_agents(In *in, AvDict *d)
{
    size_t n = get_count(in, 28);
    AgentEntry *a = vec_reserve(in, &d->agents, n);
    for (size_t i = 0; i < n && a; i++) {
        a[i].file = get_str(in);
        a[i].phrase = get_str(in);
        a[i].plurals = get_str(in);
        a[i].code = get_str(in);
        uint32_t f[3];
        get(in, f, sizeof f);
        a[i].line = f[0];
        a[i].prefix = (uint8_t)f[1];
        a[i].stems = (uint8_t)f[2];
        if (!a[i].phrase || !a[i].code)
            in->bad = 1;
    }
    n = get_count(in, 4);
    const char **s = vec_reserve(in, &d->agent_subs, n);
    for (size_t i = 0; i < n && s; i++)
        s[i] = get_str(in);
}

static void get_simple(In *in, DVec *v)
{
    size_t n = get_count(in, 16);
    SimpleEntry *e = vec_reserve(in, v, n);
    for (size_t i = 0; i < n && e; i++) {
        e[i].file = get_str(in);
        e[i].text = get_str(in);
        e[i].code = get_str(in);
        e[i].line = get_u32(in);
    }
}

static void get_pattern(In *in, AvDict *d, AvVerbPattern *p)
{
    uint32_t n = get_u32(in);
    if (n > (in->len - in->pos) / 24) {
        in->bad = 1;
        return;
    }
    AvPatElem *e = av_arena_alloc(&d->arena, sizeof *e * (n ? n : 1));
    if (!e) {
        in->bad = 1;
        return;
    }
    for (uint32_t k = 0; k < n; k++) {
        uint32_t f[5];
        get(in, f, sizeof f);
        e[k] = (AvPatElem){.kind = (uint8_t)f[0], .before_verb = (uint8_t)f[1],
                           .joined = (uint8_t)f[2], .stem = (uint8_t)f[3], .synset = f[4]};
        e[k].word = get_str(in);
    }
    p->elems = e;
    p->n_elems = n;
    p->code = get_str(in);
    p->code2 = get_str(in);
    p->file = get_str(in);
    p->line = get_u32(in);
}

static void get_blocks(In *in, AvDict *d)
{
    size_t n = get_count(in, 24);
    VerbBlock *b = vec_reserve(in, &d->blocks, n);
    for (size_t i = 0; i < n && b && !in->bad; i++) {
        b[i].name = get_str(in);
        b[i].code = get_str(in);
        b[i].file = get_str(in);
        b[i].line = get_u32(in);
        b[i].implicit = (uint8_t)get_u32(in);
        dvec_init(&b[i].patterns, sizeof(AvVerbPattern));
        size_t np = get_count(in, 20);
        AvVerbPattern *p = vec_reserve(in, &b[i].patterns, np);
        for (size_t k = 0; k < np && p; k++)
            get_pattern(in, d, &p[k]);
    }
}

static void get_verbs(In *in, AvDict *d)
{
    get_blocks(in, d);
    size_t n = get_count(in, 28);
    VerbEntry *v = vec_reserve(in, &d->verbs, n);
    for (size_t i = 0; i < n && v; i++) {
        v[i].pub.phrase = get_str(in);
        v[i].pub.file = get_str(in);
        v[i].forms = get_str(in);
        v[i].own_code = get_str(in);
        uint32_t f[3];
        get(in, f, sizeof f);
        v[i].pub.block_id = f[0];
        v[i].pub.line = f[1];
        v[i].has_own_code = (uint8_t)f[2];
        if (f[0] >= d->blocks.n)
            in->bad = 1;
    }
    n = get_count(in, 20);
    Synset *s = vec_reserve(in, &d->synsets, n);
    for (size_t i = 0; i < n && s && !in->bad; i++) {
        s[i].name = get_str(in);
        s[i].file = get_str(in);
        s[i].line = get_u32(in);
        s[i].no_plurals = (uint8_t)get_u32(in);
        dvec_init(&s[i].members, sizeof(const char *));
        size_t nm = get_count(in, 4);
        const char **m = vec_reserve(in, &s[i].members, nm);
        for (size_t k = 0; k < nm && m; k++)
            m[k] = get_str(in);
    }
    n = get_count(in, 12);
    Transformation *t = vec_reserve(in, &d->transformations, n);
    for (size_t i = 0; i < n && t; i++) {
        t[i].text = get_str(in);
        t[i].file = get_str(in);
        t[i].line = get_u32(in);
    }
}

static void get_tables(In *in, AvDict *d)
{
    size_t n = get_count(in, 16);
    AvDictDiag *g = vec_reserve(in, &d->diags, n);
    for (size_t i = 0; i < n && g; i++) {
        g[i].file = get_str(in);
        g[i].message = get_str(in);
        g[i].line = get_u32(in);
        g[i].is_error = (int)get_u32(in);
    }
    n = get_count(in, 20);
    CameoRow *c = vec_reserve(in, &d->cameo, n);
    for (size_t i = 0; i < n && c; i++) {
        c[i].code = get_str(in);
        c[i].name = get_str(in);
        c[i].quad = (int)get_u32(in);
        get(in, &c[i].goldstein, sizeof c[i].goldstein);
    }
    n = get_count(in, 16);
    PloverRow *p = vec_reserve(in, &d->plover, n);
    for (size_t i = 0; i < n && p; i++) {
        p[i].code = get_str(in);
        p[i].p.type = get_str(in);
        p[i].p.mode = get_str(in);
        p[i].p.context = get_str(in);
    }
}

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = NULL;
    if (!fseek(f, 0, SEEK_END)) {
        long n = ftell(f);
        if (n > 0 && !fseek(f, 0, SEEK_SET) && (buf = malloc((size_t)n)) &&
            fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
        *len = n > 0 ? (size_t)n : 0;
    }
    fclose(f);
    return buf;
}

static int header_ok(const unsigned char *buf, size_t len, uint64_t key, CacheHeader *h)
{
    if (len < sizeof *h)
        return 0;
    memcpy(h, buf, sizeof *h);
    if (memcmp(h->magic, CACHE_MAGIC, 8) || h->version != CACHE_VERSION ||
        h->elem_check != layout_check() || h->key != key ||
        h->body_len > len - sizeof *h || h->strings_len != len - sizeof *h - h->body_len)
        return 0;
    const unsigned char *body = buf + sizeof *h;
    if (h->strings_len && body[h->body_len + h->strings_len - 1] != 0)
        return 0;
    return fnv64(FNV_SEED, body, h->body_len + h->strings_len) == h->checksum;
}

AvDict *dict_cache_read(const char *path, uint64_t key)
{
    size_t len = 0;
    unsigned char *buf = read_all(path, &len);
    CacheHeader h;
    if (!buf || !header_ok(buf, len, key, &h)) {
        free(buf);
        return NULL;
    }
    AvDict *d = dict_new();
    char *strings = d ? av_arena_alloc(&d->arena, h.strings_len ? h.strings_len : 1) : NULL;
    if (!strings) {
        free(buf);
        av_dict_free(d);
        return NULL;
    }
    memcpy(strings, buf + sizeof h + h.body_len, h.strings_len);
    In in = {.p = buf + sizeof h, .len = h.body_len, .strings = strings,
             .strings_len = h.strings_len};
    if (sources_fresh(&in)) {
        get_counters(&in, d);
        get_words(&in, d);
        for (int k = 0; k < 6; k++)
            get_trie(&in, &d->tries[k]);
        get_trie(&in, &d->synset_trie);
        get_actors(&in, d);
        get_agents(&in, d);
        get_simple(&in, &d->issues);
        get_simple(&in, &d->discards);
        get_verbs(&in, d);
        get_tables(&in, d);
    } else {
        in.bad = 1;
    }
    free(buf);
    if (in.bad || in.pos != in.len) {
        av_dict_free(d);
        return NULL;
    }
    dict_attach_patterns(d);
    d->from_cache = 1;
    return d;
}
