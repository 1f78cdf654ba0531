/*
 * jsonl.c — JSON Lines articles: {"id","date","title","text","source","url"}.
 *
 * Each line is one record.  The line is UTF-8-repaired before parsing, so
 * invalid bytes and raw NULs cost a warning rather than the record; only a
 * line that is not JSON, not an object, or has no usable "text" is skipped.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "io.h"

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

/* Warnings for one record, joined with "; ". */
typedef struct Warnings {
    char text[384];
    size_t len;
} Warnings;

static void warn(Warnings *w, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void warn(Warnings *w, const char *fmt, ...)
{
    if (w->len + 3 >= sizeof w->text)
        return;
    if (w->len)
        w->len += (size_t)snprintf(w->text + w->len, sizeof w->text - w->len, "; ");
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(w->text + w->len, sizeof w->text - w->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        w->len += (size_t)n < sizeof w->text - w->len ? (size_t)n : sizeof w->text - w->len - 1;
}

/* The "id" of a line that did not parse, when it can be seen: for messages. */
static void sniff_id(const char *line, size_t len, char *out, size_t cap)
{
    out[0] = '\0';
    size_t limit = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 4 < limit; i++) {
        if (memcmp(line + i, "\"id\"", 4))
            continue;
        size_t j = i + 4;
        while (j < limit && (line[j] == ' ' || line[j] == ':'))
            j++;
        if (j >= limit || line[j] != '"')
            return;
        size_t k = 0;
        for (j++; j < limit && line[j] != '"' && line[j] && k + 1 < cap; j++)
            out[k++] = line[j];
        out[k] = '\0';
        return;
    }
}

/* A string field: NULL when absent or null, warning when of another type. */
static const char *string_field(json_t *obj, const char *key, Warnings *w)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return NULL;
    if (json_is_string(v))
        return json_string_value(v);
    warn(w, "\"%s\" is %s, not a string (ignored)", key, type_name(v));
    return NULL;
}

/* The record id: a string, or a number written in decimal. */
static const char *record_id(json_t *obj, char *buf, size_t cap, Warnings *w)
{
    json_t *v = json_object_get(obj, "id");
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    if (v && !json_is_null(v))
        warn(w, "\"id\" is %s (ignored)", type_name(v));
    return NULL;
}

static void set_date(AvDocument *doc, json_t *obj, Warnings *w)
{
    json_t *v = json_object_get(obj, "date");
    char norm[11], digits[32];
    const char *s = NULL;
    if (!v || json_is_null(v))
        return;
    if (json_is_string(v))
        s = json_string_value(v);
    else if (json_is_integer(v)) {         /* 20260314 */
        snprintf(digits, sizeof digits, "%lld", (long long)json_integer_value(v));
        s = digits;
    }
    if (!s) {
        warn(w, "\"date\" is %s (ignored)", type_name(v));
        return;
    }
    if (av_io_normalize_date(s, strlen(s), norm))
        doc->date = av_doc_strdup(doc, norm);
    else
        warn(w, "unrecognised date \"%.40s\" (ignored)", s);
}

static int skip_blank_lines(AvReader *r, AvError *err)
{
    for (;;) {
        int rc = av_io_read_line(r, err);
        if (rc <= 0)
            return rc;
        if (r->line_too_long)
            return 1;
        const char *p = r->line.d;
        while (*p == ' ' || *p == '\t')
            p++;
        if (p < r->line.d + r->line.len)
            return 1;
    }
}

