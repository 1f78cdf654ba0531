/*
 * places.c — toponyms: recognition and disambiguation.
 *
 * Recognition: the longest capitalised span (proper nouns when the sentence
 * is tagged; "of", "al", "and" may join words inside it) that is a
 * gazetteer name.  A locative preposition before it ("in", "near", "from")
 * is noted: it is what makes a country a place rather than an actor.
 *
 * Disambiguation: "Paris, Texas" picks the candidates that the qualifier
 * names; otherwise each candidate scores its prominence (population,
 * capital, country) plus the evidence for its country in the article: the
 * countries of the coded actors and of the places that are unambiguous.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "enrich.h"

#define MAX_SPAN 6
#define MAX_EVIDENCE 64

static const char *form_of(const AvSentence *s, uint32_t i)
{
    return i < s->n_tokens && s->tokens[i].form ? s->tokens[i].form : "";
}

static int word_in(const AvSentence *s, uint32_t i, const char *const *list)
{
    for (; *list; list++)
        if (!strcasecmp(form_of(s, i), *list))
            return 1;
    return 0;
}

static int capitalised(const char *w)
{
    unsigned char c = (unsigned char)w[0];
    return (c >= 'A' && c <= 'Z') || c >= 0xC3;
}

static const char *const JOINERS[] = {"of", "the", "and", "al", "el", "de", "du", "la", "-",
                                      "upon", "on", "da", "do", "dos", "van", NULL};
static const char *const LOCATIVE[] = {"in", "at", "near", "from", "to", "into", "inside",
                                       "outside", "across", "around", "toward", "towards",
                                       "throughout", "within", "off", "outskirts", "via",
                                       "through", "between", NULL};
static const char *const DIRECTION[] = {"northern", "southern", "eastern", "western",
                                        "central", "occupied", "north", "south", "east",
                                        "west", "northeastern", "northwestern", "southeastern",
                                        "southwestern", "neighbouring", "neighboring", "the",
                                        NULL};

static int tagged(const AvSentence *s)
{
    return s->n_tokens > 0 && s->tokens[0].upos != NULL;
}

/* May a place name start (or end) at word i? */
static int name_word(const AvSentence *s, uint32_t i)
{
    const AvToken *t = &s->tokens[i];
    if (!capitalised(form_of(s, i)))
        return 0;
    if (!t->upos)
        return 1;
    return !strcmp(t->upos, "PROPN") || !strcmp(t->upos, "NOUN") || !strcmp(t->upos, "ADJ") ||
           !strcmp(t->upos, "X");
}

static int locative_before(const AvSentence *s, uint32_t first)
{
    uint32_t i = first;
    for (int k = 0; k < 3 && i > 0; k++) {
        i--;
        if (word_in(s, i, LOCATIVE))
            return 1;
        if (!word_in(s, i, DIRECTION))
            return 0;
    }
    return 0;
}

/* "CAIRO": a dateline's place. */
static int all_caps(const char *w)
{
    size_t n = 0;
    for (; *w; w++, n++)
        if (!(*w >= 'A' && *w <= 'Z') && *w != '-' && *w != '.')
            return 0;
    return n >= 3;
}

/* A single word that opens a sentence untagged ("Police said") or is not a
 * proper noun is only a place when it is a country or a known region. */
static int weak_single(const AvSentence *s, uint32_t i, const AvToponym *t)
{
    const AvToken *tok = &s->tokens[i];
    int proper = tok->upos ? !strcmp(tok->upos, "PROPN") : i > 0 || all_caps(form_of(s, i)) ||
                                                               !strcmp(form_of(s, i + 1), ",");
    if (proper)
        return 0;
    for (int k = 0; k < t->n_cands; k++)
        if (t->cands[k].kind == AV_PLACE_COUNTRY || t->cands[k].kind == AV_PLACE_REGION)
            return 0;
    return 1;
}

