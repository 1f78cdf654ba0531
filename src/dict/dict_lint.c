/*
 * dict_lint.c — checks beyond syntax for `avocet dict check`: duplicate and
 * conflicting entries, overlapping date ranges, codes missing from the
 * CAMEO codebook.  Reads the dictionary only.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "dict.h"

typedef struct Lint {
    const AvDict *d;
    AvDictDiagFn fn;
    void *user;
    size_t errors;
} Lint;

#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static void report(Lint *l, const char *file, uint32_t line, int is_error, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    AvDictDiag dg = {.file = file, .line = line, .is_error = is_error, .message = msg};
    l->errors += (size_t)is_error;
    if (l->fn)
        l->fn(l->user, &dg);
}

size_t av_dict_actor_codes(const AvDict *d, uint32_t entry, AvDictDateCode *out, size_t max)
{
    if (!d || entry >= d->actors.n)
        return 0;
    const ActorEntry *a = dvec_at(&d->actors, entry);
    size_t n = 0;
    if (a->has_default) {
        if (n < max && out)
            out[n] = (AvDictDateCode){.code = a->code, .from = 0, .to = 99999999, .kind = 0};
        n++;
    }
    for (size_t i = 0; i < a->n_restrictions; i++, n++) {
        const DateRestriction *r = ACTOR_RESTRICTION(d, a, i);
        if (n < max && out)
            out[n] = (AvDictDateCode){.code = r->code, .from = r->from, .to = r->to,
                                      .kind = (char)r->kind};
    }
    return n;
}

/* ---- duplicates ---- */

static int same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static int same_actor_codes(const AvDict *d, const ActorEntry *a, const ActorEntry *b)
{
    if (a->has_default != b->has_default || !same_str(a->code, b->code) ||
        a->n_restrictions != b->n_restrictions)
        return 0;
    for (size_t i = 0; i < a->n_restrictions; i++) {
        const DateRestriction *x = ACTOR_RESTRICTION(d, a, i), *y = ACTOR_RESTRICTION(d, b, i);
        if (!same_str(x->code, y->code) || x->from != y->from || x->to != y->to)
            return 0;
    }
    return 1;
}

/* The first entry (other than self) stored on the node the phrase ends at. */
static int64_t first_other(const Trie *t, const uint32_t *ids, size_t n, uint32_t self)
{
    uint32_t node = trie_find(t, ids, n);
    if (node == UINT32_MAX)
        return -1;
    const TrieNode *tn = dvec_at(&t->nodes, node);
    for (uint32_t p = tn->payload; p;) {
        const TriePayload *pl = dvec_at(&t->payloads, p - 1);
        if (pl->entry == self)
            return -1;      /* self comes first: the later entry reports */
        return pl->entry;
    }
    return -1;
}

static void lint_actors(Lint *l)
{
    const AvDict *d = l->d;
    for (size_t e = 0; e < d->actors.n; e++) {
        const ActorEntry *a = dvec_at(&d->actors, e);
        for (size_t k = 0; k < a->n_phrases; k++) {
            const Phrase *p = ACTOR_PHRASE(d, a, k);
            uint32_t ids[64];
            int n = dict_phrase_ids_ro(d, p->text, strlen(p->text), a->stems, ids, 64);
            int64_t other = n > 0 ? first_other(&d->tries[AV_DICT_ACTORS], ids, (size_t)n,
                                                (uint32_t)e) : -1;
            if (other < 0)
                continue;
            const ActorEntry *o = dvec_at(&d->actors, (size_t)other);
            int same = same_actor_codes(d, a, o);
            report(l, a->file, p->line, !same, "%s actor phrase '%s': also at %s:%u%s",
                   same ? "duplicate" : "conflicting", p->text, o->file, o->line,
                   same ? " with the same codes" : " with other codes (the first one wins)");
        }
    }
}

static void lint_dates(Lint *l)
{
    const AvDict *d = l->d;
    for (size_t e = 0; e < d->actors.n; e++) {
        const ActorEntry *a = dvec_at(&d->actors, e);
        for (size_t i = 0; i < a->n_restrictions; i++)
            for (size_t j = i + 1; j < a->n_restrictions; j++) {
                const DateRestriction *x = ACTOR_RESTRICTION(d, a, i);
                const DateRestriction *y = ACTOR_RESTRICTION(d, a, j);
                if (same_str(x->code, y->code) || x->to < y->from || y->to < x->from)
                    continue;
                /* Ranges that share only their boundary day are the normal way
                 * of writing a hand-over ("[A 010101-050101] [B 050101-...]"). */
                if (x->to == y->from || y->to == x->from)
                    continue;
                report(l, a->file, y->line, 1,
                       "date ranges of [%s] and [%s] overlap (%08u-%08u, %08u-%08u); the first "
                       "listed wins", x->code ? x->code : "---", y->code ? y->code : "---",
                       (unsigned)x->from, (unsigned)x->to, (unsigned)y->from, (unsigned)y->to);
            }
    }
}

