/*
 * clauses.c — predicates and their arguments from a UD dependency tree.
 *
 * Event coding needs, for every verb, who acts (source) and who is acted on
 * (target).  UD gives them fairly directly: nsubj/obj/iobj, nsubj:pass plus
 * obl:agent for passives, obl+case for prepositional targets ("met with X"),
 * conj for shared subjects ("bombed and shelled"), xcomp for control
 * ("agreed to restore ties": the subject of "restore" is the subject of
 * "agreed"), acl:relcl for relative clauses ("militants who attacked").
 */
#include <string.h>
#include <strings.h>
#include "../doc/doc.h"
#include "code.h"

const char *av_modality_name(AvModality m)
{
    switch (m) {
    case AV_MOD_INTENDED: return "intended";
    case AV_MOD_THREATENED: return "threatened";
    case AV_MOD_HYPOTHETICAL: return "hypothetical";
    case AV_MOD_REPORTED: return "reported";
    default: return "asserted";
    }
}

int av_tok_is(const AvToken *t, const char *upos)
{
    return t->upos && !strcmp(t->upos, upos);
}

int av_rel_is(const AvToken *t, const char *rel)
{
    if (!t->deprel)
        return 0;
    size_t n = strlen(rel);
    return !strncmp(t->deprel, rel, n) && (t->deprel[n] == '\0' || t->deprel[n] == ':');
}

static int rel_exact(const AvToken *t, const char *rel)
{
    return t->deprel && !strcmp(t->deprel, rel);
}

static int word_in(const char *w, const char *const *list)
{
    if (!w)
        return 0;
    for (; *list; list++)
        if (!strcasecmp(w, *list))
            return 1;
    return 0;
}

static const char *lemma_or_form(const AvToken *t)
{
    return t->lemma ? t->lemma : t->form;
}

/* Verbs whose complement carries the speaker's report. */
static const char *const SAY_VERBS[] = {
    "say", "tell", "announce", "claim", "state", "report", "add", "stress", "insist",
    "declare", "note", "confirm", "allege", "write", "explain", "acknowledge", NULL};

static const char *const INTEND_VERBS[] = {
    "plan", "intend", "hope", "want", "aim", "seek", "prepare", "promise", "pledge",
    "vow", "expect", "decide", "agree", "offer", "propose", "try", "attempt", "wish",
    "resolve", "consider", "mean", NULL};

static const char *const THREAT_VERBS[] = {"threaten", "warn", NULL};
/* "failed to conclude an agreement": the complement did not happen */
static const char *const FAIL_VERBS[] = {"fail", NULL};

static const char *const HYPO_AUX[] = {"could", "may", "might", "can", "should", "must",
                                       "ought", NULL};
static const char *const FUTURE_AUX[] = {"will", "shall", "'ll", "wo", NULL};
static const char *const NEG_WORDS[] = {"not", "n't", "never", "no", "nt", NULL};
static const char *const REL_PRONOUNS[] = {"who", "which", "that", "whom", NULL};

/* Children index: for each word, the list of its dependents in order. */
typedef struct Tree {
    int n;
    int *first;   /* first[i]: start in kids[] */
    int *count;
    int *kids;
} Tree;

static int build_tree(AvArena *a, const AvSentence *s, Tree *t)
{
    int n = (int)s->n_tokens;
    t->n = n;
    t->first = av_arena_alloc(a, sizeof(int) * (size_t)(n + 1));
    t->count = av_arena_alloc(a, sizeof(int) * (size_t)(n + 1));
    t->kids = av_arena_alloc(a, sizeof(int) * (size_t)(n + 1));
    if (!t->first || !t->count || !t->kids)
        return AV_ERR_NOMEM;
    for (int i = 0; i < n; i++) {
        int h = s->tokens[i].head - 1;
        if (h >= 0 && h < n)
            t->count[h]++;
    }
    int pos = 0;
    for (int i = 0; i < n; i++) {
        t->first[i] = pos;
        pos += t->count[i];
        t->count[i] = 0;
    }
    for (int i = 0; i < n; i++) {
        int h = s->tokens[i].head - 1;
        if (h >= 0 && h < n)
            t->kids[t->first[h] + t->count[h]++] = i;
    }
    return AV_OK;
}

