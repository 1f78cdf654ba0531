/*
 * sentence_model.h — internal interface of the trained sentence-boundary
 * classifier (sentence_model.c: features, model file, decoding;
 * sentence_train.c: training).  The public part is in avocet.h.
 */
#ifndef AV_SENTENCE_MODEL_H
#define AV_SENTENCE_MODEL_H

#include <stdbool.h>
#include "avocet.h"

/* Model file (docs/text.md): a 64-byte little-endian header, then a dense
 * table of 2^hash_bits int16 weights. */
#define AV_SENT_MAGIC "AVSENT1\n"
#define AV_SENT_VERSION 1u
#define AV_SENT_FEATURE_SET 1u
#define AV_SENT_HEADER_BYTES 64u
#define AV_SENT_MAX_FEATURES 48

struct AvSegmenter {
    const unsigned char *blob;   /* whole file image */
    size_t size;                 /* 0: as the header says (the built-in image) */
    unsigned char *owned;        /* == blob when loaded (freed with the model) */
};

/* A checked view of a model image. */
typedef struct AvSentWeights {
    const int16_t *w;
    uint32_t bits;
    int32_t threshold;           /* a boundary when the score is > threshold */
    float scale;                 /* quantised weight = real weight * scale */
} AvSentWeights;

/* Header checks (and, when full, the payload checksum) of an image. */
int av_sent_model_check(const unsigned char *blob, size_t size, bool full, AvSentWeights *out,
                        AvError *err);
/* Writes a model image for real-valued weights w[2^bits] into a malloc'd
 * buffer (*out, *out_size); the threshold is in real units. */
int av_sent_model_build(const float *w, uint32_t bits, float threshold, unsigned char **out,
                        size_t *out_size, AvError *err);

/* One surface token as the classifier sees it (built from the rules'
 * segmentation of a document). */
typedef struct AvSentTok {
    uint64_t word, cased, shape, suffix;  /* hashes: lower-cased, as written, shape, last 3
                                           * (0 where no open position needs them) */
    uint32_t start, end;         /* byte span of the token */
    uint32_t sent;               /* rule sentence */
    uint32_t first_word;         /* its first AvToken in that sentence */
    uint8_t n_words;
    uint8_t gap;                 /* before it: 0 no space, 1 spaces, 2 a newline */
    uint8_t rule_start;          /* the rules start a sentence here */
    uint8_t fixed;               /* 1: the rules' decision here is final */
    uint8_t flags;               /* AV_SENT_TOK_* */
    uint8_t to_next_rule;        /* tokens to the next rule boundary (max 255) */
    uint8_t punct_before_quote;  /* ":" or "," */
    uint8_t body;                /* in a body sentence of the rules */
    uint8_t colon;               /* ":" or ";" */
} AvSentTok;

enum {
    AV_SENT_TOK_QUOTE = 1,
    AV_SENT_TOK_OPEN = 2,
    AV_SENT_TOK_CLOSE = 4,
    AV_SENT_TOK_TERM = 8,
    AV_SENT_TOK_LOWER = 16,      /* starts with an ASCII lower-case letter */
    AV_SENT_TOK_WORD = 32,       /* starts with a letter or digit, no final . ! ? */
    AV_SENT_TOK_TITLE = 64,      /* "Mr.", "Gen.", an initial: the rules never end a
                                  * sentence after it */
    AV_SENT_TOK_ABBREV = 128     /* any abbreviation with its period ("etc.") */
};

typedef struct AvSentView {
    AvSentTok *toks;
    size_t n;
    uint32_t style;              /* how edited the document looks (0..4) */
} AvSentView;

/* The tokens of a document segmented by the rules (malloc'd). */
int av_sent_view_build(const AvDocument *doc, AvSentView *v, AvError *err);
void av_sent_view_free(AvSentView *v);

/* Decoding state carried from boundary to boundary. */
typedef struct AvSentState {
    uint32_t since;              /* tokens since the last boundary */
    uint32_t quotes;             /* quote tokens since then */
    int32_t depth;               /* open brackets since then */
    uint32_t boundaries;         /* boundaries so far in the document */
    uint32_t last_rule;          /* index of the last rule boundary */
} AvSentState;

void av_sent_state_init(AvSentState *st);
/* Is the decision before token k fixed (by the rules, or because the open
 * sentence reached its length limit)?  *forced is that decision. */
bool av_sent_fixed(const AvSentView *v, size_t k, const AvSentState *st, bool *forced);
/* Feature indexes (into 2^bits weights) of the boundary before token k. */
size_t av_sent_features(const AvSentView *v, size_t k, const AvSentState *st, uint32_t bits,
                        uint32_t *out);
/* Moves the state past token k, which starts a sentence when boundary. */
void av_sent_state_step(const AvSentView *v, size_t k, bool boundary, AvSentState *st);

/* The image compiled into the library (NULL, 0 when there is none). */
void av_sent_builtin_image(const unsigned char **data, size_t *size);

/* Replaces doc's rule sentences by the model's (segment.c calls it). */
int av_sent_resegment(const AvSegmenter *m, AvDocument *doc, AvError *err);

#endif
