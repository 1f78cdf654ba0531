/*
 * nlp — the nlp stage: POS tagger (joint UPOS+XPOS), morphological features,
 * lemmatiser and arc-hybrid dependency parser, all averaged perceptrons over
 * hashed features.  Public entry points (av_model_load, av_tag, av_parse,
 * av_train_nlp, av_eval_parse) are in avocet.h; this header is what the
 * stage's files (and its unit tests) share.  See docs/nlp.md.
 */
#ifndef AV_NLP_H
#define AV_NLP_H

#include "avocet.h"

/* ---- hashing ----------------------------------------------------------- */

static inline uint64_t nlp_mix(uint64_t a, uint64_t b)
{
    uint64_t x = a ^ (b * 0x9E3779B97F4A7C15ULL);
    x ^= x >> 31;
    x *= 0xD6E8FEB86659FD93ULL;
    x ^= x >> 29;
    return x;
}

static inline uint64_t nlp_f1(uint64_t tmpl, uint64_t a) { return nlp_mix(tmpl * 0x100000001B3ULL + 1, a); }
static inline uint64_t nlp_f2(uint64_t tmpl, uint64_t a, uint64_t b) { return nlp_mix(nlp_f1(tmpl, a), b); }
static inline uint64_t nlp_f3(uint64_t tmpl, uint64_t a, uint64_t b, uint64_t c)
{
    return nlp_mix(nlp_f2(tmpl, a, b), c);
}

uint64_t nlp_hash_bytes(const char *s, size_t n);
uint64_t nlp_hash_str(const char *s);
/* ASCII-lowercases src into dst (capacity cap, NUL-terminated); returns length. */
size_t nlp_lower(const char *src, char *dst, size_t cap);
/* Word shape ("Xxxx", "dd", "X.X.") collapsed to at most 2 repeats, as a hash. */
uint64_t nlp_shape_hash(const char *s);

/* ---- growable byte buffer (training and model writing only) ----------- */

typedef struct NlpBuf {
    unsigned char *data;
    size_t len, cap;
} NlpBuf;

int nlp_buf_put(NlpBuf *b, const void *p, size_t n);
int nlp_buf_align(NlpBuf *b, size_t a);
void nlp_buf_free(NlpBuf *b);

/* ---- compiled tables (what a model file holds, used in place) --------- */

/* Open-addressing map: 64-bit key -> 32-bit value.  Slot = low bits, check =
 * high 32 bits (never 0; 0 marks an empty slot).  Slots are (check, value)
 * pairs so that a probe touches one cache line. */
typedef struct NlpMap {
    uint32_t n_slots;          /* power of two */
    const uint32_t *slots;     /* [2 * n_slots]: check, value */
} NlpMap;

#define NLP_MISSING 0xFFFFFFFFu

static inline uint32_t nlp_map_get(const NlpMap *m, uint64_t key)
{
    if (!m->n_slots)
        return NLP_MISSING;
    uint32_t mask = m->n_slots - 1, chk = (uint32_t)(key >> 32) | 1u;
    for (uint32_t i = (uint32_t)key & mask;; i = (i + 1) & mask) {
        if (m->slots[2 * i] == chk)
            return m->slots[2 * i + 1];
        if (m->slots[2 * i] == 0)
            return NLP_MISSING;
    }
}

/* Serialises a map of n pairs into b (section payload). */
int nlp_map_write(NlpBuf *b, const uint64_t *keys, const uint32_t *values, size_t n);
/* Views a serialised map; returns bytes consumed or 0 when malformed. */
size_t nlp_map_view(NlpMap *m, const unsigned char *p, size_t avail);

/* Weights of a compiled perceptron.  A feature's class scores are a dense
 * int16 row, or, when few classes are non-zero (most rare features), a
 * sparse list of (class, score) pairs: the map value then has bit 31 set,
 * the count in bits 24-30 and the first pair's index in bits 0-23. */
typedef struct NlpPair {
    uint16_t cls;
    int16_t val;
} NlpPair;

#define NLP_SPARSE_BIT 0x80000000u
#define NLP_SPARSE_MAX 127u
#define NLP_SPARSE_OFF_MAX 0xFFFFFFu

/* Tables of at most NLP_INLINE_MAX classes (the parser's moves) keep the
 * scores in the hash slot itself: u32 check, then the int16 scores, 12
 * bytes a slot.  One cache miss per feature instead of two (slot, then
 * row): most of parsing time is these misses. */
#define NLP_INLINE_MAX 3u
#define NLP_WEIGHTS_INLINE 1u   /* header flag */

typedef struct NlpWeights {
    uint32_t n_classes, stride; /* n_classes rounded up to 4 (<= 4) or 8 */
    float scale;                /* real weight = int16 * scale */
    NlpMap map;                 /* feature -> row or sparse pairs */
    const int16_t *rows;
    uint32_t n_rows, n_pairs;
    const NlpPair *pairs;
    const uint32_t *inl;        /* inline slots [3 * map.n_slots], or NULL */
} NlpWeights;

