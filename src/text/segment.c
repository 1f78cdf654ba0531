/*
 * segment.c — paragraphs, sentences and the kinds of news lines.
 *
 * A document is cut into paragraphs at blank lines.  Lines at the top of a
 * document are looked at one by one: a date on its own, a headline (short,
 * no final period) and bylines become sentences of their own kinds.  The
 * first body paragraph may start with a dateline ("CAIRO, March 14 (AFP) -")
 * which also becomes its own sentence.  Body text is split into sentences
 * at . ! ? and ellipses (with closing quotes and brackets kept in the
 * sentence), except after abbreviations, initials and inside numbers; a
 * single newline inside a paragraph does not end a sentence unless a list
 * item starts on the next line.
 *
 * Surface tokens of the sentence being built live in a small heap buffer
 * that is reused; finished sentences and tokens go to the document arena.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "../doc/doc.h"
#include "sentence_model.h"
#include "text.h"

/* Longer "sentences" (tables, runaway text) are cut so that later stages,
 * whose cost grows faster than linearly, stay bounded. */
#define MAX_SENTENCE_TOKENS 400
#define MAX_HEADLINE_BYTES 160
#define MAX_HEADLINE_WORDS 22
#define MAX_BYLINE_BYTES 200
/* date, headline, byline: the top of an article is a few paragraphs */
#define MAX_TOP_PARAGRAPHS 4

typedef struct Segmenter {
    AvDocument *doc;
    const char *t;
    size_t n;
    AvVec sents;
    AvRawToken *buf;          /* surface tokens of the open sentence */
    size_t len, cap;
    uint32_t paragraph;
    bool paragraph_used;      /* the current paragraph produced a sentence */
    bool top;                 /* still before the first body sentence */
    bool had_headline;        /* an article has one headline */
    AvError *err;
} Segmenter;

/* w[0..n) equals the string s.  The first-byte test comes first: these
 * run against word lists for most tokens, and strlen over the lists was a
 * tenth of the segmenter's time. */
static bool same_word(const char *w, size_t n, const char *s)
{
    return n > 0 && s[0] == w[0] && strncmp(s, w, n) == 0 && s[n] == '\0';
}

static bool same_word_nocase(const char *w, size_t n, const char *s)
{
    unsigned char a = (unsigned char)s[0], b = (unsigned char)w[0];
    if (n == 0 || (a | 0x20) != (b | 0x20))
        return false;
    return strncasecmp(s, w, n) == 0 && s[n] == '\0';
}

/* ---- small byte helpers ---- */

static bool is_upper_at(const char *t, size_t n, size_t i)
{
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    size_t len;
    uint32_t cp = av_text_decode(t, n, i, &len);
    return av_text_is_wordchar(cp) && !(cp >= 0x300 && cp < 0x370) &&
           (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7);
}

static bool is_lower_at(const char *t, size_t i)
{
    unsigned char c = (unsigned char)t[i];
    return c >= 'a' && c <= 'z';
}

static size_t skip_spaces(const char *t, size_t n, size_t i)
{
    size_t w;
    while (i < n && (w = av_text_space_at(t, n, i)) > 0)
        i += w;
    return i;
}

static size_t trim_end(const char *t, size_t a, size_t b)
{
    while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t' || t[b - 1] == '\r' || t[b - 1] == '\n'))
        b--;
    return b;
}

/* ---- building sentences ---- */

static int push_raw(Segmenter *sg, const AvRawToken *tok)
{
    if (sg->len == sg->cap) {
        size_t cap = sg->cap ? sg->cap * 2 : 64;
        AvRawToken *nb = realloc(sg->buf, cap * sizeof *nb);
        if (!nb)
            return av_error_set(sg->err, AV_ERR_NOMEM, "out of memory");
        sg->buf = nb;
        sg->cap = cap;
    }
    sg->buf[sg->len++] = *tok;
    return AV_OK;
}

static bool space_follows(const Segmenter *sg, uint32_t end)
{
    return end < sg->n && av_text_space_at(sg->t, sg->n, end) > 0;
}

/* Copies an all-ASCII form to *out (advancing it); NULL when s has other
 * characters and must be normalised. */
static const char *ascii_form(const char *s, size_t n, char **out)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return NULL;
    char *f = *out;
    memcpy(f, s, n);
    f[n] = '\0';
    *out += n + 1;
    return f;
}

