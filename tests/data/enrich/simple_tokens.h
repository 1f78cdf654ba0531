/*
 * simple_tokens.h — a plain tokeniser for the enrich tests, so that they
 * check the enrich stage on fixed tokens whatever the segmenter does.
 * Words are split at spaces; leading "(" "$" "€" and trailing , ; : ) and a
 * sentence-final period become words of their own.  No tags, no heads.
 */
#ifndef AV_TEST_SIMPLE_TOKENS_H
#define AV_TEST_SIMPLE_TOKENS_H

#include <stdlib.h>
#include <string.h>
#include "avocet.h"

static int st_push(AvDocument *doc, AvSentence *s, uint32_t start, uint32_t end)
{
    AvToken *t = av_arena_realloc(&doc->arena, s->tokens, sizeof(AvToken) * s->n_tokens,
                                  sizeof(AvToken) * (s->n_tokens + 1));
    if (!t)
        return -1;
    s->tokens = t;
    AvToken *k = &t[s->n_tokens];
    memset(k, 0, sizeof *k);
    k->start = start;
    k->end = end;
    k->surface = s->n_tokens;
    k->form = av_arena_strndup(&doc->arena, doc->text + start, end - start);
    k->head = -1;
    k->space_after = end < doc->text_len && doc->text[end] == ' ';
    s->n_tokens++;
    return 0;
}

static int st_is_lead(const char *p)
{
    return *p == '(' || *p == '$' || !strncmp(p, "\xe2\x82\xac", 3);
}

/* One chunk between spaces: leading marks, the word, trailing marks. */
static int st_chunk(AvDocument *doc, AvSentence *s, uint32_t a, uint32_t b, int last)
{
    const char *t = doc->text;
    while (a < b && st_is_lead(t + a) && b - a > 1) {
        uint32_t len = t[a] == '(' || t[a] == '$' ? 1 : 3;
        if (st_push(doc, s, a, a + len) < 0)
            return -1;
        a += len;
    }
    uint32_t e = b;
    while (e > a + 1 && strchr(",;:)\"", t[e - 1]))
        e--;
    int period = 0;
    if (last && e > a + 1 && t[e - 1] == '.' && !memchr(t + a, '.', e - 1 - a)) {
        e--;
        period = 1;
    }
    if (st_push(doc, s, a, e) < 0)
        return -1;
    if (period && st_push(doc, s, e, e + 1) < 0)
        return -1;
    for (uint32_t k = e + (uint32_t)period; k < b; k++)
        if (st_push(doc, s, k, k + 1) < 0)
            return -1;
    return 0;
}

/* A document of the given sentences (joined by spaces), tokenised. */
static AvDocument *st_document(const char *const *sentences, size_t n, const char *date)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += strlen(sentences[i]) + 1;
    char *text = malloc(total + 1);
    if (!text)
        return NULL;
    text[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        strcat(text, sentences[i]);
        if (i + 1 < n)
            strcat(text, " ");
    }
    AvDocument *doc = av_doc_new();
    AvError err;
    if (!doc || av_doc_set_text(doc, text, strlen(text), &err) < 0) {
        free(text);
        av_doc_free(doc);
        return NULL;
    }
    free(text);
    doc->id = "test";
    doc->date = date ? av_doc_strdup(doc, date) : NULL;
    doc->sentences = av_arena_alloc(&doc->arena, sizeof(AvSentence) * (n ? n : 1));
    uint32_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        AvSentence *s = &doc->sentences[i];
        uint32_t len = (uint32_t)strlen(sentences[i]);
        s->start = pos;
        s->end = pos + len;
        s->index = (uint32_t)i;
        uint32_t a = pos;
        while (a < s->end) {
            uint32_t b = a;
            while (b < s->end && doc->text[b] != ' ')
                b++;
            if (b > a && st_chunk(doc, s, a, b, b == s->end) < 0)
                return NULL;
            a = b + 1;
        }
        pos += len + 1;
    }
    doc->n_sentences = (uint32_t)n;
    return doc;
}

#endif
