/*
 * avocet.h — the public API of the avocet event-data coder.
 *
 * A document flows through stages:
 *   io -> text -> nlp -> dict -> code -> enrich -> store -> serve
 * Each stage lives in one folder under src/ with one internal header; this
 * file is what programs (the avocet CLI among them) may use.
 *
 * Conventions
 *   - Every fallible function returns an int status (AV_OK == 0, negative on
 *     failure) and fills an AvError with a readable message.  Nothing in the
 *     library calls exit().
 *   - A document owns an arena; everything hanging off a document (sentences,
 *     tokens, strings) lives in that arena and is freed with the document.
 *   - Token byte offsets always point into AvDocument.text, which is the input
 *     text after UTF-8 repair (invalid bytes become U+FFFD, NUL becomes U+FFFD).
 *   - Models and dictionaries are immutable after load and may be shared by
 *     threads.  There are no mutable globals.
 */
#ifndef AVOCET_H
#define AVOCET_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AVOCET_VERSION "0.1.0"

/* ------------------------------------------------------------------------ */
/* Errors                                                                    */
/* ------------------------------------------------------------------------ */

enum {
    AV_OK = 0,
    AV_ERR_NOMEM = -1,       /* allocation failed */
    AV_ERR_IO = -2,          /* cannot open/read/write a file */
    AV_ERR_PARSE = -3,       /* malformed input */
    AV_ERR_FORMAT = -4,      /* unknown or unsupported format */
    AV_ERR_ARG = -5,         /* bad argument from the caller */
    AV_ERR_CORRUPT = -6,     /* corrupt or truncated binary file (model, cache) */
    AV_ERR_RECORD = -7,      /* one input record was bad; the stream goes on */
    AV_ERR_LIMIT = -8        /* a size limit was exceeded */
};

typedef struct AvError {
    int code;
    char msg[512];
} AvError;