static int head_of(const AvSentence *s, int i)
{
    int h = s->tokens[i].head - 1;
    return (h >= 0 && h < (int)s->n_tokens) ? h : -1;
}

/* First child of w with relation rel (exact or as prefix family). */
static int child_with(const AvSentence *s, const Tree *t, int w, const char *rel, int exact)
{
    for (int k = 0; k < t->count[w]; k++) {
        int c = t->kids[t->first[w] + k];
        if (exact ? rel_exact(&s->tokens[c], rel) : av_rel_is(&s->tokens[c], rel))
            return c;
    }
    return -1;
}

/* The preposition (case/mark child) of a nominal, lowercased into the arena. */
static const char *prep_of(AvArena *a, const AvSentence *s, const Tree *t, int w)
{
    for (int k = 0; k < t->count[w]; k++) {
        int c = t->kids[t->first[w] + k];
        if (rel_exact(&s->tokens[c], "case") && c < w) {
            const char *f = s->tokens[c].form;
            size_t n = strlen(f);
            char *p = av_arena_strndup(a, f, n);
            if (p)
                for (size_t i = 0; i < n; i++)
                    if (p[i] >= 'A' && p[i] <= 'Z')
                        p[i] = (char)(p[i] - 'A' + 'a');
            return p;
        }
    }
    return NULL;
}

static int is_trigger_candidate(const AvToken *t)
{
    return av_tok_is(t, "VERB");
}

/* Relations whose subtrees do not belong to the words of a clause. */
static int excluded_from_clause(const AvToken *t, int trigger_is_verb)
{
    /* A complement clause stays: patterns read on into it ("allowed that
     * Mordor isn't the neatest place"), as PETRARCH reads the whole VP. */
    static const char *const EXCL[] = {"nsubj", "csubj", "advcl", "parataxis", "punct",
                                       "discourse", "vocative", "list", "reparandum", "mark",
                                       "dep", NULL};
    for (int i = 0; EXCL[i]; i++)
        if (av_rel_is(t, EXCL[i]))
            return 1;
    if (trigger_is_verb && av_rel_is(t, "conj"))
        return 1;
    if (trigger_is_verb && av_rel_is(t, "cc"))
        return 1;
    if (rel_exact(t, "acl:relcl"))
        return 1;
    return 0;
}

/* "signed an accord to supply Gondor": a purpose clause with "to" is
 * controlled by its governor's subject, like an xcomp. */
static int infinitival_advcl(const AvSentence *s, const Tree *t, int v)
{
    if (!av_rel_is(&s->tokens[v], "advcl"))
        return 0;
    for (int k = 0; k < t->count[v]; k++) {
        int c = t->kids[t->first[v] + k];
        if (rel_exact(&s->tokens[c], "mark") && s->tokens[c].form &&
            !strcasecmp(s->tokens[c].form, "to"))
            return 1;
    }
    return 0;
}

/* "vowed on Thursday to wage war": an infinitive adverbial clause without
 * a subject of its own, under a verb without an object, is read with the
 * verb, as PETRARCH reads the whole verb phrase: the parser often attaches
 * such complements as advcl.  After an object it is a purpose clause
 * ("cut tariffs to narrow the surplus") and stays out. */
