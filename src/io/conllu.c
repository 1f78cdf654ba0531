/*
 * conllu.c — CoNLL-U reader and writer.
 *
 * A document is what lies between two "# newdoc" comments (or at most
 * MAX_SENTS sentences when a file has none).  Its text is rebuilt from each
 * sentence's "# text" line (or from the forms and SpaceAfter=No), sentences
 * joined by one space, so that evaluators can re-segment the raw text and
 * align the result with the gold tokens by byte offset.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "../doc/doc.h"
#include "io.h"

#define MAX_SENTS 10000
#define MAX_FIELDS 10

typedef struct GoldWord {
    char *fields[MAX_FIELDS];
    int id_lo, id_hi;        /* id_hi > id_lo for a multiword range line */
} GoldWord;

typedef struct SentBuf {
    char *text;              /* "# text" or NULL */
    char *sent_id;
    AvVec words;             /* GoldWord, in order, ranges included */
} SentBuf;

static char *split_fields(char *line, char **fields)
{
    int n = 0;
    char *p = line;
    fields[n++] = p;
    while (*p && n < MAX_FIELDS) {
        if (*p == '\t') {
            *p = '\0';
            fields[n++] = p + 1;
        }
        p++;
    }
    return n == MAX_FIELDS ? line : NULL;
}

static int has_space_after_no(const char *misc)
{
    return misc && strstr(misc, "SpaceAfter=No") != NULL;
}

static const char *field_or_null(AvArena *a, const char *s)
{
    if (!s || (s[0] == '_' && s[1] == '\0'))
        return NULL;
    return av_arena_strdup(a, s);
}

/* Rebuilds "# text" from forms when the comment is missing. */
static char *text_from_forms(AvArena *a, SentBuf *sb)
{
    size_t len = 0;
    GoldWord *w = sb->words.data;
    for (size_t i = 0; i < sb->words.len; i++)
        len += strlen(w[i].fields[1]) + 1;
    char *t = av_arena_alloc(a, len + 1), *o = t;
    if (!t)
        return NULL;
    int skip_until = 0;
    for (size_t i = 0; i < sb->words.len; i++) {
        if (w[i].id_lo <= skip_until && w[i].id_hi == w[i].id_lo)
            continue;
        size_t k = strlen(w[i].fields[1]);
        memcpy(o, w[i].fields[1], k);
        o += k;
        if (!has_space_after_no(w[i].fields[9]))
            *o++ = ' ';
        if (w[i].id_hi > w[i].id_lo)
            skip_until = w[i].id_hi;
    }
    while (o > t && o[-1] == ' ')
        o--;
    *o = '\0';
    return t;
}

