/*
 * coder.c — events from clauses: verb patterns, source and target actors,
 * CAMEO and PLOVER codes, stable ids.
 *
 * For each clause (clauses.c) the trigger's lemma selects a verb entry of
 * the dictionaries; its patterns are matched against the words of the
 * clause (words before '*' against the words before the verb, words after
 * it against the clause's own words after the verb, with gaps allowed
 * unless the pattern joins words with '_'); the most specific match wins,
 * as in PETRARCH, else the verb's own code applies.  Sources and targets
 * come from the grammatical arguments unless the pattern places them with
 * '$' / '+'.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "coder_internal.h"

void av_coder_options_init(AvCoderOptions *o)
{
    memset(o, 0, sizeof *o);
    o->require_dyad = 1;
    o->code_nouns = 1;
}

AvCoder *av_coder_new(const AvModel *model, const AvDict *dict, const AvCoderOptions *opt,
                      AvError *err)
{
    if (!dict) {
        av_error_set(err, AV_ERR_ARG, "the coder needs dictionaries");
        return NULL;
    }
    AvCoder *c = calloc(1, sizeof *c);
    if (!c) {
        av_error_set(err, AV_ERR_NOMEM, "out of memory");
        return NULL;
    }
    c->model = model;
    c->dict = dict;
    if (opt)
        c->opt = *opt;
    else
        av_coder_options_init(&c->opt);
    return c;
}

void av_coder_free(AvCoder *c)
{
    free(c);
}

/* ---- pattern matching ---- */

typedef struct PatResult {
    int score;        /* specificity: words matched, actors placed */
    int source;       /* word index placed by '$' or '%', -1 none */
    int target;       /* word index placed by '+', -1 none */
    int compound;     /* a '%' matched */
} PatResult;

static int word_matches(const AvToken *t, const AvPatElem *e, int in_pp)
{
    if (!e->word)
        return 0;
    size_t n = strlen(e->word);
    if (e->stem)
        return !strncasecmp(t->form, e->word, n) ||
               (t->lemma && !strncasecmp(t->lemma, e->word, n));
    if (!strcasecmp(t->form, e->word))
        return 1;
    /* verbs match by lemma ("- * SIGNED" vs "signs"); nouns only as
     * written, as in PETRARCH ("- * RESOLUTION" is not "resolutions"); in
     * a prepositional phrase "(TO RELEASE)" is the noun, not "released" */
    return !in_pp && t->lemma && t->upos &&
           (!strcmp(t->upos, "VERB") || !strcmp(t->upos, "AUX")) && !strcasecmp(t->lemma, e->word);
}

static uint32_t lower_hash(const char *w)
{
    uint32_t h = 2166136261u;   /* FNV-1a over the lower-cased bytes */
    for (; *w; w++) {
        unsigned char c = (unsigned char)*w;
        h ^= c >= 'A' && c <= 'Z' ? c + 32u : c;
        h *= 16777619u;
    }
    return h;
}

static void bloom_add(CodeCtx *cx, const char *w)
{
    uint32_t h = lower_hash(w);
    for (int k = 0; k < 2; k++, h >>= 12)
        cx->words_seen[(h % CODER_BLOOM_BITS) / 64] |= 1ull << (h % 64);
}

static int bloom_may_have(const CodeCtx *cx, const char *w)
{
    uint32_t h = lower_hash(w);
    for (int k = 0; k < 2; k++, h >>= 12)
        if (!(cx->words_seen[(h % CODER_BLOOM_BITS) / 64] & (1ull << (h % 64))))
            return 0;
    return 1;
}

static void bloom_fill(CodeCtx *cx, const AvSentence *s)
{
    memset(cx->words_seen, 0, sizeof cx->words_seen);
    for (uint32_t i = 0; i < s->n_tokens; i++) {
        if (s->tokens[i].form)
            bloom_add(cx, s->tokens[i].form);
        if (s->tokens[i].lemma)
            bloom_add(cx, s->tokens[i].lemma);
    }
}

/* Can the pattern match at all: is every whole word it names in the
 * sentence?  (Stems and synsets are left to the full match.) */
static int pattern_words_present(const CodeCtx *cx, const AvVerbPattern *p)
{
    for (uint32_t k = 0; k < p->n_elems; k++)
        if (p->elems[k].kind == AV_PAT_WORD && !p->elems[k].stem && p->elems[k].word &&
            !bloom_may_have(cx, p->elems[k].word))
            return 0;
    return 1;
}

/* Is word i part of a phrase that codes as an actor? (mention map) */
static int is_actor_word(const CodeCtx *cx, int i)
{
    return i >= 0 && i < CODER_MAX_WORDS && cx->mark2[i];
}

/* The word a '$'/'+' landed on (or a '^' starts at), raised to the head
 * of its noun phrase; stays put on a malformed tree. */
static int phrase_head(const AvSentence *s, int w)
{
    for (int guard = 0; guard < 8; guard++) {
        const AvToken *t = &s->tokens[w];
        if (!(av_rel_is(t, "compound") || av_rel_is(t, "flat") || av_rel_is(t, "amod") ||
              av_rel_is(t, "det") || av_rel_is(t, "nummod") ||
              (t->deprel && !strcmp(t->deprel, "nmod:poss"))) ||
            t->head <= 0)
            break;
        w = t->head - 1;
    }
    return w;
}

/* How many words of seq, from pos, belong to the base noun phrase that
 * starts there: up to its head, and the head's own flat/compound parts
 * after it ("the Prince of | ...", "Dol Amroth"). */
static int np_length(const AvSentence *s, const int32_t *seq, int pos, int n)
{
    int w = phrase_head(s, seq[pos]);
    int len = 1;
    while (pos + len < n && seq[pos + len] == seq[pos + len - 1] + 1 && seq[pos + len - 1] < w)
        len++;
    /* flat names and compounds that follow their head */
    while (pos + len < n && seq[pos + len] == seq[pos + len - 1] + 1) {
        const AvToken *t = &s->tokens[seq[pos + len]];
        if (t->head - 1 != w || !(av_rel_is(t, "flat") || av_rel_is(t, "compound")))
            break;
        len++;
    }
    return len;
}

/*
 * Matches the elements [from, to) against the word sequence seq[0..n).
 * Returns 1 on success and adds to *r.
 */
