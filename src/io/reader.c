/*
 * reader.c — opening inputs, guessing their format, buffered reading.
 *
 * The reader keeps its own input buffer (read(2) on the file descriptor) so
 * that format detection can peek without consuming, lines of any length are
 * assembled in linear time, and a line longer than the record limit is
 * skipped without ever being held in memory.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "io.h"

#define IN_CHUNK (256 * 1024)

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

/* ---- the input buffer ---- */

/* Reads more bytes after in_len, moving unconsumed bytes to the front first.
 * Returns the number of bytes added (0 at end of file or on error). */
static size_t fill(AvReader *r)
{
    if (r->eof)
        return 0;
    if (r->in_pos > 0) {
        memmove(r->in, r->in + r->in_pos, r->in_len - r->in_pos);
        r->in_len -= r->in_pos;
        r->in_pos = 0;
    }
    if (r->in_len == r->in_cap)
        return 0;
    ssize_t n;
    do
        n = read(fileno(r->f), r->in + r->in_len, r->in_cap - r->in_len);
    while (n < 0 && errno == EINTR);
    if (n <= 0) {
        if (n < 0)
            r->io_error = errno;
        r->eof = 1;
        return 0;
    }
    r->in_len += (size_t)n;
    return (size_t)n;
}

/* Makes at least `want` unconsumed bytes available when the file has them;
 * returns how many are available. */
static size_t peek(AvReader *r, size_t want)
{
    while (r->in_len - r->in_pos < want && fill(r) > 0)
        ;
    return r->in_len - r->in_pos;
}

int av_io_getc(AvReader *r)
{
    if (r->in_pos == r->in_len && fill(r) == 0)
        return -1;
    unsigned char c = (unsigned char)r->in[r->in_pos++];
    if (c == '\n')
        r->lineno++;
    return c;
}

void av_io_ungetc(AvReader *r, int c)
{
    /* the byte just returned by av_io_getc is still in the buffer */
    if (c < 0 || r->in_pos == 0)
        return;
    r->in_pos--;
    if (c == '\n')
        r->lineno--;
}

static int io_error(AvReader *r, AvError *err)
{
    return av_error_set(err, AV_ERR_IO, "%s: read error after line %llu: %s", r->path,
                        (unsigned long long)r->lineno, strerror(r->io_error));
}

/* Appends n bytes to the line buffer. */
static int line_append(AvReader *r, const char *s, size_t n, AvError *err)
{
    if (av_buf_put(&r->line, s, n) < 0)
        return av_error_set(err, AV_ERR_NOMEM, "%s: out of memory for a %zu-byte line", r->path,
                            r->line.len + n);
    return AV_OK;
}

int av_io_read_line(AvReader *r, AvError *err)
{
    if (r->have_line) {
        r->have_line = 0;
        return 1;
    }
    r->line.len = 0;
    r->line_too_long = 0;
    if (line_append(r, "", 0, err) < 0)
        return AV_ERR_NOMEM;
    int got_bytes = 0;
    for (;;) {
        if (r->in_pos == r->in_len && fill(r) == 0)
            break;
        got_bytes = 1;
        const char *start = r->in + r->in_pos;
        size_t avail = r->in_len - r->in_pos;
        const char *nl = memchr(start, '\n', avail);
        size_t chunk = nl ? (size_t)(nl - start) : avail;
        if (!r->line_too_long && r->line.len + chunk > r->max_record) {
            r->line_too_long = 1;
            r->line.len = 0;
            r->line.d[0] = '\0';
        }
        if (!r->line_too_long && line_append(r, start, chunk, err) < 0)
            return AV_ERR_NOMEM;
        r->in_pos += chunk + (nl ? 1 : 0);
        if (nl)
            break;
    }
    if (r->io_error)
        return io_error(r, err);
    if (!got_bytes)
        return 0;
    r->lineno++;
    if (r->line.len > 0 && r->line.d[r->line.len - 1] == '\r')
        r->line.d[--r->line.len] = '\0';
    return 1;
}

int av_io_read_all(AvReader *r, AvError *err)
{
    r->line.len = 0;
    r->have_line = 0;
    int too_big = 0;
    if (line_append(r, "", 0, err) < 0)
        return AV_ERR_NOMEM;
    for (;;) {
        if (r->in_pos == r->in_len && fill(r) == 0)
            break;
        size_t avail = r->in_len - r->in_pos;
        if (!too_big && r->line.len + avail > r->max_record)
            too_big = 1;
        if (!too_big && line_append(r, r->in + r->in_pos, avail, err) < 0)
            return AV_ERR_NOMEM;
        r->in_pos = r->in_len;
    }
    if (r->io_error)
        return io_error(r, err);
    if (too_big)
        return av_error_set(err, AV_ERR_LIMIT, "%s: record is larger than the %zu-byte limit",
                            r->path, r->max_record);
    return AV_OK;
}

