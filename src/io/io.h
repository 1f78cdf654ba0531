/*
 * io — readers (plain text, JSON Lines, PETRARCH XML, CoNLL-U, HTML) and
 * writers.  The public entry points are in avocet.h; this header holds what
 * the format modules share.
 */
#ifndef AV_IO_H
#define AV_IO_H

#include <stdio.h>
#include "avocet.h"
#include "../doc/doc.h"

struct AvReader {
    FILE *f;
    int owns_file;
    const char *path;        /* for messages: file name or "-" */
    char *path_copy;
    AvFormat format;
    size_t max_record;       /* bytes; longer lines / records are record errors */
    /* input buffer: bytes [in_pos, in_len) are read but not consumed */
    char *in;
    size_t in_pos, in_len, in_cap;
    int eof;                 /* the file has no more bytes to give */
    int io_error;            /* errno of a failed read, 0 if none */
    /* line buffer (NUL-terminated; may hold NUL bytes inside) */
    AvBuf line;
    int line_too_long;       /* the line was longer than max_record: `line` is empty */
    uint64_t lineno;         /* number of the line in `line` (1-based) */
    int have_line;           /* `line` holds a line not yet consumed */
    uint64_t records;        /* records returned so far (good or bad) */
    void *state;             /* format-specific */
    void (*free_state)(void *);
};

/* Reads the next line (without its newline) into r->line. 1 = line, 0 = EOF,
 * negative = I/O error.  A line longer than max_record is consumed whole but
 * returned empty with r->line_too_long set. */
int av_io_read_line(AvReader *r, AvError *err);

/* Next byte of the input (consumed), or -1 at the end / on error.  Counts
 * newlines into r->lineno (lines are then 1-based from r->lineno + 1). */
int av_io_getc(AvReader *r);

/* Gives back the byte c that av_io_getc just returned (one byte only). */
void av_io_ungetc(AvReader *r, int c);

/* Reads all remaining bytes into r->line (r->line_len).  When there are more
 * than max_record bytes, reads past them and returns AV_ERR_LIMIT. */
int av_io_read_all(AvReader *r, AvError *err);

/* Normalises a date to "YYYY-MM-DD" (out has room for 11 bytes).  Accepts
 * 2026-03-14, 2026-03-14T08:00:00Z (any time part), 20260314, 2026/03/14,
 * "March 14, 2026", "Mar. 14 2026", "14 March 2026", with an optional
 * leading weekday.  Surrounding spaces are allowed; nothing else is.
 * Returns 1 when s is such a date, else 0. */
int av_io_normalize_date(const char *s, size_t n, char out[11]);

/* Replaces r->line by its UTF-8 repair when needed; adds the number of
 * replaced sequences to *n_invalid.  AV_OK or AV_ERR_NOMEM. */
int av_io_repair_line(AvReader *r, uint32_t *n_invalid, AvError *err);

/* "file:line" prefix for record messages */
#define AV_LOC_FMT "%s:%llu"
#define AV_LOC(r, line) (r)->path, (unsigned long long)(line)

/* Format modules: each returns what av_reader_next returns. */
int av_read_text(AvReader *r, AvDocument **out, AvError *err);
int av_read_jsonl(AvReader *r, AvDocument **out, AvError *err);
int av_read_conllu(AvReader *r, AvDocument **out, AvError *err);
int av_read_petrarch_xml(AvReader *r, AvDocument **out, AvError *err);
int av_read_html(AvReader *r, AvDocument **out, AvError *err);

/* Gives doc the text title + "\n\n" + body (or just one of them), setting
 * title_len and doc->title; repairs UTF-8. */
int av_io_set_titled_text(AvDocument *doc, const char *title, size_t title_n, const char *body,
                          size_t body_n, AvError *err);

/* JSON string escaping for the writers (writes the quotes too). */
void av_json_write_string(FILE *f, const char *s, size_t n);

#endif
