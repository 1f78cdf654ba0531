/*
 * dict_match.c — lookups on a loaded dictionary: longest-match phrases,
 * date-restricted actor codes, agent composition, verbs, synsets, stats.
 * Nothing here writes to the AvDict.
 */
#include <stdlib.h>
#include <string.h>
#include "dict.h"

#define FRONTIER 16
#define STEM_MAX 64   /* prefixes hashed in one pass (longer: one by one) */

/* "YYYYMMDD", "YYYY-MM-DD", "YYMMDD" -> yyyymmdd; 0 = no date; -1 = bad. */
static int64_t query_date(const char *date)
{
    if (!date || !*date)
        return 0;
    char digits[16];
    size_t n = 0;
    for (const char *p = date; *p; p++) {
        if (*p == '-')
            continue;
        if (n + 1 >= sizeof digits)
            return -1;
        digits[n++] = *p;
    }
    uint32_t v = dict_parse_date(digits, n);
    return v ? (int64_t)v : -1;
}

/* The code of an actor on a date: the first restriction that holds, else
 * the default.  Without a date: the default, else the restriction that
 * ends last (the most recent role). */
static const char *actor_code(const AvDict *d, const ActorEntry *a, uint32_t date)
{
    const DateRestriction *r = a->n_restrictions ? ACTOR_RESTRICTION(d, a, 0) : NULL;
    if (date) {
        for (size_t i = 0; i < a->n_restrictions; i++)
            if (r[i].from <= date && date <= r[i].to)
                return r[i].code;
        return a->has_default ? a->code : NULL;
    }
    if (a->has_default || !a->n_restrictions)
        return a->code;
    size_t best = 0;
    for (size_t i = 1; i < a->n_restrictions; i++)
        if (r[i].to >= r[best].to)
            best = i;
    return r[best].code;
}

static void fill_match(const AvDict *d, AvDictKind kind, uint32_t entry, uint32_t length,
                       uint32_t date, AvDictMatch *m)
{
    memset(m, 0, sizeof *m);
    m->kind = kind;
    m->entry = entry;
    m->length = length;
    switch (kind) {
    case AV_DICT_ACTORS: {
        const ActorEntry *a = dvec_at(&d->actors, entry);
        m->code = actor_code(d, a, date);
        m->phrase = ACTOR_PHRASE(d, a, 0)->text;
        m->file = a->file;
        m->line = a->line;
        break;
    }
    case AV_DICT_AGENTS: {
        const AgentEntry *a = dvec_at(&d->agents, entry);
        m->code = a->code;
        m->agent_prefix = a->prefix;
        m->phrase = a->phrase;
        m->file = a->file;
        m->line = a->line;
        break;
    }
    case AV_DICT_VERBS: {
        const VerbEntry *v = dvec_at(&d->verbs, entry);
        m->code = v->pub.code;
        m->phrase = v->pub.phrase;
        m->file = v->pub.file;
        m->line = v->pub.line;
        break;
    }
    default: {
        const SimpleEntry *e = dvec_at(kind == AV_DICT_ISSUES ? &d->issues : &d->discards, entry);
        m->code = e->code;
        m->phrase = e->text;
        m->file = e->file;
        m->line = e->line;
        break;
    }
    }
}

/* Children of node for one folded word: the exact edge and, where the node
 * has stem edges, one per prefix of the word that is a stem. */
static size_t step(const AvDict *d, const Trie *t, uint32_t node, const char *w, size_t wl,
                   uint32_t *out, size_t max)
{
    size_t k = 0;
    uint32_t id = words_find(&d->words, w, wl);
    uint32_t c = id == WORD_NONE ? UINT32_MAX : trie_child(t, node, id);
    if (c != UINT32_MAX && k < max)
        out[k++] = c;
    if (!((const TrieNode *)dvec_at(&t->nodes, node))->has_stems)
        return k;
    uint32_t ph[STEM_MAX + 1];   /* hashes of the prefixes, longest first below */
    size_t top = wl < STEM_MAX ? wl : STEM_MAX;
    ph[0] = words_hash("", 0);
    for (size_t l = 1; l <= top; l++)
        ph[l] = words_hash_more(ph[l - 1], w[l - 1]);
    for (size_t l = wl; l > 0 && k < max; l--) {
        if (((unsigned char)w[l - 1] & 0xC0) == 0x80)
            continue;   /* not a character boundary */
        uint32_t pid = l <= top ? words_find_hashed(&d->words, w, l, ph[l])
                                : words_find(&d->words, w, l);
        if (pid == WORD_NONE)
            continue;
        c = trie_child(t, node, pid | STEM_BIT);
        if (c != UINT32_MAX)
            out[k++] = c;
    }
    return k;
}