/* Appends sentence sb to the document being built. */
static int add_sentence(AvDocument *doc, AvVec *sents, AvVec *text, SentBuf *sb, AvError *err)
{
    AvArena *a = &doc->arena;
    const char *st = sb->text ? sb->text : text_from_forms(a, sb);
    if (!st)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    size_t base = text->len, stlen = strlen(st);
    if (base > 0) {
        char *sp = av_vec_push(text, a);
        if (!sp)
            return av_error_set(err, AV_ERR_NOMEM, "out of memory");
        *sp = ' ';
        base++;
    }
    for (size_t i = 0; i < stlen; i++) {
        char *c = av_vec_push(text, a);
        if (!c)
            return av_error_set(err, AV_ERR_NOMEM, "out of memory");
        *c = st[i];
    }
    AvSentence *s = av_vec_push(sents, a);
    if (!s)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    s->index = (uint32_t)(sents->len - 1);
    s->start = (uint32_t)base;
    s->end = (uint32_t)(base + stlen);
    s->id = sb->sent_id ? av_arena_strdup(a, sb->sent_id) : NULL;

    /* count words (ranges excluded) */
    GoldWord *w = sb->words.data;
    size_t nw = 0;
    for (size_t i = 0; i < sb->words.len; i++)
        if (w[i].id_hi == w[i].id_lo)
            nw++;
    AvToken *toks = av_arena_alloc(a, (nw ? nw : 1) * sizeof(AvToken));
    if (!toks)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    size_t pos = 0, k = 0;
    uint32_t surface = 0;
    for (size_t i = 0; i < sb->words.len; i++) {
        GoldWord *g = &w[i];
        const char *form = g->fields[1];
        size_t flen = strlen(form);
        while (pos < stlen && (st[pos] == ' ' || st[pos] == '\t' || st[pos] == '\n'))
            pos++;
        size_t tstart = pos, tend;
        if (pos + flen <= stlen && !memcmp(st + pos, form, flen))
            tend = pos + flen;
        else {
            /* form not found verbatim (e.g. spaces inside a token): consume
             * the non-space run so alignment recovers */
            tend = pos;
            while (tend < stlen && st[tend] != ' ')
                tend++;
        }
        pos = tend;
        int nparts = g->id_hi - g->id_lo + 1;
        if (nparts > 1) {
            /* multiword token: its words follow; split by substring if possible */
            size_t sub = tstart;
            for (int p = 0; p < nparts && i + 1 < sb->words.len; p++) {
                if (w[i + 1].id_hi > w[i + 1].id_lo)
                    break;      /* a range inside a range: only words fill tokens */
                GoldWord *gw = &w[++i];
                AvToken *t = &toks[k++];
                size_t wl = strlen(gw->fields[1]);
                if (sub + wl <= tend && !strncasecmp(st + sub, gw->fields[1], wl)) {
                    t->start = (uint32_t)(base + sub);
                    t->end = (uint32_t)(base + sub + wl);
                    sub += wl;
                } else {
                    t->start = (uint32_t)(base + tstart);
                    t->end = (uint32_t)(base + tend);
                }
                t->surface = surface;
                t->form = av_arena_strdup(a, gw->fields[1]);
                t->lemma = field_or_null(a, gw->fields[2]);
                t->upos = field_or_null(a, gw->fields[3]);
                t->xpos = field_or_null(a, gw->fields[4]);
                t->feats = field_or_null(a, gw->fields[5]);
                t->head = gw->fields[6][0] == '_' ? -1 : atoi(gw->fields[6]);
                t->deprel = field_or_null(a, gw->fields[7]);
                t->space_after = 0;
            }
            toks[k - 1].space_after = !has_space_after_no(g->fields[9]);
        } else {
            AvToken *t = &toks[k++];
            t->start = (uint32_t)(base + tstart);
            t->end = (uint32_t)(base + tend);
            t->surface = surface;
            t->form = av_arena_strdup(a, form);
            t->lemma = field_or_null(a, g->fields[2]);
            t->upos = field_or_null(a, g->fields[3]);
            t->xpos = field_or_null(a, g->fields[4]);
            t->feats = field_or_null(a, g->fields[5]);
            t->head = g->fields[6][0] == '_' ? -1 : atoi(g->fields[6]);
            t->deprel = field_or_null(a, g->fields[7]);
            t->space_after = !has_space_after_no(g->fields[9]);
        }
        surface++;
    }
    s = (AvSentence *)sents->data + sents->len - 1;
    s->tokens = toks;
    s->n_tokens = (uint32_t)k;
    return AV_OK;
}

typedef struct ConlluState {
    char *next_doc_id;       /* id seen in a "# newdoc" that starts the next doc */
} ConlluState;

static void free_state(void *p)
{
    ConlluState *st = p;
    if (st) {
        free(st->next_doc_id);
        free(st);
    }
}

static char *comment_value(const char *line, const char *key)
{
    size_t k = strlen(key);
    if (strncmp(line, key, k))
        return NULL;
    const char *v = line + k;
    while (*v == ' ')
        v++;
    if (*v == '=') {
        v++;
        while (*v == ' ')
            v++;
    }
    return (char *)v;
}