static void lint_agents(Lint *l)
{
    const AvDict *d = l->d;
    for (size_t e = 0; e < d->agents.n; e++) {
        const AgentEntry *a = dvec_at(&d->agents, e);
        uint32_t ids[64];
        if (strchr(a->phrase, '!'))
            continue;   /* substitution markers: the expanded forms are checked by use */
        int n = dict_phrase_ids_ro(d, a->phrase, strlen(a->phrase), a->stems, ids, 64);
        int64_t other = n > 0 ? first_other(&d->tries[AV_DICT_AGENTS], ids, (size_t)n,
                                            (uint32_t)e) : -1;
        if (other < 0)
            continue;
        const AgentEntry *o = dvec_at(&d->agents, (size_t)other);
        int same = same_str(a->code, o->code) && a->prefix == o->prefix;
        report(l, a->file, a->line, !same, "%s agent '%s': also at %s:%u%s",
               same ? "duplicate" : "conflicting", a->phrase, o->file, o->line,
               same ? "" : " with another code (the first one wins)");
    }
}

/* ---- verbs ---- */

/* A code, or each part of "code:code2" (verb lines use that form too). */
static int known_code(const AvDict *d, const char *code)
{
    if (!code)
        return 1;
    const char *colon = strchr(code, ':');
    if (!colon)
        return av_dict_cameo_name(d, code) != NULL;
    char head[64];
    snprintf(head, sizeof head, "%.*s", (int)(colon - code), code);
    return (!head[0] || av_dict_cameo_name(d, head)) && known_code(d, colon + 1);
}

/* The pattern's words as one string, to compare patterns. */
static void pattern_key(const AvVerbPattern *p, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = 0;
    for (uint32_t i = 0; i < p->n_elems && n + 1 < cap; i++) {
        const AvPatElem *e = &p->elems[i];
        int w = snprintf(buf + n, cap - n, "%d:%s%c", e->kind, e->word ? e->word : "",
                         e->joined ? '_' : ' ');
        if (w < 0 || (size_t)w >= cap - n)
            break;
        n += (size_t)w;
    }
}

static void lint_block_patterns(Lint *l, const VerbBlock *b)
{
    char ki[1024], kj[1024];
    for (size_t i = 0; i < b->patterns.n; i++) {
        const AvVerbPattern *p = dvec_at(&b->patterns, i);
        if (l->d->cameo.n && (!known_code(l->d, p->code) || !known_code(l->d, p->code2)))
            report(l, p->file, p->line, 1, "pattern code [%s%s%s] is not in the CAMEO codebook",
                   p->code ? p->code : "", p->code2 ? ":" : "", p->code2 ? p->code2 : "");
        pattern_key(p, ki, sizeof ki);
        for (size_t j = 0; j < i; j++) {
            const AvVerbPattern *q = dvec_at(&b->patterns, j);
            pattern_key(q, kj, sizeof kj);
            if (strcmp(ki, kj))
                continue;
            int same = same_str(p->code, q->code) && same_str(p->code2, q->code2);
            report(l, p->file, p->line, !same, "%s pattern in block '%s': also at line %u%s",
                   same ? "duplicate" : "conflicting", b->name, q->line,
                   same ? "" : " with another code (the first one wins)");
            break;
        }
    }
}

static void lint_verbs(Lint *l)
{
    const AvDict *d = l->d;
    for (size_t i = 0; i < d->verbs.n; i++) {
        const VerbEntry *v = dvec_at(&d->verbs, i);
        if (d->cameo.n && !known_code(d, v->own_code))
            report(l, v->pub.file, v->pub.line, 1, "verb code [%s] is not in the CAMEO codebook",
                   v->own_code);
    }
    for (size_t b = 0; b < d->blocks.n; b++) {
        const VerbBlock *blk = dvec_at(&d->blocks, b);
        if (d->cameo.n && !blk->implicit && !known_code(d, blk->code))
            report(l, blk->file, blk->line, 1, "block code [%s] is not in the CAMEO codebook",
                   blk->code);
        lint_block_patterns(l, blk);
    }
}

size_t av_dict_lint(const AvDict *d, AvDictDiagFn fn, void *user)
{
    if (!d)
        return 0;
    Lint l = {.d = d, .fn = fn, .user = user};
    if (!d->cameo.n && (d->verbs.n || d->blocks.n))
        report(&l, "(cameo)", 0, 0, "CAMEO codebook not loaded: verb codes not checked");
    lint_actors(&l);
    lint_dates(&l);
    lint_agents(&l);
    lint_verbs(&l);
    return l.errors;
}
