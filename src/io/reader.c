/* reader.c — opening inputs, guessing their format, reading lines. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include "io.h"

AvFormat av_format_from_name(const char *name)
{
    if (!name)
        return AV_FORMAT_AUTO;
    if (!strcasecmp(name, "text") || !strcasecmp(name, "txt"))
        return AV_FORMAT_TEXT;
    if (!strcasecmp(name, "jsonl") || !strcasecmp(name, "json") || !strcasecmp(name, "ndjson"))
        return AV_FORMAT_JSONL;
    if (!strcasecmp(name, "xml") || !strcasecmp(name, "petrarch"))
        return AV_FORMAT_PETRARCH_XML;
    if (!strcasecmp(name, "conllu") || !strcasecmp(name, "conll"))
        return AV_FORMAT_CONLLU;
    if (!strcasecmp(name, "html") || !strcasecmp(name, "htm"))
        return AV_FORMAT_HTML;
    return AV_FORMAT_AUTO;
}

const char *av_format_name(AvFormat f)
{
    switch (f) {
    case AV_FORMAT_TEXT: return "text";
    case AV_FORMAT_JSONL: return "jsonl";
    case AV_FORMAT_PETRARCH_XML: return "xml";
    case AV_FORMAT_CONLLU: return "conllu";
    case AV_FORMAT_HTML: return "html";
    default: return "auto";
    }
}

static AvFormat format_from_extension(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return AV_FORMAT_AUTO;
    return av_format_from_name(dot + 1);
}

/* Looks at the first non-blank bytes (pushed back with ungetc-free peeking:
 * we read the first line and keep it as the pending line). */
static AvFormat format_from_content(AvReader *r, AvError *err)
{
    int rc = av_io_read_line(r, err);
    if (rc <= 0)
        return AV_FORMAT_TEXT;
    r->have_line = 1;
    const char *s = r->line;
    while (*s == ' ' || *s == '\t' || *s == '\r')
        s++;
    if (s[0] == '{')
        return AV_FORMAT_JSONL;
    if (!strncmp(s, "<?xml", 5) || !strncmp(s, "<Sentences", 10) || !strncmp(s, "<Sentence", 9) ||
        !strncmp(s, "<!--", 4))
        return AV_FORMAT_PETRARCH_XML;
    if (!strncasecmp(s, "<!doctype html", 14) || !strncasecmp(s, "<html", 5))
        return AV_FORMAT_HTML;
    if (!strncmp(s, "# newdoc", 8) || !strncmp(s, "# sent_id", 9) || !strncmp(s, "# text", 6) ||
        (s[0] == '1' && s[1] == '\t'))
        return AV_FORMAT_CONLLU;
    return AV_FORMAT_TEXT;
}

AvReader *av_reader_open(const char *path, AvFormat fmt, AvError *err)
{
    AvReader *r = calloc(1, sizeof *r);
    if (!r) {
        av_error_set(err, AV_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (!path || !strcmp(path, "-")) {
        r->f = stdin;
        r->path = "-";
    } else {
        r->f = fopen(path, "rb");
        if (!r->f) {
            av_error_set(err, AV_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
            free(r);
            return NULL;
        }
        r->owns_file = 1;
        r->path_copy = strdup(path);
        r->path = r->path_copy ? r->path_copy : "?";
    }
    if (fmt == AV_FORMAT_AUTO && strcmp(r->path, "-"))
        fmt = format_from_extension(r->path);
    if (fmt == AV_FORMAT_AUTO)
        fmt = format_from_content(r, err);
    r->format = fmt;
    return r;
}

AvFormat av_reader_format(const AvReader *r)
{
    return r->format;
}

int av_io_read_line(AvReader *r, AvError *err)
{
    if (r->have_line) {
        r->have_line = 0;
        return 1;
    }
    if (r->eof)
        return 0;
    errno = 0;
    ssize_t n = getline(&r->line, &r->line_cap, r->f);
    if (n < 0) {
        if (ferror(r->f))
            return av_error_set(err, AV_ERR_IO, "%s: read error after line %llu: %s", r->path,
                                (unsigned long long)r->lineno, strerror(errno));
        r->eof = 1;
        return 0;
    }
    r->lineno++;
    if (n > 0 && r->line[n - 1] == '\n')
        r->line[--n] = '\0';
    if (n > 0 && r->line[n - 1] == '\r')
        r->line[--n] = '\0';
    r->line_len = (size_t)n;
    return 1;
}

int av_reader_next(AvReader *r, AvDocument **out, AvError *err)
{
    *out = NULL;
    av_error_clear(err);
    switch (r->format) {
    case AV_FORMAT_JSONL: return av_read_jsonl(r, out, err);
    case AV_FORMAT_CONLLU: return av_read_conllu(r, out, err);
    case AV_FORMAT_PETRARCH_XML: return av_read_petrarch_xml(r, out, err);
    case AV_FORMAT_HTML: return av_read_html(r, out, err);
    default: return av_read_text(r, out, err);
    }
}

void av_reader_close(AvReader *r)
{
    if (!r)
        return;
    if (r->owns_file && r->f)
        fclose(r->f);
    if (r->free_state)
        r->free_state(r->state);
    free(r->line);
    free(r->path_copy);
    free(r);
}