/* Adds the count to the first bad line's message (already in err). */
static int conllu_bad_sentences(AvError *err, int n, const char *doc_id)
{
    char first[400];
    snprintf(first, sizeof first, "%.399s", err->msg);
    return av_error_set(err, AV_ERR_RECORD, "%s (document %.60s: %d sentence(s) dropped)", first,
                        doc_id ? doc_id : "?", n);
}

int av_read_conllu(AvReader *r, AvDocument **out, AvError *err)
{
    ConlluState *st = r->state;
    if (!st) {
        st = calloc(1, sizeof *st);
        if (!st)
            return av_error_set(err, AV_ERR_NOMEM, "out of memory");
        r->state = st;
        r->free_state = free_state;
    }
    AvDocument *doc = av_doc_new();
    if (!doc)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    AvArena *a = &doc->arena;
    AvVec sents, text;
    av_vec_init(&sents, sizeof(AvSentence));
    av_vec_init(&text, 1);
    SentBuf sb = {0};
    av_vec_init(&sb.words, sizeof(GoldWord));
    int rc, in_sentence = 0, bad = 0, bad_sentences = 0;
    uint64_t first_line = r->lineno + 1;
    doc->origin = av_doc_strdup(doc, r->path); /* outlives the reader */
    if (st->next_doc_id) {
        doc->id = av_arena_strdup(a, st->next_doc_id);
        free(st->next_doc_id);
        st->next_doc_id = NULL;
    }
    while ((rc = av_io_read_line(r, err)) > 0) {
        if (r->line_too_long) {
            if (!bad_sentences)
                av_error_set(err, AV_ERR_RECORD, "%s:%llu: line longer than the %zu-byte limit",
                             r->path, (unsigned long long)r->lineno, r->max_record);
            bad_sentences += !bad;
            bad = in_sentence = 1;
            continue;
        }
        if ((rc = av_io_repair_line(r, &doc->invalid_bytes, err)) < 0)
            break;
        char *line = r->line.d;
        if (line[0] == '#') {
            char *v;
            if ((v = comment_value(line, "# newdoc id")) || (v = comment_value(line, "# newdoc"))) {
                if (sents.len > 0 || in_sentence) {
                    st->next_doc_id = strdup(v);
                    break;
                }
                doc->id = av_arena_strdup(a, v);
            } else if ((v = comment_value(line, "# text")) && !strncmp(line, "# text ", 7)) {
                sb.text = av_arena_strdup(a, v);
            } else if ((v = comment_value(line, "# sent_id"))) {
                sb.sent_id = av_arena_strdup(a, v);
            }
            in_sentence = 1;
            continue;
        }
        if (line[0] == '\0') {
            if (in_sentence && sb.words.len > 0 && !bad) {
                if ((rc = add_sentence(doc, &sents, &text, &sb, err)) < 0)
                    break;
            }
            memset(&sb, 0, sizeof sb);
            av_vec_init(&sb.words, sizeof(GoldWord));
            in_sentence = 0;
            bad = 0;
            if (sents.len >= MAX_SENTS)
                break;
            continue;
        }
        in_sentence = 1;
        char *copy = av_arena_strndup(a, line, r->line.len);
        GoldWord *g = av_vec_push(&sb.words, a);
        if (!copy || !g) {
            rc = av_error_set(err, AV_ERR_NOMEM, "out of memory");
            break;
        }
        if (!split_fields(copy, g->fields)) {
            sb.words.len--;
            if (!bad_sentences)
                av_error_set(err, AV_ERR_RECORD, "%s:%llu: expected 10 tab-separated columns",
                             r->path, (unsigned long long)r->lineno);
            bad_sentences += !bad;
            bad = 1;
            continue;
        }
        char *dash = NULL;
        g->id_lo = (int)strtol(g->fields[0], &dash, 10);
        g->id_hi = g->id_lo;
        if (*dash == '.') {          /* empty node: not a surface word */
            sb.words.len--;
            continue;
        }
        if (*dash == '-')
            g->id_hi = atoi(dash + 1);
        if (g->id_lo <= 0 || g->id_hi < g->id_lo) {
            sb.words.len--;
            if (!bad_sentences)
                av_error_set(err, AV_ERR_RECORD, "%s:%llu: bad word id '%.40s'", r->path,
                             (unsigned long long)r->lineno, g->fields[0]);
            bad_sentences += !bad;
            bad = 1;
        }
    }
    if (rc >= 0 && in_sentence && sb.words.len > 0 && !bad)
        rc = add_sentence(doc, &sents, &text, &sb, err);
    if (rc < 0) {
        av_doc_free(doc);
        return rc;
    }
    if (sents.len == 0) {
        av_doc_free(doc);
        if (bad_sentences)
            return conllu_bad_sentences(err, bad_sentences, NULL);
        return 0;
    }
    char *nul = av_vec_push(&text, a);
    if (!nul) {
        av_doc_free(doc);
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    }
    doc->text = text.data;
    doc->text_len = text.len - 1;
    doc->sentences = sents.data;
    doc->n_sentences = (uint32_t)sents.len;
    doc->origin_line = first_line;
    if (!doc->id) {
        char buf[64];
        snprintf(buf, sizeof buf, "doc%llu", (unsigned long long)(r->records + 1));
        doc->id = av_arena_strdup(a, buf);
    }
    r->records++;
    *out = doc;
    if (bad_sentences)        /* the document is returned, minus the bad sentences */
        return conllu_bad_sentences(err, bad_sentences, doc->id);
    return 1;
}

