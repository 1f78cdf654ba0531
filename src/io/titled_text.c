/* titled_text.c — a document's text made of its title and its body. */
#include <stdlib.h>
#include <string.h>
#include "io.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/*
 * The title becomes the first paragraph so that it is segmented (and coded)
 * like the rest while offsets stay offsets into doc->text.  Line breaks in
 * the title become spaces: a blank line inside it would end the paragraph.
 * UTF-8 repair maps each bad byte on its own, so repairing title and body
 * separately gives the same bytes as repairing the joined text.
 */
int av_io_set_titled_text(AvDocument *doc, const char *title, size_t title_n, const char *body,
                          size_t body_n, AvError *err)
{
    while (title_n > 0 && is_space(*title))
        title++, title_n--;
    while (title_n > 0 && is_space(title[title_n - 1]))
        title_n--;
    if (!title || title_n == 0)
        return av_doc_set_text(doc, body ? body : "", body ? body_n : 0, err);
    if (body_n > SIZE_MAX / 2 - title_n)
        return av_error_set(err, AV_ERR_LIMIT, "record too large");
    size_t sep = body_n > 0 ? 2 : 0, total = title_n + sep + body_n;
    char *buf = malloc(total + 1);
    if (!buf)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory for %zu bytes of text", total);
    for (size_t i = 0; i < title_n; i++)
        buf[i] = (title[i] == '\n' || title[i] == '\r' || title[i] == '\t') ? ' ' : title[i];
    memcpy(buf + title_n, "\n\n", sep);
    if (body_n)
        memcpy(buf + title_n + sep, body, body_n);
    char *clean_title = av_arena_alloc(&doc->arena, 3 * title_n + 1);
    if (!clean_title) {
        free(buf);
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    }
    uint32_t bad = 0;
    size_t title_len = av_utf8_repair(buf, title_n, clean_title, &bad);
    int rc = av_doc_set_text(doc, buf, total, err);
    free(buf);
    if (rc < 0)
        return rc;
    doc->title = clean_title;
    doc->title_len = (uint32_t)title_len;
    return AV_OK;
}
