/*
 * actors.c — who a phrase of the parse refers to.
 *
 * An argument of a clause is a word (the head of a noun phrase).  Its
 * actors are found by coding the words of its phrase with the dictionaries
 * (longest actor + first agent, composed: "Israeli police" -> ISRCOP).
 * Coordination gives several actors ("Egypt and Qatar"; "Hungarian and
 * Romanian officials" distributes the agent over both countries), and
 * pronouns or definite descriptions ("he", "the group") take the most
 * recent compatible actor of the article.
 */
#include <string.h>
#include <strings.h>
#include "../doc/doc.h"
#include "coder_internal.h"

static int rel_is(const AvToken *t, const char *rel)
{
    return av_rel_is(t, rel);
}

static int rel_exact(const AvToken *t, const char *rel)
{
    return t->deprel && !strcmp(t->deprel, rel);
}

/* Children of w are found by scanning: sentences are short and this runs a
 * handful of times per clause. */
static void mark_subtree(const AvSentence *s, int w, char *mark, int depth)
{
    if (depth > 200)
        return;
    mark[w] = 1;
    for (uint32_t i = 0; i < s->n_tokens; i++) {
        if (s->tokens[i].head - 1 != w || mark[i])
            continue;
        const AvToken *t = &s->tokens[i];
        /* clauses and loose attachments are not part of the actor phrase */
        if (rel_exact(t, "acl:relcl") || rel_is(t, "advcl") || rel_is(t, "parataxis") ||
            rel_is(t, "punct") || rel_is(t, "ccomp") || rel_is(t, "dep"))
            continue;
        if (rel_is(t, "acl"))
            continue;
        /* clause material under a misparsed noun ("jets [struck targets]") */
        int modifier = rel_is(t, "amod") || rel_is(t, "compound") || rel_is(t, "flat");
        if ((t->upos && !strcmp(t->upos, "VERB") && !modifier) || rel_is(t, "obj") || rel_is(t, "obl") ||
            rel_is(t, "nsubj") || rel_is(t, "csubj") || rel_is(t, "xcomp") || rel_is(t, "aux") ||
            rel_is(t, "cop"))
            continue;
        if (depth == 0 && (rel_is(t, "case") || rel_is(t, "cc") || rel_is(t, "mark")))
            continue;   /* "with Iran": the actor is "Iran" */
        mark_subtree(s, (int)i, mark, depth + 1);
    }
}

static void unmark_subtree(const AvSentence *s, int w, char *mark, int depth)
{
    if (depth > 200)
        return;
    mark[w] = 0;
    for (uint32_t i = 0; i < s->n_tokens; i++)
        if (s->tokens[i].head - 1 == w && mark[i])
            unmark_subtree(s, (int)i, mark, depth + 1);
}

static void split_code(AvArena *a, AvActor *act, const char *code)
{
    act->code = av_arena_strdup(a, code);
    act->country = NULL;
    act->sector = NULL;
    size_t n = strlen(code);
    if (n >= 3) {
        /* CAMEO: a three-letter country (or IGO/NGO/region) prefix, then
         * roles; "---" is PETRARCH's "no country" ("---GOV") */
        act->country = strncmp(code, "---", 3) ? av_arena_strndup(a, code, 3) : NULL;
        if (n > 3)
            act->sector = av_arena_strdup(a, code + 3);
    }
}