static int advcl_read_with_verb(const AvSentence *s, const Tree *t, int c)
{
    if (!rel_exact(&s->tokens[c], "advcl") || !infinitival_advcl(s, t, c))
        return 0;
    int v = s->tokens[c].head - 1;
    for (int k = 0; v >= 0 && k < t->count[v]; k++) {
        const AvToken *d = &s->tokens[t->kids[t->first[v] + k]];
        if (av_rel_is(d, "obj") || av_rel_is(d, "iobj") || av_rel_is(d, "ccomp"))
            return 0;
    }
    for (int k = 0; k < t->count[c]; k++) {
        const AvToken *d = &s->tokens[t->kids[t->first[c] + k]];
        if (av_rel_is(d, "nsubj") || av_rel_is(d, "csubj"))
            return 0;
    }
    return 1;
}

static void collect_words(const AvSentence *s, const Tree *t, int w, int root, int is_verb,
                          char *mark)
{
    mark[w] = 1;
    for (int k = 0; k < t->count[w]; k++) {
        int c = t->kids[t->first[w] + k];
        if (mark[c])
            continue;
        if (w == root && excluded_from_clause(&s->tokens[c], is_verb) &&
            !(is_verb && advcl_read_with_verb(s, t, c)))
            continue;
        if (w != root && (rel_exact(&s->tokens[c], "acl:relcl") || av_rel_is(&s->tokens[c], "parataxis")))
            continue;
        collect_words(s, t, c, root, is_verb, mark);
    }
}

static int fill_words(AvArena *a, const AvSentence *s, const Tree *t, AvClause *c, char *mark)
{
    int n = t->n;
    memset(mark, 0, (size_t)n);
    /* Guard against cycles in a malformed tree: collect_words marks as it goes. */
    collect_words(s, t, c->trigger, c->trigger, !c->is_noun, mark);
    int cnt = 0;
    for (int i = 0; i < n; i++)
        cnt += mark[i];
    c->words = av_arena_alloc(a, sizeof(int32_t) * (size_t)(cnt ? cnt : 1));
    if (!c->words)
        return AV_ERR_NOMEM;
    c->n_words = 0;
    for (int i = 0; i < n; i++)
        if (mark[i])
            c->words[c->n_words++] = i;
    return AV_OK;
}

static void find_modality(const AvSentence *s, const Tree *t, AvClause *c)
{
    int v = c->trigger;
    for (int k = 0; k < t->count[v]; k++) {
        int ch = t->kids[t->first[v] + k];
        const AvToken *tk = &s->tokens[ch];
        if (av_rel_is(tk, "aux") && !rel_exact(tk, "aux:pass")) {
            if (word_in(tk->form, FUTURE_AUX))
                c->modality = AV_MOD_INTENDED;
            else if (word_in(tk->form, HYPO_AUX) && c->modality == AV_MOD_ASSERTED)
                c->modality = AV_MOD_HYPOTHETICAL;
        }
        if ((av_rel_is(tk, "advmod") || rel_exact(tk, "det")) && word_in(tk->form, NEG_WORDS))
            c->negated = 1;
        if (av_rel_is(tk, "advmod") && tk->form && !strcasecmp(tk->form, "reportedly"))
            c->modality = AV_MOD_REPORTED;
        if (rel_exact(tk, "mark") && tk->form &&
            (!strcasecmp(tk->form, "if") || !strcasecmp(tk->form, "unless")))
            c->modality = AV_MOD_HYPOTHETICAL;
    }
    /* "did not fire" may hang the negation on the object: "fired no rockets" */
    if (c->object.head >= 0) {
        int o = c->object.head;
        for (int k = 0; k < t->count[o]; k++) {
            int ch = t->kids[t->first[o] + k];
            if (rel_exact(&s->tokens[ch], "det") && s->tokens[ch].form &&
                !strcasecmp(s->tokens[ch].form, "no"))
                c->negated = 1;
        }
    }
}

/* The sentence has no verbal root, and its root noun comes before word v
 * ("Israeli jets [root] struck targets"): a headline-like misparse. */
static int nominal_root_before(const AvSentence *s, int v)
{
    for (int i = 0; i < (int)s->n_tokens; i++)
        if (s->tokens[i].head == 0)
            return i < v && (av_tok_is(&s->tokens[i], "NOUN") || av_tok_is(&s->tokens[i], "PROPN"));
    return 0;
}

