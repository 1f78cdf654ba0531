/*
 * enrich.c — ties dates, places and quantities to events.
 *
 * An event's own clause comes first: the words whose dependency path climbs
 * to the event's trigger without passing another event's trigger.  Then the
 * rest of the sentence, then (places only) the article's dateline, and (dates
 * only) the publication date.  Untagged or unparsed sentences fall back to
 * word distance from the trigger.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "enrich.h"

#define MAX_TIMEX 16
#define MAX_QUANT 32
#define MAX_EVENT_PLACES 8

typedef struct Ctx {
    const AvEnrichOptions *opt;
    AvDocument *doc;
    AvDay pub;
    const char *pub_origin;      /* "record", "dateline" or NULL */
    AvToponym *topo;
    size_t n_topo;
    int dateline_topo;           /* index into topo, -1 none */
} Ctx;

static void explain(const Ctx *cx, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void explain(const Ctx *cx, const char *fmt, ...)
{
    FILE *f = cx->opt->explain;
    if (!f)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
}

/* ---------------------------------------------------------------- clauses */

static int32_t trigger_word(const AvSentence *s, const AvEvent *e)
{
    for (uint32_t i = 0; i < s->n_tokens; i++)
        if (s->tokens[i].start <= e->trigger_start && e->trigger_start < s->tokens[i].end)
            return (int32_t)i;
    return -1;
}

static int is_trigger_of_sentence(const AvDocument *doc, const AvSentence *s, uint32_t si,
                                  int32_t w)
{
    for (uint32_t k = 0; k < doc->n_events; k++)
        if (doc->events[k].sentence == si && trigger_word(s, &doc->events[k]) == w)
            return 1;
    return 0;
}

/* The trigger whose clause holds word w: the first event trigger met when
 * climbing heads from w; -1 when none (or the sentence is not parsed). */
static int32_t owner_trigger(const AvDocument *doc, const AvSentence *s, uint32_t si, uint32_t w)
{
    int32_t cur = (int32_t)w;
    for (int steps = 0; steps < 64 && cur >= 0 && (uint32_t)cur < s->n_tokens; steps++) {
        if (is_trigger_of_sentence(doc, s, si, cur))
            return cur;
        int32_t head = s->tokens[cur].head;
        if (head <= 0)
            return -1;
        cur = head - 1;
    }
    return -1;
}

static int in_clause(const AvDocument *doc, const AvSentence *s, uint32_t si, uint32_t w,
                     int32_t trigger)
{
    return trigger >= 0 && owner_trigger(doc, s, si, w) == trigger;
}

static uint32_t distance(uint32_t a, int32_t b)
{
    return b < 0 ? UINT32_MAX : (uint32_t)labs((long)a - (long)b);
}

/* ------------------------------------------------------------------ dates */

static char *format_day(AvArena *a, AvDay d)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.y, d.m, d.d);
    return av_arena_strdup(a, buf);
}

static int publication_date(Ctx *cx, AvError *err)
{
    AvDocument *doc = cx->doc;
    if (doc->date && av_day_parse(doc->date, &cx->pub)) {
        cx->pub_origin = "record";
        return AV_OK;
    }
    AvDay none = {0, 0, 0};
    if (av_dateline_date(doc, none, &cx->pub)) {
        cx->pub_origin = "dateline";
        doc->date = format_day(&doc->arena, cx->pub);
        explain(cx, "enrich: publication date %s from the dateline\n", doc->date);
        return AV_OK;
    }
    memset(&cx->pub, 0, sizeof cx->pub);
    if (err)
        snprintf(err->msg, sizeof err->msg,
                 "%s:%llu: record %s: %s publication date; event dates come from the text only",
                 doc->origin ? doc->origin : "-", (unsigned long long)doc->origin_line,
                 doc->id ? doc->id : "?", doc->date ? "malformed" : "no");
    return AV_OK;
}

static void date_event(Ctx *cx, AvEvent *e, const AvSentence *s, int32_t trig)
{
    AvDocument *doc = cx->doc;
    AvTense tense = av_clause_tense(s, trig);
    AvTimex tx[MAX_TIMEX];
    size_t n = av_find_timexes(s, cx->pub, tense, tx, MAX_TIMEX);
    int best = -1, best_in = 0;
    uint32_t best_d = UINT32_MAX;
    for (size_t k = 0; k < n && k < MAX_TIMEX; k++) {
        int inside = in_clause(doc, s, e->sentence, tx[k].first, trig) ||
                     in_clause(doc, s, e->sentence, tx[k].last, trig);
        uint32_t d = distance(tx[k].first, trig);
        if (best < 0 || inside > best_in || (inside == best_in && d < best_d)) {
            best = (int)k;
            best_in = inside;
            best_d = d;
        }
    }
    static const char *const TENSE[] = {"present", "past", "future"};
    if (best >= 0) {
        const AvTimex *t = &tx[best];
        const AvToken *a = &s->tokens[t->first], *b = &s->tokens[t->last];
        e->date = format_day(&doc->arena, t->day);
        e->date_precision = t->precision;
        e->date_origin = "text";
        e->date_text = av_arena_strndup(&doc->arena, doc->text + a->start, b->end - a->start);
        explain(cx, "  date %s (%s) from '%s' in the %s: %s; %s tense\n", e->date, t->precision,
                e->date_text, best_in ? "clause" : "sentence", t->how, TENSE[tense]);
    } else if (cx->pub.y) {
        e->date = format_day(&doc->arena, cx->pub);
        e->date_precision = "day";
        e->date_origin = "publication";
        explain(cx, "  date %s: no temporal expression, publication date (%s)\n", e->date,
                cx->pub_origin);
    } else {
        e->date = NULL;
        explain(cx, "  date: none (no expression, no publication date)\n");
    }
}

