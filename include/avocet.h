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

/* An actor mention found by the dictionaries (filled by dict/code stages). */
typedef struct AvMention {
    uint32_t sentence;       /* index of the sentence */
    uint32_t first, last;    /* word indexes (0-based, inclusive) */
    const char *text;
    const char *code;        /* e.g. "ISRGOV"; NULL when unknown */
} AvMention;

/* A coded event (filled by the code stage; enrich adds to it). */
typedef struct AvEvent {
    uint32_t sentence;
    const char *source_code;
    const char *target_code;
    const char *cameo;
    uint32_t trigger;        /* word index of the trigger */
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

/* Writers. Each returns AV_OK or AV_ERR_IO. */
int av_write_segment_jsonl(FILE *f, const AvDocument *doc, AvError *err);
int av_write_conllu(FILE *f, const AvDocument *doc, AvError *err);

#ifdef __cplusplus
}
#endif
#endif /* AVOCET_H */
