/* jsonl.c — JSON Lines articles: {"id","date","title","text","source","url"}. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "../doc/doc.h"
#include "io.h"

static const char *opt_string(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int av_read_jsonl(AvReader *r, AvDocument **out, AvError *err)
{
    int rc;
    for (;;) {
        rc = av_io_read_line(r, err);
        if (rc <= 0)
            return rc;
        const char *p = r->line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p)
            break;          /* skip blank lines */
    }
    r->records++;
    json_error_t jerr;
    json_t *obj = json_loadb(r->line, r->line_len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (!obj)
        return av_error_set(err, AV_ERR_RECORD, "%s:%llu: invalid JSON: %s (column %d)", r->path,
                            (unsigned long long)r->lineno, jerr.text, jerr.column);
    if (!json_is_object(obj)) {
        json_decref(obj);
        return av_error_set(err, AV_ERR_RECORD, "%s:%llu: record is not a JSON object", r->path,
                            (unsigned long long)r->lineno);
    }
    json_t *text = json_object_get(obj, "text");
    if (!json_is_string(text)) {
        const char *id = opt_string(obj, "id");
        av_error_set(err, AV_ERR_RECORD, "%s:%llu: record %s has no \"text\" string", r->path,
                     (unsigned long long)r->lineno, id ? id : "(no id)");
        json_decref(obj);
        return AV_ERR_RECORD;
    }
    AvDocument *doc = av_doc_new();
    if (!doc) {
        json_decref(obj);
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    }
    rc = av_doc_set_text(doc, json_string_value(text), json_string_length(text), err);
    if (rc == AV_OK) {
        const char *id = opt_string(obj, "id");
        char buf[64];
        if (!id) {
            snprintf(buf, sizeof buf, "%llu", (unsigned long long)r->lineno);
            id = buf;
        }
        doc->id = av_doc_strdup(doc, id);
        doc->date = av_doc_strdup(doc, opt_string(obj, "date"));
        doc->title = av_doc_strdup(doc, opt_string(obj, "title"));
        doc->source = av_doc_strdup(doc, opt_string(obj, "source"));
        doc->url = av_doc_strdup(doc, opt_string(obj, "url"));
        doc->origin = r->path;
        doc->origin_line = r->lineno;
    }
    json_decref(obj);
    if (rc < 0) {
        av_doc_free(doc);
        return rc == AV_ERR_NOMEM ? rc : AV_ERR_RECORD;
    }
    *out = doc;
    return 1;
}