static int match_elems(CodeCtx *cx, const AvSentence *s, const AvPatElem *el, uint32_t from,
                       uint32_t to, const int32_t *seq, int n, PatResult *r, int must_follow,
                       int *first_at, int *last_at)
{
    int pos = 0;   /* must_follow: the first element must match seq[0] ("*_TO") */
    int preposition = 0;   /* the word after '(' is a preposition, not "to" of an infinitive */
    int in_pp = 0;         /* inside "( ... )" */
    *first_at = *last_at = -1;
    for (uint32_t k = from; k < to; k++) {
        const AvPatElem *e = &el[k];
        int found = -1, len = 1;
        switch (e->kind) {
        case AV_PAT_PREP_OPEN:
            preposition = in_pp = 1;
            continue;
        case AV_PAT_PREP_CLOSE:
            in_pp = 0;
            continue;
        case AV_PAT_WORD:
        case AV_PAT_SYNSET:
            for (int j = pos; j < n; j++) {
                if (e->kind == AV_PAT_WORD) {
                    if (word_matches(&s->tokens[seq[j]], e, in_pp) &&
                        !(preposition && av_tok_is(&s->tokens[seq[j]], "PART")))
                        found = j;
                } else {
                    size_t l = av_dict_match_synset(cx->dict, e->synset, cx->words,
                                                    s->n_tokens < CODER_MAX_WORDS ? s->n_tokens : CODER_MAX_WORDS,
                                                    (size_t)seq[j]);
                    if (l > 0) {
                        found = j;
                        len = (int)l;
                    }
                }
                if (found >= 0 || must_follow)
                    break;
            }
            if (found < 0)
                return 0;
            r->score += 2;
            preposition = 0;
            break;
        case AV_PAT_SOURCE:
        case AV_PAT_TARGET:
        case AV_PAT_COMPOUND:
            for (int j = pos; j < n; j++) {
                if (is_actor_word(cx, seq[j])) {
                    found = j;
                    break;
                }
                if (must_follow)
                    break;
            }
            if (found < 0)
                return 0;
            /* '%' marks a compound actor: before the verb it is the source
             * (whose members act on each other when nothing else is the
             * target: "- % * [030:030]"), after it the target ("- * WITH %") */
            if (e->kind == AV_PAT_COMPOUND && e->before_verb) {
                r->compound = 1;
                r->source = seq[found];
            } else if (e->kind == AV_PAT_COMPOUND || e->kind == AV_PAT_TARGET) {
                r->target = seq[found];
            } else {
                r->source = seq[found];
            }
            /* the actor phrase is consumed */
            while (found + len < n && is_actor_word(cx, seq[found + len]) &&
                   seq[found + len] == seq[found + len - 1] + 1)
                len++;
            r->score += 1;
            break;
        case AV_PAT_SKIP:
            /* '^' skips a noun phrase: the next word and the words up to
             * the head of its phrase ("at ^ +": "at the Gondor | of ...") */
            if (pos >= n)
                return 0;
            found = pos;
            len = np_length(s, seq, pos, n);
            break;
        case AV_PAT_ALT:
            return 0;      /* TABARI alternatives: not supported, never match */
        default:
            continue;      /* other grouping markers carry no constraint here */
        }
        if (*first_at < 0)
            *first_at = found;
        *last_at = found + len - 1;
        pos = found + len;
        must_follow = e->joined;
    }
    return 1;
}

static int match_pattern(CodeCtx *cx, const AvSentence *s, const AvClause *c,
                         const AvVerbPattern *p, const int32_t *before, int nb,
                         const int32_t *after, int na, PatResult *r)
{
    r->score = 0;
    r->source = r->target = -1;
    r->compound = 0;
    uint32_t star = p->n_elems;
    for (uint32_t k = 0; k < p->n_elems; k++)
        if (p->elems[k].kind == AV_PAT_VERB) {
            star = k;
            break;
        }
    (void)c;
    int first, last;
    if (star > 0) {
        if (!match_elems(cx, s, p->elems, 0, star, before, nb, r, 0, &first, &last))
            return 0;
        /* "RECENTLY_*": the word joined to the verb must be right before it */
        if (p->elems[star - 1].joined && (last < 0 || before[last] != c->trigger - 1))
            return 0;
    }
    if (star < p->n_elems) {
        int joined = p->elems[star].joined;   /* "*_TO" */
        if (!match_elems(cx, s, p->elems, star + 1, p->n_elems, after, na, r, joined, &first, &last))
            return 0;
        if (joined && (first < 0 || after[first] != c->trigger + 1))
            return 0;
    }
    return 1;
}

/* The verb entry for a clause trigger: phrasal ("carry out") first. */
static const AvVerb *verb_for(const CodeCtx *cx, const AvSentence *s, const AvClause *c)
{
    const AvToken *t = &s->tokens[c->trigger];
    const char *lemma = t->lemma ? t->lemma : t->form;
    if (c->trigger > 0) {
        /* multi-word verbs written "WIRE_+TAP": the word before, then the verb */
        char buf[128];
        snprintf(buf, sizeof buf, "%s %s", s->tokens[c->trigger - 1].form, lemma);
        const AvVerb *v = av_dict_verb_by_lemma(cx->dict, buf);
        if (v)
            return v;
    }
    for (uint32_t i = 0; i < s->n_tokens; i++) {
        if (s->tokens[i].head - 1 == c->trigger && s->tokens[i].deprel &&
            !strcmp(s->tokens[i].deprel, "compound:prt")) {
            char buf[128];
            snprintf(buf, sizeof buf, "%s %s", lemma, s->tokens[i].form);
            const AvVerb *v = av_dict_verb_by_lemma(cx->dict, buf);
            if (v)
                return v;
        }
    }
    /* a particle the parser took for a preposition: "cordoned off the roads" */
    if ((uint32_t)c->trigger + 1 < s->n_tokens) {
        const AvToken *nx = &s->tokens[c->trigger + 1];
        if (av_tok_is(nx, "ADP") || av_tok_is(nx, "ADV")) {
            char buf[128];
            snprintf(buf, sizeof buf, "%s %s", lemma, nx->form);
            const AvVerb *v = av_dict_verb_by_lemma(cx->dict, buf);
            if (v)
                return v;
        }
    }
    /* the word as written first: dictionaries may give a form its own entry
     * ("LEFT [032:033]" beside "LEAVE [012]") */
    const AvVerb *v = NULL;
    if (strcasecmp(lemma, t->form))
        v = av_dict_verb_by_lemma(cx->dict, t->form);
    if (!v)
        v = av_dict_verb_by_lemma(cx->dict, lemma);
    return v;
}

/* Can this verb code an event at all (its own code or one of its
 * patterns')?  A complement like "respond" with a null code leaves the
 * coding to its governor ("urged Eriador to respond"). */
static int codes_something(const AvVerb *v)
{
    if (!v)
        return 0;
    if (v->code && v->code[0] >= '0' && v->code[0] <= '9')
        return 1;
    for (uint32_t p = 0; p < v->n_patterns; p++)
        if (v->patterns[p].code && v->patterns[p].code[0] >= '0' && v->patterns[p].code[0] <= '9')
            return 1;
    return 0;
}

/* ---- events ---- */

static uint64_t fnv1a(uint64_t h, const char *s)
{
    if (!s)
        s = "";
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    h ^= 0xff;
    h *= 0x100000001b3ULL;
    return h;
}

static void event_id(const AvDocument *doc, AvEvent *e)
{
    char num[64];
    uint64_t h = 0xcbf29ce484222325ULL;
    h = fnv1a(h, doc->id);
    snprintf(num, sizeof num, "%u:%u", e->sentence, e->trigger_start);
    h = fnv1a(h, num);
    h = fnv1a(h, e->source.code ? e->source.code : e->source.text);
    h = fnv1a(h, e->target.code ? e->target.code : e->target.text);
    h = fnv1a(h, e->cameo);
    snprintf(e->id, sizeof e->id, "%016llx", (unsigned long long)h);
}

static void fill_codes(const CodeCtx *cx, AvEvent *e)
{
    e->cameo_name = av_dict_cameo_name(cx->dict, e->cameo);
    int q = av_dict_cameo_quad(cx->dict, e->cameo);
    e->quad_class = q > 0 ? q : 0;
    double g = 0;
    if (av_dict_cameo_goldstein(cx->dict, e->cameo, &g) == AV_OK)
        e->goldstein = g;
    const AvPlover *p = av_dict_plover(cx->dict, e->cameo);
    /* CAMEO 01 (public statements) is "DROPPED" in the conversion table:
     * PLOVER does not code it, so the event has no PLOVER type */
    if (p && p->type && strcmp(p->type, "DROPPED")) {
        e->plover_type = p->type;
        e->plover_mode = p->mode && *p->mode ? p->mode : NULL;
        e->plover_context = p->context && *p->context ? p->context : NULL;
    }
}