/* Serialises n inline slots (keys, scores[n][NLP_INLINE_MAX]) into b. */
int nlp_inline_map_write(NlpBuf *b, const uint64_t *keys, const int16_t *scores, size_t n);

/* Adds the rows of the n features to acc[stride] (int32). */
void nlp_weights_score(const NlpWeights *w, const uint64_t *feats, size_t n, int32_t *acc);
size_t nlp_weights_view(NlpWeights *w, const unsigned char *p, size_t avail);

/* ---- perceptron training ---------------------------------------------- */

typedef struct NlpPerceptron NlpPerceptron;

NlpPerceptron *nlp_perc_new(uint32_t n_classes);
void nlp_perc_free(NlpPerceptron *p);
/* Current (not averaged) scores; scores has n_classes floats. */
void nlp_perc_score(const NlpPerceptron *p, const uint64_t *feats, size_t n, float *scores);
/* One perceptron step: +1 for truth, -1 for guess (no-op when equal). */
int nlp_perc_update(NlpPerceptron *p, const uint64_t *feats, size_t n, uint32_t truth,
                    uint32_t guess);
/* Advances the averaging clock by one instance. */
void nlp_perc_tick(NlpPerceptron *p);
/* Writes the averaged weights (rows updated >= min_updates times and not all
 * ~0) as an NlpWeights section payload. */
int nlp_perc_compile(const NlpPerceptron *p, uint32_t min_updates, NlpBuf *out, size_t *n_rows);

/* ---- the model ---------------------------------------------------------- */

#define NLP_MAGIC "AVOCETM1"
#define NLP_VERSION 3u       /* 3 added SEC_TAGGER2 */
#define NLP_MIN_VERSION 2u   /* oldest version this code reads */

enum NlpSectionId {
    SEC_STRINGS = 1,   /* NUL-terminated strings, referenced by offset */
    SEC_TAGS,          /* u32 n, then n x (u32 upos_off, u32 xpos_off, u32 feats_off) */
    SEC_TAGDICT,       /* NlpMap: hash(form) -> tag */
    SEC_TAGGER,        /* NlpWeights */
    SEC_LEMMAS,        /* NlpMap: hash(lower form, xpos) -> string offset */
    SEC_FEATS,         /* NlpMap: hash(lower form, tag) -> string offset */
    SEC_LABELS,        /* u32 n, then n x u32 string offset */
    SEC_MOVES,         /* NlpWeights, 3 classes */
    SEC_ARCLABELS,     /* NlpWeights, 2 x n_labels classes */
    SEC_TAGGER2,       /* NlpWeights: second tagging pass (optional, version >= 3) */
    SEC_MAX
};

typedef struct NlpTag {
    const char *upos, *xpos, *feats; /* feats: the tag's most frequent FEATS */
} NlpTag;

struct AvModel {
    const unsigned char *base;      /* the file's bytes */
    size_t size;
    int mapped;                     /* map_base/map_len to munmap */
    void *map_base;
    size_t map_len;
    const char *strings;
    size_t strings_len;
    uint32_t n_tags, n_labels;
    NlpTag *tags;                   /* malloc'd views */
    const char **labels;
    uint32_t root_label;            /* index of "root" */
    NlpMap tagdict, lemmas, feats;
    NlpWeights tagger, tagger2, moves, arclabels;
    int has_tagger, has_tagger2, has_parser;
    const unsigned char *sec_p[SEC_MAX]; /* section payloads (decompressed) */
    size_t sec_n[SEC_MAX];
    unsigned char *owned[SEC_MAX];       /* zstd-decompressed copies */
};

/* Builds a model image from section payloads (empty = absent). */
int nlp_model_image(NlpBuf sections[SEC_MAX], NlpBuf *img);
int nlp_model_write(const char *path, NlpBuf sections[SEC_MAX], AvError *err);
/* Parses and validates an image in memory (takes no ownership). */
int nlp_model_open_image(AvModel *m, const unsigned char *data, size_t size, AvError *err);
void nlp_model_close_image(AvModel *m);
/* Copies a section payload of a loaded model (for combining models). */
int nlp_model_section(const AvModel *m, int id, const unsigned char **p, size_t *n);

/* ---- tagger ------------------------------------------------------------- */

#define NLP_TAG_FEATS 40
#define NLP_TAG_START 0xFFFFu    /* the "previous tag" before a sentence */
#define NLP_TAG_END 0xFFFEu      /* the "next tag" after a sentence */
/* Word-level (tag-independent) features of token i; returns count. */
size_t nlp_tagger_word_features(const AvToken *toks, uint32_t n, uint32_t i, uint64_t *out);
/* Features that depend on the two previous predicted tags. */
size_t nlp_tagger_tag_features(const AvToken *toks, uint32_t n, uint32_t i, uint32_t p1,
                               uint32_t p2, uint64_t *out);
