/*
 * text_reader.c — plain text: one file is one article.  (First version; the
 * leading-date-line rule and limits are refined with the io work.)
 */
#include <stdlib.h>
#include <string.h>
#include "../doc/doc.h"
#include "io.h"

int av_read_text(AvReader *r, AvDocument **out, AvError *err)
{
    if (r->records > 0)
        return 0;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    int rc;
    while ((rc = av_io_read_line(r, err)) > 0) {
        if (len + r->line_len + 2 > cap) {
            while (len + r->line_len + 2 > cap)
                cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                return av_error_set(err, AV_ERR_NOMEM, "%s: out of memory", r->path);
            }
            buf = nb;
        }
        memcpy(buf + len, r->line, r->line_len);
        len += r->line_len;
        buf[len++] = '\n';
    }
    r->records++;
    if (rc < 0) {
        free(buf);
        return rc;
    }
    AvDocument *doc = av_doc_new();
    if (!doc) {
        free(buf);
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    }
    rc = av_doc_set_text(doc, buf, len, err);
    free(buf);
    if (rc < 0) {
        av_doc_free(doc);
        return rc;
    }
    const char *base = strrchr(r->path, '/');
    doc->id = av_doc_strdup(doc, base ? base + 1 : r->path);
    doc->origin = r->path;
    doc->origin_line = 1;
    *out = doc;
    return 1;
}
