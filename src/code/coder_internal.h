/*
 * coder_internal.h — what the files of the code stage share (not part of
 * the stage's interface, which is code.h + the "code" section of avocet.h).
 */
#ifndef AV_CODER_INTERNAL_H
#define AV_CODER_INTERNAL_H

#include "../doc/doc.h"
#include "code.h"

#define CODER_MAX_WORDS 512   /* longer sentences are coded on their first words */
#define CODER_RECENT 32       /* actors remembered for pronoun resolution */
#define CODER_MAX_ACTORS 8    /* per argument (compound actors) */
#define CODER_BLOOM_BITS 4096

struct AvCoder {
    const AvModel *model;
    const AvDict *dict;
    AvCoderOptions opt;
};

/* Per-document working state (on the stack of av_code_*). */
typedef struct CodeCtx {
    const AvCoder *coder;
    const AvDict *dict;
    AvDocument *doc;
    const char *words[CODER_MAX_WORDS];
    int32_t idx[CODER_MAX_WORDS];
    char mark[CODER_MAX_WORDS];
    char mark2[CODER_MAX_WORDS];
    AvActor recent[CODER_RECENT];
    int n_recent;
    int resolved_anaphor;     /* set by coder_actors when a pronoun was resolved */
    AvVec mentions;           /* AvMention */
    size_t sentence_mentions; /* index of the current sentence's first mention */
    AvVec events;             /* AvEvent */
    uint32_t next_group;
    /* Bloom filter of the current sentence's forms and lemmas (lower
     * case): a pattern naming a word the sentence lacks is skipped without
     * scanning it word by word. */
    uint64_t words_seen[CODER_BLOOM_BITS / 64];
} CodeCtx;

/* actors.c */
int coder_actors(CodeCtx *cx, const AvSentence *s, int head, AvActor *out, int max);
int coder_find_mentions(CodeCtx *cx, uint32_t si);
void coder_remember(CodeCtx *cx, const AvActor *a);
/* Can the sentence have a source at all: a dictionary actor or agent, or
 * a pronoun or "the group" that may stand for one?  (Words only: no tags
 * needed.)  Sentences without are not worth tagging and parsing. */
int coder_sentence_has_actors(const AvDict *d, const AvSentence *s, const char *date);

#endif