static int arg_actors(CodeCtx *cx, const AvSentence *s, AvArg arg, AvActor *out)
{
    if (arg.head < 0)
        return 0;
    return coder_actors(cx, s, arg.head, out, CODER_MAX_ACTORS);
}

/* Two subjects on one verb are a misparse; with "and" or "or" between them,
 * hung on the verb or on the second subject, they are a coordination the
 * parser cut apart ("Fornost and the evil awful Gondor welcomed ...",
 * "evil" read as a clause): both act.  A conjunction inside the first
 * subject ("Ithilen's awful and evil minister") joins nothing of the kind. */
static int subjects_coordinated(const AvSentence *s, int verb, int a, int b)
{
    int lo = a < b ? a : b, hi = a < b ? b : a;
    for (int i = lo + 1; i < hi; i++) {
        const AvToken *t = &s->tokens[i];
        if (av_tok_is(t, "CCONJ") && (t->head - 1 == verb || t->head - 1 == b))
            return 1;
    }
    return 0;
}

static int coded_count(const AvActor *a, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += a[i].code != NULL;
    return k;
}


/* Prepositions of time and of vague place: "after the talks", "near
 * Cairo" do not name the other party.  ("in" does count: "arrived in
 * Gondor", "attacks in Gaza".) */
static int locative_prep(const char *prep)
{
    static const char *const LOC[] = {"inside", "near", "during", "after", "before",
                                      "since", "until", "throughout", "across", "around",
                                      "within", "amid", "amidst", "outside", "along", "via",
                                      "through", "despite", "like", "as", "according", NULL};
    if (!prep)
        return 0;
    for (int i = 0; LOC[i]; i++)
        if (!strcasecmp(prep, LOC[i]))
            return 1;
    return 0;
}

/* Last resort, as a shallow coder would: the first dictionary actor among
 * the clause's own words after the verb, unless it follows a preposition of
 * place or time. */
/* Is word w inside an "according to ..." phrase below the trigger?  The
 * source of a report ("according to a statement released by China") is
 * no party to the event. */
static int attribution_below(const AvSentence *s, int w, int trigger)
{
    for (int guard = 0; guard < 32 && w >= 0 && w != trigger; guard++) {
        for (uint32_t k = 0; k < s->n_tokens; k++)
            if (s->tokens[k].head - 1 == w && av_rel_is(&s->tokens[k], "case") &&
                s->tokens[k].form && !strcasecmp(s->tokens[k].form, "according"))
                return 1;
        w = s->tokens[w].head - 1;
    }
    return 0;
}

static int fallback_target(CodeCtx *cx, const AvSentence *s, const AvClause *c, AvActor *out)
{
    const AvMention *m = cx->mentions.data;
    for (size_t k = cx->sentence_mentions; k < cx->mentions.len; k++) {
        const AvActor *a = &m[k].actor;
        if (a->first <= c->trigger || !a->code)
            continue;
        int in_clause = 0;
        for (int w = 0; w < c->n_words && !in_clause; w++)
            in_clause = c->words[w] == a->first;
        if (!in_clause)
            continue;
        if (a->first > 0 && locative_prep(s->tokens[a->first - 1].form))
            continue;
        if (attribution_below(s, a->first, c->trigger))
            continue;
        out[0] = *a;
        return 1;
    }
    return 0;
}

static int is_say_verb(const char *lemma)
{
    static const char *const SAY[] = {"say", "tell", "report", "announce", "state", "add",
                                      "claim", "confirm", "write", "note", NULL};
    for (int i = 0; SAY[i]; i++)
        if (!strcasecmp(lemma, SAY[i]))
            return 1;
    return 0;
}

/* Verbs whose press target is the press reporting ("told", "talking to"). */
static int speaks_to_press(const char *lemma)
{
    return is_say_verb(lemma) || !strcasecmp(lemma, "talk") || !strcasecmp(lemma, "speak") ||
           !strcasecmp(lemma, "brief");
}

static int any_country(const AvActor *a, int n)
{
    for (int i = 0; i < n; i++)
        if (a[i].code && a[i].country)
            return 1;
    return 0;
}

/* Prepositions of where something was said or done ("in", "at", ...). */
static int place_prep(const char *prep)
{
    return prep && (!strcasecmp(prep, "in") || !strcasecmp(prep, "at") ||
                    !strcasecmp(prep, "on") || !strcasecmp(prep, "from"));
}

/* Are all these actors places named after "in/at/on/from" ("a ceasefire
 * in Cairo")? */
static int all_places(const AvSentence *s, const AvActor *a, int n)
{
    for (int i = 0; i < n; i++)
        if (a[i].code && (a[i].first <= 0 || !place_prep(s->tokens[a[i].first - 1].form)))
            return 0;
    return 1;
}

/* A phrase headed by a unit of time ("several years after Calenardhon
 * crowds burned its embassy", "two days before the vote") says when, not
 * to whom: for a verb of saying, the actors inside it are no target.
 * (Other verbs keep them: "act on a resolution with Libya's five years
 * after ..." is parsed with Libya the possessor of "years".) */
static int temporal_phrase(const AvSentence *s, int head)
{
    static const char *const UNITS[] = {"year",   "month",   "week",  "day",       "hour",
                                        "minute", "decade",  "century", "weekend", "morning",
                                        "afternoon", "evening", "night", NULL};
    const AvToken *t = &s->tokens[head];
    const char *w = t->lemma ? t->lemma : t->form;
    for (int i = 0; w && UNITS[i]; i++)
        if (!strcasecmp(w, UNITS[i]))
            return 1;
    return 0;
}

static int targets_of(CodeCtx *cx, const AvSentence *s, const AvClause *cl, int nclauses,
                      const AvClause *c, int no_place, AvActor *out)
{
    int n;
    if (c->passive && !c->is_noun)
        return 0;   /* the grammatical subject is the target: handled by the caller */
    if ((n = arg_actors(cx, s, c->object, out)) > 0 && coded_count(out, n) &&
        !(no_place && all_places(s, out, n)))
        return n;
    if ((n = arg_actors(cx, s, c->iobj, out)) > 0 && coded_count(out, n))
        return n;
    /* prepositional objects: one naming a country or group first ("arrived
     * on his official visit to Gondor" is about Gondor, not an official);
     * where one speaks is not whom one speaks to ("said in a speech in
     * Hamburg", "told reporters at a news conference in Cairo") */
    const AvToken *tt = &s->tokens[c->trigger];
    int saying = is_say_verb(tt->lemma ? tt->lemma : tt->form);
    no_place |= saying;
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < c->n_obl; k++)
            if (!locative_prep(c->obl[k].prep) && !(no_place && place_prep(c->obl[k].prep)) &&
                !(saying && temporal_phrase(s, c->obl[k].head)) &&
                (n = arg_actors(cx, s, c->obl[k], out)) > 0 && coded_count(out, n) &&
                (pass == 1 || any_country(out, n)))
                return n;
    /* "X believes Y can cope": the subject of a complement clause (not for
     * verbs of saying, whose complement is coded on its own) */
    if (!saying)
    for (int k = 0; k < nclauses; k++) {
        const AvClause *x = &cl[k];
        if (x->governor >= 0 && &cl[x->governor] == c &&
            s->tokens[x->trigger].deprel && !strcmp(s->tokens[x->trigger].deprel, "ccomp") &&
            x->subject.head >= 0 && (n = arg_actors(cx, s, x->subject, out)) > 0 &&
            coded_count(out, n))
            return n;
    }
    /* "agreed to restore ties with X": the complement's target */
    for (int k = 0; k < nclauses; k++) {
        const AvClause *x = &cl[k];
        if (x->governor >= 0 && &cl[x->governor] == c && !x->is_noun && s->tokens[x->trigger].deprel &&
            (!strcmp(s->tokens[x->trigger].deprel, "xcomp") ||
             !strcmp(s->tokens[x->trigger].deprel, "advcl")))
            return targets_of(cx, s, cl, nclauses, x, no_place, out);
    }
    return 0;
}