/* The longest gazetteer name starting at word i; 0 when none. */
static uint32_t match_at(const AvGazetteer *g, const AvDocument *doc, const AvSentence *s,
                         uint32_t i, AvToponym *t)
{
    uint32_t best = 0;
    char key[256];
    for (uint32_t j = i; j < s->n_tokens && j < i + MAX_SPAN; j++) {
        if (j > i && !name_word(s, j) && !word_in(s, j, JOINERS))
            break;
        const AvToken *a = &s->tokens[i], *b = &s->tokens[j];
        if (!av_gaz_key(doc->text + a->start, b->end - a->start, key, sizeof key))
            break;
        if (name_word(s, j)) {
            AvGazEntry c[16];
            size_t n = av_gaz_find(g, key, c, 16);
            if (n > 0) {
                t->n_cands = (int)(n < 16 ? n : 16);
                memcpy(t->cands, c, sizeof(AvGazEntry) * (size_t)t->n_cands);
                best = j - i + 1;
            }
        }
        if (!av_gaz_has_longer(g, key))
            break;
    }
    return best;
}

static int same_name(const char *a, const char *b)
{
    char ka[128], kb[128];
    return av_gaz_key(a, strlen(a), ka, sizeof ka) && av_gaz_key(b, strlen(b), kb, sizeof kb) &&
           !strcmp(ka, kb);
}

/* "Paris, Texas" / "Tripoli, Lebanon": q qualifies t when some candidate of
 * t lies in q; t keeps only those candidates. */
static int apply_qualifier(AvToponym *t, AvToponym *q)
{
    AvGazEntry keep[16];
    int n = 0;
    for (int a = 0; a < t->n_cands; a++) {
        const AvGazEntry *c = &t->cands[a];
        int inside = 0;
        for (int b = 0; b < q->n_cands && !inside; b++) {
            const AvGazEntry *r = &q->cands[b];
            if (strcmp(c->iso2, r->iso2) || c->kind == AV_PLACE_COUNTRY)
                continue;
            inside = r->kind == AV_PLACE_COUNTRY ||
                     (r->kind == AV_PLACE_ADMIN1 && c->kind == AV_PLACE_CITY &&
                      same_name(c->admin1, r->name));
        }
        if (inside)
            keep[n++] = *c;
    }
    if (n == 0)
        return 0;
    memcpy(t->cands, keep, sizeof(AvGazEntry) * (size_t)n);
    t->n_cands = n;
    q->qualifier = 1;
    snprintf(t->how, sizeof t->how, "qualified by '%s'", q->cands[0].name);
    return 1;
}

/* Words that name places somewhere but are nearly always something else in
 * news: months, weekdays, name particles, titles. */
static int never_a_place(const char *w)
{
    static const char *const words[] = {
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
        "friday", "saturday", "sunday", "al", "el", "abu", "bin", "ibn", "star", "islands",
        "island", "marines", "english", "city", "republic", "union", "president", "minister",
        "god", "lord", "mr", "mrs", "ms", "dr", "gen", "col", "sheikh", "shaikh", "said", "of",
        "army", "police", "university", "college", "church", "mosque", "bank", "taliban",
        "north", "south", "east", "west", "central", "northern", "southern", "eastern",
        "western", "centre", "center", NULL};
    for (int k = 0; words[k]; k++)
        if (!strcasecmp(w, words[k]))
            return 1;
    return 0;
}

/* "GAO", "NATO": a short all-capital word is an acronym unless it is a
 * country ("US", "UAE"). */
static int acronym(const char *w, const AvToponym *t)
{
    size_t n = strlen(w);
    if (n > 4 || n < 2)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (!(w[k] >= 'A' && w[k] <= 'Z') && w[k] != '.')
            return 0;
    for (int k = 0; k < t->n_cands; k++)
        if (t->cands[k].kind == AV_PLACE_COUNTRY)
            return 0;
    return 1;
}

/* "Paris Hilton", "Al-Zaman": the match is the start of a longer name. */
static int part_of_longer_name(const AvSentence *s, uint32_t last)
{
    uint32_t next = last + 1;
    if (next >= s->n_tokens)
        return 0;
    if (!strcmp(form_of(s, next), "-") && !s->tokens[last].space_after && next + 1 < s->n_tokens)
        return capitalised(form_of(s, next + 1));
    const AvToken *t = &s->tokens[next];
    return capitalised(t->form ? t->form : "") && (!t->upos || !strcmp(t->upos, "PROPN"));
}

