/*
 * petrarch_xml.c — PETRARCH/TABARI XML sentence records:
 *
 *   <Sentence date="20080804" id="AFP0808020625_4" source="AFP" sentence="True">
 *   <EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
 *   <Text> ... </Text> <Parse> ... </Parse>
 *   </Sentence>
 *
 * A small streaming scanner, not a general XML parser: it knows comments,
 * CDATA, processing instructions, tags with quoted attributes and the five
 * entities plus numeric references.  One document per <Sentence>.  A broken
 * record (no <Text>, an unclosed <Sentence>, a truncated file, a tag that
 * never ends) is reported and reading goes on at the next <Sentence>.
 * <Config option= value=> elements between records are handed to the next
 * record (the validation runner applies them).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io.h"

#define MAX_TAG (64 * 1024)
#define MAX_ATTRS 64
#define MAX_CODINGS 4096         /* per record; real ones have a handful */

/* Growable byte buffers (AvBuf, malloc'd, reused between records). */
typedef AvBuf Buf;

static int buf_putc(Buf *b, char c)
{
    return av_buf_put(b, &c, 1);
}

typedef struct Attr {
    char *name, *value;      /* malloc'd, value entity-decoded */
} Attr;

typedef struct AttrList {
    Attr *items;
    size_t len, cap;
} AttrList;

static void attrs_clear(AttrList *l)
{
    for (size_t i = 0; i < l->len; i++) {
        free(l->items[i].name);
        free(l->items[i].value);
    }
    l->len = 0;
}

static int attrs_add(AttrList *l, char *name, char *value)
{
    if (l->len == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        Attr *items = realloc(l->items, cap * sizeof *items);
        if (!items) {
            free(name);
            free(value);
            return AV_ERR_NOMEM;
        }
        l->items = items;
        l->cap = cap;
    }
    l->items[l->len].name = name;
    l->items[l->len].value = value;
    l->len++;
    return AV_OK;
}

static const char *attrs_get(const AttrList *l, const char *name)
{
    for (size_t i = 0; i < l->len; i++)
        if (!strcasecmp(l->items[i].name, name))
            return l->items[i].value;
    return NULL;
}

/* What one <Sentence> holds while it is being read. */
typedef struct Record {
    AttrList attrs;
    Buf text, parse;
    int have_text;
    AttrList *codings;       /* one AttrList per <EventCoding> */
    size_t n_codings, cap_codings;
    char problem[200];       /* first thing wrong with the record, or "" */
    uint64_t line;           /* line of the <Sentence> tag */
} Record;

typedef struct XmlState {
    Buf tag;                 /* the markup being read */
    int pending_sentence;    /* tag holds a <Sentence> that starts the next record */
    uint64_t pending_line;
    AttrList config;         /* <Config> seen since the last record, as option=value */
    Record rec;
} XmlState;

static void record_reset(Record *rec)
{
    attrs_clear(&rec->attrs);
    rec->text.len = rec->parse.len = 0;
    rec->have_text = 0;
    for (size_t i = 0; i < rec->n_codings; i++)
        attrs_clear(&rec->codings[i]);
    rec->n_codings = 0;
    rec->problem[0] = '\0';
}

static void free_state(void *p)
{
    XmlState *st = p;
    if (!st)
        return;
    record_reset(&st->rec);
    free(st->rec.attrs.items);
    for (size_t i = 0; i < st->rec.cap_codings; i++)
        free(st->rec.codings[i].items);
    free(st->rec.codings);
    free(st->rec.text.d);
    free(st->rec.parse.d);
    attrs_clear(&st->config);
    free(st->config.items);
    free(st->tag.d);
    free(st);
}

static void note_problem(Record *rec, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void note_problem(Record *rec, const char *fmt, ...)
{
    if (rec->problem[0])
        return;            /* the first problem is the one worth reporting */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rec->problem, sizeof rec->problem, fmt, ap);
    va_end(ap);
}

/* ---- entities ---- */