/* --explain: why each event was or was not coded */
static void explain(const CodeCtx *cx, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void explain(const CodeCtx *cx, const char *fmt, ...)
{
    FILE *f = cx->coder->opt.explain;
    if (!f)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
}

static int emit(CodeCtx *cx, uint32_t si, const AvClause *c, const AvActor *src,
                const AvActor *tgt, const char *code, const char *pattern, double conf,
                uint32_t group)
{
    AvDocument *doc = cx->doc;
    const AvSentence *s = &doc->sentences[si];
    AvEvent *e = av_vec_push(&cx->events, &doc->arena);
    if (!e)
        return AV_ERR_NOMEM;
    e->sentence = si;
    e->group = group;
    e->date = doc->date;
    e->source = *src;
    e->target = *tgt;
    e->cameo = code;
    fill_codes(cx, e);
    e->negated = c->negated;
    e->modality = av_modality_name(c->modality);
    if (c->speaker >= 0) {
        AvActor sp[CODER_MAX_ACTORS];
        AvArg a = {c->speaker, NULL};
        int n = arg_actors(cx, s, a, sp);
        if (n > 0)
            e->speaker = sp[0].code ? sp[0].code : sp[0].text;
    }
    const AvToken *t = &s->tokens[c->trigger];
    e->trigger_start = t->start;
    e->trigger_end = t->end;
    e->trigger = av_arena_strndup(&doc->arena, doc->text + t->start, t->end - t->start);
    e->pattern = pattern;
    e->confidence = conf;
    event_id(doc, e);
    return AV_OK;
}

/*
 * No subject in the parse (an unknown name tagged as an adverb, say): a
 * dictionary actor right before the verb, attached to it, is taken as the
 * subject, as a shallow coder would.
 */
static int fallback_subject(CodeCtx *cx, const AvSentence *s, const AvClause *c, AvActor *out)
{
    const AvMention *m = cx->mentions.data;
    for (size_t k = cx->sentence_mentions; k < cx->mentions.len; k++) {
        const AvActor *a = &m[k].actor;
        if (a->last >= c->trigger || !a->code)
            continue;
        int attached = 0;
        for (int32_t w = a->first; w <= a->last; w++)
            attached |= s->tokens[w].head - 1 == c->trigger;
        if (attached) {
            out[0] = *a;
            return 1;
        }
    }
    return 0;
}

/* Verbs of acts that two parties do together: "Israel and Hamas agreed to
 * a ceasefire", "Russia and Ukraine exchanged prisoners" — a coordinated
 * subject with no other party acts on itself, pairwise. */
static int reciprocal_verb(const char *lemma)
{
    static const char *const RECIPROCAL[] = {
        "meet", "talk", "negotiate", "agree", "sign", "exchange", "swap", "discuss",
        "consult", "cooperate", "reconcile", "clash", "fight", "hold", "reach", "conclude",
        "ink", "trade", "resume", "establish", "normalize", "normalise", "restore", "settle",
        "share", NULL};
    for (int i = 0; RECIPROCAL[i]; i++)
        if (!strcasecmp(lemma, RECIPROCAL[i]))
            return 1;
    return 0;
}


/*
 * "Thousands of Israelis protested against the government", "Israeli
 * police arrested protesters": in protests and arrests the other party,
 * named without a country ("---GOV", "---CVL"), is taken to be of the
 * source's country.  (Only for these domestic acts: "Iran condemned the
 * government" says nothing of whose government.)
 */
static void lend_country(CodeCtx *cx, AvActor *to, const AvActor *from)
{
    static const char *const DOMESTIC[] = {"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "SPY",
                                           "CVL", NULL};
    if (!to->code || to->country || !to->sector || !from->country || !from->code)
        return;
    if (!strncmp(from->country, "IGO", 3) || !strncmp(from->country, "NGO", 3) ||
        !strncmp(from->country, "IMG", 3))
        return;
    int domestic = 0;
    for (int i = 0; DOMESTIC[i]; i++)
        domestic |= !strncmp(to->sector, DOMESTIC[i], 3);
    if (!domestic)
        return;
    char buf[64];
    snprintf(buf, sizeof buf, "%s%s", from->country, to->sector);
    AvArena *a = &cx->doc->arena;
    to->code = av_arena_strdup(a, buf);
    to->country = from->country;
}

/* The first dictionary place of the sentence named after "in" ("In Tel
 * Aviv, police ..."; "protested in Minsk"), or NULL. */
static const AvActor *place_in_sentence(const CodeCtx *cx, uint32_t si, const AvSentence *s)
{
    const AvMention *m = cx->mentions.data;
    for (size_t k = cx->sentence_mentions; k < cx->mentions.len; k++) {
        const AvActor *a = &m[k].actor;
        if (m[k].sentence == si && a->code && a->country && a->first > 0 &&
            s->tokens[a->first - 1].form && !strcasecmp(s->tokens[a->first - 1].form, "in"))
            return a;
    }
    return NULL;
}

static int already_coded(const CodeCtx *cx, uint32_t si, uint32_t group, const char *src,
                         const char *tgt, const char *code)
{
    const AvEvent *e = cx->events.data;
    for (size_t k = cx->events.len; k-- > 0 && e[k].sentence == si;)
        if (e[k].group == group && !strcmp(e[k].source.code, src) &&
            !strcmp(e[k].target.code, tgt) && !strcmp(e[k].cameo, code))
            return 1;
    return 0;
}

/*
 * "Fornost President Umbardacil" with "Fornost" misparsed out of the
 * phrase: an agent-only actor ("---GOV") right after a country mention
 * takes that country.
 */
static void country_before(CodeCtx *cx, const AvSentence *s, AvActor *a)
{
    if (!a->code || a->country || !a->sector || a->first <= 0)
        return;
    const AvMention *m = cx->mentions.data;
    for (size_t k = cx->sentence_mentions; k < cx->mentions.len; k++) {
        const AvActor *b = &m[k].actor;
        if (b->last != a->first - 1 || !b->code || strlen(b->code) != 3 || !b->country)
            continue;
        char buf[64];
        snprintf(buf, sizeof buf, "%s%s", b->code, a->sector);
        a->code = av_arena_strdup(&cx->doc->arena, buf);
        a->country = b->country;
        a->start = b->start;
        a->first = b->first;
        a->text = av_arena_strndup(&cx->doc->arena, cx->doc->text + a->start, a->end - a->start);
        (void)s;
        return;
    }
}

/*
 * "Egyptian and Qatari mediators met ...", parsed with "Egyptian" hung on
 * the verb: a country word right before "and" + the first actor of the
 * subject, attached to the verb rather than to the subject, is one more
 * conjunct of it and takes its agent (EGYGOV beside QATGOV).  Returns the
 * new count.
 */
static int stranded_conjunct(CodeCtx *cx, const AvSentence *s, const AvClause *c, AvActor *src,
                             int ns)
{
    if (ns < 1 || ns >= CODER_MAX_ACTORS || !src[0].code || !src[0].sector || src[0].first < 2)
        return ns;
    int and_at = src[0].first - 1;
    const AvToken *cc = &s->tokens[and_at];
    if (!cc->form || strcasecmp(cc->form, "and"))
        return ns;
    const AvMention *m = cx->mentions.data;
    for (size_t k = cx->sentence_mentions; k < cx->mentions.len; k++) {
        const AvActor *b = &m[k].actor;
        if (b->last != and_at - 1 || !b->code || strlen(b->code) != 3 || !b->country ||
            s->tokens[b->last].head - 1 != c->trigger)
            continue;
        AvActor a = src[0];
        char buf[64];
        snprintf(buf, sizeof buf, "%s%s", b->code, src[0].sector);
        a.code = av_arena_strdup(&cx->doc->arena, buf);
        a.country = b->country;
        a.first = b->first;
        a.last = b->last;
        a.start = b->start;
        a.end = b->end;
        a.text = b->text;
        memmove(&src[1], &src[0], sizeof(AvActor) * (size_t)ns);
        src[0] = a;
        return ns + 1;
    }
    return ns;
}

/* Every coded actor of a also codes as one of b. */
static int all_same_as(const AvActor *a, int na, const AvActor *b, int nb)
{
    int coded = 0;
    for (int i = 0; i < na; i++) {
        if (!a[i].code)
            continue;
        coded++;
        int same = 0;
        for (int j = 0; j < nb && !same; j++)
            same = b[j].code && !strcmp(a[i].code, b[j].code);
        if (!same)
            return 0;
    }
    return coded > 0;
}

/* An entry coded "[FRO/BIL/SAM]" stands for several actors at once. */
static int expand_multi_codes(CodeCtx *cx, AvActor *a, int n)
{
    AvArena *ar = &cx->doc->arena;
    for (int i = 0; i < n; i++) {
        const char *slash = a[i].code ? strchr(a[i].code, '/') : NULL;
        if (!slash)
            continue;
        AvActor base = a[i];
        const char *p = base.code;
        int first = 1;
        while (p && *p) {
            const char *end = strchr(p, '/');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            AvActor part = base;
            part.code = av_arena_strndup(ar, p, len);
            part.country = len >= 3 && strncmp(part.code, "---", 3) ? av_arena_strndup(ar, p, 3) : NULL;
            part.sector = len > 3 ? av_arena_strdup(ar, part.code + 3) : NULL;
            if (first) {
                a[i] = part;
                first = 0;
            } else if (n < CODER_MAX_ACTORS) {
                memmove(&a[i + 2], &a[i + 1], sizeof(AvActor) * (size_t)(n - i - 1));
                a[++i] = part;
                n++;
            }
            p = end ? end + 1 : NULL;
        }
    }
    return n;
}

/* The passive agent of a reduced relative on an instrument ("a bomb
 * planted by X", "a car bomb detonated by X"): X's head, or -1. */
static int agent_behind(const AvSentence *s, int instrument)
{
    for (uint32_t j = 0; j < s->n_tokens; j++) {
        const AvToken *v = &s->tokens[j];
        if (v->head - 1 != instrument || !v->deprel || strcmp(v->deprel, "acl") || !v->xpos ||
            strcmp(v->xpos, "VBN"))
            continue;
        for (uint32_t k = 0; k < s->n_tokens; k++) {
            if (s->tokens[k].head - 1 != (int)j || !av_rel_is(&s->tokens[k], "obl"))
                continue;
            for (uint32_t c = 0; c < s->n_tokens; c++)
                if (s->tokens[c].head - 1 == (int)k && av_rel_is(&s->tokens[c], "case") &&
                    s->tokens[c].form && !strcasecmp(s->tokens[c].form, "by"))
                    return (int)k;
        }
    }
    return -1;
}

/* Actors the parse cut out of one dictionary phrase ("Russian | President
 * Vladimir Putin" as two subjects) are that phrase's actor, once: the
 * dictionary knows where the name ends better than the parser.  Returns
 * the new count. */
static int merge_into_mentions(CodeCtx *cx, uint32_t si, AvActor *a, int n)
{
    const AvMention *all = cx->mentions.data;
    for (int i = 0; i < n; i++) {
        if (!a[i].code || a[i].first < 0)
            continue;
        for (size_t k = cx->sentence_mentions; k < cx->mentions.len; k++) {
            const AvActor *m = &all[k].actor;
            if (all[k].sentence != si || !m->code || m->first > a[i].first ||
                m->last < a[i].last || (m->first == a[i].first && m->last == a[i].last))
                continue;
            a[i] = *m;
            break;
        }
    }
    int out = 0;
    for (int i = 0; i < n; i++) {
        int dup = 0;
        for (int j = 0; j < out && !dup; j++)
            dup = a[j].code && a[i].code && a[j].first == a[i].first &&
                  a[j].last == a[i].last && !strcmp(a[j].code, a[i].code);
        if (!dup)
            a[out++] = a[i];
    }
    return out;
}

/* The dictionary mention that holds word w, when the tree gives no actor
 * for the word a pattern's '$'/'+' landed on: the parser may have hung
 * part of the phrase elsewhere ("the Prince of | Dol Amroth"). */
static int mention_at(CodeCtx *cx, uint32_t si, int w, AvActor *out)
{
    const AvMention *all = cx->mentions.data;
    for (size_t i = cx->sentence_mentions; i < cx->mentions.len; i++) {
        const AvMention *m = &all[i];
        if (m->sentence == si && m->actor.code && m->actor.first <= w && w <= m->actor.last) {
            out[0] = m->actor;
            return 1;
        }
    }
    return 0;
}

static int code_clause(CodeCtx *cx, uint32_t si, const AvClause *cl, int nclauses, int ci,
                       char *suppressed, char *deferred)
{
    const AvSentence *s = &cx->doc->sentences[si];
    const AvClause *c = &cl[ci];
    const AvToken *trig = &s->tokens[c->trigger];
    if (c->is_noun && !cx->coder->opt.code_nouns)
        return AV_OK;
    if (suppressed[ci])
        return AV_OK;
    const AvVerb *v = verb_for(cx, s, c);
    if (!v)
        return AV_OK;

    /* word sequences: before the verb (whole sentence), after (the clause) */
    int32_t before[CODER_MAX_WORDS], after[CODER_MAX_WORDS];
    int nb = 0, na = 0;
    for (int i = 0; i < c->trigger && i < CODER_MAX_WORDS; i++)
        before[nb++] = i;
    for (int k = 0; k < c->n_words && na < CODER_MAX_WORDS; k++)
        if (c->words[k] > c->trigger)
            after[na++] = c->words[k];

    const AvVerbPattern *best = NULL;
    PatResult best_r = {0, -1, -1, 0};
    for (uint32_t p = 0; p < v->n_patterns; p++) {
        PatResult r;
        const char *pc = v->patterns[p].code;
        if (pc && pc[0] == '+')
            continue;   /* TABARI's "[+++]": a pattern that codes nothing and decides nothing */
        if (pattern_words_present(cx, &v->patterns[p]) &&
            match_pattern(cx, s, c, &v->patterns[p], before, nb, after, na, &r) &&
            (!best || r.score > best_r.score)) {
            best = &v->patterns[p];
            best_r = r;
        }
    }
    /* "agreed to restore ties": a control verb without a pattern of its own
     * leaves the coding to its complement */
    if (!best && !c->is_noun && deferred && !deferred[ci]) {
        for (int k = 0; k < nclauses; k++)
            if (cl[k].governor == ci && !cl[k].is_noun && s->tokens[cl[k].trigger].deprel &&
                !strcmp(s->tokens[cl[k].trigger].deprel, "xcomp") &&
                codes_something(verb_for(cx, s, &cl[k]))) {
                explain(cx, "  clause '%s': no pattern; its complement '%s' is coded first\n",
                        trig->form, s->tokens[cl[k].trigger].form);
                deferred[ci] = 1;
                return AV_OK;
            }
    }
    const char *code = best ? best->code : v->code;
    char where[512];
    if (best)
        snprintf(where, sizeof where, "%s:%u", best->file, best->line);
    else
        snprintf(where, sizeof where, "%s:%u", v->file, v->line);
    const char *code2 = best ? best->code2 : NULL;
    const char *colon = code ? strchr(code, ':') : NULL;
    if (colon) {
        /* a verb's own "[032:033]" comes as one string */
        code2 = colon + 1;
        code = av_arena_strndup(&cx->doc->arena, code, (size_t)(colon - code));
    }
    if (code && !(code[0] >= '0' && code[0] <= '9'))
        code = NULL;   /* "---" and TABARI's "+++" code nothing */
    if (code2 && !(code2[0] >= '0' && code2[0] <= '9'))
        code2 = NULL;
    if (!code || !*code) {
        explain(cx, "  clause '%s': verb %s (%s) has a null code: no event\n", trig->form,
                v->phrase, where);
        return AV_OK;
    }
    /* a pattern that spells out words before the verb ("- &NEGATVAUXVRB *
     * OVER EFFORTS") has already read the negation */
    int pattern_reads_negation = 0;
    if (best)
        for (uint32_t k = 0; k < best->n_elems; k++)
            if (best->elems[k].before_verb &&
                (best->elems[k].kind == AV_PAT_WORD || best->elems[k].kind == AV_PAT_SYNSET))
                pattern_reads_negation = 1;
    if (c->negated && !cx->coder->opt.keep_negated && !pattern_reads_negation) {
        explain(cx, "  clause '%s': negated: no event\n", trig->form);
        return AV_OK;
    }

    AvActor src[CODER_MAX_ACTORS], tgt[CODER_MAX_ACTORS];
    int ns, nt;
    cx->resolved_anaphor = 0;
    if (best_r.source >= 0) {
        ns = coder_actors(cx, s, phrase_head(s, best_r.source), src, CODER_MAX_ACTORS);
        if (coded_count(src, ns) == 0)
            ns = mention_at(cx, si, best_r.source, src);
    }
    else
        ns = arg_actors(cx, s, c->passive && !c->is_noun ? c->agent : c->subject, src);
    if (coded_count(src, ns) == 0 && best_r.source < 0 && c->passive && !c->is_noun &&
        c->agent.head >= 0) {
        /* "killed by a bomb planted by Hezbollah fighters": the maker */
        AvArg behind = {agent_behind(s, c->agent.head), NULL};
        if (behind.head >= 0)
            ns = arg_actors(cx, s, behind, src);
    }
    if (coded_count(src, ns) == 0 && best_r.source < 0 && c->subject2.head >= 0 && !c->passive) {
        ns = arg_actors(cx, s, c->subject2, src);
    } else if (best_r.source < 0 && c->subject2.head >= 0 && !c->passive &&
               subjects_coordinated(s, c->trigger, c->subject.head, c->subject2.head)) {
        AvActor more[CODER_MAX_ACTORS];
        int nm = arg_actors(cx, s, c->subject2, more);
        for (int i = 0; i < nm && ns < CODER_MAX_ACTORS; i++)
            src[ns++] = more[i];
    }
    if (ns == 0 && !c->is_noun && !c->passive)
        ns = fallback_subject(cx, s, c, src);
    for (int i = 0; i < ns; i++)
        country_before(cx, s, &src[i]);
    if (best_r.source < 0 && !c->passive)
        ns = stranded_conjunct(cx, s, c, src, ns);
    /* "Israel and Hamas signed a truce in Cairo": parties acting on each
     * other are not acting on the place where they met */
    int mutual = coded_count(src, ns) >= 2 &&
                 (reciprocal_verb(trig->lemma ? trig->lemma : trig->form) || best_r.compound);
    if (best_r.target >= 0) {
        nt = coder_actors(cx, s, phrase_head(s, best_r.target), tgt, CODER_MAX_ACTORS);
        if (coded_count(tgt, nt) == 0)
            nt = mention_at(cx, si, best_r.target, tgt);
    }
    else if (c->passive && !c->is_noun)
        nt = arg_actors(cx, s, c->subject, tgt);
    else
        nt = targets_of(cx, s, cl, nclauses, c, mutual, tgt);
    /* a target that is the source itself ("he" = the subject) is no target */
    if (nt > 0 && ns > 0 && all_same_as(tgt, nt, src, ns))
        nt = 0;
    if (coded_count(tgt, nt) == 0 && !c->is_noun && !mutual &&
        !is_say_verb(trig->lemma ? trig->lemma : trig->form))
        nt = fallback_target(cx, s, c, tgt);
    int anaphor = cx->resolved_anaphor;
    ns = merge_into_mentions(cx, si, src, ns);
    nt = merge_into_mentions(cx, si, tgt, nt);
    ns = expand_multi_codes(cx, src, ns);
    nt = expand_multi_codes(cx, tgt, nt);

    int ncs = coded_count(src, ns), nct = coded_count(tgt, nt);
    int reciprocal = 0;
    if (ncs >= 2 && (nct == 0 || !any_country(tgt, nt)) &&
        (reciprocal_verb(trig->lemma ? trig->lemma : trig->form) || best_r.compound)) {
        /* "Israel and Hamas agreed to a ceasefire": each other's targets */
        memcpy(tgt, src, sizeof(AvActor) * (size_t)ns);
        nt = ns;
        nct = ncs;
        reciprocal = 1;
    }
    int domestic = !strncmp(code, "14", 2) || !strncmp(code, "17", 2);
    int violent = !strncmp(code, "18", 2) || !strncmp(code, "19", 2) || !strncmp(code, "20", 2);
    if (domestic || violent) {
        /* "In Tel Aviv, police arrested 12 people", "protesters clashed
         * with police in Nairobi": police, troops and officials with no
         * country of their own are of the country where it happened */
        const AvActor *where_at = place_in_sentence(cx, si, s);
        for (int i = 0; where_at && i < ns; i++)
            lend_country(cx, &src[i], where_at);
        for (int i = 0; domestic && i < ns; i++)
            for (int j = 0; j < nt; j++)
                lend_country(cx, &tgt[j], &src[i]);
        for (int j = 0; where_at && j < nt; j++)
            lend_country(cx, &tgt[j], where_at);
    }
    if (ncs == 0 || (cx->coder->opt.require_dyad && nct == 0)) {
        explain(cx, "  clause '%s': code %s from %s, but %s: no event\n", trig->form, code, where,
                ncs == 0 ? "no coded source" : "no coded target");
        for (int i = 0; i < ns; i++)
            coder_remember(cx, &src[i]);
        return AV_OK;
    }
    const char *pattern = av_arena_strdup(&cx->doc->arena, where);
    double conf = best ? 0.9 : 0.7;
    if (c->is_noun)
        conf -= 0.2;
    if (anaphor)
        conf -= 0.1;
    uint32_t group = ++cx->next_group;
    AvActor none;
    memset(&none, 0, sizeof none);
    none.first = none.last = -1;
    for (int i = 0; i < ns; i++) {
        if (!src[i].code)
            continue;
        int emitted = 0;
        for (int j = 0; j < nt; j++) {
            if (!tgt[j].code || (src[i].first == tgt[j].first && src[i].last == tgt[j].last))
                continue;
            if (!strcmp(src[i].code, tgt[j].code) && cx->coder->opt.require_dyad)
                continue;   /* an actor acting on itself is not an event */
            if (reciprocal && j == i)
                continue;
            if (already_coded(cx, si, group, src[i].code, tgt[j].code, code))
                continue;   /* one event per dyad and code in a clause */
            if (tgt[j].sector && !strncmp(tgt[j].sector, "MED", 3) &&
                speaks_to_press(trig->lemma ? trig->lemma : trig->form)) {
                /* "told Reuters", "said in an interview with the BBC",
                 * "talking to reporters": the press reporting, not an event
                 * between the two */
                explain(cx, "  '%s' to the press (%s): not an event\n", trig->form, tgt[j].code);
                continue;
            }
            int rc = emit(cx, si, c, &src[i], &tgt[j], code, pattern, conf, group);
            /* "[032:033]": the target answers with the second code */
            if (rc == AV_OK && code2)
                rc = emit(cx, si, c, &tgt[j], &src[i], code2, pattern, conf, group);
            if (rc < 0)
                return rc;
            emitted++;
            explain(cx, "  event %s %s %s via '%s' (%s)\n", src[i].code, tgt[j].code, code,
                    trig->form, where);
        }
        if (!emitted && !cx->coder->opt.require_dyad) {
            int rc = emit(cx, si, c, &src[i], &none, code, pattern, conf - 0.2, group);
            if (rc < 0)
                return rc;
        }
    }
    /* a coded governor covers its complements, and theirs ("called on X to
     * be allowed to leave") */
    for (int k = 0; k < nclauses; k++)
        for (int g = cl[k].governor, depth = 0; g >= 0 && depth < 16; g = cl[g].governor, depth++)
            if (g == ci) {
                suppressed[k] = 1;
                break;
            }
    for (int i = 0; i < ns; i++)
        coder_remember(cx, &src[i]);
    for (int j = 0; j < nt; j++)
        coder_remember(cx, &tgt[j]);
    return AV_OK;
}

static int is_discarded(const CodeCtx *cx, const AvSentence *s, int *story)
{
    size_t n = s->n_tokens < CODER_MAX_WORDS ? s->n_tokens : CODER_MAX_WORDS;
    for (size_t i = 0; i < n; i++) {
        AvDictMatch m;
        if (av_dict_match(cx->dict, AV_DICT_DISCARDS, cx->words, n, i, NULL, &m) == 1 &&
            m.length > 0) {
            *story = m.code && !strcmp(m.code, "story");
            return 1;
        }
    }
    return 0;
}

static int attach_issues(CodeCtx *cx, const AvSentence *s, uint32_t first_event)
{
    size_t n = s->n_tokens < CODER_MAX_WORDS ? s->n_tokens : CODER_MAX_WORDS;
    const char *found[16];
    uint32_t nf = 0;
    for (size_t i = 0; i < n && nf < 16; i++) {
        AvDictMatch m;
        if (av_dict_match(cx->dict, AV_DICT_ISSUES, cx->words, n, i, NULL, &m) == 1 &&
            m.length > 0 && m.code) {
            int dup = 0;
            for (uint32_t k = 0; k < nf; k++)
                dup |= !strcmp(found[k], m.code);
            if (!dup)
                found[nf++] = m.code;
        }
    }
    if (nf == 0)
        return AV_OK;
    const char **arr = av_arena_alloc(&cx->doc->arena, sizeof(char *) * nf);
    if (!arr)
        return AV_ERR_NOMEM;
    memcpy(arr, found, sizeof(char *) * nf);
    AvEvent *ev = cx->events.data;
    for (size_t k = first_event; k < cx->events.len; k++) {
        ev[k].issues = arr;
        ev[k].n_issues = nf;
    }
    return AV_OK;
}

/* Marks (in cx->mark2) the words of the sentence that are inside an actor
 * mention, for '$' / '+' pattern elements. */
static void map_mentions(CodeCtx *cx, uint32_t si, size_t first_mention)
{
    const AvSentence *s = &cx->doc->sentences[si];
    memset(cx->mark2, 0, sizeof cx->mark2);
    AvMention *m = cx->mentions.data;
    for (size_t k = first_mention; k < cx->mentions.len; k++)
        for (int32_t w = m[k].actor.first; w <= m[k].actor.last && w < CODER_MAX_WORDS; w++)
            cx->mark2[w] = 1;
    /* agents ("police", "troops") stand for actors too */
    size_t n = s->n_tokens < CODER_MAX_WORDS ? s->n_tokens : CODER_MAX_WORDS;
    for (size_t i = 0; i < n; i++) {
        AvDictMatch a;
        if (av_dict_match_agent(cx->dict, cx->words, n, i, &a) == 1)
            for (uint32_t w = 0; w < a.length && i + w < n; w++)
                cx->mark2[i + w] = 1;
    }
}

/*
 * Sentences a parser trained on prose cannot read: text in capitals
 * (wire headlines, shouting, tables of names), tables and lists of numbers.
 * Coding them gives noise, so they are left alone, as TABARI did.
 */
static const char *uncodable(const AvDocument *doc, const AvSentence *s)
{
    size_t upper = 0, letters = 0;
    for (uint32_t i = s->start; i < s->end; i++) {
        unsigned char ch = (unsigned char)doc->text[i];
        if (ch >= 'A' && ch <= 'Z')
            upper++, letters++;
        else if (ch >= 'a' && ch <= 'z')
            letters++;
    }
    if (letters >= 12 && upper * 10 >= letters * 8)
        return "written in capitals";
    uint32_t words = 0, numeric = 0;
    for (uint32_t i = 0; i < s->n_tokens; i++) {
        const char *f = s->tokens[i].form;
        unsigned char c0 = (unsigned char)f[0];
        if ((c0 >= '0' && c0 <= '9') || !strcmp(f, "|") || !strcmp(f, "%"))
            numeric++;
        else if ((c0 >= 'A' && c0 <= 'Z') || (c0 >= 'a' && c0 <= 'z') || c0 >= 0x80)
            words++;
    }
    if (s->n_tokens >= 6 && numeric * 2 > words)
        return "a table or list of figures";
    return NULL;
}

static int code_sentence(CodeCtx *cx, uint32_t si, int *discard_story)
{
    AvDocument *doc = cx->doc;
    const AvSentence *s = &doc->sentences[si];
    if (s->n_tokens == 0 || s->kind != AV_SENT_BODY)
        return AV_OK;
    explain(cx, "sentence %u: %.*s\n", si, (int)(s->end - s->start), doc->text + s->start);
    size_t first_mention = cx->mentions.len;
    cx->sentence_mentions = first_mention;
    int rc = coder_find_mentions(cx, si);   /* also fills cx->words */
    if (rc < 0)
        return rc;
    int story = 0;
    if (is_discarded(cx, s, &story)) {
        explain(cx, "  discarded (%s)\n", story ? "story" : "sentence");
        if (story)
            *discard_story = 1;
        return AV_OK;
    }
    const char *why_not = uncodable(doc, s);
    if (why_not) {
        explain(cx, "  not coded: %s\n", why_not);
        return AV_OK;
    }
    if (s->n_tokens > 0 && !s->tokens[0].upos) {
        explain(cx, "  not coded: no actor, agent or pronoun (not parsed)\n");
        return AV_OK;
    }
    map_mentions(cx, si, first_mention);
    /* a parse that is too long for the coder's buffers is coded no further */
    if (s->n_tokens > CODER_MAX_WORDS) {
        explain(cx, "  too long (%u words): not coded\n", s->n_tokens);
        return AV_OK;
    }
    AvClause *cl;
    AvError err;
    bloom_fill(cx, s);
    int nc = av_code_clauses(doc, s, &cl, &err);
    if (nc < 0)
        return nc;
    if (cx->coder->opt.explain) {
        for (uint32_t i = 0; i < s->n_tokens; i++) {
            const AvToken *t = &s->tokens[i];
            explain(cx, "  %u\t%s\t%s\t%s\t%d\t%s\n", i + 1, t->form, t->lemma ? t->lemma : "_",
                    t->upos ? t->upos : "_", t->head, t->deprel ? t->deprel : "_");
        }
        AvMention *m = cx->mentions.data;
        for (size_t k = first_mention; k < cx->mentions.len; k++)
            explain(cx, "  mention '%s' -> %s\n", m[k].actor.text,
                    m[k].actor.code ? m[k].actor.code : "(no code)");
    }
    char *suppressed = av_arena_alloc(&doc->arena, (size_t)(nc ? nc : 1));
    if (!suppressed)
        return AV_ERR_NOMEM;
    uint32_t first_event = (uint32_t)cx->events.len;
    /* verbs first, so that a noun trigger inside a coded clause stays quiet */
    char *deferred = av_arena_alloc(&doc->arena, (size_t)(nc ? nc : 1));
    if (!deferred)
        return AV_ERR_NOMEM;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < nc; i++) {
            if (cl[i].is_noun != pass)
                continue;
            if (pass == 1 && cx->events.len > first_event)
                break;
            size_t before = cx->events.len;
            rc = code_clause(cx, si, cl, nc, i, suppressed, deferred);
            if (rc < 0)
                return rc;
            /* a complement that coded nothing hands back to the governor
             * that deferred to it ("urged Eriador to respond") */
            int g = cl[i].governor;
            if (cx->events.len == before && g >= 0 && deferred[g] == 1) {
                deferred[g] = 2;
                rc = code_clause(cx, si, cl, nc, g, suppressed, deferred);
                if (rc < 0)
                    return rc;
            }
        }
    return attach_issues(cx, s, first_event);
}