/* A bare small town ("Clinton", "Hay") is more often a person or a word:
 * without a locative preposition or the dateline, a place that is only a
 * town needs 100,000 people or to be a capital. */
static int weak_town(const AvToponym *t)
{
    for (int k = 0; k < t->n_cands; k++) {
        const AvGazEntry *c = &t->cands[k];
        if (c->kind != AV_PLACE_CITY || c->population >= 100000 ||
            (c->feature && (!strcmp(c->feature, "PPLC") || !strcmp(c->feature, "PPLA"))))
            return 0;
    }
    return 1;
}

static int find_in_sentence(const AvGazetteer *g, AvDocument *doc, uint32_t si, AvToponym **vec,
                            size_t *n, size_t *cap, uint32_t dl_start, uint32_t dl_end)
{
    const AvSentence *s = &doc->sentences[si];
    if (s->kind == AV_SENT_BYLINE)
        return AV_OK;
    size_t first_here = *n;
    for (uint32_t i = 0; i < s->n_tokens; i++) {
        if (!name_word(s, i))
            continue;
        AvToponym t;
        memset(&t, 0, sizeof t);
        uint32_t len = match_at(g, doc, s, i, &t);
        if (!len || (len == 1 && (weak_single(s, i, &t) || never_a_place(form_of(s, i)) ||
                                  acronym(form_of(s, i), &t))))
            continue;
        t.sentence = si;
        t.first = i;
        t.last = i + len - 1;
        t.locative = locative_before(s, i);
        int dateline = s->tokens[i].start >= dl_start && s->tokens[t.last].end <= dl_end;
        if (!t.locative && !dateline && (part_of_longer_name(s, t.last) || weak_town(&t))) {
            i = t.last;
            continue;
        }
        t.chosen = -1;
        if (*n == *cap) {
            size_t nc = *cap ? *cap * 2 : 16;
            AvToponym *v = av_arena_realloc(&doc->arena, *vec, *cap * sizeof t, nc * sizeof t);
            if (!v)
                return AV_ERR_NOMEM;
            *vec = v;
            *cap = nc;
        }
        (*vec)[(*n)++] = t;
        i = t.last;
    }
    for (size_t k = first_here; k + 1 < *n; k++) {
        AvToponym *t = &(*vec)[k], *q = &(*vec)[k + 1];
        if (q->first == t->last + 2 && !strcmp(form_of(s, t->last + 1), ","))
            apply_qualifier(t, q);
    }
    (void)tagged;
    return AV_OK;
}

/* ------------------------------------------------------- disambiguation */

typedef struct Evidence {
    char iso2[3];
    double weight;
} Evidence;

static void add_evidence(Evidence *ev, size_t *n, const char *iso2, double w, double cap)
{
    if (!iso2 || !iso2[0])
        return;
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(ev[i].iso2, iso2)) {
            ev[i].weight = fmin(ev[i].weight + w, cap);
            return;
        }
    if (*n < MAX_EVIDENCE) {
        snprintf(ev[*n].iso2, sizeof ev[*n].iso2, "%s", iso2);
        ev[(*n)++].weight = w;
    }
}

static double evidence_for(const Evidence *ev, size_t n, const char *iso2)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ev[i].iso2, iso2))
            return ev[i].weight;
    return 0;
}

/* Country evidence stays below the gap between a capital and a small town
 * of the same name: "U.S. envoy flew to Cairo" is still Egypt's Cairo. */
#define EVIDENCE_CAP 3.5

/* "U.S." inside an actor mention is counted once, as the actor. */
static int names_an_actor(const AvDocument *doc, const AvToponym *t)
{
    for (uint32_t m = 0; m < doc->n_mentions; m++) {
        const AvActor *a = &doc->mentions[m].actor;
        if (doc->mentions[m].sentence == t->sentence && a->first >= 0 &&
            (int32_t)t->first <= a->last && (int32_t)t->last >= a->first)
            return 1;
    }
    return 0;
}