/* Codes the marked words of s as one actor. Returns 1 when coded. */
static int code_marked(CodeCtx *cx, const AvSentence *s, const char *mark, AvActor *out)
{
    const char **words = cx->words;
    int32_t *idx = cx->idx;
    size_t n = 0;
    for (uint32_t i = 0; i < s->n_tokens && n < CODER_MAX_WORDS; i++)
        if (mark[i]) {
            idx[n] = (int32_t)i;
            words[n++] = s->tokens[i].form;
        }
    if (n == 0)
        return 0;
    char buf[64];
    AvDictMatch actor, agent;
    memset(&actor, 0, sizeof actor);
    memset(&agent, 0, sizeof agent);
    int got = av_dict_code_phrase(cx->dict, words, n, cx->doc->date, buf, sizeof buf, &actor,
                                  &agent);
    AvArena *a = &cx->doc->arena;
    memset(out, 0, sizeof *out);
    out->first = idx[0];
    out->last = idx[n - 1];
    out->start = s->tokens[idx[0]].start;
    out->end = s->tokens[idx[n - 1]].end;
    out->text = av_arena_strndup(a, cx->doc->text + out->start, out->end - out->start);
    if (n > 1 && idx[n - 1] - idx[0] + 1 != (int32_t)n) {
        /* a distributed phrase ("Romanian [and Hungarian] officials"): its
         * own words only */
        size_t len = 0;
        for (size_t i = 0; i < n; i++)
            len += strlen(words[i]) + 1;
        char *t = av_arena_alloc(a, len + 1), *o = t;
        if (t) {
            for (size_t i = 0; i < n; i++)
                o += sprintf(o, i ? " %s" : "%s", words[i]);
            out->text = t;
        }
    }
    if (got != 1)
        return 0;
    if (actor.length > 0 && agent.length > 0 && actor.code && strlen(actor.code) > 3 &&
        !agent.agent_prefix) {
        /* "Hamas delegation": a named group or person keeps its own code;
         * agents only specify countries ("Israeli police") */
        snprintf(buf, sizeof buf, "%s", actor.code);
    }
    if (actor.length == 0) {
        /* an agent alone: PETRARCH writes the missing country as "---" */
        size_t bl = strnlen(buf, sizeof buf - 4);
        memmove(buf + 3, buf, bl);
        memcpy(buf, "---", 3);
        buf[bl + 3] = '\0';
    }
    split_code(a, out, buf);
    const AvDictMatch *m = actor.length ? &actor : &agent;
    if (m->phrase)
        out->entity = m->phrase;
    if (m->file) {
        char where[512];
        snprintf(where, sizeof where, "%s:%u", m->file, m->line);
        out->origin = av_arena_strdup(a, where);
    }
    return 1;
}

static const char *const PERSON_PRONOUNS[] = {"he", "she", "him", "her", NULL};
static const char *const GROUP_PRONOUNS[] = {"they", "them", NULL};
static const char *const THING_PRONOUNS[] = {"it", NULL};
static const char *const ANAPHORIC_NOUNS[] = {"group", "country", "movement", "government",
                                              "militants", "organisation", "organization",
                                              "state", "nation", "kingdom", "republic", NULL};

static int word_in(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (!strcasecmp(w, *list))
            return 1;
    return 0;
}

int coder_sentence_has_actors(const AvDict *d, const AvSentence *s, const char *date)
{
    const char *words[CODER_MAX_WORDS];
    size_t n = s->n_tokens < CODER_MAX_WORDS ? s->n_tokens : CODER_MAX_WORDS;
    for (size_t i = 0; i < n; i++) {
        words[i] = s->tokens[i].form;
        const char *w = words[i] ? words[i] : "";
        if (word_in(w, PERSON_PRONOUNS) || word_in(w, GROUP_PRONOUNS) ||
            word_in(w, THING_PRONOUNS) || word_in(w, ANAPHORIC_NOUNS))
            return 1;
    }
    for (size_t i = 0; i < n; i++) {
        AvDictMatch m;
        if (av_dict_match_actor(d, words, n, i, date, &m) == 1 ||
            av_dict_match_agent(d, words, n, i, &m) == 1)
            return 1;
    }
    return 0;
}

/* want: 1 a person, 2 a group, 3 a country or thing. */
static int compatible_antecedent(const AvActor *r, int want)
{
    size_t len = r->code ? strlen(r->code) : 0;
    const char *us = r->entity ? strchr(r->entity, '_') : NULL;
    int person = len > 3 && r->country && us && us[1] != '\0';   /* "BENJAMIN_NETANYAHU_" */
    if (want == 1)
        return person;
    if (want == 3)   /* "it": a country, or a named group or body (not "the company") */
        return len >= 3 && !person && r->country;
    return len >= 3;
}