int av_code_parsed(const AvCoder *c, AvDocument *doc, AvError *err)
{
    CodeCtx *cx = calloc(1, sizeof *cx);
    if (!cx)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    cx->coder = c;
    cx->dict = c->dict;
    cx->doc = doc;
    av_vec_init(&cx->mentions, sizeof(AvMention));
    av_vec_init(&cx->events, sizeof(AvEvent));
    int discard_story = 0, rc = AV_OK;
    for (uint32_t si = 0; si < doc->n_sentences && rc == AV_OK; si++) {
        size_t first_mention = cx->mentions.len;
        rc = code_sentence(cx, si, &discard_story);
        /* the sentence's actors become antecedents for the next sentences */
        AvMention *m = cx->mentions.data;
        for (size_t k = first_mention; k < cx->mentions.len; k++)
            coder_remember(cx, &m[k].actor);
    }
    if (rc < 0) {
        free(cx);
        return av_error_set(err, rc, "%s: out of memory while coding", doc->id ? doc->id : "?");
    }
    doc->mentions = cx->mentions.data;
    doc->n_mentions = (uint32_t)cx->mentions.len;
    doc->events = discard_story ? NULL : cx->events.data;
    doc->n_events = discard_story ? 0 : (uint32_t)cx->events.len;
    free(cx);
    return AV_OK;
}

