/* writers.c — JSON Lines output of segmented documents. */
#include <string.h>
#include "io.h"

void av_json_write_string(FILE *f, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    fputc('"', f);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        fwrite(s + run, 1, i - run, f);
        run = i + 1;
        switch (c) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            fputs("\\u00", f);
            fputc(hex[c >> 4], f);
            fputc(hex[c & 15], f);
        }
    }
    fwrite(s + run, 1, n - run, f);
    fputc('"', f);
}

static const char *kind_name(AvSentenceKind k)
{
    switch (k) {
    case AV_SENT_HEADLINE: return "headline";
    case AV_SENT_DATELINE: return "dateline";
    case AV_SENT_BYLINE: return "byline";
    case AV_SENT_DATE: return "date";
    default: return "body";
    }
}

/* One line per sentence: doc id, index, kind, span, text, tokens. */
int av_write_segment_jsonl(FILE *f, const AvDocument *doc, AvError *err)
{
    const char *id = doc->id ? doc->id : "";
    for (uint32_t si = 0; si < doc->n_sentences; si++) {
        const AvSentence *s = &doc->sentences[si];
        fputs("{\"doc_id\":", f);
        av_json_write_string(f, id, strlen(id));
        fprintf(f, ",\"sentence\":%u,\"paragraph\":%u,\"kind\":\"%s\",\"start\":%u,\"end\":%u,\"text\":",
                s->index, s->paragraph, kind_name(s->kind), s->start, s->end);
        av_json_write_string(f, doc->text + s->start, s->end - s->start);
        fputs(",\"tokens\":[", f);
        for (uint32_t i = 0; i < s->n_tokens; i++) {
            const AvToken *t = &s->tokens[i];
            if (i)
                fputc(',', f);
            fputs("{\"form\":", f);
            av_json_write_string(f, t->form ? t->form : "", t->form ? strlen(t->form) : 0);
            fprintf(f, ",\"start\":%u,\"end\":%u", t->start, t->end);
            if (i > 0 && s->tokens[i - 1].surface == t->surface)
                fputs(",\"part\":true", f);
            if (!t->space_after)
                fputs(",\"space_after\":false", f);
            fputc('}', f);
        }
        fputs("]}\n", f);
    }
    if (ferror(f))
        return av_error_set(err, AV_ERR_IO, "write error");
    return AV_OK;
}