/* The most recent actor of the article compatible with the pronoun. */
static int resolve_anaphor(CodeCtx *cx, const AvSentence *s, int head, AvActor *out)
{
    const AvToken *t = &s->tokens[head];
    int want; /* 1 person, 2 group, 3 country/thing */
    if (word_in(t->form, PERSON_PRONOUNS))
        want = 1;
    else if (word_in(t->form, GROUP_PRONOUNS))
        want = 2;
    else if (word_in(t->form, THING_PRONOUNS))
        want = 3;
    else if (t->upos && !strcmp(t->upos, "NOUN") && word_in(t->form, ANAPHORIC_NOUNS)) {
        /* "the group", "the country": only with a definite article */
        int definite = 0, modified = 0;
        for (uint32_t i = 0; i < s->n_tokens; i++) {
            if (s->tokens[i].head - 1 != head)
                continue;
            if (rel_is(&s->tokens[i], "det") && !strcasecmp(s->tokens[i].form, "the"))
                definite = 1;
            else if (rel_is(&s->tokens[i], "compound") || rel_is(&s->tokens[i], "amod") ||
                     rel_is(&s->tokens[i], "nmod") || rel_is(&s->tokens[i], "flat") ||
                     rel_is(&s->tokens[i], "appos"))
                modified = 1;   /* "the Calenardhon government" names its actor */
        }
        if (!definite || modified)
            return 0;
        want = !strcasecmp(t->form, "country") || !strcasecmp(t->form, "state") ||
                       !strcasecmp(t->form, "nation") || !strcasecmp(t->form, "kingdom") ||
                       !strcasecmp(t->form, "republic")
                   ? 3
                   : 2;
    } else
        return 0;
    /* candidates: this sentence's mentions before the pronoun (nearest
     * first), then the actors of earlier sentences (most recent first) */
    const AvMention *m = cx->mentions.data;
    size_t n_here = 0;
    for (size_t k = cx->sentence_mentions; k < cx->mentions.len; k++)
        if (m[k].actor.last < head)
            n_here++;
    for (int k = (int)(n_here + (size_t)cx->n_recent) - 1; k >= 0; k--) {
        const AvActor *r = k >= cx->n_recent ? &m[cx->sentence_mentions + (size_t)(k - cx->n_recent)].actor
                                             : &cx->recent[k];
        if (!compatible_antecedent(r, want))
            continue;
        *out = *r;
        out->first = head;
        out->last = head;
        out->start = t->start;
        out->end = t->end;
        out->text = av_arena_strndup(&cx->doc->arena, cx->doc->text + t->start, t->end - t->start);
        cx->resolved_anaphor = 1;
        return 1;
    }
    return 0;
}

void coder_remember(CodeCtx *cx, const AvActor *a)
{
    if (!a->code)
        return;
    if (cx->n_recent == CODER_RECENT) {
        memmove(cx->recent, cx->recent + 1, sizeof(AvActor) * (CODER_RECENT - 1));
        cx->n_recent--;
    }
    cx->recent[cx->n_recent++] = *a;
}

/* A modifier of head that is coordinated ("Hungarian and Romanian"), or -1. */
static int coordinated_modifier(const AvSentence *s, int head)
{
    for (uint32_t i = 0; i < s->n_tokens; i++) {
        if (s->tokens[i].head - 1 != head)
            continue;
        if (!(rel_is(&s->tokens[i], "amod") || rel_is(&s->tokens[i], "compound") ||
              rel_exact(&s->tokens[i], "nmod:poss")))
            continue;
        for (uint32_t j = 0; j < s->n_tokens; j++)
            if (s->tokens[j].head - 1 == (int)i && rel_is(&s->tokens[j], "conj"))
                return (int)i;
    }
    return -1;
}

static int add_actor(CodeCtx *cx, const AvActor *a, AvActor *out, int n, int max)
{
    (void)cx;
    if (n < max)
        out[n++] = *a;
    return n;
}

static int actors_of_head(CodeCtx *cx, const AvSentence *s, int head, AvActor *out, int max,
                          int depth);

static int is_nmod_child(const AvToken *t)
{
    return rel_is(t, "nmod") && !rel_exact(t, "nmod:poss");
}

/* Is the head word itself (alone, or ending a two-word agent phrase such as
 * "riot police") an agent? */
static int head_is_agent(CodeCtx *cx, const AvSentence *s, int head)
{
    const char *w[2];
    AvDictMatch m;
    w[0] = s->tokens[head].form;
    if (av_dict_match_agent(cx->dict, w, 1, 0, &m) == 1 && m.length == 1)
        return 1;
    if (head > 0) {
        w[0] = s->tokens[head - 1].form;
        w[1] = s->tokens[head].form;
        if (av_dict_match_agent(cx->dict, w, 2, 0, &m) == 1 && m.length == 2)
            return 1;
    }
    return 0;
}

/*
 * The actor of a phrase whose words are marked: first the head's own words
 * (its nmod attachments left out), so that "the resumption of ties with
 * Mordor, Rohan and Bree" finds its actors inside the nmods, with their
 * conjuncts; an agent alone ("police in Gaza") takes the country found
 * there.
 */
