/*
 * text_reader.c — plain text: one file is one article.
 *
 * When the first non-blank line is only a date it becomes doc->date; the
 * line stays in the text (the segmenter marks it as a date line), so every
 * offset is an offset into the file as read.  A title-like second line is
 * left alone too: headlines are the segmenter's business.
 */
#include <stdlib.h>
#include <string.h>
#include "io.h"

/* The date on the first non-blank line, if that line is only a date. */
static void leading_date(AvDocument *doc)
{
    const char *t = doc->text, *end = t + doc->text_len;
    while (t < end && (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r'))
        t++;
    const char *eol = memchr(t, '\n', (size_t)(end - t));
    size_t n = eol ? (size_t)(eol - t) : (size_t)(end - t);
    char norm[11];
    if (n <= 40 && av_io_normalize_date(t, n, norm))
        doc->date = av_doc_strdup(doc, norm);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int av_read_text(AvReader *r, AvDocument **out, AvError *err)
{
    if (r->records > 0)
        return 0;
    r->records++;
    int rc = av_io_read_all(r, err);
    if (rc == AV_ERR_LIMIT)
        return av_error_set(err, AV_ERR_RECORD, "%s:1: record %s: file larger than the %zu-byte "
                            "record limit (skipped)", r->path, base_name(r->path), r->max_record);
    if (rc < 0)
        return rc;
    size_t i = 0;
    while (i < r->line.len && (r->line.d[i] == ' ' || r->line.d[i] == '\t' || r->line.d[i] == '\n' ||
                               r->line.d[i] == '\r'))
        i++;
    if (i == r->line.len)
        return av_error_set(err, AV_ERR_RECORD, "%s:1: record %s: empty file (skipped)", r->path,
                            base_name(r->path));
    AvDocument *doc = av_doc_new();
    if (!doc)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    rc = av_doc_set_text(doc, r->line.d, r->line.len, err);
    if (rc < 0) {
        av_doc_free(doc);
        return rc;
    }
    doc->id = av_doc_strdup(doc, base_name(r->path));
    doc->origin = av_doc_strdup(doc, r->path); /* outlives the reader */
    doc->origin_line = 1;
    leading_date(doc);
    if (!doc->id) {
        av_doc_free(doc);
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    }
    if (doc->invalid_bytes)
        av_error_set(err, AV_OK, "%s:1: record %s: %u invalid UTF-8 sequence(s) or NUL byte(s) "
                     "replaced by U+FFFD", r->path, doc->id, doc->invalid_bytes);
    *out = doc;
    return 1;
}