/* Does the word end like an English demonym ("Danish", "Israeli",
 * "Chinese", "Iranian", "Dutch")?  Those are adjectives in UD. */
static int demonym_shape(const char *w)
{
    static const char *const END[] = {"an", "ese", "ish", "i", "ic", "ch", "ean", "ot", NULL};
    size_t n = strlen(w);
    for (int i = 0; END[i]; i++) {
        size_t k = strlen(END[i]);
        if (n > k && !strcasecmp(w + n - k, END[i]))
            return 1;
    }
    return 0;
}

/* Is the tag one a name written in capitals should not keep?  A
 * dictionary name the tagger took for a common noun, a verb, an adverb or
 * an adjective ("Arnor" or "Fornost" first in the sentence) misleads the
 * parser; demonyms stay adjectives ("Danish media"), as in UD. */
static int name_mistagged(const AvToken *t)
{
    unsigned char c0 = t->form ? (unsigned char)t->form[0] : 0;
    if (!(c0 >= 'A' && c0 <= 'Z') || !t->upos)
        return 0;
    if (!strcmp(t->upos, "ADJ"))
        return !demonym_shape(t->form);
    return !strcmp(t->upos, "NOUN") || !strcmp(t->upos, "VERB") || !strcmp(t->upos, "ADV");
}