/* ---- writer ---- */

static void put_field(FILE *f, const char *s)
{
    fputs(s && *s ? s : "_", f);
}

int av_write_conllu(FILE *f, const AvDocument *doc, AvError *err)
{
    fprintf(f, "# newdoc id = %s\n", doc->id ? doc->id : "");
    for (uint32_t si = 0; si < doc->n_sentences; si++) {
        const AvSentence *s = &doc->sentences[si];
        if (s->id)
            fprintf(f, "# sent_id = %s\n", s->id);
        else
            fprintf(f, "# sent_id = %s-%u\n", doc->id ? doc->id : "doc", si + 1);
        fputs("# text = ", f);
        for (uint32_t i = s->start; i < s->end; i++) {
            char c = doc->text[i];
            fputc(c == '\n' || c == '\r' || c == '\t' ? ' ' : c, f);
        }
        fputc('\n', f);
        for (uint32_t i = 0; i < s->n_tokens; i++) {
            const AvToken *t = &s->tokens[i];
            uint32_t j = i;
            while (j + 1 < s->n_tokens && s->tokens[j + 1].surface == t->surface)
                j++;
            if (j > i) {
                uint32_t a = s->tokens[i].start, b = s->tokens[j].end;
                if (s->tokens[i].end > b)
                    b = s->tokens[i].end;
                fprintf(f, "%u-%u\t%.*s\t_\t_\t_\t_\t_\t_\t_\t%s\n", i + 1, j + 1, (int)(b - a),
                        doc->text + a, s->tokens[j].space_after ? "_" : "SpaceAfter=No");
            }
            for (uint32_t k = i; k <= j; k++) {
                const AvToken *w = &s->tokens[k];
                fprintf(f, "%u\t", k + 1);
                put_field(f, w->form);
                fputc('\t', f);
                put_field(f, w->lemma);
                fputc('\t', f);
                put_field(f, w->upos);
                fputc('\t', f);
                put_field(f, w->xpos);
                fputc('\t', f);
                put_field(f, w->feats);
                if (w->head >= 0)
                    fprintf(f, "\t%d\t", w->head);
                else
                    fputs("\t_\t", f);
                put_field(f, w->deprel);
                fputs("\t_\t", f);
                fputs(j == i && !w->space_after ? "SpaceAfter=No" : "_", f);
                fputc('\n', f);
            }
            i = j;
        }
        fputc('\n', f);
    }
    if (ferror(f))
        return av_error_set(err, AV_ERR_IO, "write error");
    return AV_OK;
}
