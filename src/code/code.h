/*
 * code — the event coder: from parsed sentences and dictionaries to CAMEO and
 * PLOVER events.
 *
 * The coder works in two steps:
 *   1. clauses.c reads the dependency tree of a sentence and lists its
 *      predicates (clauses): the trigger word, who is the grammatical
 *      source/target (subject, object, passive agent, prepositional objects),
 *      negation, modality and attribution, and the words that belong to the
 *      clause in text order (for dictionary pattern matching);
 *   2. the matcher applies verb patterns to each clause and actors to its
 *      arguments and writes events.
 */
#ifndef AV_CODE_H
#define AV_CODE_H

#include "avocet.h"

typedef enum AvModality {
    AV_MOD_ASSERTED = 0,
    AV_MOD_INTENDED,      /* "will meet", "plans to", "agreed to" */
    AV_MOD_THREATENED,    /* "threatened to impose" */
    AV_MOD_HYPOTHETICAL,  /* "could", "may", "if ..." */
    AV_MOD_REPORTED       /* "reportedly", "is said to" */
} AvModality;

const char *av_modality_name(AvModality m);

/* An argument of a clause: the head word of a phrase and how it attaches. */
typedef struct AvArg {
    int32_t head;         /* 0-based word index, -1 if none */
    const char *prep;     /* lowercased preposition for obl/nmod args, else NULL */
} AvArg;

#define AV_MAX_OBL 8

typedef struct AvClause {
    int32_t trigger;      /* 0-based index of the verb (or event noun) */
    int32_t governor;     /* clause whose xcomp/ccomp this is, -1 if none */
    int is_noun;          /* event noun ("talks", "air strikes") */
    int passive;
    int negated;
    AvModality modality;
    AvArg subject;        /* grammatical subject (the patient in a passive) */
    AvArg subject2;       /* a second subject of a misparsed coordination, or -1 */
    AvArg object;         /* direct object */
    AvArg iobj;
    AvArg agent;          /* passive agent ("by X") */
    AvArg obl[AV_MAX_OBL];
    int n_obl;
    int32_t speaker;      /* subject of a governing "said/told", -1 if none */
    /* Words of the clause in text order (0-based indexes), excluding the
     * subject phrase and nested finite clauses.  Used by the pattern matcher. */
    int32_t *words;
    int n_words;
} AvClause;

/*
 * Lists the clauses of a parsed sentence (tokens must carry upos, deprel and
 * head).  Clauses are allocated in the document arena.  Returns the number of
 * clauses (>= 0) or a negative status.
 */
int av_code_clauses(AvDocument *doc, const AvSentence *s, AvClause **out, AvError *err);

/* Word index helpers over a parsed sentence. */
int av_tok_is(const AvToken *t, const char *upos);
int av_rel_is(const AvToken *t, const char *rel);   /* matches "obl" for "obl:agent" too */

#endif