typedef void (*HitFn)(void *ctx, uint32_t entry, uint32_t length);

/* Walks the trie of kind from words[pos]; calls hit for every payload of
 * every node reached, shortest first. */
static void walk(const AvDict *d, const Trie *t, const char *const *words, size_t n, size_t pos,
                 HitFn hit, void *ctx)
{
    uint32_t front[FRONTIER], next[FRONTIER];
    size_t nf = 1;
    front[0] = 0;
    char buf[512];
    for (size_t i = pos; i < n && nf; i++) {
        if (!words[i])
            break;
        size_t wl = dict_fold(words[i], strlen(words[i]), buf, sizeof buf);
        if (wl == (size_t)-1)
            break;
        /* a token joined with '_' ("Dol_Amroth") is several dictionary
         * words, as in the phrases themselves: step through each part */
        size_t nn = 0;
        for (size_t p0 = 0, p1; p0 <= wl && nf; p0 = p1 + 1) {
            for (p1 = p0; p1 < wl && buf[p1] != '_'; p1++)
                ;
            if (p1 == p0 && wl) {   /* "__", a leading or trailing '_' */
                nn = 0;
                break;
            }
            nn = 0;
            for (size_t f = 0; f < nf; f++)
                nn += step(d, t, front[f], buf + p0, p1 - p0, next + nn, FRONTIER - nn);
            if (p1 < wl) {
                memcpy(front, next, nn * sizeof *next);
                nf = nn;
            }
        }
        for (size_t f = 0; f < nn; f++) {
            const TrieNode *tn = dvec_at(&t->nodes, next[f]);
            for (uint32_t p = tn->payload; p;) {
                const TriePayload *pl = dvec_at(&t->payloads, p - 1);
                hit(ctx, pl->entry, (uint32_t)(i - pos + 1));
                p = pl->next;
            }
        }
        memcpy(front, next, nn * sizeof *next);
        nf = nn;
    }
}

typedef struct Collect {
    const AvDict *d;
    AvDictKind kind;
    uint32_t date;
    AvDictMatch *out;
    size_t max, found;
    AvDictMatch best;        /* longest, first defined */
} Collect;

static void collect_hit(void *ctx, uint32_t entry, uint32_t length)
{
    Collect *c = ctx;
    if (c->found < c->max)
        fill_match(c->d, c->kind, entry, length, c->date, &c->out[c->found]);
    c->found++;
    if (length > c->best.length)
        fill_match(c->d, c->kind, entry, length, c->date, &c->best);
}

static int kind_ok(AvDictKind kind)
{
    return kind >= AV_DICT_ACTORS && kind <= AV_DICT_DISCARDS;
}

int av_dict_match(const AvDict *d, AvDictKind kind, const char *const *words, size_t n,
                  size_t pos, const char *date, AvDictMatch *out)
{
    int64_t dt = query_date(date);
    if (!d || !words || !out || !kind_ok(kind) || dt < 0)
        return AV_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (pos >= n)
        return 0;
    Collect c = {.d = d, .kind = kind, .date = (uint32_t)dt};
    walk(d, &d->tries[kind], words, n, pos, collect_hit, &c);
    if (!c.best.length)
        return 0;
    *out = c.best;
    return 1;
}

static int cmp_longest(const void *a, const void *b)
{
    const AvDictMatch *x = a, *y = b;
    if (x->length != y->length)
        return x->length > y->length ? -1 : 1;
    return x->entry < y->entry ? -1 : x->entry > y->entry;
}

size_t av_dict_match_all(const AvDict *d, AvDictKind kind, const char *const *words, size_t n,
                         size_t pos, const char *date, AvDictMatch *out, size_t max)
{
    int64_t dt = query_date(date);
    if (!d || !words || !kind_ok(kind) || dt < 0 || pos >= n)
        return 0;
    Collect c = {.d = d, .kind = kind, .date = (uint32_t)dt, .out = out, .max = out ? max : 0};
    walk(d, &d->tries[kind], words, n, pos, collect_hit, &c);
    size_t k = c.found < c.max ? c.found : c.max;
    if (k > 1)
        qsort(out, k, sizeof *out, cmp_longest);
    return c.found;
}

int av_dict_match_actor(const AvDict *d, const char *const *words, size_t n, size_t pos,
                        const char *date, AvDictMatch *out)
{
    return av_dict_match(d, AV_DICT_ACTORS, words, n, pos, date, out);
}

int av_dict_match_agent(const AvDict *d, const char *const *words, size_t n, size_t pos,
                        AvDictMatch *out)
{
    return av_dict_match(d, AV_DICT_AGENTS, words, n, pos, NULL, out);
}