/* ----------------------------------------------------------------- places */

static int overlaps(const AvToponym *t, int32_t first, int32_t last)
{
    return first >= 0 && (int32_t)t->first <= last && (int32_t)t->last >= first;
}

static int overlaps_mention(const AvDocument *doc, const AvToponym *t)
{
    for (uint32_t m = 0; m < doc->n_mentions; m++)
        if (doc->mentions[m].sentence == t->sentence &&
            overlaps(t, doc->mentions[m].actor.first, doc->mentions[m].actor.last))
            return 1;
    return 0;
}

static int subject_like(const AvSentence *s, const AvToponym *t)
{
    static const char *const rels[] = {"nsubj", "compound", "amod", "nmod:poss", "appos", NULL};
    const char *rel = s->tokens[t->last].deprel;
    for (int k = 0; rel && rels[k]; k++)
        if (!strncmp(rel, rels[k], strlen(rels[k])))
            return 1;
    return 0;
}

/* "Israel said": a country (or the source's own name) used as an actor is
 * not where the event happened; "in Israel" is. */
static const char *not_a_place(const Ctx *cx, const AvEvent *e, const AvSentence *s,
                               const AvToponym *t)
{
    if (t->qualifier || t->chosen < 0)
        return "qualifier";
    if (t->locative)
        return NULL;
    if (overlaps(t, e->source.first, e->source.last))
        return "names the source actor";
    if (t->cands[t->chosen].kind == AV_PLACE_COUNTRY &&
        (overlaps_mention(cx->doc, t) || subject_like(s, t)))
        return "a country used as an actor";
    return NULL;
}

static int make_place(const Ctx *cx, const AvToponym *t, const char *found, AvPlace *p)
{
    const AvSentence *s = &cx->doc->sentences[t->sentence];
    av_gaz_place(cx->opt->gazetteer, t->cands[t->chosen].index, &cx->doc->arena, p);
    p->start = s->tokens[t->first].start;
    p->end = s->tokens[t->last].end;
    p->text = av_arena_strndup(&cx->doc->arena, cx->doc->text + p->start, p->end - p->start);
    p->found = found;
    p->sentence = t->sentence;
    return p->text ? AV_OK : AV_ERR_NOMEM;
}

static int already_listed(const AvPlace *found, int n, const AvPlace *p)
{
    for (int k = 0; k < n; k++)
        if (found[k].name == p->name && found[k].lat == p->lat && found[k].lon == p->lon)
            return 1;
    return 0;
}

static int place_event(Ctx *cx, AvEvent *e, const AvSentence *s, int32_t trig)
{
    AvPlace found[MAX_EVENT_PLACES];
    int n = 0, primary = -1, primary_rank = 0;
    for (size_t k = 0; k < cx->n_topo && n < MAX_EVENT_PLACES; k++) {
        const AvToponym *t = &cx->topo[k];
        if (t->sentence != e->sentence)
            continue;
        const char *why = not_a_place(cx, e, s, t);
        if (why) {
            if (strcmp(why, "qualifier"))
                explain(cx, "  '%s' is not a place of the event: %s\n",
                        t->cands[t->chosen].name, why);
            continue;
        }
        int inside = in_clause(cx->doc, s, e->sentence, t->last, trig);
        if (make_place(cx, t, inside ? "clause" : "sentence", &found[n]) < 0)
            return AV_ERR_NOMEM;
        if (already_listed(found, n, &found[n]))
            continue;                       /* "Washington ... Washington" */
        int rank = 1 + 2 * inside + t->locative;
        if (rank > primary_rank) {
            primary = n;
            primary_rank = rank;
        }
        explain(cx, "  place '%s' -> %s (%s, %s, %s) in the %s%s\n", found[n].text,
                found[n].name, found[n].country ? found[n].country : "-", found[n].precision,
                t->how, found[n].found, t->locative ? ", after a locative preposition" : "");
        n++;
    }
    if (n == 0 && cx->dateline_topo >= 0) {
        if (make_place(cx, &cx->topo[cx->dateline_topo], "dateline", &found[0]) < 0)
            return AV_ERR_NOMEM;
        explain(cx, "  place: none in the sentence; dateline '%s' -> %s\n", found[0].text,
                found[0].name);
        primary = 0;
        n = 1;
    }
    if (n == 0)
        return AV_OK;
    AvPlace *v = av_arena_alloc(&cx->doc->arena, sizeof(AvPlace) * (size_t)n);
    if (!v)
        return AV_ERR_NOMEM;
    memcpy(v, found, sizeof(AvPlace) * (size_t)n);
    e->locations = v;
    e->n_locations = (uint32_t)n;
    e->location = &v[primary];
    return AV_OK;
}

