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

/* A single word that opens a sentence untagged ("Police said") or is not a
 * proper noun is only a place when it is a country or a known region. */
static int weak_single(const AvSentence *s, uint32_t i, const AvToponym *t)
{
    const AvToken *tok = &s->tokens[i];
    int proper = tok->upos ? !strcmp(tok->upos, "PROPN") : i > 0;
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

static int find_in_sentence(const AvGazetteer *g, AvDocument *doc, uint32_t si, AvToponym **vec,
                            size_t *n, size_t *cap)
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
        if (!len || (len == 1 && weak_single(s, i, &t)))
            continue;
        t.sentence = si;
        t.first = i;
        t.last = i + len - 1;
        t.locative = locative_before(s, i);
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
    case AV_PLACE_ADMIN1: return 6.5;
    default: break;
    }
    double p = log10((double)c->population + 10.0);
    if (c->feature && !strcmp(c->feature, "PPLC"))
        p += 2;
    else if (c->feature && !strncmp(c->feature, "PPLA", 4))
        p += 1;
    return p;
}

static void choose(AvToponym *t, const Evidence *ev, size_t n_ev)
{
    double best = -1;
    for (int k = 0; k < t->n_cands; k++) {
        double score = prominence(&t->cands[k]) + evidence_for(ev, n_ev, t->cands[k].iso2);
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

int av_find_toponyms(const AvGazetteer *g, AvDocument *doc, AvToponym **out, size_t *n,
                     AvError *err)
{
    AvToponym *vec = NULL;
    size_t len = 0, cap = 0;
    *out = NULL;
    *n = 0;
    for (uint32_t si = 0; si < doc->n_sentences; si++)
        if (find_in_sentence(g, doc, si, &vec, &len, &cap) < 0)
            return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    Evidence ev[MAX_EVIDENCE];
    size_t n_ev = 0;
    for (uint32_t m = 0; m < doc->n_mentions; m++) {
        const char *c3 = doc->mentions[m].actor.country;
        add_evidence(ev, &n_ev, c3 ? av_gaz_iso2(g, c3) : NULL, 3.0, 5.5);
    }
    for (size_t k = 0; k < len; k++)
        add_evidence(ev, &n_ev, single_country(&vec[k]), 2.5, 5.5);
    for (size_t k = 0; k < len; k++)
        choose(&vec[k], ev, n_ev);
    *out = vec;
    *n = len;
    return AV_OK;
}