/* Words that begin a dictionary actor phrase, are capitalised and were
 * tagged as common nouns or verbs become proper nouns before parsing: the
 * dictionaries know the names better than the tagger's guess. */
#define RETAG_REACH 8   /* words a phrase may run before the word retagged */

static void retag_dictionary_names(const AvCoder *c, AvDocument *doc, uint32_t si)
{
    const char *words[CODER_MAX_WORDS];
    AvSentence *s = &doc->sentences[si];
    size_t n = s->n_tokens < CODER_MAX_WORDS ? s->n_tokens : CODER_MAX_WORDS;
    /* only phrases that can reach a mistagged word: the dictionary walk is
     * the costly part, and most sentences have none */
    size_t first = n, last = 0;
    for (size_t i = 0; i < n; i++) {
        words[i] = s->tokens[i].form;
        if (name_mistagged(&s->tokens[i])) {
            if (first == n)
                first = i;
            last = i;
        }
    }
    if (first == n)
        return;
    for (size_t i = first > RETAG_REACH ? first - RETAG_REACH : 0; i <= last;) {
        AvDictMatch m;
        if (av_dict_match_actor(c->dict, words, n, i, doc->date, &m) != 1 || !m.length) {
            i++;
            continue;
        }
        for (size_t k = i; k < i + m.length; k++) {
            AvToken *t = &s->tokens[k];
            if (!name_mistagged(t))
                continue;
            int plural = t->xpos && (!strcmp(t->xpos, "NNS") || !strcmp(t->xpos, "NNPS"));
            t->upos = "PROPN";
            t->xpos = plural ? "NNPS" : "NNP";
            if (!plural)
                t->lemma = t->form;
        }
        i += m.length;
    }
}