static void find_arguments(AvArena *a, const AvSentence *s, const Tree *t, AvClause *c)
{
    int v = c->trigger;
    c->subject.head = c->object.head = c->iobj.head = c->agent.head = -1;
    c->subject2.head = -1;
    c->speaker = -1;
    for (int k = 0; k < t->count[v]; k++) {
        int ch = t->kids[t->first[v] + k];
        const AvToken *tk = &s->tokens[ch];
        if (rel_exact(tk, "nsubj:pass") || rel_exact(tk, "csubj:pass")) {
            c->subject.head = ch;
            c->passive = 1;
        } else if (av_rel_is(tk, "nsubj") || av_rel_is(tk, "csubj")) {
            /* two subjects are a misparsed coordination ("The lions and
             * the evil Gondor welcomed"): the coder tries both */
            if (c->subject.head < 0)
                c->subject.head = ch;
            else if (c->subject2.head < 0)
                c->subject2.head = ch;
        } else if (rel_exact(tk, "aux:pass")) {
            c->passive = 1;
        } else if (av_rel_is(tk, "obj")) {
            if (c->object.head < 0)
                c->object.head = ch;
        } else if (av_rel_is(tk, "iobj")) {
            c->iobj.head = ch;
        } else if (rel_exact(tk, "obl:agent")) {
            c->agent.head = ch;
        } else if ((av_rel_is(tk, "obl") && !rel_exact(tk, "obl:tmod") && !rel_exact(tk, "obl:npmod")) ||
                   (c->is_noun && av_rel_is(tk, "nmod") && !rel_exact(tk, "nmod:poss"))) {
            const char *p = prep_of(a, s, t, ch);
            if (c->passive && p && !strcmp(p, "by") && c->agent.head < 0) {
                c->agent.head = ch;
                c->agent.prep = p;
            } else if (c->n_obl < AV_MAX_OBL) {
                c->obl[c->n_obl].head = ch;
                c->obl[c->n_obl].prep = p;
                c->n_obl++;
            }
        } else if (av_rel_is(tk, "parataxis") && word_in(lemma_or_form(tk), SAY_VERBS)) {
            int sp = child_with(s, t, ch, "nsubj", 0);
            if (sp >= 0)
                c->speaker = sp;
        }
    }
    /* A verb of saying with no subject right after a noun phrase the
     * parser hung elsewhere ("..., the primary official news agency WFNA
     * said on Thursday", the agency read as an apposition of "rift"): that
     * phrase is its subject. */
    if (c->subject.head < 0 && !c->passive && !c->is_noun && v > 0 &&
        word_in(lemma_or_form(&s->tokens[v]), SAY_VERBS)) {
        int w = v - 1;
        for (int guard = 0; guard < 4 && (rel_exact(&s->tokens[w], "flat") ||
                                          av_rel_is(&s->tokens[w], "compound"));
             guard++) {
            int h = head_of(s, w);
            if (h < 0 || h >= v)
                break;
            w = h;
        }
        int x = w, steps = 0;   /* not inside the verb's own phrase */
        while (x >= 0 && x != v && steps++ <= (int)s->n_tokens)
            x = head_of(s, x);
        if (x != v && (av_tok_is(&s->tokens[w], "NOUN") || av_tok_is(&s->tokens[w], "PROPN")))
            c->subject.head = w;
    }
    /* A passive's "by" phrase the parser hung on an adverb of the verb
     * ("was opposed earlier by Osgiliath": "by Osgiliath" under
     * "earlier") is still the verb's agent. */
    if (c->passive && c->agent.head < 0)
        for (int k = 0; k < t->count[v] && c->agent.head < 0; k++) {
            int adv = t->kids[t->first[v] + k];
            if (!av_rel_is(&s->tokens[adv], "advmod"))
                continue;
            for (int j = 0; j < t->count[adv]; j++) {
                int ch = t->kids[t->first[adv] + j];
                const char *p = av_rel_is(&s->tokens[ch], "obl") ? prep_of(a, s, t, ch) : NULL;
                if (p && !strcmp(p, "by")) {
                    c->agent.head = ch;
                    c->agent.prep = p;
                    break;
                }
            }
        }
    /* A relative clause with no subject at all ("Arnor [root noun] will
     * abandon relations", a misparse of a plain clause) has the noun it
     * hangs on as its subject. */
    /* The same for a past-tense verb read as a reduced relative on the
     * sentence's root noun ("Israeli troops [root] clashed [acl] with
     * militants"): a body sentence is a clause, so unless the participle
     * has a passive agent ("the convoy attacked by militants"), the noun
     * is its subject. */
    if (c->subject.head < 0 && rel_exact(&s->tokens[v], "acl") && s->tokens[v].xpos &&
        (!strcmp(s->tokens[v].xpos, "VBD") || !strcmp(s->tokens[v].xpos, "VBN"))) {
        int h = head_of(s, v);
        int agent = c->agent.head >= 0;
        for (int k = 0; k < c->n_obl; k++)
            agent |= c->obl[k].prep && !strcmp(c->obl[k].prep, "by");
        if (h >= 0 && h < v && s->tokens[h].head == 0 && !agent && !c->passive &&
            (av_tok_is(&s->tokens[h], "NOUN") || av_tok_is(&s->tokens[h], "PROPN")))
            c->subject.head = h;
    }
    if (c->subject.head < 0 && rel_exact(&s->tokens[v], "acl:relcl")) {
        int h = head_of(s, v);
        if (h >= 0 && h < v)
            c->subject.head = h;
    }
    /* A relative pronoun subject stands for the noun the clause modifies. */
    if (c->subject.head >= 0 && rel_exact(&s->tokens[v], "acl:relcl") &&
        word_in(s->tokens[c->subject.head].form, REL_PRONOUNS)) {
        int h = head_of(s, v);
        if (h >= 0)
            c->subject.head = h;
    }
    if (c->object.head >= 0 && rel_exact(&s->tokens[v], "acl:relcl") &&
        word_in(s->tokens[c->object.head].form, REL_PRONOUNS)) {
        int h = head_of(s, v);
        if (h >= 0)
            c->object.head = h;
    }
    /* A finite verb cannot modify a noun: "jets struck targets" parsed with
     * "struck" as an adjective of "targets" is repaired by reading the noun
     * as the object and the nearest noun phrase before the verb as the
     * subject. */
    if (c->subject.head < 0 && c->object.head < 0 && s->tokens[v].xpos &&
        (rel_exact(&s->tokens[v], "amod") || rel_exact(&s->tokens[v], "compound")) &&
        (!strcmp(s->tokens[v].xpos, "VBD") || !strcmp(s->tokens[v].xpos, "VBZ") ||
         !strcmp(s->tokens[v].xpos, "VBP") ||
         (!strcmp(s->tokens[v].xpos, "VBN") && nominal_root_before(s, v)))) {
        int h = head_of(s, v);
        if (h > v) {
            c->object.head = h;
            for (int j = v - 1; j >= 0; j--) {
                const AvToken *tj = &s->tokens[j];
                if (av_tok_is(tj, "NOUN") || av_tok_is(tj, "PROPN") || av_tok_is(tj, "PRON")) {
                    int hj = head_of(s, j);
                    if (hj < j || hj > v) {   /* the head of its phrase */
                        c->subject.head = j;
                        break;
                    }
                }
            }
        }
    }
    /* Reduced relative ("the convoy attacked by militants") and passive
     * participles: the modified noun is the patient.  A finite past verb
     * hung on a noun ("warplanes struck targets" misparsed as acl) can only
     * have that noun as its subject. */
    if (c->subject.head < 0 && rel_exact(&s->tokens[v], "acl") && s->tokens[v].xpos) {
        int h = head_of(s, v);
        /* a participle with a direct object is active, whatever its tag */
        if (h >= 0 && !strcmp(s->tokens[v].xpos, "VBN") && c->object.head < 0) {
            c->subject.head = h;
            c->passive = 1;
        } else if (h >= 0 && (!strcmp(s->tokens[v].xpos, "VBD") || !strcmp(s->tokens[v].xpos, "VBN"))) {
            c->subject.head = h;
        }
    }
}