int av_dict_compose(const char *actor, const AvDictMatch *agent, char *buf, size_t cap)
{
    const char *ag = agent && agent->code ? agent->code : "";
    const char *ac = actor ? actor : "";
    size_t la = strlen(ac), lg = strlen(ag);
    /* "ISRCOP" + "~COP" stays "ISRCOP". */
    if (!agent || !agent->agent_prefix) {
        if (la >= lg && lg && !strcmp(ac + la - lg, ag))
            lg = 0;
    } else if (lg && !strncmp(ac, ag, lg)) {
        lg = 0;
    }
    if (la + lg + 1 > cap)
        return AV_ERR_LIMIT;
    if (agent && agent->agent_prefix)
        snprintf(buf, cap, "%.*s%s", (int)lg, ag, ac);
    else
        snprintf(buf, cap, "%s%.*s", ac, (int)lg, ag);
    return AV_OK;
}

int av_dict_code_phrase(const AvDict *d, const char *const *words, size_t n, const char *date,
                        char *buf, size_t cap, AvDictMatch *actor, AvDictMatch *agent)
{
    /* One actor, and up to two agents: one written before the actor code
     * ("NGO~": "an MSF diplomat") and one after it ("~GOV"), as PETRARCH
     * composes "NGO" + "ARN" + "GOV". */
    AvDictMatch ac = {0}, ag = {0}, agp = {0}, m;
    if (query_date(date) < 0)
        return AV_ERR_ARG;
    for (size_t i = 0; i < n;) {
        AvDictMatch a, g;
        int ha = av_dict_match(d, AV_DICT_ACTORS, words, n, i, date, &a) == 1 && !ac.length;
        int hg = av_dict_match(d, AV_DICT_AGENTS, words, n, i, NULL, &g) == 1 &&
                 !(g.agent_prefix ? agp.length : ag.length);
        if (ha && (!hg || a.length >= g.length)) {
            m = a;
            ac = a;
        } else if (hg) {
            m = g;
            if (g.agent_prefix)
                agp = g;
            else
                ag = g;
        } else {
            i++;
            continue;
        }
        i += m.length;
    }
    if (!ag.length && agp.length) {
        ag = agp;      /* a prefix agent alone */
        agp.length = 0;
    }
    if (actor)
        *actor = ac;
    if (agent)
        *agent = ag;
    if (!ac.length && !ag.length)
        return 0;
    if (!ac.code && !ag.length)
        return 0;
    int rc = av_dict_compose(ac.code, ag.length ? &ag : NULL, buf, cap);
    if (rc == AV_OK && agp.length && ac.length) {
        char inner[128];
        if (snprintf(inner, sizeof inner, "%s", buf) >= (int)sizeof inner)
            return AV_ERR_LIMIT;
        rc = av_dict_compose(inner, &agp, buf, cap);
    }
    return rc < 0 ? rc : 1;
}

/* ---- verbs and synsets ---- */

static int word_matches(const AvPatElem *e, const char *token)
{
    char buf[256], plural[260];
    size_t n = dict_fold(token, strlen(token), buf, sizeof buf);
    if (n == (size_t)-1)
        return 0;
    size_t wl = strlen(e->word);
    if (e->stem)
        return n >= wl && !strncmp(buf, e->word, wl);
    if (!strcmp(buf, e->word))
        return 1;
    return dict_plural(e->word, plural, sizeof plural) == 0 && !strcmp(buf, plural);
}

int av_dict_pattern_word_matches(const AvPatElem *e, const char *form, const char *lemma)
{
    if (!e || e->kind != AV_PAT_WORD || !e->word)
        return 0;
    return (form && word_matches(e, form)) || (lemma && word_matches(e, lemma));
}

size_t av_dict_n_verbs(const AvDict *d)
{
    return d ? d->verbs.n : 0;
}

const AvVerb *av_dict_verb(const AvDict *d, uint32_t id)
{
    return d && id < d->verbs.n ? &((const VerbEntry *)dvec_at(&d->verbs, id))->pub : NULL;
}

const AvVerb *av_dict_verb_by_lemma(const AvDict *d, const char *lemma)
{
    if (!d || !lemma)
        return NULL;
    char copy[256];
    snprintf(copy, sizeof copy, "%s", lemma);
    const char *words[32];
    size_t n = 0;
    char *save = NULL;
    for (char *t = strtok_r(copy, " _", &save); t && n < 32; t = strtok_r(NULL, " _", &save))
        words[n++] = t;
    AvDictMatch m;
    if (av_dict_match(d, AV_DICT_VERBS, words, n, 0, NULL, &m) != 1 || m.length != n)
        return NULL;
    return av_dict_verb(d, m.entry);
}