int av_code_document(const AvCoder *c, AvDocument *doc, AvError *err)
{
    int rc;
    if (!doc->sentences && (rc = av_segment(doc, err)) < 0)
        return rc;
    if (!c->model)
        return av_error_set(err, AV_ERR_ARG, "no parser model loaded");
    /* Only body sentences are coded, and only those that name an actor
     * (or a pronoun that may stand for one) can give an event: they alone
     * are tagged and parsed, which is most of the time spent.  Headlines
     * are tagged for the place finder; datelines, bylines, date lines and
     * actor-less sentences stay plain tokens, which the enrichment stage
     * handles. */
    for (uint32_t si = 0; si < doc->n_sentences; si++) {
        const AvSentence *s = &doc->sentences[si];
        AvSentenceKind kind = s->kind;
        if (kind != AV_SENT_BODY && kind != AV_SENT_HEADLINE)
            continue;
        if (kind == AV_SENT_BODY && (uncodable(doc, s) || !coder_sentence_has_actors(c->dict, s, doc->date)))
            continue;
        if ((rc = av_tag_sentence(c->model, doc, si, err)) < 0)
            return rc;
        if (kind != AV_SENT_BODY)
            continue;
        retag_dictionary_names(c, doc, si);
        if ((rc = av_parse_sentence(c->model, doc, si, err)) < 0)
            return rc;
    }
    return av_code_parsed(c, doc, err);
}