/* The first word of the subtree of v (its leftmost dependent, recursively). */
static int clause_first_word(const AvSentence *s, const Tree *t, int v)
{
    int first = v;
    for (int guard = 0; guard < 64; guard++) {
        int left = first;
        for (int k = 0; k < t->count[first]; k++) {
            int c = t->kids[t->first[first] + k];
            if (c < left)
                left = c;
        }
        if (left == first)
            break;
        first = left;
    }
    (void)s;
    return first;
}


/* ", killing five people": an -ing adverbial clause with no subject and
 * no subordinator of its own. */
static int participle_adjunct(const AvSentence *s, const Tree *t, int v)
{
    if (!rel_exact(&s->tokens[v], "advcl") || !s->tokens[v].xpos ||
        strcmp(s->tokens[v].xpos, "VBG"))
        return 0;
    for (int k = 0; k < t->count[v]; k++) {
        const AvToken *d = &s->tokens[t->kids[t->first[v] + k]];
        if (av_rel_is(d, "nsubj") || av_rel_is(d, "csubj") || rel_exact(d, "mark"))
            return 0;
    }
    return 1;
}

/* Fills inherited subjects (conj, xcomp) once every clause has its own
 * arguments.  Processing in tree order would need recursion; a few passes
 * over the list settle chains of any practical depth. */