/* Moves the open sentence's tokens into the arena as one AvSentence. */
static int flush_sentence(Segmenter *sg, AvSentenceKind kind)
{
    if (sg->len == 0)
        return AV_OK;
    AvArena *a = &sg->doc->arena;
    size_t n_words = 0;
    for (size_t i = 0; i < sg->len; i++)
        n_words += sg->buf[i].n_words;
    AvToken *toks = av_arena_alloc(a, n_words * sizeof *toks);
    AvSentence *s = av_vec_push(&sg->sents, a);
    if (!toks || !s)
        return av_error_set(sg->err, AV_ERR_NOMEM, "out of memory");
    /* one arena block for all plain-ASCII forms of the sentence: forms are
     * most of the allocations, and most of them need no normalising */
    size_t form_bytes = 0;
    for (size_t i = 0; i < sg->len; i++)
        form_bytes += sg->buf[i].end - sg->buf[i].start + sg->buf[i].n_words;
    char *forms = av_arena_alloc(a, form_bytes);
    if (!forms)
        return av_error_set(sg->err, AV_ERR_NOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < sg->len; i++) {
        const AvRawToken *r = &sg->buf[i];
        for (unsigned w = 0; w < r->n_words; w++) {
            AvToken *tk = &toks[k++];
            tk->start = r->words[w].start;
            tk->end = r->words[w].end;
            tk->surface = (uint32_t)i;
            tk->form = ascii_form(sg->t + tk->start, tk->end - tk->start, &forms);
            if (!tk->form)
                tk->form = av_text_normalize(a, sg->t + tk->start, tk->end - tk->start);
            if (!tk->form)
                return av_error_set(sg->err, AV_ERR_NOMEM, "out of memory");
            tk->space_after = w + 1 == r->n_words && space_follows(sg, r->end);
            tk->head = -1;
        }
    }
    s->start = sg->buf[0].start;
    s->end = sg->buf[sg->len - 1].end;
    s->index = (uint32_t)(sg->sents.len - 1);
    s->paragraph = sg->paragraph;
    s->kind = kind;
    s->tokens = toks;
    s->n_tokens = (uint32_t)n_words;
    sg->len = 0;
    sg->paragraph_used = true;
    if (kind == AV_SENT_BODY)
        sg->top = false;
    if (kind == AV_SENT_HEADLINE)
        sg->had_headline = true;
    return AV_OK;
}

/* Tokenises t[a..b) into the open sentence. */
static int add_tokens(Segmenter *sg, size_t a, size_t b)
{
    size_t i = skip_spaces(sg->t, b, a);
    while (i < b) {
        AvRawToken tok;
        av_scan_token(sg->t, b, i, &tok);
        int rc = push_raw(sg, &tok);
        if (rc < 0)
            return rc;
        i = skip_spaces(sg->t, b, tok.end);
    }
    return AV_OK;
}

/* The whole of t[a..b) as one sentence of the given kind. */
static int emit_span(Segmenter *sg, size_t a, size_t b, AvSentenceKind kind)
{
    int rc = add_tokens(sg, a, b);
    return rc < 0 ? rc : flush_sentence(sg, kind);
}

/* ---- sentence boundaries in body text ---- */

static bool token_is(const Segmenter *sg, const AvRawToken *tok, const char *s)
{
    return same_word(sg->t + tok->start, tok->end - tok->start, s);
}

/* ". ! ? ... …" alone or in runs. */
static bool is_terminator(const Segmenter *sg, const AvRawToken *tok)
{
    const char *p = sg->t + tok->start;
    size_t n = tok->end - tok->start;
    if (n >= 3 && !memcmp(p, "\xE2\x80\xA6", 3))
        return true;
    for (size_t k = 0; k < n; k++)
        if (p[k] != '.' && p[k] != '!' && p[k] != '?')
            return false;
    return n > 0;
}

static bool is_ellipsis(const Segmenter *sg, const AvRawToken *tok)
{
    const char *p = sg->t + tok->start;
    size_t n = tok->end - tok->start;
    return (n >= 2 && p[0] == '.' && p[1] == '.') || (n >= 3 && !memcmp(p, "\xE2\x80\xA6", 3));
}

/* Closing quotes and brackets that stay with the sentence they close. */
static bool is_closer(const Segmenter *sg, const AvRawToken *tok)
{
    static const char *const closers[] = {"\"", "'", ")", "]", "}", "\xE2\x80\x9D", "\xE2\x80\x99",
                                          "\xC2\xBB", "''", NULL};
    for (size_t k = 0; closers[k]; k++)
        if (token_is(sg, tok, closers[k]))
            return true;
    return false;
}

/* An opening curly quote glued to the mark before it and followed by a
 * space or the end ("decision.“ However") is a closing quote typed the
 * wrong way round: it closes the sentence rather than opening the next. */