static size_t put_utf8(unsigned long cp, char *o)
{
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the entity at s ('&' first); writes its bytes to o and returns how
 * many input bytes it used, or 0 when it is not an entity (kept verbatim). */
static size_t decode_entity(const char *s, size_t n, char *o, size_t *out_n)
{
    static const struct { const char *name; char c; } named[] = {
        {"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'}, {"apos;", '\''}};
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
        size_t len = strlen(named[k].name);
        if (n > len && !memcmp(s + 1, named[k].name, len)) {
            o[0] = named[k].c;
            *out_n = 1;
            return len + 1;
        }
    }
    if (n < 4 || s[1] != '#')
        return 0;
    int hex = s[2] == 'x' || s[2] == 'X';
    size_t i = hex ? 3 : 2, start = i;
    unsigned long cp = 0;
    for (; i < n && i < start + 8 && isxdigit((unsigned char)s[i]); i++) {
        if (!hex && !isdigit((unsigned char)s[i]))
            break;
        cp = cp * (hex ? 16 : 10) + (unsigned long)(isdigit((unsigned char)s[i])
                                                        ? s[i] - '0'
                                                        : (tolower((unsigned char)s[i]) - 'a' + 10));
    }
    if (i == start || i >= n || s[i] != ';')
        return 0;
    *out_n = put_utf8(cp, o);
    return i + 1;
}

/* A malloc'd, entity-decoded copy of s[0..n); its length in *out_n when
 * out_n is not NULL (the copy may hold NUL bytes). */
static char *decode(const char *s, size_t n, size_t *out_n)
{
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    size_t i = 0;
    while (i < n) {
        size_t used = 0, made = 0;
        if (s[i] == '&')
            used = decode_entity(s + i, n - i, o, &made);
        if (used) {
            /* an entity is never shorter than its UTF-8: "&#0;" (4 bytes) makes
             * U+FFFD (3), "&#65536;" (8) makes 4, so n + 1 bytes always suffice */
            o += made;
            i += used;
        } else {
            *o++ = s[i++];
        }
    }
    *o = '\0';
    if (out_n)
        *out_n = (size_t)(o - out);
    return out;
}

/* ---- markup ---- */

enum { MK_EOF, MK_LITERAL, MK_COMMENT, MK_CDATA, MK_OTHER, MK_TAG };

/* Skips to the end marker; 0 when the file ends first. */
static int skip_until(AvReader *r, const char *marker)
{
    size_t k = strlen(marker), matched = 0;
    int c;
    while ((c = av_io_getc(r)) >= 0) {
        if (c == marker[matched]) {
            if (++matched == k)
                return 1;
        } else {
            matched = c == marker[0] ? 1 : 0;
        }
    }
    return 0;
}

/* Reads "<!..." after the '!'; CDATA content goes to st->tag. */
static int read_bang(AvReader *r, XmlState *st)
{
    int c1 = av_io_getc(r);
    if (c1 == '-') {
        int c2 = av_io_getc(r);
        if (c2 == '-')
            return skip_until(r, "-->") ? MK_COMMENT : MK_EOF;
        av_io_ungetc(r, c2);
    } else if (c1 == '[') {
        const char *rest = "CDATA[";
        for (const char *p = rest; *p; p++) {
            int c = av_io_getc(r);
            if (c != *p)
                return skip_until(r, ">") ? MK_OTHER : MK_EOF;
        }
        st->tag.len = 0;
        size_t matched = 0;
        int c;
        while ((c = av_io_getc(r)) >= 0) {
            if (buf_putc(&st->tag, (char)c) < 0)
                return MK_EOF;
            matched = c == ']' ? (matched < 2 ? matched + 1 : 2) : (c == '>' && matched == 2 ? 3 : 0);
            if (matched == 3) {
                st->tag.len -= 3;
                return MK_CDATA;
            }
        }
        return MK_EOF;
    } else {
        av_io_ungetc(r, c1);
    }
    return skip_until(r, ">") ? MK_OTHER : MK_EOF;
}

/* Reads a tag after its '<' into st->tag (without the brackets).  Quoted
 * attribute values may hold '>'.  A tag longer than MAX_TAG is cut. */
static int read_tag(AvReader *r, XmlState *st, int *too_long)
{
    st->tag.len = 0;
    *too_long = 0;
    int c, quote = 0;
    while ((c = av_io_getc(r)) >= 0) {
        if (quote) {
            if (c == quote || c == '\n')   /* attributes are one line: a lost quote ends there */
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return MK_TAG;
        } else if (c == '<' && st->tag.len > 0) {
            /* a '<' outside quotes: this tag never closed; let the next one be read */
            av_io_ungetc(r, c);
            *too_long = 1;
            return MK_TAG;
        }
        if (st->tag.len < MAX_TAG) {
            if (buf_putc(&st->tag, (char)c) < 0)
                return MK_EOF;
        } else {
            *too_long = 1;
        }
    }
    return MK_EOF;
}

/* Reads the markup after a '<'. */
static int read_markup(AvReader *r, XmlState *st, int *broken)
{
    *broken = 0;
    int c = av_io_getc(r);
    if (c == '!')
        return read_bang(r, st);
    if (c == '?')
        return skip_until(r, "?>") ? MK_OTHER : MK_EOF;
    if (c == '/' || isalpha(c)) {
        av_io_ungetc(r, c);
        return read_tag(r, st, broken);
    }
    av_io_ungetc(r, c);
    return MK_LITERAL;          /* "a < b": the '<' is text */
}

/* Tag name compare: `name` against the start of the tag text. */
static int tag_is(const Buf *tag, const char *name)
{
    size_t k = strlen(name);
    if (tag->len < k || strncasecmp(tag->d, name, k))
        return 0;
    return tag->len == k || isspace((unsigned char)tag->d[k]) || tag->d[k] == '/';
}

/* Parses the attributes of a tag (after its name) into l. */
static int parse_attributes(const Buf *tag, AttrList *l)
{
    const char *p = tag->d, *end = tag->d + tag->len;
    while (p < end && !isspace((unsigned char)*p) && *p != '/')
        p++;                              /* the tag name */
    while (p < end && l->len < MAX_ATTRS) {
        while (p < end && (isspace((unsigned char)*p) || *p == '/'))
            p++;
        const char *name = p;
        while (p < end && !isspace((unsigned char)*p) && *p != '=' && *p != '/')
            p++;
        size_t name_n = (size_t)(p - name);
        while (p < end && isspace((unsigned char)*p))
            p++;
        const char *val = p;
        size_t val_n = 0;
        if (p < end && *p == '=') {
            p++;
            while (p < end && isspace((unsigned char)*p))
                p++;
            if (p < end && (*p == '"' || *p == '\'')) {
                char q = *p++;
                val = p;
                while (p < end && *p != q)
                    p++;
                val_n = (size_t)(p - val);
                if (p < end)
                    p++;
            } else {
                val = p;
                while (p < end && !isspace((unsigned char)*p))
                    p++;
                val_n = (size_t)(p - val);
            }
        }
        if (name_n == 0)
            continue;
        char *n = decode(name, name_n, NULL), *v = decode(val, val_n, NULL);
        if (!n || !v) {
            free(n);
            free(v);
            return AV_ERR_NOMEM;
        }
        if (attrs_add(l, n, v) < 0)
            return AV_ERR_NOMEM;
    }
    return AV_OK;
}

static XmlState *get_state(AvReader *r)
{
    if (!r->state) {
        r->state = calloc(1, sizeof(XmlState));
        if (r->state)
            r->free_state = free_state;
    }
    return r->state;
}

/* Reads up to the next <Sentence> open tag (left in st->tag); collects
 * <Config> on the way.  1 found, 0 end of input, negative on error. */
static int find_sentence(AvReader *r, XmlState *st, AvError *err)
{
    if (st->pending_sentence) {
        st->pending_sentence = 0;
        return 1;
    }
    int c;
    while ((c = av_io_getc(r)) >= 0) {
        if (c != '<')
            continue;
        uint64_t line = r->lineno + 1;
        int broken, kind = read_markup(r, st, &broken);
        if (kind == MK_EOF)
            break;
        if (kind != MK_TAG)
            continue;
        if (tag_is(&st->tag, "Sentence")) {
            st->pending_line = line;
            return 1;
        }
        if (tag_is(&st->tag, "Config")) {
            AttrList tmp = {0};
            int rc = parse_attributes(&st->tag, &tmp);
            const char *opt = attrs_get(&tmp, "option"), *val = attrs_get(&tmp, "value");
            if (rc == AV_OK && opt)
                rc = attrs_add(&st->config, strdup(opt), strdup(val ? val : ""));
            attrs_clear(&tmp);
            free(tmp.items);
            if (rc < 0)
                return av_error_set(err, AV_ERR_NOMEM, "out of memory");
        }
    }
    if (r->io_error)
        return av_error_set(err, AV_ERR_IO, "%s: read error near line %llu", r->path,
                            (unsigned long long)r->lineno);
    return 0;
}

/* Appends record content to the open container, within the size limit. */
static int add_content(AvReader *r, Record *rec, Buf *into, const char *s, size_t n)
{
    if (!into)
        return AV_OK;
    if (rec->text.len + rec->parse.len + n > r->max_record) {
        note_problem(rec, "record larger than the %zu-byte limit", r->max_record);
        return AV_OK;
    }
    return av_buf_put(into, s, n);
}

static int add_coding(Record *rec, const Buf *tag)
{
    if (rec->n_codings == rec->cap_codings) {
        size_t cap = rec->cap_codings ? 2 * rec->cap_codings : 4;
        AttrList *c = realloc(rec->codings, cap * sizeof *c);
        if (!c)
            return AV_ERR_NOMEM;
        memset(c + rec->cap_codings, 0, (cap - rec->cap_codings) * sizeof *c);
        rec->codings = c;
        rec->cap_codings = cap;
    }
    return parse_attributes(tag, &rec->codings[rec->n_codings++]);
}

/* Handles one tag inside a record.  Sets *done at </Sentence> or at the
 * start of the next record. */
static int record_tag(AvReader *r, XmlState *st, uint64_t line, Buf **into, int *done)
{
    Record *rec = &st->rec;
    Buf *tag = &st->tag;
    if (tag_is(tag, "/Sentence")) {
        if (*into == &rec->text)
            note_problem(rec, "<Text> not closed");
        *done = 1;
    } else if (tag_is(tag, "Sentence")) {
        note_problem(rec, "<Sentence> not closed before the next one (line %llu)",
                     (unsigned long long)line);
        st->pending_sentence = 1;
        st->pending_line = line;
        *done = 1;
    } else if (tag_is(tag, "/Sentences") || tag_is(tag, "/Validation")) {
        note_problem(rec, "<Sentence> not closed");
        *done = 1;
    } else if (tag_is(tag, "Text")) {
        rec->text.len = 0;
        *into = tag->d[tag->len - 1] == '/' ? NULL : &rec->text;
    } else if (tag_is(tag, "Parse")) {
        rec->parse.len = 0;
        *into = tag->d[tag->len - 1] == '/' ? NULL : &rec->parse;
    } else if (tag_is(tag, "/Text")) {
        if (*into == &rec->text)
            rec->have_text = 1;
        *into = NULL;
    } else if (tag_is(tag, "/Parse")) {
        *into = NULL;
    } else if (tag_is(tag, "EventCoding")) {
        if (rec->n_codings >= MAX_CODINGS) {
            note_problem(rec, "more than %d <EventCoding> elements", MAX_CODINGS);
            return AV_OK;
        }
        return add_coding(rec, tag);
    }
    (void)r;
    return AV_OK;
}

/* Reads the body of a record whose <Sentence> tag is in st->tag. */
static int read_record(AvReader *r, XmlState *st)
{
    Record *rec = &st->rec;
    record_reset(rec);
    rec->line = st->pending_line;
    if (parse_attributes(&st->tag, &rec->attrs) < 0)
        return AV_ERR_NOMEM;
    if (st->tag.len > 0 && st->tag.d[st->tag.len - 1] == '/') {
        note_problem(rec, "empty <Sentence/>");
        return AV_OK;
    }
    Buf *into = NULL;
    int c, done = 0, rc = AV_OK;
    while (!done && rc == AV_OK && (c = av_io_getc(r)) >= 0) {
        if (c != '<') {
            char ch = (char)c;
            rc = add_content(r, rec, into, &ch, 1);
            continue;
        }
        uint64_t line = r->lineno + 1;
        int broken, kind = read_markup(r, st, &broken);
        if (kind == MK_EOF)
            break;
        if (kind == MK_LITERAL)
            rc = add_content(r, rec, into, "<", 1);
        else if (kind == MK_CDATA)
            rc = add_content(r, rec, into, st->tag.d, st->tag.len);
        else if (kind == MK_TAG) {
            if (broken)
                note_problem(rec, "unterminated tag at line %llu", (unsigned long long)line);
            rc = record_tag(r, st, line, &into, &done);
        }
    }
    if (rc == AV_OK && !done)
        note_problem(rec, "file ends inside <Sentence> (truncated?)");
    return rc;
}

/* ---- building the document ---- */

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && isspace((unsigned char)**s))
        (*s)++, (*n)--;
    while (*n > 0 && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

/* Copies an attribute list into the document arena. */
static AvAttribute *copy_attrs(AvDocument *doc, const AttrList *l)
{
    AvAttribute *a = av_arena_alloc(&doc->arena, (l->len ? l->len : 1) * sizeof *a);
    if (!a)
        return NULL;
    for (size_t i = 0; i < l->len; i++) {
        a[i].name = av_doc_strdup(doc, l->items[i].name);
        a[i].value = av_doc_strdup(doc, l->items[i].value);
        if (!a[i].name || !a[i].value)
            return NULL;
    }
    return a;
}

static int is_true(const char *v)
{
    return v && (!strcasecmp(v, "true") || !strcmp(v, "1") || !strcasecmp(v, "yes"));
}

static int copy_expectations(AvDocument *doc, const Record *rec)
{
    doc->expectations = av_arena_alloc(&doc->arena, (rec->n_codings + 1) * sizeof(AvExpectation));
    if (!doc->expectations)
        return AV_ERR_NOMEM;
    for (size_t i = 0; i < rec->n_codings; i++) {
        const AttrList *l = &rec->codings[i];
        AvExpectation *e = &doc->expectations[i];
        e->source = av_doc_strdup(doc, attrs_get(l, "sourcecode"));
        e->target = av_doc_strdup(doc, attrs_get(l, "targetcode"));
        e->event = av_doc_strdup(doc, attrs_get(l, "eventcode"));
        e->error = av_doc_strdup(doc, attrs_get(l, "error"));
        e->noevents = is_true(attrs_get(l, "noevents"));
    }
    doc->n_expectations = (uint32_t)rec->n_codings;
    return AV_OK;
}

/* The record's text, entity-decoded and trimmed, becomes the document. */
static int set_text(AvDocument *doc, const Record *rec, AvError *err)
{
    size_t n = 0;
    char *decoded = decode(rec->text.d ? rec->text.d : "", rec->text.len, &n);
    if (!decoded)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    const char *t = decoded;
    trim(&t, &n);
    const char *parse = rec->parse.d;
    size_t parse_n = rec->parse.len;
    trim(&parse, &parse_n);
    /* an empty <Text> with a parse is still codable from the tree */
    int rc = n == 0 && parse_n == 0 ? av_error_set(err, AV_ERR_RECORD, "empty <Text> and no <Parse>")
                                    : av_doc_set_text(doc, t, n, err);
    free(decoded);
    return rc;
}

static int build_document(AvReader *r, XmlState *st, AvDocument *doc, char *warning,
                          size_t warning_cap, AvError *err)
{
    Record *rec = &st->rec;
    int rc = set_text(doc, rec, err);
    if (rc < 0)
        return rc;
    char idbuf[32], norm[11];
    const char *id = attrs_get(&rec->attrs, "id");
    if (!id || !*id) {
        snprintf(idbuf, sizeof idbuf, "record%llu", (unsigned long long)r->records);
        id = idbuf;
    }
    doc->id = av_doc_strdup(doc, id);
    doc->source = av_doc_strdup(doc, attrs_get(&rec->attrs, "source"));
    doc->category = av_doc_strdup(doc, attrs_get(&rec->attrs, "category"));
    const char *one = attrs_get(&rec->attrs, "sentence");
    doc->one_sentence = one && !strcasecmp(one, "true");
    const char *date = attrs_get(&rec->attrs, "date");
    if (doc->text_len == 0)
        snprintf(warning, warning_cap, "empty <Text>: only the <Parse> tree is available");
    if (date && av_io_normalize_date(date, strlen(date), norm))
        doc->date = av_doc_strdup(doc, norm);
    else if (date)
        snprintf(warning, warning_cap, "unrecognised date \"%.40s\" (ignored)", date);
    if (rec->parse.len) {
        char *p = decode(rec->parse.d, rec->parse.len, NULL);
        doc->parse = p ? av_doc_strdup(doc, p) : NULL;
        free(p);
    }
    doc->attributes = copy_attrs(doc, &rec->attrs);
    doc->n_attributes = (uint32_t)rec->attrs.len;
    doc->config = copy_attrs(doc, &st->config);
    doc->n_config = (uint32_t)st->config.len;
    attrs_clear(&st->config);
    doc->origin = av_doc_strdup(doc, r->path); /* outlives the reader */
    doc->origin_line = rec->line;
    if (!doc->id || !doc->attributes || !doc->config || copy_expectations(doc, rec) < 0)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    return AV_OK;
}

static int record_error(AvReader *r, const Record *rec, AvError *err, const char *what)
{
    const char *id = attrs_get(&rec->attrs, "id");
    return av_error_set(err, AV_ERR_RECORD, AV_LOC_FMT ": record %.100s: %s (skipped)",
                        AV_LOC(r, rec->line), id && *id ? id : "(no id)", what);
}

int av_read_petrarch_xml(AvReader *r, AvDocument **out, AvError *err)
{
    XmlState *st = get_state(r);
    if (!st)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    int rc = find_sentence(r, st, err);
    if (rc <= 0)
        return rc;
    r->records++;
    if (read_record(r, st) < 0)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    Record *rec = &st->rec;
    if (!rec->problem[0] && !rec->have_text)
        note_problem(rec, "no <Text> element");
    if (rec->problem[0])
        return record_error(r, rec, err, rec->problem);
    AvDocument *doc = av_doc_new();
    if (!doc)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    char warning[128] = "";
    rc = build_document(r, st, doc, warning, sizeof warning, err);
    if (rc < 0) {
        av_doc_free(doc);
        char what[200];
        snprintf(what, sizeof what, "%.199s", err->msg);
        return rc == AV_ERR_NOMEM ? rc : record_error(r, rec, err, what);
    }
    if (doc->invalid_bytes && !warning[0])
        snprintf(warning, sizeof warning, "%u invalid UTF-8 sequence(s) or NUL byte(s) replaced "
                 "by U+FFFD", doc->invalid_bytes);
    if (warning[0])
        av_error_set(err, AV_OK, AV_LOC_FMT ": record %.100s: %s", AV_LOC(r, rec->line), doc->id,
                     warning);
    *out = doc;
    return 1;
}