/* Second pass: features of the first pass's tags of the next two words
 * (n1, n2), with the pass's own previous tag p1 and the word. */
size_t nlp_tagger_right_features(const AvToken *toks, uint32_t n, uint32_t i, uint32_t p1,
                                 uint32_t n1, uint32_t n2, uint64_t *out);
/* Tags one sentence; tags[] gets the class of each token.  With a second
 * pass in the model, the first pass's tags are rescored in place. */
void nlp_tag_sentence(const AvModel *m, const AvToken *toks, uint32_t n, uint32_t *tags);
/* Lemma from rules (form, xpos) into buf; returns buf. */
const char *nlp_lemma_rule(const char *form, const char *xpos, char *buf, size_t cap);
uint64_t nlp_lemma_key(const char *lower, const char *xpos);
uint64_t nlp_feats_key(const char *lower, uint32_t tag);

/* ---- parser ------------------------------------------------------------- */

enum { MOVE_SHIFT = 0, MOVE_LEFT = 1, MOVE_RIGHT = 2, N_MOVES = 3 };

/* The arc-hybrid configuration: words 1..n, ROOT = n+1 at the buffer's end. */
typedef struct NlpState {
    uint32_t n;
    uint32_t *stack, n_stack;
    uint32_t b0;                 /* front of the buffer */
    int32_t *head;               /* [n+2], -1 = none */
    uint32_t *label;
    uint32_t *lc1, *lc2, *rc1, *rc2; /* leftmost/2nd leftmost, rightmost/2nd rightmost child, 0 = none */
    uint8_t *n_left, *n_right;
    uint64_t *lset, *rset;       /* hashes of the labels of left/right children */
} NlpState;

typedef struct NlpSentFeat {      /* per-word attributes hashed once per sentence */
    uint64_t *w, *t;             /* [n+2]: lowercase word, tag; 0 = none */
} NlpSentFeat;

/* All memory comes from scratch (size from nlp_state_bytes). */
size_t nlp_state_bytes(uint32_t n);
void nlp_state_init(NlpState *s, uint32_t n, void *scratch);
int nlp_move_legal(const NlpState *s, int move);
void nlp_state_apply(NlpState *s, int move, uint32_t label);
int nlp_state_final(const NlpState *s);
/* Dynamic-oracle cost of a move given gold heads gold[1..n] (ROOT = n+1). */
int nlp_move_cost(const NlpState *s, int move, const int32_t *gold);
#define NLP_PARSE_FEATS 128
size_t nlp_parser_features(const NlpState *s, const NlpSentFeat *sf, uint64_t *out);
/* Picks the label classifier's features out of nlp_parser_features' output
 * (which must be in template order, one per template). */
size_t nlp_label_features(const uint64_t *all, uint64_t *out);
/* Parses with tags already set; writes head (0 = root) and label indexes. */
int nlp_parse_sentence(const AvModel *m, const AvToken *toks, uint32_t n, int32_t *heads,
                       uint32_t *labels, AvError *err);
/* Fills sf->w/t[0..n+1] (0 = none, n+1 = ROOT) from forms and tags. */
void nlp_sentfeat_fill(NlpSentFeat *sf, const AvToken *toks, uint32_t n);
/* Whether the tree (heads 1-based, 0 = root) is projective. */
int nlp_is_projective(const int32_t *heads, uint32_t n);
/* Makes the tree projective by lifting crossed arcs, the shortest first, to
 * the head's head (Nivre & Nilsson 2005, without encoding the lift in the
 * label); returns the number of lifts. */
uint32_t nlp_projectivize(int32_t *heads, uint32_t n);

/* ---- training ----------------------------------------------------------- */

typedef struct NlpCorpus {
    AvDocument **docs;
    size_t n_docs, cap;
    size_t n_sents, n_words;
} NlpCorpus;

int nlp_corpus_read(NlpCorpus *c, const char *paths, AvError *err); /* comma-separated */
void nlp_corpus_free(NlpCorpus *c);
/* A copy of doc's sentences and tokens (forms and offsets only) in a new
 * document, for tagging and parsing without touching the gold fields. */
AvDocument *nlp_doc_strip(const AvDocument *gold);
/* Scores system against gold (same tokenisation) into sc (accumulating). */
typedef struct NlpCounts {
    size_t words, upos, xpos, ufeats, lemma, alltags, uas, las;
} NlpCounts;
void nlp_count_same_tokens(const AvDocument *gold, const AvDocument *sys, NlpCounts *c);
int nlp_eval_docs(const AvModel *m, AvDocument *const *docs, size_t n, int gold_tags, AvParseScores *out,
                  AvError *err);

#endif