static bool is_misturned_closer(const Segmenter *sg, const AvRawToken *tok, size_t b)
{
    if (!token_is(sg, tok, "\xE2\x80\x9C") && !token_is(sg, tok, "\xE2\x80\x98"))
        return false;
    char c = tok->end < b ? sg->t[tok->end] : ' ';
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_opener(const Segmenter *sg, const AvRawToken *tok)
{
    static const char *const openers[] = {"\"", "'", "(", "[", "\xE2\x80\x9C", "\xE2\x80\x98",
                                          "\xC2\xAB", "``", NULL};
    for (size_t k = 0; openers[k]; k++)
        if (token_is(sg, tok, openers[k]))
            return true;
    return false;
}

/* Words that start sentences after an abbreviation that may end one
 * ("... Corp. The company said"), as opposed to "U.S. Army". */
static const char *const SENTENCE_STARTERS[] = {
    "The", "He", "She", "It", "They", "We", "I", "In", "But", "A", "An", "This", "That", "These",
    "Those", "There", "His", "Her", "Its", "Their", "Our", "My", "And", "So", "If", "When", "While",
    "After", "Before", "As", "At", "On", "For", "Some", "Many", "Most", "You", "What", "Why", "How",
    "Who", "Where", "However", "Also", "Meanwhile", "Earlier", "Later", "Yesterday", "Today", "Thanks",
    "Please", "Officials", "Analysts", NULL};

static bool is_starter_word(const Segmenter *sg, const AvRawToken *tok)
{
    size_t n = tok->words[0].end - tok->start;
    for (size_t k = 0; SENTENCE_STARTERS[k]; k++)
        if (same_word(sg->t + tok->start, n, SENTENCE_STARTERS[k]))
            return true;
    return false;
}

/* The open sentence is only a list number so far ("1." / "b)"). */
static bool only_list_number(const Segmenter *sg)
{
    if (sg->len != 2)
        return false;
    const AvRawToken *first = &sg->buf[0];
    size_t n = first->end - first->start;
    const char *p = sg->t + first->start;
    if (n > 3)
        return false;
    for (size_t k = 0; k < n; k++)
        if (!(p[k] >= '0' && p[k] <= '9'))
            return n == 1 && ((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= 'A' && p[0] <= 'Z'));
    return true;
}

/* Does the sentence end before `next`, given the terminator `term`
 * (after any closers)?  `first` is next's first non-opener token. */
static bool ends_before(const Segmenter *sg, const AvRawToken *term, const AvRawToken *first)
{
    size_t i = first->start;
    if (term->is_abbrev)
        return !term->is_title_abbrev && is_upper_at(sg->t, sg->n, i) && is_starter_word(sg, first);
    if (only_list_number(sg))
        return false;
    if (is_ellipsis(sg, term))
        return is_upper_at(sg->t, sg->n, i);
    /* ". ," or ". )": the period belonged to something inside the sentence */
    unsigned char c = (unsigned char)sg->t[i];
    if (c < 0x80 && strchr(",;:)]}%", c))
        return false;
    /* web text often starts sentences in lower case; news rarely has a
     * period before a lower-case word except after abbreviations */
    return true;
}

/* Newline then "- ", "* ", "• " or "1. " / "2) " starts a list item. */
static bool list_item_starts(const Segmenter *sg, size_t gap_start, size_t tok_start)
{
    if (!memchr(sg->t + gap_start, '\n', tok_start - gap_start))
        return false;
    const char *p = sg->t + tok_start;
    size_t left = sg->n - tok_start;
    if (left >= 2 && (p[0] == '-' || p[0] == '*') && p[1] == ' ')
        return true;
    if (left >= 4 && !memcmp(p, "\xE2\x80\xA2", 3))
        return true;
    size_t k = 0;
    while (k < left && k < 3 && p[k] >= '0' && p[k] <= '9')
        k++;
    return k > 0 && k + 1 < left && (p[k] == '.' || p[k] == ')') && p[k + 1] == ' ';
}

/* Words that rarely end a title but often precede its last word. */
static const char *const TITLE_GLUE[] = {
    "the", "a", "an", "of", "and", "or", "to", "in", "on", "at", "for", "with", "by", "from", "as",
    "that", "said", "says", "is", "was", "are", "were", "told", "&", "-", NULL};

/* A title run into the first sentence without punctuation ("Great service
 * I had a dead battery ..."): the first few words of a document, then a
 * capitalised sentence starter after a content word. */
static bool title_ends_before(const Segmenter *sg, const AvRawToken *tok)
{
    if (!sg->top || sg->sents.len > 0 || sg->len == 0 || sg->len > 8)
        return false;
    if (!is_upper_at(sg->t, sg->n, tok->start) || !is_starter_word(sg, tok))
        return false;
    const AvRawToken *prev = &sg->buf[sg->len - 1];
    unsigned char c = (unsigned char)sg->t[prev->start];
    if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
        return false;
    size_t n = prev->end - prev->start;
    for (size_t k = 0; TITLE_GLUE[k]; k++)
        if (same_word_nocase(sg->t + prev->start, n, TITLE_GLUE[k]))
            return false;
    return !prev->is_abbrev;
}

static const char *const WEEKDAYS[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                        "Saturday", "Sunday", NULL};
static const char *const MONTH_NAMES[] = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec", NULL};

static size_t letters_end(const char *t, size_t b, size_t i)
{
    while (i < b && (((unsigned char)t[i] | 0x20) >= 'a' && ((unsigned char)t[i] | 0x20) <= 'z'))
        i++;
    return i;
}

static size_t digits_end(const char *t, size_t b, size_t i)
{
    while (i < b && t[i] >= '0' && t[i] <= '9')
        i++;
    return i;
}

static bool word_is_one_of(const char *t, size_t i, size_t j, const char *const *list)
{
    for (size_t k = 0; list[k]; k++)
        if (same_word(t + i, j - i, list[k]))
            return true;
    return false;
}

/* "Wednesday, April 13, 2011" or "April 13, 2011" starting at t[i]: its
 * end, or 0.  News sites print it between the headline and the story. */
static size_t date_phrase_end(const char *t, size_t b, size_t i)
{
    size_t j = letters_end(t, b, i);
    if (word_is_one_of(t, i, j, WEEKDAYS)) {
        if (j < b && t[j] == ',')
            j++;
        i = skip_spaces(t, b, j);
        j = letters_end(t, b, i);
    }
    if (!word_is_one_of(t, i, j, MONTH_NAMES))
        return 0;
    if (j < b && t[j] == '.')
        j++;
    i = skip_spaces(t, b, j);
    j = digits_end(t, b, i);
    if (j == i || j - i > 2)
        return 0;
    j = letters_end(t, b, j); /* 1st, 2nd, 13th */
    if (j < b && t[j] == ',')
        j++;
    i = skip_spaces(t, b, j);
    j = digits_end(t, b, i);
    if (j - i != 4 || (j < b && !av_text_space_at(t, b, j)))
        return 0;
    return j;
}

/* At the top of an article run together without line breaks, "Headline
 * Wednesday, April 13, 2011 Story..." gives a headline and a date. */
static int split_top_date(Segmenter *sg, size_t tok_start, size_t b, size_t *resume)
{
    *resume = 0;
    if (!sg->top || sg->sents.len > 1)
        return AV_OK;
    size_t de = date_phrase_end(sg->t, b, tok_start);
    if (!de)
        return AV_OK;
    int rc = flush_sentence(sg, AV_SENT_HEADLINE);
    if (rc >= 0)
        rc = emit_span(sg, tok_start, de, AV_SENT_DATE);
    sg->top = true; /* a dateline may still follow */
    *resume = de;
    return rc;
}

/* ---- boundaries of web and e-mail text without final punctuation ---- */

static bool token_text_is(const Segmenter *sg, const AvRawToken *tok, const char *const *list)
{
    size_t n = tok->end - tok->start;
    for (size_t k = 0; list[k]; k++)
        if (same_word(sg->t + tok->start, n, list[k]))
            return true;
    return false;
}

static bool is_emoticon(const Segmenter *sg, const AvRawToken *tok)
{
    static const char *const faces[] = {":)", ":-)", ";)", ";-)", ":(", ":-(", ":D", ":-D", ":P",
                                        ":p", ":-P", NULL};
    return token_text_is(sg, tok, faces);
}

/* digits and separators only: "08/16/2000", "12:05" */
static bool is_numeric_with(const Segmenter *sg, const AvRawToken *tok, char sep)
{
    bool has_sep = false;
    for (uint32_t i = tok->start; i < tok->end; i++) {
        char c = sg->t[i];
        if (c == sep)
            has_sep = true;
        else if (c < '0' || c > '9')
            return false;
    }
    return has_sep;
}

/* "Regards," "Dear Nina," "Hi all,": a letter's greeting or closing. */
static bool is_salutation(const Segmenter *sg)
{
    static const char *const closings[] = {"Regards", "Sincerely", "Thanks", "Cheers", "Best",
                                           "Cordially", "Respectfully", NULL};
    static const char *const greetings[] = {"Dear", "Hi", "Hello", "Hey", "Greetings", NULL};
    if (sg->len < 2 || sg->len > 4)
        return false;
    const AvRawToken *first = &sg->buf[0], *before_comma = &sg->buf[sg->len - 2];
    if (token_text_is(sg, first, greetings))
        return true;
    return token_text_is(sg, before_comma, closings) ||
           (sg->len == 3 && token_is(sg, first, "Thank") && token_is(sg, before_comma, "you"));
}

/* Ends the sentence after tok (already in the sentence) although it is no
 * sentence-final mark: an emoticon, a salutation's comma or a time stamp,
 * when the next token starts a new sentence. */
static bool ends_after_mark(const Segmenter *sg, const AvRawToken *tok, const AvRawToken *next)
{
    if (!next)
        return false;
    bool next_upper = is_upper_at(sg->t, sg->n, next->start);
    if (is_emoticon(sg, tok))
        return next_upper;
    if (token_is(sg, tok, ","))
        return next_upper && is_salutation(sg);
    if ((token_is(sg, tok, "AM") || token_is(sg, tok, "PM")) && sg->len >= 3)
        return is_numeric_with(sg, &sg->buf[sg->len - 2], ':') &&
               is_numeric_with(sg, &sg->buf[sg->len - 3], '/');
    return false;
}

/* A time stamp "08/16/2000 12:05 PM" after a name starts a new sentence. */
static bool stamp_starts(const Segmenter *sg, const AvRawToken *tok, size_t b)
{
    if (sg->len == 0 || !is_numeric_with(sg, tok, '/'))
        return false;
    const AvRawToken *prev = &sg->buf[sg->len - 1];
    if (is_lower_at(sg->t, prev->start))
        return false;
    size_t j = skip_spaces(sg->t, b, tok->end);
    if (j >= b)
        return false;
    AvRawToken next;
    av_scan_token(sg->t, b, j, &next);
    return is_numeric_with(sg, &next, ':');
}

/* Splits body text t[a..b) into sentences. */
static int split_body(Segmenter *sg, size_t a, size_t b)
{
    const char *t = sg->t;
    size_t i = skip_spaces(t, b, a);
    AvRawToken tok, peek;
    bool have_peek = false;
    int rc;
    while (have_peek || i < b) {
        if (have_peek) {
            tok = peek;
            have_peek = false;
        } else {
            av_scan_token(t, b, i, &tok);
        }
        size_t resume;
        if ((rc = split_top_date(sg, tok.start, b, &resume)) < 0)
            return rc;
        if (resume) {
            i = skip_spaces(t, b, resume);
            continue;
        }
        if (sg->len > 0 &&
            (list_item_starts(sg, sg->buf[sg->len - 1].end, tok.start) ||
             title_ends_before(sg, &tok) || stamp_starts(sg, &tok, b)) &&
            (rc = flush_sentence(sg, AV_SENT_BODY)) < 0)
            return rc;
        if ((rc = push_raw(sg, &tok)) < 0)
            return rc;
        i = skip_spaces(t, b, tok.end);
        bool term = is_terminator(sg, &tok) || (tok.is_abbrev && !tok.is_title_abbrev);
        if (!term && (is_emoticon(sg, &tok) || tok.end - tok.start <= 2) && i < b) {
            av_scan_token(t, b, i, &peek);
            have_peek = true;
            term = ends_after_mark(sg, &tok, &peek);
        }
        if (term) {
            const AvRawToken termtok = tok;
            /* closers glued to the terminator stay in this sentence */
            while (i == tok.end && i < b) {
                av_scan_token(t, b, i, &peek);
                if (!is_closer(sg, &peek) && !is_misturned_closer(sg, &peek, b)) {
                    have_peek = true;
                    break;
                }
                if ((rc = push_raw(sg, &peek)) < 0)
                    return rc;
                tok = peek;
                i = skip_spaces(t, b, tok.end);
            }
            if (!have_peek && i < b) {
                av_scan_token(t, b, i, &peek);
                have_peek = true;
            }
            /* "Great! :)" — a smiley after the mark belongs to the sentence */
            if (have_peek && is_emoticon(sg, &peek)) {
                if ((rc = push_raw(sg, &peek)) < 0)
                    return rc;
                i = skip_spaces(t, b, peek.end);
                have_peek = false;
                if (i < b) {
                    av_scan_token(t, b, i, &peek);
                    have_peek = true;
                }
            }
            if (!have_peek) {
                term = true;
            } else {
                /* look through opening quotes for the first real word */
                AvRawToken first = peek;
                size_t j = peek.end;
                int guard = 0;
                while (is_opener(sg, &first) && guard++ < 3) {
                    j = skip_spaces(t, b, j);
                    if (j >= b)
                        break;
                    av_scan_token(t, b, j, &first);
                    j = first.end;
                }
                term = ends_before(sg, &termtok, &first);
            }
            if (have_peek)
                i = peek.start;
        }
        if ((term || sg->len >= MAX_SENTENCE_TOKENS) && (rc = flush_sentence(sg, AV_SENT_BODY)) < 0)
            return rc;
    }
    return flush_sentence(sg, AV_SENT_BODY);
}

/* ---- kinds of lines at the top of an article ---- */

static const char *const MONTHS[] = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec", NULL};
static const char *const DATE_WORDS[] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mon", "Tue",
    "Tues", "Wed", "Thu", "Thurs", "Fri", "Sat", "Sun", "GMT", "UTC", "ET", "EST", "EDT", "BST",
    "CET", "CEST", "am", "pm", "a.m", "p.m", "AM", "PM", "st", "nd", "rd", "th", "Updated",
    "Published", "of", NULL};