typedef struct SynsetHit {
    uint32_t synset;
    uint32_t best;
} SynsetHit;

static void synset_hit(void *ctx, uint32_t entry, uint32_t length)
{
    SynsetHit *h = ctx;
    if (entry == h->synset && length > h->best)
        h->best = length;
}

size_t av_dict_match_synset(const AvDict *d, uint32_t synset, const char *const *words, size_t n,
                            size_t pos)
{
    if (!d || !words || synset >= d->synsets.n || pos >= n)
        return 0;
    SynsetHit h = {.synset = synset};
    walk(d, &d->synset_trie, words, n, pos, synset_hit, &h);
    return h.best;
}

size_t av_dict_n_synsets(const AvDict *d)
{
    return d ? d->synsets.n : 0;
}

const char *av_dict_synset_name(const AvDict *d, uint32_t synset)
{
    return d && synset < d->synsets.n ? ((const Synset *)dvec_at(&d->synsets, synset))->name
                                      : NULL;
}

/* ---- stats ---- */

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* Distinct CAMEO roots (01..20) and subcodes (3-4 digit codes that are not
 * a root's "x0" form) named by verbs and patterns. */
static void cameo_coverage(const AvDict *d, AvDictStats *s)
{
    DVec codes;
    dvec_init(&codes, sizeof(const char *));
    for (size_t i = 0; i < d->verbs.n; i++) {
        const AvVerb *v = av_dict_verb(d, (uint32_t)i);
        const char **slot = v->code ? dvec_push(&codes) : NULL;
        if (slot)
            *slot = v->code;
    }
    for (size_t b = 0; b < d->blocks.n; b++) {
        const VerbBlock *blk = dvec_at(&d->blocks, b);
        for (size_t i = 0; i < blk->patterns.n; i++) {
            const AvVerbPattern *p = dvec_at(&blk->patterns, i);
            const char *cs[2] = {p->code, p->code2};
            for (int k = 0; k < 2; k++) {
                const char **slot = cs[k] ? dvec_push(&codes) : NULL;
                if (slot)
                    *slot = cs[k];
            }
        }
    }
    if (codes.n)
        qsort(codes.data, codes.n, sizeof(char *), cmp_cstr);
    char seen_root[21] = {0};
    for (size_t i = 0; i < codes.n; i++) {
        const char *c = *(const char **)dvec_at(&codes, i);
        if (!all_digits(c) || strlen(c) < 3 || strlen(c) > 4)
            continue;
        if (i && !strcmp(c, *(const char **)dvec_at(&codes, i - 1)))
            continue;
        int root = (c[0] - '0') * 10 + (c[1] - '0');
        if (root < 1 || root > 20)
            continue;
        if (!seen_root[root]) {
            seen_root[root] = 1;
            s->cameo_roots_covered++;
        }
        if (!(strlen(c) == 3 && c[2] == '0'))
            s->cameo_subcodes_covered++;
    }
    dvec_free(&codes);
}

void av_dict_stats(const AvDict *d, AvDictStats *s)
{
    memset(s, 0, sizeof *s);
    if (!d)
        return;
    s->files = d->files;
    s->errors = d->errors;
    s->warnings = d->warnings;
    s->actors = d->actors.n;
    s->actor_phrases = d->actor_phrases;
    s->date_restrictions = d->restrictions;
    s->agents = d->agents.n;
    s->agent_phrases = d->agent_phrases;
    s->verbs = d->verbs.n;
    s->verb_forms = d->verb_forms;
    s->verb_blocks = d->blocks.n;
    for (size_t b = 0; b < d->blocks.n; b++)
        s->patterns += ((const VerbBlock *)dvec_at(&d->blocks, b))->patterns.n;
    s->synsets = d->synsets.n;
    s->transformations = d->transformations.n;
    s->issues = d->issues.n;
    s->issue_phrases = d->issue_phrases;
    s->discards = d->discards.n;
    s->cameo_codes = d->cameo.n;
    s->plover_codes = d->plover.n;
    s->words = d->words.words.n;
    s->from_cache = d->from_cache;
    size_t mem = d->arena.used + d->words.cap * 8 + d->words.words.cap * sizeof(char *);
    for (int k = 0; k < 6; k++)
        mem += d->tries[k].cap * 12 + d->tries[k].nodes.cap * sizeof(TrieNode) +
               d->tries[k].payloads.cap * sizeof(TriePayload);
    s->memory_bytes = mem;
    cameo_coverage(d, s);
}