/* Fills err (if not NULL) and returns code. printf-style. */
int av_error_set(AvError *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void av_error_clear(AvError *err);
const char *av_status_name(int code);

/* ------------------------------------------------------------------------ */
/* Arena: bump allocator, one per document                                   */
/* ------------------------------------------------------------------------ */

typedef struct AvArenaBlock AvArenaBlock;
typedef struct AvArena {
    AvArenaBlock *head;
    size_t block_size;  /* default size of new blocks */
    size_t used;        /* bytes handed out, for statistics */
} AvArena;

void av_arena_init(AvArena *a, size_t block_size);
/* 16-byte aligned, zero-filled memory; NULL when out of memory. */
void *av_arena_alloc(AvArena *a, size_t n);
/* Grows an allocation made by av_arena_alloc (copying); NULL on OOM. */
void *av_arena_realloc(AvArena *a, void *old, size_t old_n, size_t new_n);
char *av_arena_strndup(AvArena *a, const char *s, size_t n);
char *av_arena_strdup(AvArena *a, const char *s);
/* Frees every block. The arena may be used again afterwards. */
void av_arena_free(AvArena *a);

/* ------------------------------------------------------------------------ */
/* Data model                                                                */
/* ------------------------------------------------------------------------ */

/*
 * A token is one syntactic word (UD sense).  A surface token that holds
 * several words ("don't" = "do" + "n't") gives several AvTokens with the same
 * `surface` number; each word's [start,end) is its own part of the text when
 * the split is a plain substring split, else the whole surface token.
 */
typedef struct AvToken {
    uint32_t start, end;     /* byte offsets into AvDocument.text */
    uint32_t surface;        /* index of the surface token in the sentence */
    const char *form;        /* normalised form (NFC, typographic marks mapped) */
    uint8_t space_after;     /* whitespace follows in the text */
    /* Filled by the nlp stage (or read from CoNLL-U); NULL / -1 when unknown. */
    const char *lemma;
    const char *upos;
    const char *xpos;
    const char *feats;
    const char *deprel;
    int32_t head;            /* 1-based index of the head word; 0 = root; -1 = none */
} AvToken;

typedef enum AvSentenceKind {
    AV_SENT_BODY = 0,
    AV_SENT_HEADLINE,        /* the title or a headline line */
    AV_SENT_DATELINE,        /* "JERUSALEM, May 24 (Reuters) -" (when on its own) */
    AV_SENT_BYLINE,          /* "By Jane Doe", photo credits, "(Reporting by ...)" */
    AV_SENT_DATE             /* a line that is only a date */
} AvSentenceKind;

typedef struct AvSentence {
    uint32_t start, end;     /* byte span in AvDocument.text */
    uint32_t index;          /* 0-based position in the document */
    uint32_t paragraph;      /* 0-based paragraph number */
    AvSentenceKind kind;
    AvToken *tokens;
    uint32_t n_tokens;
    const char *id;          /* sent_id when read from CoNLL-U, else NULL */
} AvSentence;

/* An actor: a mention resolved (or not) to a code.  Used for mentions and
 * for the source/target of events. */
typedef struct AvActor {
    const char *text;        /* the words as written */
    const char *code;        /* full code, e.g. "ISRGOV"; NULL when unknown */
    const char *country;     /* "ISR", or NULL (international / unknown) */
    const char *sector;      /* role part, e.g. "GOV"; NULL if none */
    const char *entity;      /* dictionary entry, e.g. "BENJAMIN_NETANYAHU" */
    const char *origin;      /* dictionary file:line of the entry, or NULL */
    uint32_t start, end;     /* byte offsets into AvDocument.text */
    int32_t first, last;     /* word indexes in the sentence, inclusive; -1 none */
} AvActor;

/* An actor mention found by the dictionaries (filled by the code stage). */
typedef struct AvMention {
    uint32_t sentence;       /* index of the sentence */
    AvActor actor;
} AvMention;

/* A coded event (filled by the code stage; enrich adds to it). */
typedef struct AvEvent {
    uint32_t sentence;       /* index of the sentence in the document */
    char id[17];             /* stable id: 16 hex digits */
    uint32_t group;          /* events from one compound-actor clause share it */
    const char *date;        /* YYYY-MM-DD (article date until enrich refines it) */
    AvActor source;
    AvActor target;
    const char *cameo;       /* CAMEO code, e.g. "190" */
    const char *cameo_name;
    int quad_class;          /* 1..4, 0 unknown */
    double goldstein;
    const char *plover_type; /* e.g. "ASSAULT" */
    const char *plover_mode;
    const char *plover_context;
    int negated;
    const char *modality;    /* asserted|intended|threatened|hypothetical|reported */
    const char *speaker;     /* attributed speaker's code or text, or NULL */
    double confidence;       /* 0..1 */
    uint32_t trigger_start, trigger_end;
    const char *trigger;     /* trigger word(s) */
    const char *pattern;     /* the dictionary pattern that matched, "file:line: text" */
    const char **issues;     /* issue codes */
    uint32_t n_issues;
    /* ---- enrich (src/enrich): filled by av_enrich_document ---- */
    const char *date_precision;          /* "day", "week", "month", "year"; NULL = not enriched */
    const char *date_origin;             /* "text" or "publication" */
    const char *date_text;               /* the temporal expression used, or NULL */
    const struct AvPlace *location;      /* primary place, or NULL */
    const struct AvPlace *locations;     /* every place linked to the event */
    uint32_t n_locations;
    const struct AvQuantity *quantities; /* counts and amounts in the event's clause */
    uint32_t n_quantities;
} AvEvent;

typedef struct AvDocument {
    AvArena arena;
    const char *id;          /* record id; never NULL after reading */
    const char *date;        /* publication date "YYYY-MM-DD", or NULL */
    const char *source;
    const char *url;
    const char *title;
    char *text;              /* UTF-8, repaired, NUL-terminated */
    size_t text_len;
    uint32_t invalid_bytes;  /* invalid UTF-8 sequences / NULs replaced */
    uint32_t title_len;      /* when > 0, text begins with the title + "\n\n" */
    AvSentence *sentences;
    uint32_t n_sentences;
    AvMention *mentions;
    uint32_t n_mentions;
    AvEvent *events;
    uint32_t n_events;
    /* where the record came from, for error messages */
    const char *origin;      /* file name, or "-" */
    uint64_t origin_line;    /* 1-based line (or record number) */
    /* io: what a PETRARCH XML record carries besides its text (NULL / 0 for
     * the other formats); see AvExpectation below. */
    const char *category;              /* <Sentence category="..."> */
    const char *parse;                 /* raw text of <Parse>, or NULL */
    struct AvAttribute *attributes;    /* every <Sentence> attribute, in order */
    uint32_t n_attributes;
    struct AvExpectation *expectations;  /* the <EventCoding> elements, in order */
    uint32_t n_expectations;
    struct AvAttribute *config;        /* <Config option= value=> seen before this record */
    uint32_t n_config;
    /* The text is known to be one sentence (a PETRARCH record marked
     * sentence="true"): av_segment tokenises it without splitting it. */
    uint8_t one_sentence;
} AvDocument;

AvDocument *av_doc_new(void);
void av_doc_free(AvDocument *doc);
/* Copies text into the document, repairing invalid UTF-8 and NUL bytes. */
int av_doc_set_text(AvDocument *doc, const char *text, size_t len, AvError *err);
/* Copies a metadata string into the document arena (NULL stays NULL). */
const char *av_doc_strdup(AvDocument *doc, const char *s);

/* ------------------------------------------------------------------------ */
/* text: UTF-8, normalisation, sentences, tokens                             */
/* ------------------------------------------------------------------------ */

/*
 * Writes a repaired copy of src to dst (capacity >= 3*len+1 is always
 * enough): invalid sequences and NUL bytes become U+FFFD.  Returns the
 * number of bytes written (excluding the terminating NUL) and counts the
 * replacements in *n_invalid.
 */
size_t av_utf8_repair(const char *src, size_t len, char *dst, uint32_t *n_invalid);

/* Segments doc->text into sentences and UD-style tokens (replaces any
 * existing sentences). */
int av_segment(AvDocument *doc, AvError *err);

/* ---- text stage: segmentation evaluation (src/text/eval_segment.c) ---- */
/* Counts and scores of one level (tokens, sentences or words), as the
 * CoNLL 2018 shared-task scorer defines them. */
typedef struct AvSegScore {
    uint64_t gold, system, correct;
    double precision, recall, f1;      /* percentages, set by av_eval_segment_finish */
} AvSegScore;
typedef struct AvSegEval {
    AvSegScore tokens, sentences, words;
    uint64_t documents;
} AvSegEval;
/* Re-segments a copy of gold->text with av_segment and adds the counts of
 * the comparison with gold's sentences and tokens to *acc (zero it first). */
int av_eval_segment_doc(const AvDocument *gold, AvSegEval *acc, AvError *err);
/* Computes precision, recall and F1 from the counts. */
void av_eval_segment_finish(AvSegEval *acc);

/* ---- text stage: trained sentence boundaries (src/text/sentence_model.c) ----
 * An averaged-perceptron classifier re-decides every token boundary that the
 * rules leave open (inside a paragraph, around body text).  Weights live in
 * data/models/en-sent.avm (format: docs/text.md); the file present at build
 * time is compiled into the library, so av_segment uses it with no loading.
 * Models are immutable and may be shared by threads. */
typedef struct AvSegmenter AvSegmenter;
#define AV_SENT_MODEL_DEFAULT_PATH AVOCET_DATA_DIR "/models/en-sent.avm"
/* The model compiled into the library, or NULL when it was built without
 * one (then av_segment uses the rules alone). */
const AvSegmenter *av_segmenter_builtin(void);
/* Loads and checks (magic, version, size, checksum) a model file; path NULL
 * = $AVOCET_SENT_MODEL, else AV_SENT_MODEL_DEFAULT_PATH. */
AvSegmenter *av_segmenter_load(const char *path, AvError *err);
void av_segmenter_free(AvSegmenter *s);
/* av_segment with a given model; model NULL = the rules alone.
 * av_segment(doc, err) is av_segment_with(av_segmenter_builtin(), doc, err). */
int av_segment_with(const AvSegmenter *model, AvDocument *doc, AvError *err);
/* av_eval_segment_doc with a given model (NULL = rules alone). */
int av_eval_segment_doc_with(const AvSegmenter *model, const AvDocument *gold, AvSegEval *acc,
                             AvError *err);
typedef struct AvSegTrainOptions {
    const char *train;       /* comma-separated CoNLL-U files */
    const char *dev;         /* comma-separated CoNLL-U files (model selection) */
    const char *out;         /* model file to write */
    int epochs;              /* 0 = default (12) */
    uint32_t hash_bits;      /* weight table of 2^hash_bits; 0 = default (18) */
    uint64_t seed;           /* document order shuffling */
    int verbose;             /* progress on stderr */
} AvSegTrainOptions;
int av_train_segmenter(const AvSegTrainOptions *o, AvError *err);
/* ---- end of text stage section ---- */

/* ------------------------------------------------------------------------ */
/* io: readers and writers                                                   */
/* ------------------------------------------------------------------------ */

typedef enum AvFormat {
    AV_FORMAT_AUTO = 0,
    AV_FORMAT_TEXT,          /* one file = one article */
    AV_FORMAT_JSONL,         /* {"id","date","title","text","source","url"} */
    AV_FORMAT_PETRARCH_XML,  /* <Sentence date= id=><Text>...</Text> */
    AV_FORMAT_CONLLU,        /* Universal Dependencies */
    AV_FORMAT_HTML
} AvFormat;

/* "text", "jsonl", "xml"/"petrarch", "conllu", "html"; AV_FORMAT_AUTO if unknown. */
AvFormat av_format_from_name(const char *name);
const char *av_format_name(AvFormat f);

typedef struct AvReader AvReader;

/* path NULL or "-" reads stdin.  With AV_FORMAT_AUTO the format is guessed
 * from the file name and its first bytes. */
AvReader *av_reader_open(const char *path, AvFormat fmt, AvError *err);
/*
 * Reads the next document into *out (caller frees with av_doc_free).
 * Returns 1 for a document, 0 at the end, AV_ERR_RECORD for a bad record
 * (err names file, line/record and problem; call again for the next one),
 * or another negative status when reading cannot go on.
 */
int av_reader_next(AvReader *r, AvDocument **out, AvError *err);
AvFormat av_reader_format(const AvReader *r);
void av_reader_close(AvReader *r);

/* ---- io details (owned by the io stage) ----
 * Titles: JSON Lines and HTML titles become the first paragraph of the text
 * (text = title + "\n\n" + body, title_len = length of the title) so that
 * headlines are segmented and coded like any sentence and every offset stays
 * an offset into doc->text.  doc->title holds the title as well.
 * Dates: doc->date is always "YYYY-MM-DD" or NULL.  A plain-text file whose
 * first non-blank line is only a date ("2026-03-14", "March 14, 2026",
 * "14 March 2026", "Mar 14 2026") gets that date; the line stays in the text.
 * Warnings: av_reader_next may return 1 with err->msg not empty; the
 * document is usable and err->msg says what was repaired or dropped (bad
 * date, invalid UTF-8 replaced, wrong-typed field ignored).
 * Record errors: with AV_ERR_RECORD, *out is usually NULL; a CoNLL-U
 * document whose bad sentences were dropped comes back in *out (free it).
 * Documents (doc->origin included) stay valid after av_reader_close.
 * docs/formats.md describes every format. */

/* Default limit on one record (a JSON line, an XML <Sentence>, a text or
 * HTML file); a bigger record is an AV_ERR_RECORD, never a crash. */
#define AV_DEFAULT_MAX_RECORD ((size_t)64 << 20)
/* Sets the record size limit (bytes, > 0) of an open reader. */
int av_reader_set_max_record(AvReader *r, size_t max_bytes, AvError *err);

typedef struct AvAttribute {
    const char *name;
    const char *value;       /* entities decoded */
} AvAttribute;

/* One <EventCoding> of a PETRARCH validation record: what the coder should
 * produce for that sentence. */
typedef struct AvExpectation {
    const char *source;      /* sourcecode=, NULL when absent */
    const char *target;      /* targetcode= */
    const char *event;       /* eventcode= */
    const char *error;       /* error= (the record must give this error), or NULL */
    int noevents;            /* noevents="True": the record must code no event */
} AvExpectation;

/* Writers. Each returns AV_OK or AV_ERR_IO. */
int av_write_segment_jsonl(FILE *f, const AvDocument *doc, AvError *err);
int av_write_conllu(FILE *f, const AvDocument *doc, AvError *err);

/* ------------------------------------------------------------------------ */
/* nlp: tagger, lemmatiser, dependency parser (owner: nlp stage, src/nlp/)   */
/* ------------------------------------------------------------------------ */

/* A trained model (tagger + lemma/feats tables + parser), mmapped, immutable
 * after load and shareable between threads. */
typedef struct AvModel AvModel;

#define AV_MODEL_DEFAULT_PATH AVOCET_DATA_DIR "/models/en-ud.avm"
/* $AVOCET_MODEL when set, else AV_MODEL_DEFAULT_PATH. */
const char *av_model_default_path(void);
/* path NULL = av_model_default_path().  Corrupt/truncated files give
 * AV_ERR_CORRUPT with a message naming the problem. */
AvModel *av_model_load(const char *path, AvError *err);
void av_model_free(AvModel *m);
int av_model_has_parser(const AvModel *m);

/* Fills upos, xpos, feats and lemma of every token of every sentence.
 * Strings point into the model or the document arena. */
int av_tag(const AvModel *m, AvDocument *doc, AvError *err);
/* Fills head and deprel of every token (tags must be set: call av_tag). */
int av_parse(const AvModel *m, AvDocument *doc, AvError *err);
/* The same for sentence si alone (a pipeline may skip datelines, bylines). */
int av_tag_sentence(const AvModel *m, AvDocument *doc, uint32_t si, AvError *err);
int av_parse_sentence(const AvModel *m, AvDocument *doc, uint32_t si, AvError *err);

/* Training (avocet train).  paths are comma-separated CoNLL-U files. */
typedef struct AvTrainOptions {
    const char *what;        /* "tagger", "parser" or "all" */
    const char *train;       /* training files */
    const char *dev;         /* development files (early stopping) */
    const char *tagger;      /* for "parser": model holding the tagger */
    const char *out;         /* model file to write */
    int epochs;              /* maximum epochs (0 = default) */
    int patience;            /* stop after this many epochs without dev gain */
    uint64_t seed;
    int min_updates;         /* prune weight rows updated fewer times (0 = 2) */
    int min_updates_moves;   /* the same for the parser's move table (0 = 3) */
    int jackknife;           /* parser and second tagger pass train on tags from k-fold
                                taggers (0 = 4, 1 = off) */
    int one_pass;            /* tagger without the second pass */
    int verbose;             /* progress on stderr */
} AvTrainOptions;
int av_train_nlp(const AvTrainOptions *opt, AvError *err);

/* Evaluation against gold CoNLL-U (CoNLL 2018 definitions).  With raw != 0
 * the gold text is re-segmented by av_segment and words are aligned by
 * character span; scores are then F1. */
typedef struct AvParseScores {
    double tokens, words, sentences;   /* F1 (raw) or 100 (gold tokenisation) */
    double upos, xpos, ufeats, lemma, uas, las; /* las: universal relation (CoNLL 2018) */
    double las_subtypes;               /* las with full labels (nsubj:pass, ...) */
    size_t gold_words, system_words, n_sentences;
    double seconds;                    /* tag+parse time */
} AvParseScores;
/* mode: AV_EVAL_GOLD_TOKENS, AV_EVAL_RAW, or AV_EVAL_GOLD_TAGS (gold
 * tokens and gold UPOS/XPOS: the parser alone, as parsers are often
 * compared; the tags are then 100). */
enum { AV_EVAL_GOLD_TOKENS = 0, AV_EVAL_RAW = 1, AV_EVAL_GOLD_TAGS = 2 };
int av_eval_parse(const AvModel *m, const char *gold_path, int mode, AvParseScores *out,
                  AvError *err);
/* ---- end of nlp section ---- */

/* ------------------------------------------------------------------------ */
/* dict: TABARI / PETRARCH dictionaries (owner: dict stage, src/dict/)       */
/* ------------------------------------------------------------------------ */

/*
 * A loaded dictionary set: actors, agents, verbs (with synsets and
 * patterns), issues and discards, plus the CAMEO codebook and the
 * CAMEO->PLOVER table.  Immutable after av_dict_load; every function below
 * only reads it, so one AvDict may be shared by any number of threads.
 *
 * Words are compared case-folded; the caller passes the words of a sentence
 * (token forms) and a position.  Phrases match consecutive words.
 */
typedef struct AvDict AvDict;

typedef enum AvDictKind {
    AV_DICT_AUTO = 0,        /* guess from the file name / header */
    AV_DICT_ACTORS,
    AV_DICT_AGENTS,
    AV_DICT_VERBS,
    AV_DICT_ISSUES,
    AV_DICT_DISCARDS
} AvDictKind;

/* "actors", "agents", "verbs", "issues", "discards". */
const char *av_dict_kind_name(AvDictKind k);

/* One diagnostic: "file:line: message". */
typedef struct AvDictDiag {
    const char *file;
    uint32_t line;
    int is_error;            /* 1 error (entry dropped or damaged), 0 warning */
    const char *message;
} AvDictDiag;

typedef void (*AvDictDiagFn)(void *user, const AvDictDiag *diag);

typedef struct AvDictOptions {
    int strict;              /* the first error fails the load */
    AvDictDiagFn on_diag;    /* called for every diagnostic (may be NULL) */
    void *user;
    /* Folder with cameo.tsv and cameo_plover.tsv: NULL = AVOCET_DATA_DIR
     * "/cameo", "" = do not load the tables. */
    const char *cameo_dir;
    AvDictKind kind;         /* force a kind for every path (AUTO = guess) */
    /* Compiled cache file (NULL = none): when it exists, has this version,
     * a good checksum and was made from the same files (paths, sizes,
     * mtimes) and options, it is loaded instead; otherwise the
     * dictionaries are read and the cache is (re)written.  A cache that
     * cannot be written only gives a warning. */
    const char *cache_path;
} AvDictOptions;

/* AVOCET_DATA_DIR "/dict": avocet's own default dictionaries. */
const char *av_dict_default_dir(void);

/*
 * Loads files and folders (every regular file of a folder whose kind can be
 * guessed: *.actors*, *agents*, *verbs* / *CAMEO*, *discards*, *Issue* /
 * *issues*; hidden files and README* are skipped).  Syntax errors are
 * reported as diagnostics and loading goes on (strict: fails instead).
 * NULL on failure with err filled.
 */
AvDict *av_dict_load(const char *const *paths, size_t n, const AvDictOptions *opt,
                     AvError *err);
void av_dict_free(AvDict *d);

size_t av_dict_n_diags(const AvDict *d);
const AvDictDiag *av_dict_diag(const AvDict *d, size_t i);

/* One match of a dictionary phrase at a word position. */
typedef struct AvDictMatch {
    AvDictKind kind;
    uint32_t length;         /* words covered; 0 = no match */
    uint32_t entry;          /* entry index within its kind */
    const char *code;        /* actors: code resolved for the date (NULL =
                                null code); agents: agent code; verbs: verb
                                code (NULL = "---"); issues: issue code (NULL =
                                an ignore phrase); discards: "story"/"sentence" */
    int agent_prefix;        /* agents: 1 when the code goes before the actor
                                code ("NGO~"), 0 when after ("~COP") */
    const char *phrase;      /* the entry's phrase as written, '_' between words */
    const char *file;        /* where the entry was defined */
    uint32_t line;
} AvDictMatch;

/*
 * Longest match starting at words[pos].  date is "YYYYMMDD", "YYYY-MM-DD"
 * or NULL (then the entry's default code).  Returns 1 and fills *out on a
 * match, 0 when none, AV_ERR_ARG on a bad argument (bad date).
 */
int av_dict_match(const AvDict *d, AvDictKind kind, const char *const *words, size_t n,
                  size_t pos, const char *date, AvDictMatch *out);
/* Every match starting at pos (all lengths, all entries), longest first;
 * returns how many were found (may exceed max; only max are written). */
size_t av_dict_match_all(const AvDict *d, AvDictKind kind, const char *const *words,
                         size_t n, size_t pos, const char *date, AvDictMatch *out,
                         size_t max);
/* Shorthands for av_dict_match with AV_DICT_ACTORS / AV_DICT_AGENTS. */
int av_dict_match_actor(const AvDict *d, const char *const *words, size_t n, size_t pos,
                        const char *date, AvDictMatch *out);
int av_dict_match_agent(const AvDict *d, const char *const *words, size_t n, size_t pos,
                        AvDictMatch *out);

/* Actor code + agent: "ISR" + "~COP" -> "ISRCOP"; "NGO~" + "ISR" ->
 * "NGOISR".  actor may be NULL (agent alone).  AV_ERR_LIMIT if cap is small. */
int av_dict_compose(const char *actor, const AvDictMatch *agent, char *buf, size_t cap);

/*
 * Codes a noun phrase (the words of one mention): the longest actor and
 * the first agent in it, composed ("Israeli police" -> ISRCOP; "police in
 * Gaza" -> PSECOP).  Returns 1 when a code was written, 0 when nothing
 * matched.  *actor / *agent (may be NULL) receive the matches used.
 */
int av_dict_code_phrase(const AvDict *d, const char *const *words, size_t n, const char *date,
                        char *buf, size_t cap, AvDictMatch *actor, AvDictMatch *agent);

/* Verb patterns.  A pattern is a list of elements in file order; the
 * element AV_PAT_VERB ('*') separates words before and after the verb. */
typedef enum AvPatKind {
    AV_PAT_WORD = 0,         /* a word (word: case-folded) */
    AV_PAT_SYNSET,           /* &NAME (synset: id, word: the name) */
    AV_PAT_SOURCE,           /* $ */
    AV_PAT_TARGET,           /* + */
    AV_PAT_COMPOUND,         /* % */
    AV_PAT_SKIP,             /* ^ */
    AV_PAT_VERB,             /* * */
    AV_PAT_PREP_OPEN,        /* ( : a prepositional phrase, its first word is the preposition */
    AV_PAT_PREP_CLOSE,       /* ) */
    AV_PAT_NP_OPEN,          /* { : a noun phrase, the last word is its head */
    AV_PAT_NP_CLOSE,         /* } */
    AV_PAT_ALT               /* | : TABARI alternatives inside { } */
} AvPatKind;

typedef struct AvPatElem {
    uint8_t kind;            /* AvPatKind */
    uint8_t before_verb;     /* 1 when the element comes before '*' */
    uint8_t joined;          /* written with '_' to the next element (consecutive) */
    uint8_t stem;            /* TABARI '~' suffix: the word is a stem */
    uint32_t synset;         /* AV_PAT_SYNSET: synset id */
    const char *word;        /* the word or synset name; NULL for markers */
} AvPatElem;

typedef struct AvVerbPattern {
    const AvPatElem *elems;
    uint32_t n_elems;
    const char *code;        /* "[code]" or the part before ':'; NULL = "---" or empty */
    const char *code2;       /* part after ':' in "[code:code2]", else NULL */
    const char *file;
    uint32_t line;
} AvVerbPattern;

typedef struct AvVerb {
    const char *phrase;      /* as written, e.g. "CARRY_OUT", "WIRE_+TAP" */
    const char *code;        /* the verb's own code, else its block's; NULL = null code */
    const char *block;       /* the block's description ("ASK"), or the phrase */
    uint32_t block_id;
    const AvVerbPattern *patterns;   /* the block's patterns */
    uint32_t n_patterns;
    const char *file;
    uint32_t line;
} AvVerb;

/* Does a token match a pattern word (AV_PAT_WORD)?  Compares case-folded
 * form and lemma (either may be NULL) with the word, its regular plural,
 * or, for a '~' stem word, any word starting with it.  1 yes, 0 no. */
int av_dict_pattern_word_matches(const AvPatElem *e, const char *form, const char *lemma);

size_t av_dict_n_verbs(const AvDict *d);
const AvVerb *av_dict_verb(const AvDict *d, uint32_t id);
/* By lemma ("carry out", "carry_out", "ask"); NULL when unknown. */
const AvVerb *av_dict_verb_by_lemma(const AvDict *d, const char *lemma);
/* Length of the longest phrase of synset `synset` at words[pos], 0 if none. */
size_t av_dict_match_synset(const AvDict *d, uint32_t synset, const char *const *words,
                            size_t n, size_t pos);
size_t av_dict_n_synsets(const AvDict *d);
const char *av_dict_synset_name(const AvDict *d, uint32_t synset);

/* CAMEO codebook (data/cameo/cameo.tsv) and CAMEO->PLOVER table. */
const char *av_dict_cameo_name(const AvDict *d, const char *code);   /* NULL if unknown */
int av_dict_cameo_quad(const AvDict *d, const char *code);           /* 1..4, -1 if unknown */
/* Goldstein score into *out; AV_OK or AV_ERR_ARG when the code is unknown. */
int av_dict_cameo_goldstein(const AvDict *d, const char *code, double *out);
typedef struct AvPlover {
    const char *type, *mode, *context;   /* mode/context may be "" */
} AvPlover;
const AvPlover *av_dict_plover(const AvDict *d, const char *code);  /* NULL if unknown */

typedef struct AvDictStats {
    size_t files, errors, warnings;
    size_t actors, actor_phrases, date_restrictions;
    size_t agents, agent_phrases;
    size_t verbs, verb_forms, verb_blocks, patterns, synsets, transformations;
    size_t issues, issue_phrases, discards;
    size_t cameo_codes, plover_codes;
    size_t cameo_roots_covered, cameo_subcodes_covered;   /* by verb/pattern codes */
    size_t words, memory_bytes;
    int from_cache;          /* 1 when loaded from AvDictOptions.cache_path */
} AvDictStats;
void av_dict_stats(const AvDict *d, AvDictStats *out);

/* The codes of actor entry `entry`: the default (kind 0) and each date
 * restriction ('-' range, '<' before, '>' after; from/to yyyymmdd
 * inclusive, 0 / 99999999 when open), in file order.  Returns the count. */
typedef struct AvDictDateCode {
    const char *code;        /* NULL = null code "---" */
    uint32_t from, to;
    char kind;
} AvDictDateCode;
size_t av_dict_actor_codes(const AvDict *d, uint32_t entry, AvDictDateCode *out, size_t max);

/*
 * Lint beyond syntax: duplicate and conflicting entries (same phrase, same
 * or different codes), overlapping date ranges with different codes, verb
 * and pattern codes missing from the CAMEO codebook (when it is loaded).
 * Calls fn for each finding; returns the number of errors (conflicts,
 * overlaps, unknown codes); duplicates are warnings.
 */
size_t av_dict_lint(const AvDict *d, AvDictDiagFn fn, void *user);

/* Writes one kind back in canonical PETRARCH form (load -> write -> load
 * gives the same entries). */
int av_dict_write(const AvDict *d, AvDictKind kind, FILE *f, AvError *err);
/* ---- end of dict section ---- */

/* ------------------------------------------------------------------------ */
/* code: events from parsed sentences and dictionaries (src/code/)           */
/* ------------------------------------------------------------------------ */

typedef struct AvCoder AvCoder;

typedef struct AvCoderOptions {
    int keep_negated;        /* 1: code negated events with negated=true;
                                0 (default): negated clauses give no event */
    int require_dyad;        /* 1 (default): an event needs source and target */
    int code_nouns;          /* 1 (default): event nouns ("air strikes") code */
    FILE *explain;           /* when set, why each event was (not) coded */
} AvCoderOptions;

void av_coder_options_init(AvCoderOptions *o);
/* model and dict are borrowed (must outlive the coder) and never modified;
 * one coder may serve many threads. */
AvCoder *av_coder_new(const AvModel *model, const AvDict *dict, const AvCoderOptions *opt,
                      AvError *err);
void av_coder_free(AvCoder *c);
/*
 * Segments (unless the document already has sentences), tags, parses and
 * codes one document: fills doc->mentions and doc->events.
 */
int av_code_document(const AvCoder *c, AvDocument *doc, AvError *err);
/* Same, for a document that is already parsed (e.g. gold CoNLL-U). */
int av_code_parsed(const AvCoder *c, AvDocument *doc, AvError *err);

/* ------------------------------------------------------------------------ */
/* enrich: event dates, places and quantities (owner: enrich stage)          */
/* ------------------------------------------------------------------------ */

/* A place linked to an event (strings live in the document arena). */
typedef struct AvPlace {
    const char *name;        /* gazetteer name, e.g. "Tripoli" */
    const char *text;        /* as written in the article */
    const char *country;     /* ISO 3166-1 alpha-3, e.g. "LBY"; NULL for regions across borders */
    const char *admin1;      /* first-level region name, or NULL */
    double lat, lon;
    uint32_t geonames_id;    /* 0 when the place is not from GeoNames */
    const char *feature;     /* GeoNames feature code: PPLC, PPLA, ADM1, PCLI, RGN ... */
    const char *precision;   /* "city", "admin1", "country", "region" */
    const char *found;       /* "clause", "sentence" or "dateline" */
    uint32_t sentence;       /* sentence of the mention (dateline: its sentence) */
    uint32_t start, end;     /* byte offsets of the mention in AvDocument.text */
} AvPlace;

/* A count or an amount: {value, min, max, unit, kind, text}.  value is the
 * number as written (NaN for "dozens"); min/max bound it (NaN = open). */
typedef struct AvQuantity {
    double value, min, max;
    const char *unit;        /* "people", "rockets", "USD", ... */
    const char *kind;        /* killed, wounded, arrested, displaced, missing,
                                money, weapons, people, count */
    const char *qualifier;   /* "at least", "more than", "up to", ... or NULL */
    const char *text;        /* the words as written */
    uint32_t start, end;     /* byte offsets */
} AvQuantity;

/* A compiled gazetteer (mmapped, read-only, shareable between threads). */
typedef struct AvGazetteer AvGazetteer;

/* $AVOCET_GAZETTEER when set, else the index the build wrote
 * (AVOCET_GAZETTEER_PATH, <build>/gazetteer/places.avg). */
const char *av_gazetteer_default_path(void);
/* NULL on failure: AV_ERR_IO (missing), AV_ERR_CORRUPT (bad header,
 * version or checksum). */
AvGazetteer *av_gazetteer_load(const char *path, AvError *err);
void av_gazetteer_free(AvGazetteer *g);
size_t av_gazetteer_size(const AvGazetteer *g);     /* number of places */
/* Compiles gazetteer TSV files (docs/enrich.md: "#avocet-gazetteer places"
 * and "#avocet-gazetteer regions" files) into the binary index at out. */
int av_gazetteer_compile(const char *const *tsv_paths, size_t n, const char *out,
                         AvError *err);
/* Places named `name` (any case, accents ignored), most populous first;
 * returns how many exist (only max are written to out). */
size_t av_gazetteer_lookup(const AvGazetteer *g, const char *name, AvPlace *out, size_t max);

typedef struct AvEnrichOptions {
    const AvGazetteer *gazetteer;   /* NULL: no places */
    FILE *explain;                  /* when set, how each date/place/number was found */
} AvEnrichOptions;

/*
 * Adds dates, places and quantities to every event of a coded document.
 * Returns AV_OK; when the record has no usable publication date, err->msg
 * holds one warning for the record (err->code stays AV_OK) and event dates
 * come from the text only.
 */
int av_enrich_document(const AvEnrichOptions *opt, AvDocument *doc, AvError *err);
/* ---- end of enrich section ---- */

/* ------------------------------------------------------------------------ */
/* events output (io)                                                        */
/* ------------------------------------------------------------------------ */

/* What produced the events, for the "coder" block of each record. */
typedef struct AvCoderInfo {
    const char *dictionaries;        /* e.g. "default" or the --dict paths */
    const char *dictionary_version;  /* content hash of the loaded dictionaries */
    const char *model;               /* model file name */
} AvCoderInfo;

/* One JSON object per event (schema: docs/event.schema.json). */
int av_write_events_jsonl(FILE *f, const AvDocument *doc, const AvCoderInfo *info, AvError *err);
/* PETRARCH-style lines: date source target code doc_id-sentence event_id */
int av_write_events_petrarch(FILE *f, const AvDocument *doc, AvError *err);

/* ------------------------------------------------------------------------ */
/* store / serve: SQLite event store, queries, HTTP API (src/store, src/serve) */
/* ------------------------------------------------------------------------ */

/* An open event database (SQLite, WAL).  One AvStore per thread. */
typedef struct AvStore AvStore;

#define AV_STORE_READONLY 1
/* Opens (creating and migrating unless READONLY) the database at path. */
AvStore *av_store_open(const char *path, int flags, AvError *err);
void av_store_close(AvStore *s);
/* 1 when an article with doc's id or the same text is already stored. */
int av_store_has_article(AvStore *s, const AvDocument *doc, AvError *err);
/* Batches: everything between begin and commit is one transaction. */
int av_store_begin(AvStore *s, AvError *err);
int av_store_commit(AvStore *s, AvError *err);
void av_store_rollback(AvStore *s);
/* Stores a coded document (article, sentences, mentions, events) and
 * updates the aggregated events.  1 = stored, 0 = already there. */
int av_store_add_document(AvStore *s, const AvDocument *doc, AvError *err);

typedef struct AvStoreCounts {
    int64_t articles, sentences, mentions, events, aggregated;
} AvStoreCounts;
int av_store_counts(AvStore *s, AvStoreCounts *out, AvError *err);

/* Filters on aggregated events; NULL / 0 = no filter.  Codes match as
 * prefixes ("ISR" matches "ISRGOV", "19" matches "190".."196"). */
typedef struct AvQuery {
    const char *from, *to;       /* YYYY-MM-DD, inclusive */
    const char *source, *target; /* actor code prefixes */
    const char *code;            /* CAMEO code prefix */
    const char *plover;          /* PLOVER type, exact */
    const char *country;         /* event country (ISO-3 code), exact */
    int near;                    /* 1: within km of lat,lon */
    double lat, lon, km;
    int64_t limit, offset;       /* limit 0 = no limit */
    int daily;                   /* one row per date+dyad+code (Phoenix style) */
} AvQuery;

typedef enum AvQueryFormat {
    AV_QUERY_JSONL = 0,
    AV_QUERY_CSV,
    AV_QUERY_TSV_GDELT           /* columns in docs/store.md */
} AvQueryFormat;

/* Checks the filter values (dates, codes, ranges): AV_ERR_ARG with a
 * message naming the bad one. */
int av_query_check(const AvQuery *q, AvError *err);
/* Parses "LAT,LON,KM" into q (near, lat, lon, km); 0 or -1 when malformed. */
int av_query_parse_near(const char *s, AvQuery *q);
/* Writes the matching aggregated events, newest first. */
int av_store_query_write(AvStore *s, const AvQuery *q, AvQueryFormat fmt, FILE *out,
                         AvError *err);

/* HTTP API and web page (libmicrohttpd). */
typedef struct AvServer AvServer;
typedef struct AvServeOptions {
    const char *db;              /* database path */
    const char *host;            /* bind address; NULL = 127.0.0.1 */
    int port;                    /* 0 = any free port (see av_server_port) */
    const char *web_dir;         /* static files; NULL = no web page */
    const char *ingest_token;    /* enables POST /api/ingest; NULL = read-only */
    const AvCoder *coder;        /* codes ingested articles (needed with a token) */
    int threads;                 /* 0 = 4 */
    int max_page;                /* 0 = 500 rows */
    int query_ms;                /* 0 = 2000 ms per query */
    size_t max_body;             /* 0 = 8 MiB */
} AvServeOptions;
AvServer *av_server_start(const AvServeOptions *opt, AvError *err);
int av_server_port(const AvServer *s);
void av_server_stop(AvServer *s);
/* ---- end of store/serve section ---- */

#ifdef __cplusplus
}
#endif
#endif /* AVOCET_H */