static bool in_list(const char *w, size_t n, const char *const *list, bool nocase)
{
    for (size_t k = 0; list[k]; k++)
        if (nocase ? same_word_nocase(w, n, list[k]) : same_word(w, n, list[k]))
            return true;
    return false;
}

/* "2026-03-14", "14/03/2026", "March 14, 2026", "Saturday 14 March 2026 10:30 GMT" */
static bool is_date_line(const char *t, size_t a, size_t b)
{
    if (b - a > 64 || b == a)
        return false;
    int numbers = 0, months = 0, seps = 0;
    size_t i = a;
    while (i < b) {
        unsigned char c = (unsigned char)t[i];
        size_t j = i;
        if (c >= '0' && c <= '9') {
            while (j < b && t[j] >= '0' && t[j] <= '9')
                j++;
            if (j - i > 4)
                return false;
            numbers++;
        } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
            while (j < b && (((unsigned char)t[j] | 0x20) >= 'a' && ((unsigned char)t[j] | 0x20) <= 'z'))
                j++;
            if (in_list(t + i, j - i, MONTHS, true))
                months++;
            else if (!in_list(t + i, j - i, DATE_WORDS, true))
                return false;
        } else if (strchr(" ,.-/:|\t", c)) {
            seps += c == '-' || c == '/';
            j++;
        } else {
            return false;
        }
        i = j;
    }
    return numbers >= 1 && (months >= 1 || (numbers >= 3 && seps >= 2));
}