static int own_phrase_actors(CodeCtx *cx, const AvSentence *s, int head, char *mark,
                             AvActor *out, int max, int depth)
{
    AvActor a;
    char saved[CODER_MAX_WORDS];
    memcpy(saved, mark, s->n_tokens);
    int has_nmod = 0;
    for (uint32_t i = 0; i < s->n_tokens; i++)
        if (s->tokens[i].head - 1 == head && is_nmod_child(&s->tokens[i]) && mark[i]) {
            unmark_subtree(s, (int)i, mark, 0);
            has_nmod = 1;
        }
    int coded = code_marked(cx, s, mark, &a);
    if (coded && !a.country && !head_is_agent(cx, s, head))
        coded = 0;   /* "formal diplomatic ties" is no actor, whatever "diplomatic" is */
    if (coded && a.country) {
        /* the whole phrase may add an agent hanging in an attachment the
         * parser got wrong ("Bree [Prime Minister Romendacil]") */
        AvActor full;
        if (has_nmod && code_marked(cx, s, saved, &full) && full.country &&
            !strcmp(full.country, a.country) && strlen(full.code) > strlen(a.code)) {
            full.first = a.first;
            full.last = a.last;
            full.start = a.start;
            full.end = a.end;
            full.text = a.text;
            return add_actor(cx, &full, out, 0, max);
        }
        return add_actor(cx, &a, out, 0, max);
    }
    if (has_nmod && depth < 6) {
        for (uint32_t i = 0; i < s->n_tokens; i++) {
            if (s->tokens[i].head - 1 != head || !is_nmod_child(&s->tokens[i]) || !saved[i])
                continue;
            AvActor sub[CODER_MAX_ACTORS];
            int k = actors_of_head(cx, s, (int)i, sub, CODER_MAX_ACTORS, depth + 1);
            int n = 0;
            for (int j = 0; j < k && n < max; j++) {
                if (!sub[j].code)
                    continue;
                if (coded && a.sector && sub[j].country) {
                    /* "police in Gaza": the agent joins the place's country;
                     * a capital coded as its government ("police in Tbilisi",
                     * GEOGOV) gives the country alone, not GEOGOVCOP */
                    char buf[64];
                    int capital = sub[j].sector && !strcmp(sub[j].sector, "GOV");
                    snprintf(buf, sizeof buf, "%s%s", capital ? sub[j].country : sub[j].code,
                             a.sector);
                    sub[j].text = a.text;
                    sub[j].first = a.first;
                    sub[j].last = a.last;
                    sub[j].start = a.start;
                    sub[j].end = a.end;
                    split_code(&cx->doc->arena, &sub[j], buf);
                }
                out[n++] = sub[j];
            }
            if (n > 0)
                return n;
        }
    }
    if (coded)
        return add_actor(cx, &a, out, 0, max);
    /* nothing in its own words: the whole phrase, as the dictionaries see it */
    memcpy(mark, saved, s->n_tokens);
    code_marked(cx, s, mark, &a);
    return add_actor(cx, &a, out, 0, max);
}

/*
 * "Danish media and government", "lawmakers and officials in Fornost and
 * Gondor": a conjunct that names only an agent takes the countries of the
 * first conjunct, one actor per country.  out[0..n_head) are the first
 * conjunct's actors, out[n_head..n) the others'.
 */
static int share_countries(CodeCtx *cx, AvActor *out, int n_head, int n, int max)
{
    AvArena *a = &cx->doc->arena;
    for (int k = n_head; k < n; k++) {
        if (!out[k].code || out[k].country || !out[k].sector)
            continue;
        AvActor agent = out[k];
        int placed = 0;
        for (int h = 0; h < n_head; h++) {
            if (!out[h].code || !out[h].country)
                continue;
            int dup = 0;
            for (int j = 0; j < h; j++)
                dup |= out[j].country && !strcmp(out[j].country, out[h].country);
            if (dup)
                continue;
            char buf[64];
            snprintf(buf, sizeof buf, "%s%s", out[h].country, agent.sector);
            AvActor composed = agent;
            composed.code = av_arena_strdup(a, buf);
            composed.country = out[h].country;
            if (!placed) {
                out[k] = composed;
                placed = 1;
            } else if (n < max) {
                memmove(&out[k + 2], &out[k + 1], sizeof(AvActor) * (size_t)(n - k - 1));
                out[++k] = composed;
                n++;
            }
        }
    }
    return n;
}

