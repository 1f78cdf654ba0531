/*
 * io — readers (plain text, JSON Lines, PETRARCH XML, CoNLL-U, HTML) and
 * writers.  The public entry points are in avocet.h; this header holds what
 * the format modules share.
 */
#ifndef AV_IO_H
#define AV_IO_H

#include <stdio.h>
#include "avocet.h"

struct AvReader {
    FILE *f;
    int owns_file;
    const char *path;        /* for messages: file name or "-" */
    char *path_copy;
    AvFormat format;
    /* line buffer */
    char *line;
    size_t line_cap;
    size_t line_len;
    uint64_t lineno;         /* number of the line in `line` (1-based) */
    int have_line;           /* `line` holds a line not yet consumed */
    int eof;
    uint64_t records;        /* records returned so far (good or bad) */
    void *state;             /* format-specific */
    void (*free_state)(void *);
};

/* Reads the next line (without its newline) into r->line. 1 = line, 0 = EOF,
 * negative = I/O error. */
int av_io_read_line(AvReader *r, AvError *err);

/* Format modules: each returns what av_reader_next returns. */
int av_read_text(AvReader *r, AvDocument **out, AvError *err);
int av_read_jsonl(AvReader *r, AvDocument **out, AvError *err);
int av_read_conllu(AvReader *r, AvDocument **out, AvError *err);
int av_read_petrarch_xml(AvReader *r, AvDocument **out, AvError *err);
int av_read_html(AvReader *r, AvDocument **out, AvError *err);

/* JSON string escaping for the writers (writes the quotes too). */
void av_json_write_string(FILE *f, const char *s, size_t n);

#endif