static int find_dateline_toponym(const Ctx *cx)
{
    uint32_t start, end;
    if (!av_dateline_place(cx->doc, &start, &end))
        return -1;
    for (size_t k = 0; k < cx->n_topo; k++) {
        const AvToponym *t = &cx->topo[k];
        const AvSentence *s = &cx->doc->sentences[t->sentence];
        if (s->tokens[t->first].start >= start && s->tokens[t->last].end <= end && t->chosen >= 0)
            return (int)k;
    }
    return -1;
}

/* ------------------------------------------------------------- quantities */

/* The event trigger a quantity belongs to: its clause's, else the nearest. */
static int32_t quantity_owner(const AvDocument *doc, const AvSentence *s, uint32_t si,
                              const AvQuantityHit *h)
{
    int32_t own = owner_trigger(doc, s, si, h->anchor);
    if (own < 0)
        own = owner_trigger(doc, s, si, h->first);
    if (own >= 0)
        return own;
    uint32_t best_d = UINT32_MAX;
    for (uint32_t k = 0; k < doc->n_events; k++) {
        if (doc->events[k].sentence != si)
            continue;
        int32_t t = trigger_word(s, &doc->events[k]);
        if (distance(h->anchor, t) < best_d) {
            best_d = distance(h->anchor, t);
            own = t;
        }
    }
    return own;
}

static int quantify_sentence(Ctx *cx, uint32_t si)
{
    AvDocument *doc = cx->doc;
    const AvSentence *s = &doc->sentences[si];
    AvQuantityHit hits[MAX_QUANT];
    size_t n = av_find_quantities(doc, s, hits, MAX_QUANT);
    for (size_t q = 0; q < n; q++) {
        int32_t owner = quantity_owner(doc, s, si, &hits[q]);
        for (uint32_t k = 0; k < doc->n_events; k++) {
            AvEvent *e = &doc->events[k];
            if (e->sentence != si || trigger_word(s, e) != owner)
                continue;
            AvQuantity *v = av_arena_realloc(&doc->arena, (void *)e->quantities,
                                             sizeof(AvQuantity) * e->n_quantities,
                                             sizeof(AvQuantity) * (e->n_quantities + 1));
            if (!v)
                return AV_ERR_NOMEM;
            v[e->n_quantities++] = hits[q].q;
            e->quantities = v;
            explain(cx, "  event %s: quantity '%s' -> %s %g %s%s%s\n", e->id, hits[q].q.text,
                    hits[q].q.kind, isnan(hits[q].q.value) ? hits[q].q.min : hits[q].q.value,
                    hits[q].q.unit, hits[q].q.qualifier ? ", qualifier " : "",
                    hits[q].q.qualifier ? hits[q].q.qualifier : "");
        }
    }
    return AV_OK;
}

/* ------------------------------------------------------------------- main */

static int first_event_of_sentence(const AvDocument *doc, uint32_t k)
{
    for (uint32_t j = 0; j < k; j++)
        if (doc->events[j].sentence == doc->events[k].sentence)
            return 0;
    return 1;
}

int av_enrich_document(const AvEnrichOptions *opt, AvDocument *doc, AvError *err)
{
    if (!opt || !doc)
        return av_error_set(err, AV_ERR_ARG, "enrich: no options or document");
    if (err)
        av_error_clear(err);
    Ctx cx;
    memset(&cx, 0, sizeof cx);
    cx.opt = opt;
    cx.doc = doc;
    cx.dateline_topo = -1;
    publication_date(&cx, err);
    if (doc->n_events == 0)
        return AV_OK;
    if (opt->gazetteer) {
        AvError e2;
        if (av_find_toponyms(opt->gazetteer, doc, &cx.topo, &cx.n_topo, &e2) < 0)
            return av_error_set(err, e2.code, "%s", e2.msg);
        cx.dateline_topo = find_dateline_toponym(&cx);
    }
    uint32_t last_sentence = UINT32_MAX;
    for (uint32_t k = 0; k < doc->n_events; k++) {
        AvEvent *e = &doc->events[k];
        if (e->sentence >= doc->n_sentences)
            continue;
        const AvSentence *s = &doc->sentences[e->sentence];
        int32_t trig = trigger_word(s, e);
        explain(&cx, "enrich event %s (sentence %u, trigger '%s'):\n", e->id, e->sentence,
                e->trigger ? e->trigger : "?");
        date_event(&cx, e, s, trig);
        if (opt->gazetteer && place_event(&cx, e, s, trig) < 0)
            return av_error_set(err, AV_ERR_NOMEM, "out of memory");
        if (e->sentence != last_sentence && first_event_of_sentence(doc, k)) {
            last_sentence = e->sentence;
            if (quantify_sentence(&cx, e->sentence) < 0)
                return av_error_set(err, AV_ERR_NOMEM, "out of memory");
        }
    }
    return AV_OK;
}