int av_io_repair_line(AvReader *r, uint32_t *n_invalid, AvError *err)
{
    size_t i = 0;
    const unsigned char *s = (const unsigned char *)r->line.d;
    while (i < r->line.len && s[i] && s[i] < 0x80)
        i++;
    if (i == r->line.len)
        return AV_OK;               /* plain ASCII: nothing to repair */
    size_t cap = 3 * r->line.len + 1;
    char *dst = malloc(cap);
    if (!dst)
        return av_error_set(err, AV_ERR_NOMEM, "%s:%llu: out of memory", AV_LOC(r, r->lineno));
    uint32_t bad = 0;
    size_t n = av_utf8_repair(r->line.d, r->line.len, dst, &bad);
    if (bad == 0) {
        free(dst);
        return AV_OK;
    }
    free(r->line.d);
    r->line.d = dst;
    r->line.len = n;
    r->line.cap = cap;
    *n_invalid += bad;
    return AV_OK;
}

/* ---- format detection ---- */

static AvFormat format_from_extension(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return AV_FORMAT_AUTO;
    return av_format_from_name(dot + 1);
}

static int starts_with_ci(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && !strncasecmp(s, prefix, k);
}

static int contains_ci(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (!strncasecmp(s + i, needle, k))
            return 1;
    return 0;
}

/* Guesses from the first few kilobytes, which stay in the buffer. */
static AvFormat format_from_content(AvReader *r)
{
    size_t n = peek(r, 8192);
    const char *s = r->in + r->in_pos;
    while (n > 0 && isspace((unsigned char)*s))
        s++, n--;
    if (n > 8192)
        n = 8192;
    if (n == 0)
        return AV_FORMAT_TEXT;
    if (s[0] == '{')
        return AV_FORMAT_JSONL;
    if (s[0] == '<') {
        if (starts_with_ci(s, n, "<!doctype html") || starts_with_ci(s, n, "<html") ||
            (contains_ci(s, n, "<html") && !contains_ci(s, n, "<Sentence")))
            return AV_FORMAT_HTML;
        return AV_FORMAT_PETRARCH_XML;
    }
    if (starts_with_ci(s, n, "# newdoc") || starts_with_ci(s, n, "# sent_id") ||
        starts_with_ci(s, n, "# text") || (n > 1 && s[0] == '1' && s[1] == '\t'))
        return AV_FORMAT_CONLLU;
    return AV_FORMAT_TEXT;
}

static void skip_bom(AvReader *r)
{
    if (peek(r, 3) >= 3 && !memcmp(r->in + r->in_pos, "\xEF\xBB\xBF", 3))
        r->in_pos += 3;
}

AvReader *av_reader_open(const char *path, AvFormat fmt, AvError *err)
{
    AvReader *r = calloc(1, sizeof *r);
    char *in = malloc(IN_CHUNK);
    if (!r || !in) {
        free(r);
        free(in);
        av_error_set(err, AV_ERR_NOMEM, "out of memory");
        return NULL;
    }
    r->in = in;
    r->in_cap = IN_CHUNK;
    r->max_record = AV_DEFAULT_MAX_RECORD;
    if (!path || !strcmp(path, "-")) {
        r->f = stdin;
        r->path = "-";
    } else {
        r->f = fopen(path, "rb");
        if (!r->f) {
            av_error_set(err, AV_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
            free(in);
            free(r);
            return NULL;
        }
        r->owns_file = 1;
        r->path_copy = strdup(path);
        r->path = r->path_copy ? r->path_copy : "?";
    }
    skip_bom(r);
    if (fmt == AV_FORMAT_AUTO && strcmp(r->path, "-"))
        fmt = format_from_extension(r->path);
    if (fmt == AV_FORMAT_AUTO)
        fmt = format_from_content(r);
    r->format = fmt;
    return r;
}

int av_reader_set_max_record(AvReader *r, size_t max_bytes, AvError *err)
{
    if (!r || max_bytes == 0)
        return av_error_set(err, AV_ERR_ARG, "the record size limit must be positive");
    r->max_record = max_bytes;
    return AV_OK;
}

AvFormat av_reader_format(const AvReader *r)
{
    return r->format;
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
    free(r->in);
    free(r->line.d);
    free(r->path_copy);
    free(r);
}