/* Fills doc from a parsed object whose "text" is a string. */
static int fill_document(AvReader *r, AvDocument *doc, json_t *obj, Warnings *w, AvError *err)
{
    json_t *text = json_object_get(obj, "text");
    const char *title = string_field(obj, "title", w);
    int rc = av_io_set_titled_text(doc, title, title ? strlen(title) : 0, json_string_value(text),
                                   json_string_length(text), err);
    if (rc < 0)
        return rc;
    char idbuf[32];
    const char *id = record_id(obj, idbuf, sizeof idbuf, w);
    if (!id) {
        snprintf(idbuf, sizeof idbuf, "%llu", (unsigned long long)r->lineno);
        id = idbuf;
    }
    doc->id = av_doc_strdup(doc, id);
    set_date(doc, obj, w);
    doc->source = av_doc_strdup(doc, string_field(obj, "source", w));
    doc->url = av_doc_strdup(doc, string_field(obj, "url", w));
    doc->origin = av_doc_strdup(doc, r->path); /* outlives the reader */
    doc->origin_line = r->lineno;
    return doc->id ? AV_OK : av_error_set(err, AV_ERR_NOMEM, "out of memory");
}

static int record_error(AvReader *r, AvError *err, const char *id, const char *what)
{
    if (id && *id)
        return av_error_set(err, AV_ERR_RECORD, AV_LOC_FMT ": record %.100s: %s (skipped)",
                            AV_LOC(r, r->lineno), id, what);
    return av_error_set(err, AV_ERR_RECORD, AV_LOC_FMT ": %s (skipped)", AV_LOC(r, r->lineno),
                        what);
}

/* Checks the parsed value; a message for a record that must be skipped. */
static const char *unusable(json_t *obj, char *buf, size_t cap)
{
    if (!json_is_object(obj)) {
        snprintf(buf, cap, "record is %s, not a JSON object", type_name(obj));
        return buf;
    }
    json_t *text = json_object_get(obj, "text");
    if (!text || json_is_null(text))
        return "no \"text\" field";
    if (!json_is_string(text)) {
        snprintf(buf, cap, "\"text\" is %s, not a string", type_name(text));
        return buf;
    }
    return NULL;
}

int av_read_jsonl(AvReader *r, AvDocument **out, AvError *err)
{
    int rc = skip_blank_lines(r, err);
    if (rc <= 0)
        return rc;
    r->records++;
    char what[200], id[104];
    if (r->line_too_long) {
        snprintf(what, sizeof what, "line longer than the %zu-byte record limit", r->max_record);
        return record_error(r, err, NULL, what);
    }
    uint32_t repaired = 0;
    if ((rc = av_io_repair_line(r, &repaired, err)) < 0)
        return rc;
    json_error_t jerr;
    json_t *obj = json_loadb(r->line.d, r->line.len, JSON_ALLOW_NUL, &jerr);
    if (!obj) {
        sniff_id(r->line.d, r->line.len, id, sizeof id);
        snprintf(what, sizeof what, "invalid JSON at column %d: %s", jerr.column, jerr.text);
        return record_error(r, err, id, what);
    }
    const char *problem = unusable(obj, what, sizeof what);
    if (problem) {
        Warnings ignored = {0};
        const char *rid = json_is_object(obj) ? record_id(obj, id, sizeof id, &ignored) : NULL;
        rc = record_error(r, err, rid, problem);
        json_decref(obj);
        return rc;
    }
    AvDocument *doc = av_doc_new();
    if (!doc) {
        json_decref(obj);
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    }
    Warnings w = {0};
    rc = fill_document(r, doc, obj, &w, err);
    json_decref(obj);
    if (rc < 0) {
        av_doc_free(doc);
        if (rc == AV_ERR_NOMEM)
            return rc;
        snprintf(what, sizeof what, "%.199s", err->msg);
        return record_error(r, err, NULL, what);
    }
    doc->invalid_bytes += repaired;
    if (doc->invalid_bytes)
        warn(&w, "%u invalid UTF-8 sequence(s) or NUL byte(s) replaced by U+FFFD",
             doc->invalid_bytes);
    if (w.len)
        av_error_set(err, AV_OK, AV_LOC_FMT ": record %.100s: %s", AV_LOC(r, r->lineno), doc->id,
                     w.text);
    *out = doc;
    return 1;
}