static size_t count_words(const char *t, size_t a, size_t b)
{
    size_t words = 0;
    bool in = false;
    for (size_t i = a; i < b; i++) {
        bool sp = t[i] == ' ' || t[i] == '\t';
        words += !sp && !in;
        in = !sp;
    }
    return words;
}

static bool starts_with(const char *t, size_t a, size_t b, const char *p)
{
    size_t n = strlen(p);
    return b - a >= n && !memcmp(t + a, p, n);
}

/* "By Jane Doe", "By JANE DOE and JOHN ROE, Reuters", "(Reporting by ...)",
 * "Photo: ...", "(AP Photo/...)". */
static bool is_byline(const char *t, size_t n, size_t a, size_t b)
{
    if (b - a > MAX_BYLINE_BYTES)
        return false;
    if (starts_with(t, a, b, "(Reporting by") || starts_with(t, a, b, "(Additional reporting") ||
        starts_with(t, a, b, "(Writing by") || starts_with(t, a, b, "(Editing by") ||
        starts_with(t, a, b, "(Compiled by") || starts_with(t, a, b, "(AP Photo") ||
        starts_with(t, a, b, "(Photo") || starts_with(t, a, b, "Photo:") ||
        starts_with(t, a, b, "Photograph:") || starts_with(t, a, b, "Photo credit:") ||
        starts_with(t, a, b, "Reporting by "))
        return true;
    if ((starts_with(t, a, b, "By ") || starts_with(t, a, b, "BY ")) && a + 3 < b &&
        is_upper_at(t, n, a + 3)) {
        char last = t[b - 1];
        return count_words(t, a, b) <= 14 && last != '.' && last != '?' && last != '!';
    }
    return false;
}

