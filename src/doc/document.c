/* document.c — creating and filling documents. */
#include <stdlib.h>
#include <string.h>
#include "doc.h"

AvDocument *av_doc_new(void)
{
    AvDocument *doc = calloc(1, sizeof *doc);
    if (!doc)
        return NULL;
    av_arena_init(&doc->arena, 64 * 1024);
    doc->origin = "-";
    return doc;
}

void av_doc_free(AvDocument *doc)
{
    if (!doc)
        return;
    av_arena_free(&doc->arena);
    free(doc);
}

int av_doc_set_text(AvDocument *doc, const char *text, size_t len, AvError *err)
{
    if (len > (SIZE_MAX - 1) / 3)
        return av_error_set(err, AV_ERR_LIMIT, "text too large (%zu bytes)", len);
    /* Each bad byte may grow to three (U+FFFD); reserve the worst case only
     * when a quick scan finds something to repair. */
    size_t cap = len + 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == 0 || c >= 0x80) {
            cap = 3 * len + 1;
            break;
        }
    }
    char *dst = av_arena_alloc(&doc->arena, cap);
    if (!dst)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory for %zu bytes of text", len);
    uint32_t bad = 0;
    doc->text_len = av_utf8_repair(text, len, dst, &bad);
    doc->text = dst;
    doc->invalid_bytes = bad;
    return AV_OK;
}

const char *av_doc_strdup(AvDocument *doc, const char *s)
{
    return av_arena_strdup(&doc->arena, s);
}
