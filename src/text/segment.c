/*
 * segment.c — PLACEHOLDER segmentation: one sentence per paragraph,
 * whitespace tokens.  Replaced by the real segmenter (issue 2).
 */
#include <string.h>
#include "../doc/doc.h"
#include "text.h"

int av_segment(AvDocument *doc, AvError *err)
{
    AvVec sents, toks;
    av_vec_init(&sents, sizeof(AvSentence));
    const char *t = doc->text;
    size_t n = doc->text_len, i = 0;
    while (i < n) {
        while (i < n && (t[i] == ' ' || t[i] == '\n' || t[i] == '\t' || t[i] == '\r'))
            i++;
        if (i >= n)
            break;
        size_t end = i;
        while (end < n && !(t[end] == '\n' && end + 1 < n && t[end + 1] == '\n'))
            end++;
        AvSentence *s = av_vec_push(&sents, &doc->arena);
        if (!s)
            return av_error_set(err, AV_ERR_NOMEM, "out of memory");
        s->start = (uint32_t)i;
        s->end = (uint32_t)end;
        s->index = (uint32_t)(sents.len - 1);
        av_vec_init(&toks, sizeof(AvToken));
        size_t j = i;
        while (j < end) {
            while (j < end && (t[j] == ' ' || t[j] == '\n' || t[j] == '\t' || t[j] == '\r'))
                j++;
            if (j >= end)
                break;
            size_t k = j;
            while (k < end && !(t[k] == ' ' || t[k] == '\n' || t[k] == '\t' || t[k] == '\r'))
                k++;
            AvToken *tok = av_vec_push(&toks, &doc->arena);
            if (!tok)
                return av_error_set(err, AV_ERR_NOMEM, "out of memory");
            tok->start = (uint32_t)j;
            tok->end = (uint32_t)k;
            tok->surface = (uint32_t)(toks.len - 1);
            tok->form = av_arena_strndup(&doc->arena, t + j, k - j);
            tok->space_after = k < end;
            tok->head = -1;
            j = k;
        }
        /* sentences.data may move while growing; store tokens after */
        s = (AvSentence *)sents.data + sents.len - 1;
        s->tokens = toks.data;
        s->n_tokens = (uint32_t)toks.len;
        i = end;
    }
    doc->sentences = sents.data;
    doc->n_sentences = (uint32_t)sents.len;
    return AV_OK;
}