/* All candidates in one country: the toponym says which country it is. */
static const char *single_country(const AvToponym *t)
{
    for (int k = 1; k < t->n_cands; k++)
        if (strcmp(t->cands[k].iso2, t->cands[0].iso2))
            return NULL;
    return t->n_cands ? t->cands[0].iso2 : NULL;
}

static double prominence(const AvGazEntry *c)
{
    switch (c->kind) {
    case AV_PLACE_COUNTRY: return 9.5;
    case AV_PLACE_REGION: return 9.0;
    case AV_PLACE_ADMIN1: return 5.5;
    default: break;
    }
    double p = log10((double)c->population + 10.0);
    if (c->feature && !strcmp(c->feature, "PPLC"))
        p += 2;
    else if (c->feature && !strncmp(c->feature, "PPLA", 4))
        p += 1;
    return p;
}

/* "Atlanta ... Georgia": another toponym may be a city of this region. */
static double contains_mentioned_city(const AvGazEntry *c, const AvToponym *all, size_t n,
                                      const AvToponym *self)
{
    if (c->kind != AV_PLACE_ADMIN1)
        return 0;
    for (size_t k = 0; k < n; k++) {
        if (&all[k] == self)
            continue;
        for (int j = 0; j < all[k].n_cands; j++) {
            const AvGazEntry *o = &all[k].cands[j];
            if (o->kind == AV_PLACE_CITY && !strcmp(o->iso2, c->iso2) && same_name(o->admin1, c->name))
                return 4.0;
        }
    }
    return 0;
}

static void choose(AvToponym *t, const Evidence *ev, size_t n_ev, const AvToponym *all,
                   size_t n_all)
{
    double best = -1;
    for (int k = 0; k < t->n_cands; k++) {
        double score = prominence(&t->cands[k]) + evidence_for(ev, n_ev, t->cands[k].iso2) +
                       contains_mentioned_city(&t->cands[k], all, n_all, t);
        if (score > best) {
            best = score;
            t->chosen = k;
        }
    }
    if (!t->how[0] && t->n_cands > 1) {
        const AvGazEntry *c = &t->cands[t->chosen];
        snprintf(t->how, sizeof t->how, "%d candidates; %s chosen (prominence %.1f, country "
                 "evidence %.1f)", t->n_cands, c->iso2, prominence(c),
                 evidence_for(ev, n_ev, c->iso2));
    } else if (!t->how[0]) {
        snprintf(t->how, sizeof t->how, "only candidate");
    }
}

static int mention_is_a_toponym(const AvMention *m, const AvToponym *t, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (t[k].sentence == m->sentence && m->actor.first >= 0 &&
            (int32_t)t[k].first <= m->actor.last && (int32_t)t[k].last >= m->actor.first)
            return 1;
    return 0;
}

int av_find_toponyms(const AvGazetteer *g, AvDocument *doc, AvToponym **out, size_t *n,
                     AvError *err)
{
    AvToponym *vec = NULL;
    size_t len = 0, cap = 0;
    *out = NULL;
    *n = 0;
    uint32_t dl_start = 0, dl_end = 0;
    av_dateline_place(doc, &dl_start, &dl_end);
    for (uint32_t si = 0; si < doc->n_sentences; si++)
        if (find_in_sentence(g, doc, si, &vec, &len, &cap, dl_start, dl_end) < 0)
            return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    Evidence ev[MAX_EVIDENCE];
    size_t n_ev = 0;
    for (uint32_t m = 0; m < doc->n_mentions; m++) {
        const char *c3 = doc->mentions[m].actor.country;
        if (mention_is_a_toponym(&doc->mentions[m], vec, len))
            continue;            /* "Tripoli" -> LBYGOV would vote for itself */
        add_evidence(ev, &n_ev, c3 ? av_gaz_iso2(g, c3) : NULL, 2.0, EVIDENCE_CAP);
    }
    for (size_t k = 0; k < len; k++)
        if (!names_an_actor(doc, &vec[k]))
            add_evidence(ev, &n_ev, single_country(&vec[k]), 2.0, EVIDENCE_CAP);
    for (size_t k = 0; k < len; k++)
        choose(&vec[k], ev, n_ev, vec, len);
    *out = vec;
    *n = len;
    return AV_OK;
}