/* Short, without final sentence punctuation, not starting in lower case. */
static bool is_headline_shape(const char *t, size_t a, size_t b)
{
    if (b - a > MAX_HEADLINE_BYTES || count_words(t, a, b) > MAX_HEADLINE_WORDS)
        return false;
    if (is_lower_at(t, a) || strchr(".,;:", t[b - 1]))
        return false;
    for (size_t i = a; i < b; i++)
        if (((unsigned char)t[i] | 0x20) >= 'a' && ((unsigned char)t[i] | 0x20) <= 'z')
            return true;
    return false;
}

/* Title Case or ALL CAPS: most longer words start with a capital. */
static bool is_title_case(const char *t, size_t n, size_t a, size_t b)
{
    size_t words = 0, caps = 0;
    size_t i = a;
    while (i < b) {
        while (i < b && (t[i] == ' ' || t[i] == '\t'))
            i++;
        size_t j = i;
        while (j < b && t[j] != ' ' && t[j] != '\t')
            j++;
        if (j - i >= 4) {
            words++;
            caps += is_upper_at(t, n, i);
        }
        i = j;
    }
    return words == 0 || caps * 10 >= words * 7;
}

/* ---- datelines ---- */

typedef struct Cursor {
    const char *t;
    size_t i, b;
} Cursor;

static void cur_spaces(Cursor *c)
{
    while (c->i < c->b && (c->t[c->i] == ' ' || c->t[c->i] == '\t'))
        c->i++;
}

/* Capitalised words ("NEW YORK", "St. Louis", "Ill."); returns how many and
 * whether all were in capitals. */