/* Actors of the phrase headed by `head`; returns how many (coded or not). */
static int actors_of_head(CodeCtx *cx, const AvSentence *s, int head, AvActor *out, int max,
                          int depth)
{
    if (head < 0 || depth > 8 || max <= 0)
        return 0;
    int n = 0;
    AvActor a;
    if (resolve_anaphor(cx, s, head, &a))
        return add_actor(cx, &a, out, n, max);
    char *mark = cx->mark;
    memset(mark, 0, s->n_tokens);
    mark_subtree(s, head, mark, 0);
    /* conjuncts of the head are actors of their own */
    for (uint32_t i = 0; i < s->n_tokens; i++)
        if (s->tokens[i].head - 1 == head && (rel_is(&s->tokens[i], "conj") || rel_is(&s->tokens[i], "cc")))
            unmark_subtree(s, (int)i, mark, 0);
    int cm = coordinated_modifier(s, head);
    if (cm >= 0) {
        /* distribute: each coordinated modifier with the rest of the phrase */
        int conj_list[16], nc = 0;
        conj_list[nc++] = cm;
        for (uint32_t j = 0; j < s->n_tokens && nc < 16; j++)
            if (s->tokens[j].head - 1 == cm && rel_is(&s->tokens[j], "conj"))
                conj_list[nc++] = (int)j;
        char *base = cx->mark2;
        memcpy(base, mark, s->n_tokens);
        for (int k = 0; k < nc; k++)
            unmark_subtree(s, conj_list[k], base, 0);
        for (uint32_t j = 0; j < s->n_tokens; j++)
            if (s->tokens[j].head - 1 == cm && rel_is(&s->tokens[j], "cc"))
                base[j] = 0;
        for (int k = 0; k < nc && n < max; k++) {
            memcpy(mark, base, s->n_tokens);
            mark[conj_list[k]] = 1;
            /* the modifier's own dependents (not its conjuncts) */
            for (uint32_t j = 0; j < s->n_tokens; j++)
                if (s->tokens[j].head - 1 == conj_list[k] && !rel_is(&s->tokens[j], "conj") &&
                    !rel_is(&s->tokens[j], "cc") && !rel_is(&s->tokens[j], "punct"))
                    mark[j] = 1;
            code_marked(cx, s, mark, &a);
            n = add_actor(cx, &a, out, n, max);
        }
    } else {
        n = own_phrase_actors(cx, s, head, mark, out, max, depth);
    }
    /* conjuncts: "Egypt and Qatar" */
    int n_head = n;
    for (uint32_t i = 0; i < s->n_tokens && n < max; i++)
        if (s->tokens[i].head - 1 == head && rel_is(&s->tokens[i], "conj"))
            n += actors_of_head(cx, s, (int)i, out + n, max - n, depth + 1);
    return share_countries(cx, out, n_head, n, max);
}

int coder_actors(CodeCtx *cx, const AvSentence *s, int head, AvActor *out, int max)
{
    return actors_of_head(cx, s, head, out, max, 0);
}

int coder_find_mentions(CodeCtx *cx, uint32_t si)
{
    const AvSentence *s = &cx->doc->sentences[si];
    const char **words = cx->words;
    size_t n = s->n_tokens < CODER_MAX_WORDS ? s->n_tokens : CODER_MAX_WORDS;
    for (size_t i = 0; i < n; i++)
        words[i] = s->tokens[i].form;
    AvArena *a = &cx->doc->arena;
    for (size_t i = 0; i < n;) {
        AvDictMatch m;
        if (av_dict_match_actor(cx->dict, words, n, i, cx->doc->date, &m) == 1 && m.length > 0) {
            AvMention *mt = av_vec_push(&cx->mentions, a);
            if (!mt)
                return AV_ERR_NOMEM;
            mt->sentence = si;
            AvActor *act = &mt->actor;
            act->first = (int32_t)i;
            act->last = (int32_t)(i + m.length - 1);
            act->start = s->tokens[i].start;
            act->end = s->tokens[i + m.length - 1].end;
            act->text = av_arena_strndup(a, cx->doc->text + act->start, act->end - act->start);
            if (m.code)
                split_code(a, act, m.code);
            act->entity = m.phrase;
            i += m.length;
        } else {
            i++;
        }
    }
    return AV_OK;
}