static void inherit_arguments(const AvSentence *s, const Tree *t, AvClause *cl, int nc,
                             const int *clause_of)
{
    for (int pass = 0; pass < 4; pass++) {
        for (int i = 0; i < nc; i++) {
            AvClause *c = &cl[i];
            if (c->is_noun)
                continue;
            int v = c->trigger;
            int h = head_of(s, v);
            if (h < 0)
                continue;
            if (clause_of[h] < 0) {
                /* "X is about to restore ...", "X was ready to attack ...":
                 * the governor is an adjective or noun predicate */
                if (c->subject.head < 0 && (av_rel_is(&s->tokens[v], "xcomp") ||
                                            av_rel_is(&s->tokens[v], "conj"))) {
                    /* up through modifiers: "is inching nearer to accord" */
                    int w = h, subj = -1;
                    for (int up = 0; up < 3 && w >= 0 && subj < 0; up++) {
                        subj = child_with(s, t, w, "nsubj", 0);
                        if (subj < 0 && clause_of[w] >= 0 && cl[clause_of[w]].subject.head >= 0)
                            subj = cl[clause_of[w]].subject.head;
                        w = head_of(s, w);
                    }
                    c->subject.head = subj;
                    c->subject.prep = NULL;
                }
                continue;
            }
            AvClause *g = &cl[clause_of[h]];
            const AvToken *tv = &s->tokens[v];
            if (av_rel_is(tv, "conj")) {
                /* "bombed and shelled Gaza": UD hangs the shared object on
                 * the last conjunct */
                if (g->object.head < 0 && c->object.head >= 0 && g->n_obl == 0)
                    g->object = c->object;
                if (c->subject.head < 0 && !c->passive)
                    c->subject = g->subject;
                else if (c->subject.head < 0 && c->passive && g->passive)
                    c->subject = g->subject;
                if (c->speaker < 0)
                    c->speaker = g->speaker;
                if (g->negated && c->modality == AV_MOD_ASSERTED)
                    c->modality = g->modality;
            } else if (av_rel_is(tv, "xcomp") || infinitival_advcl(s, t, v)) {
                c->governor = clause_of[h];
                if (c->subject.head < 0)
                    c->subject = g->object.head >= 0 ? g->object : g->subject;
                const char *gl = lemma_or_form(&s->tokens[g->trigger]);
                if (g->negated || word_in(gl, FAIL_VERBS))
                    c->negated = 1;
                if (word_in(gl, THREAT_VERBS))
                    c->modality = AV_MOD_THREATENED;
                else if (word_in(gl, INTEND_VERBS) && c->modality == AV_MOD_ASSERTED)
                    c->modality = AV_MOD_INTENDED;
                else if (c->modality == AV_MOD_ASSERTED)
                    c->modality = g->modality;
                if (c->speaker < 0)
                    c->speaker = g->speaker;
            } else if (participle_adjunct(s, t, v) && c->subject.head < 0 && !c->passive &&
                       !g->passive && !g->is_noun) {
                /* "troops raided the camp, killing five": the subject of
                 * the sentence does the killing */
                c->subject = g->subject;
            } else if (av_rel_is(tv, "ccomp")) {
                c->governor = clause_of[h];
                /* "indicated it should have acted": the subject misread as
                 * the governor's object, right before the complement */
                if (c->subject.head < 0 && g->object.head > g->trigger && g->object.head < v &&
                    clause_first_word(s, t, v) == g->object.head + 1)
                    c->subject = g->object;
                if (word_in(lemma_or_form(&s->tokens[g->trigger]), SAY_VERBS) && c->speaker < 0)
                    c->speaker = g->subject.head;
            }
        }
    }
}