static int cur_cap_words(Cursor *c, bool *all_caps)
{
    int words = 0;
    *all_caps = true;
    for (;;) {
        size_t save = c->i;
        cur_spaces(c);
        if (c->i >= c->b || !(c->t[c->i] >= 'A' && c->t[c->i] <= 'Z')) {
            c->i = save;
            return words;
        }
        size_t s = c->i;
        while (c->i < c->b && ((c->t[c->i] >= 'A' && c->t[c->i] <= 'Z') ||
                               (c->t[c->i] >= 'a' && c->t[c->i] <= 'z') || c->t[c->i] == '.' ||
                               c->t[c->i] == '-' || c->t[c->i] == '\''))
            c->i++;
        for (size_t k = s; k < c->i; k++)
            if (c->t[k] >= 'a' && c->t[k] <= 'z')
                *all_caps = false;
        if (in_list(c->t + s, c->i - s, MONTHS, false) ||
            (c->i > s && c->t[c->i - 1] == '.' && in_list(c->t + s, c->i - s - 1, MONTHS, false))) {
            c->i = save; /* a month starts the date part */
            return words;
        }
        words++;
    }
}

static bool cur_date(Cursor *c)
{
    size_t save = c->i;
    cur_spaces(c);
    size_t s = c->i;
    while (c->i < c->b && ((c->t[c->i] | 0x20) >= 'a' && (c->t[c->i] | 0x20) <= 'z'))
        c->i++;
    if (!in_list(c->t + s, c->i - s, MONTHS, false)) {
        c->i = save;
        return false;
    }
    if (c->i < c->b && c->t[c->i] == '.')
        c->i++;
    cur_spaces(c);
    size_t d = c->i;
    while (c->i < c->b && c->t[c->i] >= '0' && c->t[c->i] <= '9')
        c->i++;
    if (c->i == d || c->i - d > 2) {
        c->i = save;
        return false;
    }
    return true;
}

/* "(Reuters)", "(AFP)", "(AP)": a short bracket. */
static bool cur_agency(Cursor *c)
{
    size_t save = c->i;
    cur_spaces(c);
    if (c->i >= c->b || c->t[c->i] != '(') {
        c->i = save;
        return false;
    }
    size_t close = c->i + 1;
    while (close < c->b && close - c->i < 32 && c->t[close] != ')')
        close++;
    if (close >= c->b || c->t[close] != ')' || close == c->i + 1) {
        c->i = save;
        return false;
    }
    c->i = close + 1;
    return true;
}

/* A dash between dateline and story: "-", "--", en or em dash. */
static bool cur_dash(Cursor *c)
{
    cur_spaces(c);
    if (c->i < c->b && c->t[c->i] == '-') {
        while (c->i < c->b && c->t[c->i] == '-')
            c->i++;
    } else if (c->i + 2 < c->b && !memcmp(c->t + c->i, "\xE2\x80", 2) &&
               ((unsigned char)c->t[c->i + 2] == 0x93 || (unsigned char)c->t[c->i + 2] == 0x94)) {
        c->i += 3;
    } else {
        return false;
    }
    return c->i < c->b && (c->t[c->i] == ' ' || c->t[c->i] == '\t' || c->t[c->i] == '\n');
}

/* End of the dateline at the start of t[a..b), or 0 when there is none.
 * PLACE[, REGION][, Month Day][ (Agency)] - */
static size_t dateline_end(const char *t, size_t a, size_t b)
{
    Cursor c = {t, a, b < a + 120 ? b : a + 120};
    bool caps, region_caps;
    int place = cur_cap_words(&c, &caps);
    if (place == 0 || place > 5)
        return 0;
    bool date = false, agency = false;
    for (int part = 0; part < 3; part++) {
        cur_spaces(&c);
        if (c.i < c.b && c.t[c.i] == ',') {
            c.i++;
            if (cur_date(&c)) {
                date = true;
                continue;
            }
            if (cur_cap_words(&c, &region_caps) == 0)
                return 0;
        }
    }
    if (!date)
        date = cur_date(&c);
    agency = cur_agency(&c);
    if ((!caps && !date && !agency) || !cur_dash(&c))
        return 0;
    return c.i;
}

/* ---- paragraphs ---- */

/* End of the paragraph starting at a: the first newline followed by a
 * blank line (spaces allowed), or the end of the text. */