int av_code_clauses(AvDocument *doc, const AvSentence *s, AvClause **out, AvError *err)
{
    AvArena *a = &doc->arena;
    *out = NULL;
    int n = (int)s->n_tokens;
    if (n == 0)
        return 0;
    Tree t;
    int *clause_of = av_arena_alloc(a, sizeof(int) * (size_t)n);
    char *mark = av_arena_alloc(a, (size_t)n);
    if (build_tree(a, s, &t) < 0 || !clause_of || !mark)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    int nc = 0;
    for (int i = 0; i < n; i++)
        nc += is_trigger_candidate(&s->tokens[i]) || av_tok_is(&s->tokens[i], "NOUN");
    AvClause *cl = av_arena_alloc(a, sizeof(AvClause) * (size_t)(nc ? nc : 1));
    if (!cl)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    nc = 0;
    for (int i = 0; i < n; i++) {
        clause_of[i] = -1;
        const AvToken *tk = &s->tokens[i];
        /* a noun modifying another ("appeals court", "protest movement")
         * names no event of its own */
        int is_noun = av_tok_is(tk, "NOUN") && !rel_exact(tk, "compound");
        if (!is_trigger_candidate(tk) && !is_noun)
            continue;
        AvClause *c = &cl[nc];
        c->trigger = i;
        c->governor = -1;
        c->is_noun = is_noun;
        find_arguments(a, s, &t, c);
        if (is_noun && c->subject.head < 0) {
            /* "Israeli air strikes", "Hamas's attack": the modifier acts
             * (a predicate noun with a subject keeps it: "X is the place") */
            int m = child_with(s, &t, i, "nmod:poss", 1);
            if (m < 0)
                m = child_with(s, &t, i, "amod", 1);
            if (m < 0)
                m = child_with(s, &t, i, "compound", 1);
            c->subject.head = m;
            c->subject.prep = NULL;
        }
        find_modality(s, &t, c);
        if (fill_words(a, s, &t, c, mark) < 0)
            return av_error_set(err, AV_ERR_NOMEM, "out of memory");
        clause_of[i] = nc++;
    }
    inherit_arguments(s, &t, cl, nc, clause_of);
    *out = cl;
    return nc;
}