static size_t paragraph_end(const char *t, size_t n, size_t a)
{
    size_t i = a;
    while (i < n) {
        const char *nl = memchr(t + i, '\n', n - i);
        if (!nl)
            return n;
        size_t j = (size_t)(nl - t) + 1;
        while (j < n && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r'))
            j++;
        if (j >= n || t[j] == '\n')
            return (size_t)(nl - t);
        i = j;
    }
    return n;
}

static size_t line_end(const char *t, size_t a, size_t b)
{
    const char *nl = memchr(t + a, '\n', b - a);
    return nl ? (size_t)(nl - t) : b;
}

/* Body text of a paragraph, with the dateline of the first one split off. */
static int body_paragraph(Segmenter *sg, size_t a, size_t b)
{
    if (sg->top) {
        size_t d = dateline_end(sg->t, a, b);
        if (d) {
            int rc = emit_span(sg, a, d, AV_SENT_DATELINE);
            if (rc < 0)
                return rc;
            a = d;
        }
    }
    return split_body(sg, a, b);
}

/* Kind of the top line t[a..b) (trimmed), followed by text up to pe;
 * AV_SENT_BODY when it is ordinary text. */
static AvSentenceKind top_line_kind(const Segmenter *sg, size_t a, size_t b, size_t pe, bool first)
{
    const char *t = sg->t;
    bool line_alone = b >= sg->n || skip_spaces(t, sg->n, b) >= sg->n || b < pe || pe < sg->n;
    if (b >= sg->n && first && a == 0)
        line_alone = false; /* a one-line document is a sentence, not a headline */
    if (!line_alone)
        return AV_SENT_BODY;
    if (is_date_line(t, a, b))
        return AV_SENT_DATE;
    if (is_byline(t, sg->n, a, b))
        return AV_SENT_BYLINE;
    if (sg->had_headline || !is_headline_shape(t, a, b) || dateline_end(t, a, b))
        return AV_SENT_BODY;
    if (b >= pe) /* the line is the whole (rest of the) paragraph */
        return AV_SENT_HEADLINE;
    /* a line wrapped in the middle of a sentence is not a headline, and a
     * line whose next line goes on in lower case was wrapped ("... will meet
     * Eriadori and Calenardhon / leaders during a visit") */
    size_t next = skip_spaces(t, pe, b);
    if (next < pe && t[next] >= 'a' && t[next] <= 'z')
        return AV_SENT_BODY;
    return is_title_case(t, sg->n, a, b) ? AV_SENT_HEADLINE : AV_SENT_BODY;
}

/* The top of an article: date, headline and byline lines, one by one. */
static int top_paragraph(Segmenter *sg, size_t a, size_t b)
{
    size_t ls = a;
    while (ls < b) {
        size_t le = line_end(sg->t, ls, b);
        size_t te = trim_end(sg->t, ls, le);
        AvSentenceKind kind = te > ls ? top_line_kind(sg, ls, te, b, sg->sents.len == 0) : AV_SENT_BODY;
        if (kind == AV_SENT_BODY && te > ls)
            return body_paragraph(sg, ls, b);
        if (te > ls) {
            int rc = emit_span(sg, ls, te, kind);
            if (rc < 0)
                return rc;
        }
        ls = skip_spaces(sg->t, b, le);
    }
    return AV_OK;
}

static int paragraph(Segmenter *sg, size_t a, size_t b)
{
    size_t te = trim_end(sg->t, a, b);
    if (sg->doc->title_len > 0 && a == 0 && te <= sg->doc->title_len)
        return emit_span(sg, a, te, AV_SENT_HEADLINE);
    if (sg->paragraph >= MAX_TOP_PARAGRAPHS)
        sg->top = false;
    if (sg->top)
        return top_paragraph(sg, a, b);
    if (is_byline(sg->t, sg->n, a, te))
        return emit_span(sg, a, te, AV_SENT_BYLINE);
    return split_body(sg, a, b);
}

/* The rules alone: paragraphs, top-of-article lines, punctuation. */
static int segment_rules(AvDocument *doc, AvError *err)
{
    if (!doc)
        return av_error_set(err, AV_ERR_ARG, "no document");
    if (doc->text_len > UINT32_MAX - 1)
        return av_error_set(err, AV_ERR_LIMIT, "text too large to segment (%zu bytes)", doc->text_len);
    Segmenter sg = {.doc = doc, .t = doc->text ? doc->text : "", .n = doc->text ? doc->text_len : 0,
                    .top = true, .err = err};
    av_vec_init(&sg.sents, sizeof(AvSentence));
    doc->sentences = NULL;
    doc->n_sentences = 0;
    int rc = AV_OK;
    size_t i = skip_spaces(sg.t, sg.n, 0);
    if (doc->one_sentence && i < sg.n) {
        /* one sentence wrapped over lines: tokens only */
        rc = emit_span(&sg, i, trim_end(sg.t, i, sg.n), AV_SENT_BODY);
        i = sg.n;
    }
    while (i < sg.n && rc >= 0) {
        size_t pe = paragraph_end(sg.t, sg.n, i);
        rc = paragraph(&sg, i, pe);
        if (sg.paragraph_used) {
            sg.paragraph++;
            sg.paragraph_used = false;
        }
        i = skip_spaces(sg.t, sg.n, pe);
    }
    free(sg.buf);
    if (rc < 0)
        return rc;
    doc->sentences = sg.sents.data;
    doc->n_sentences = (uint32_t)sg.sents.len;
    return AV_OK;
}

int av_segment_with(const AvSegmenter *model, AvDocument *doc, AvError *err)
{
    int rc = segment_rules(doc, err);
    if (rc < 0 || !model || doc->one_sentence)
        return rc;
    return av_sent_resegment(model, doc, err);
}

int av_segment(AvDocument *doc, AvError *err)
{
    return av_segment_with(av_segmenter_builtin(), doc, err);
}
