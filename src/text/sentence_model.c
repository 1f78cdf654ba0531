/*
 * sentence_model.c — trained sentence boundaries.
 *
 * The rules (segment.c) tokenise and split the text first.  The classifier
 * then walks the document's surface tokens left to right and decides, at
 * every boundary between two tokens with white space between them, whether
 * a new sentence starts there.  Decisions the rules are sure of stay fixed:
 * paragraph breaks, headlines, datelines, bylines and dates, and boundaries
 * without white space.  The classifier sees the words around the boundary
 * (lower-cased and as written), their shapes, the rules' own decision,
 * distances to the last boundary and to the rules' boundaries, and whether
 * a quotation or bracket is open; this lets it find titles, e-mail headers,
 * list items and sentences that end without punctuation, which no
 * punctuation rule can see.
 *
 * Features are hashed into a dense table of 2^bits int16 weights (the
 * perceptron's averaged weights, quantised).  Decoding is greedy: the
 * distance features depend on the decisions already taken.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../doc/doc.h"
#include "sentence_model.h"
#include "text.h"

/* Longer sentences are cut, as the rules do (MAX_SENTENCE_TOKENS). */
#define MAX_SENT_SURFACE 400

/* ---- hashing ---- */

static uint64_t mix(uint64_t h)
{
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 29;
    h *= 0x94D049BB133111EBULL;
    h ^= h >> 32;
    return h;
}

static uint64_t combine(uint64_t a, uint64_t b)
{
    return mix(a * 0x9E3779B97F4A7C15ULL + b + 0x632BE59BD9B4E019ULL);
}

static uint64_t fnv_step(uint64_t h, unsigned char c)
{
    return (h ^ c) * 0x100000001B3ULL;
}

#define FNV_START 0xCBF29CE484222325ULL

/* ---- model images ---- */

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const unsigned char *p)
{
    return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

static void put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put_u64(unsigned char *p, uint64_t v)
{
    put_u32(p, (uint32_t)v);
    put_u32(p + 4, (uint32_t)(v >> 32));
}

static uint64_t payload_checksum(const unsigned char *p, size_t n)
{
    uint64_t h = FNV_START;
    for (size_t i = 0; i < n; i++)
        h = fnv_step(h, p[i]);
    return h;
}

static bool host_is_little_endian(void)
{
    const uint16_t one = 1;
    unsigned char b;
    memcpy(&b, &one, 1);
    return b == 1;
}

int av_sent_model_check(const unsigned char *blob, size_t size, bool full, AvSentWeights *out,
                        AvError *err)
{
    if (!blob || size < AV_SENT_HEADER_BYTES || memcmp(blob, AV_SENT_MAGIC, 8) != 0)
        return av_error_set(err, AV_ERR_CORRUPT, "not a sentence model (bad magic)");
    uint32_t version = get_u32(blob + 8), features = get_u32(blob + 12);
    uint32_t bits = get_u32(blob + 16), wbytes = get_u32(blob + 20);
    if (version != AV_SENT_VERSION || features != AV_SENT_FEATURE_SET)
        return av_error_set(err, AV_ERR_FORMAT,
                            "sentence model version %u / feature set %u, this avocet reads %u / %u",
                            version, features, AV_SENT_VERSION, AV_SENT_FEATURE_SET);
    if (bits < 8 || bits > 26 || wbytes != 2)
        return av_error_set(err, AV_ERR_CORRUPT, "sentence model: bad table size");
    uint64_t payload = get_u64(blob + 32), total = get_u64(blob + 48);
    if (payload != ((uint64_t)2 << bits) || total != AV_SENT_HEADER_BYTES + payload || total != size)
        return av_error_set(err, AV_ERR_CORRUPT,
                            "sentence model truncated or padded (%zu bytes, header says %llu)",
                            size, (unsigned long long)total);
    if (full && payload_checksum(blob + AV_SENT_HEADER_BYTES, payload) != get_u64(blob + 40))
        return av_error_set(err, AV_ERR_CORRUPT, "sentence model checksum mismatch (corrupt file)");
    if (!host_is_little_endian())
        return av_error_set(err, AV_ERR_FORMAT, "sentence models need a little-endian host");
    uint32_t scale_bits = get_u32(blob + 28);
    out->w = (const int16_t *)(const void *)(blob + AV_SENT_HEADER_BYTES);
    out->bits = bits;
    out->threshold = (int32_t)get_u32(blob + 24);
    memcpy(&out->scale, &scale_bits, sizeof out->scale);
    return AV_OK;
}

int av_sent_model_build(const float *w, uint32_t bits, float threshold, unsigned char **out,
                        size_t *out_size, AvError *err)
{
    size_t n = (size_t)1 << bits, size = AV_SENT_HEADER_BYTES + 2 * n;
    unsigned char *img = calloc(1, size);
    if (!img)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    float max = 1e-9f;
    for (size_t i = 0; i < n; i++)
        if (w[i] > max || -w[i] > max)
            max = w[i] > 0 ? w[i] : -w[i];
    /* 40 features of the largest weight still fit an int32 sum easily */
    float scale = 32000.0f / max;
    unsigned char *p = img + AV_SENT_HEADER_BYTES;
    for (size_t i = 0; i < n; i++) {
        float q = w[i] * scale;
        int16_t v = (int16_t)(q < 0 ? q - 0.5f : q + 0.5f);
        p[2 * i] = (unsigned char)((uint16_t)v & 0xFF);
        p[2 * i + 1] = (unsigned char)((uint16_t)v >> 8);
    }
    uint32_t scale_bits;
    memcpy(&scale_bits, &scale, sizeof scale_bits);
    float t = threshold * scale;
    memcpy(img, AV_SENT_MAGIC, 8);
    put_u32(img + 8, AV_SENT_VERSION);
    put_u32(img + 12, AV_SENT_FEATURE_SET);
    put_u32(img + 16, bits);
    put_u32(img + 20, 2);
    put_u32(img + 24, (uint32_t)(int32_t)(t < 0 ? t - 0.5f : t + 0.5f));
    put_u32(img + 28, scale_bits);
    put_u64(img + 32, 2 * (uint64_t)n);
    put_u64(img + 40, payload_checksum(p, 2 * n));
    put_u64(img + 48, size);
    *out = img;
    *out_size = size;
    return AV_OK;
}

AvSegmenter *av_segmenter_load(const char *path, AvError *err)
{
    if (!path)
        path = getenv("AVOCET_SENT_MODEL");
    if (!path || !*path)
        path = AV_SENT_MODEL_DEFAULT_PATH;
    FILE *f = fopen(path, "rb");
    if (!f) {
        av_error_set(err, AV_ERR_IO, "cannot open sentence model %s", path);
        return NULL;
    }
    AvSegmenter *m = calloc(1, sizeof *m);
    unsigned char *data = NULL;
    long size = -1;
    if (m && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0)
        data = malloc(size > 0 ? (size_t)size : 1);
    bool read_ok = data && fread(data, 1, (size_t)size, f) == (size_t)size;
    fclose(f);
    AvSentWeights w;
    if (!read_ok) {
        av_error_set(err, m && data ? AV_ERR_IO : AV_ERR_NOMEM, "cannot read sentence model %s", path);
    } else if (av_sent_model_check(data, (size_t)size, true, &w, err) == AV_OK) {
        m->blob = m->owned = data;
        m->size = (size_t)size;
        return m;
    } else {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
        av_error_set(err, err ? err->code : AV_ERR_CORRUPT, "%s: %s", path, msg);
    }
    free(data);
    free(m);
    return NULL;
}

void av_segmenter_free(AvSegmenter *s)
{
    if (!s)
        return;
    free(s->owned);
    free(s);
}

/* ---- the tokens the classifier sees ---- */

static unsigned char shape_class(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return 'X';
    if (c >= 'a' && c <= 'z')
        return 'x';
    if (c >= '0' && c <= '9')
        return 'd';
    return c >= 0x80 ? 'u' : c;
}

/* Typographic quotes count as their ASCII forms. */
static size_t ascii_quote_at(const char *s, size_t n, size_t i, unsigned char *c)
{
    if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80) {
        unsigned char b = (unsigned char)s[i + 2];
        if (b == 0x9C || b == 0x9D) {
            *c = '"';
            return 3;
        }
        if (b == 0x98 || b == 0x99) {
            *c = '\'';
            return 3;
        }
    }
    *c = (unsigned char)s[i];
    return 1;
}

static uint8_t token_flags(const char *s, size_t n)
{
    if (n == 1 || (n == 2 && (!memcmp(s, "``", 2) || !memcmp(s, "''", 2))) ||
        (n == 3 && (unsigned char)s[0] == 0xE2)) {
        unsigned char c;
        ascii_quote_at(s, n, 0, &c);
        if (c == '"' || c == '`' || (n == 2))
            return AV_SENT_TOK_QUOTE;
        if (c == '(' || c == '[' || c == '{')
            return AV_SENT_TOK_OPEN;
        if (c == ')' || c == ']' || c == '}')
            return AV_SENT_TOK_CLOSE;
    }
    for (size_t i = 0; i < n; i++)
        if (s[i] != '.' && s[i] != '!' && s[i] != '?')
            return n >= 3 && !memcmp(s, "\xE2\x80\xA6", 3) ? AV_SENT_TOK_TERM : 0;
    return AV_SENT_TOK_TERM;
}

/* The hashes of one token's text. */
static void hash_token(const char *s, size_t n, AvSentTok *t)
{
    if (n == 0)
        return;
    uint64_t lower = FNV_START, cased = FNV_START, shape = FNV_START;
    unsigned char last = 0;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80)
            i++;
        else
            i += ascii_quote_at(s, n, i, &c);
        cased = fnv_step(cased, c);
        lower = fnv_step(lower, c >= 'A' && c <= 'Z' ? c | 0x20 : c);
        unsigned char k = shape_class(c);
        if (k != last)
            shape = fnv_step(shape, k);
        last = k;
    }
    uint64_t suffix = FNV_START;
    for (size_t j = n > 3 ? n - 3 : 0; j < n; j++) {
        unsigned char c = (unsigned char)s[j];
        suffix = fnv_step(suffix, c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    }
    t->word = lower;
    t->cased = cased;
    /* the length class keeps "X." (an initial) apart from "Xx." */
    t->shape = combine(shape, n < 4 ? n : 4);
    t->suffix = suffix;
}

/* Classes of one token: all that deciding which positions are open needs. */
static void classify_token(const char *s, size_t n, AvSentTok *t)
{
    t->flags = token_flags(s, n);
    t->punct_before_quote = n == 1 && (s[0] == ':' || s[0] == ',');
    t->colon = n == 1 && (s[0] == ':' || s[0] == ';');
    unsigned char c0 = (unsigned char)s[0], cl = (unsigned char)s[n - 1];
    if (c0 >= 'a' && c0 <= 'z')
        t->flags |= AV_SENT_TOK_LOWER;
    if (((c0 | 0x20) >= 'a' && (c0 | 0x20) <= 'z') || (c0 >= '0' && c0 <= '9') || c0 >= 0x80)
        if (cl != '.' && cl != '!' && cl != '?')
            t->flags |= AV_SENT_TOK_WORD;
}

static uint8_t gap_class(const char *s, uint32_t a, uint32_t b)
{
    if (a >= b)
        return 0;
    for (uint32_t i = a; i < b; i++)   /* gaps are short: no memchr call */
        if (s[i] == '\n')
            return 2;
    return 1;
}

static size_t count_surface(const AvDocument *doc)
{
    size_t n = 0;
    for (uint32_t s = 0; s < doc->n_sentences; s++) {
        const AvSentence *st = &doc->sentences[s];
        for (uint32_t i = 0; i < st->n_tokens; i++)
            n += i == 0 || st->tokens[i].surface != st->tokens[i - 1].surface;
    }
    return n;
}

/* Is the rule boundary before sentence s final?  Paragraph breaks and the
 * edges of headlines, datelines, bylines and dates are. */
static bool rule_boundary_final(const AvDocument *doc, uint32_t s)
{
    const AvSentence *a = &doc->sentences[s - 1], *b = &doc->sentences[s];
    return a->paragraph != b->paragraph || a->kind != AV_SENT_BODY || b->kind != AV_SENT_BODY;
}

static void add_view_token(const AvDocument *doc, uint32_t s, uint32_t i, uint32_t j,
                           uint32_t prev_end, AvSentTok *t)
{
    const AvSentence *st = &doc->sentences[s];
    uint32_t start = st->tokens[i].start, end = st->tokens[i].end;
    for (uint32_t k = i + 1; k < j; k++) {
        if (st->tokens[k].start < start)
            start = st->tokens[k].start;
        if (st->tokens[k].end > end)
            end = st->tokens[k].end;
    }
    classify_token(doc->text + start, end - start, t);
    if (end - start >= 2 && doc->text[end - 1] == '.') {
        AvRawToken raw;   /* rescanned for the scanner's abbreviation flags */
        av_scan_token(doc->text, doc->text_len, start, &raw);
        if (raw.is_title_abbrev)
            t->flags |= AV_SENT_TOK_TITLE;
        if (raw.is_abbrev)
            t->flags |= AV_SENT_TOK_ABBREV;
    }
    t->start = start;
    t->end = end;
    t->sent = s;
    t->first_word = i;
    t->n_words = (uint8_t)(j - i);
    t->gap = gap_class(doc->text, prev_end, start);
    t->rule_start = i == 0;
    t->body = st->kind == AV_SENT_BODY;
    /* inside a headline (etc.) and at final rule boundaries: keep the rules */
    t->fixed = st->kind != AV_SENT_BODY || (i == 0 && s > 0 && rule_boundary_final(doc, s));
}

static bool fixed_by_rules(const AvSentView *v, size_t k);

/* Hashes the tokens the features of an open position look at (two either
 * side); in news most positions are fixed and most tokens never need it. */
static void hash_open_neighbourhoods(const AvDocument *doc, AvSentView *v)
{
    size_t hashed_to = 0;   /* tokens below this index are hashed */
    for (size_t k = 1; k < v->n; k++) {
        if (fixed_by_rules(v, k))
            continue;
        size_t from = k >= 2 ? k - 2 : 0, to = k + 3 < v->n ? k + 3 : v->n;
        for (size_t j = from > hashed_to ? from : hashed_to; j < to; j++)
            hash_token(doc->text + v->toks[j].start, v->toks[j].end - v->toks[j].start, &v->toks[j]);
        if (to > hashed_to)
            hashed_to = to;
    }
}

/* Edited text (news) ends nearly every sentence the rules find with . ! ?
 * and starts it with a capital; web text and e-mail often do not.  The
 * classifier conjoins this with its other features, so that it may split
 * "Debra Perlingiere || Revised" in an e-mail without splitting "General
 * Motors || Corp" in a news story.  0..3 from sloppy to edited, 4 for
 * documents too short to tell. */
#define STYLE_EDITED 3u

static uint32_t document_style(const AvSentView *v)
{
    uint32_t sentences = 0, marked = 0, capital = 0;
    for (size_t k = 1; k <= v->n; k++) {
        if (k < v->n && !v->toks[k].rule_start)
            continue;
        /* headlines, datelines, bylines have no final mark: body text only */
        if ((k < v->n && !v->toks[k].body) || !v->toks[k - 1].body)
            continue;
        sentences++;
        capital += k < v->n && !(v->toks[k].flags & AV_SENT_TOK_LOWER);
        /* the sentence before: its last token, or the one before a closer */
        if (v->toks[k - 1].flags & AV_SENT_TOK_TERM)
            marked++;
        else if (k >= 2 && (v->toks[k - 1].flags & (AV_SENT_TOK_CLOSE | AV_SENT_TOK_QUOTE)) &&
                 (v->toks[k - 2].flags & AV_SENT_TOK_TERM))
            marked++;
    }
    if (sentences < 3)
        return 4;
    uint32_t pct = (100 * (marked + capital + 1)) / (2 * sentences);
    return pct >= 97 ? STYLE_EDITED : pct >= 90 ? 2 : pct >= 75 ? 1 : 0;
}

int av_sent_view_build(const AvDocument *doc, AvSentView *v, AvError *err)
{
    size_t n = count_surface(doc);
    v->n = 0;
    v->toks = malloc((n ? n : 1) * sizeof *v->toks);
    if (!v->toks)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    uint32_t prev_end = 0;
    for (uint32_t s = 0; s < doc->n_sentences; s++) {
        const AvSentence *st = &doc->sentences[s];
        uint32_t i = 0;
        while (i < st->n_tokens) {
            uint32_t j = i + 1;
            while (j < st->n_tokens && st->tokens[j].surface == st->tokens[i].surface)
                j++;
            AvSentTok *t = &v->toks[v->n++];
            add_view_token(doc, s, i, j, prev_end, t);
            prev_end = st->tokens[j - 1].end > st->tokens[i].end ? st->tokens[j - 1].end
                                                                 : st->tokens[i].end;
            i = j;
        }
    }
    uint32_t next = 1;
    for (size_t k = v->n; k-- > 0;) {
        v->toks[k].to_next_rule = next < 255 ? (uint8_t)next : 255;
        next = v->toks[k].rule_start ? 1 : next + 1;
    }
    v->style = document_style(v);
    hash_open_neighbourhoods(doc, v);
    return AV_OK;
}

void av_sent_view_free(AvSentView *v)
{
    free(v->toks);
    v->toks = NULL;
    v->n = 0;
}

/* ---- features ---- */

void av_sent_state_init(AvSentState *st)
{
    memset(st, 0, sizeof *st);
}

bool av_sent_fixed(const AvSentView *v, size_t k, const AvSentState *st, bool *forced)
{
    if (st->since >= MAX_SENT_SURFACE) {
        *forced = true;
        return true;
    }
    *forced = v->toks[k].rule_start;
    return fixed_by_rules(v, k);
}

/* The part of av_sent_fixed that does not depend on earlier decisions. */
static bool fixed_by_rules(const AvSentView *v, size_t k)
{
    const AvSentTok *t = &v->toks[k];
    if (t->fixed || t->gap == 0)
        return true;
    const AvSentTok *p = &v->toks[k - 1];
    /* a word then a lower-case word: in the training data almost never a
     * boundary (1% of EWT's, none of GUM's) but 60% of all positions, so
     * the rules decide there and the classifier runs 2-3 times less */
    if ((t->flags & AV_SENT_TOK_LOWER) && (p->flags & AV_SENT_TOK_WORD) && !t->rule_start)
        return true;
    /* in edited text (news: nearly every body sentence of the rules ends
     * with . ! ? and starts with a capital) the classifier may remove the
     * rules' boundaries and add some after . ! ? : ; but not start a
     * sentence after a word: trained on web text it would otherwise split
     * "General Motors || Corp said" like an e-mail signature */
    if (v->style == STYLE_EDITED && !t->rule_start && !(p->flags & AV_SENT_TOK_TERM) && !p->colon)
        return true;
    /* titles and initials ("Gen.", "J.") never end a sentence, nor does an
     * abbreviation before a lower-case word ("etc. were") */
    if ((p->flags & AV_SENT_TOK_TITLE) ||
        ((p->flags & AV_SENT_TOK_ABBREV) && (t->flags & AV_SENT_TOK_LOWER)))
        return true;
    /* a quotation opened after "said:" or "said," is the speaker's
     * sentence (the coder attributes it) */
    if ((t->flags & AV_SENT_TOK_QUOTE) && p->punct_before_quote)
        return true;
    /* the training text has no line breaks: where the rules start a list
     * item or a line after a newline, they decide */
    return t->gap == 2 && t->rule_start;
}

static uint32_t bucket(uint32_t d)
{
    static const uint32_t edges[] = {1, 2, 3, 4, 5, 7, 10, 15, 21, 31, 51};
    uint32_t b = 0;
    while (b < sizeof edges / sizeof edges[0] && d >= edges[b])
        b++;
    return b;
}

typedef struct FeatureSink {
    uint32_t *out;
    size_t n;
    unsigned shift;
} FeatureSink;

/* Three multiplications: this runs ~35 times per token. */
static void emit(FeatureSink *fs, uint64_t templ, uint64_t a, uint64_t b)
{
    uint64_t h = (a ^ (templ * 0xD6E8FEB86659FD93ULL)) * 0x9E3779B97F4A7C15ULL;
    h ^= (b + (h >> 29)) * 0xC2B2AE3D27D4EB4FULL;
    h ^= h >> 31;
    h *= 0x94D049BB133111EBULL;
    fs->out[fs->n++] = (uint32_t)(h >> fs->shift);
}

static const AvSentTok NO_TOKEN = {.word = 1, .cased = 1, .shape = 1, .suffix = 1};

size_t av_sent_features(const AvSentView *v, size_t k, const AvSentState *st, uint32_t bits,
                        uint32_t *out)
{
    const AvSentTok *p = &v->toks[k - 1], *n = &v->toks[k];
    const AvSentTok *pp = k >= 2 ? &v->toks[k - 2] : &NO_TOKEN;
    const AvSentTok *nn = k + 1 < v->n ? &v->toks[k + 1] : &NO_TOKEN;
    const AvSentTok *n3 = k + 2 < v->n ? &v->toks[k + 2] : &NO_TOKEN;
    FeatureSink fs = {out, 0, 64 - bits};
    /* the training text has no newlines: a line break counts as a space */
    uint64_t rule = n->rule_start + 2u * (n->gap ? 1u : 0u);
    uint64_t shapes = combine(p->shape, n->shape);
    uint64_t dist = bucket(st->since);
    emit(&fs, 1, 0, 0);
    emit(&fs, 2, rule, 0);
    emit(&fs, 3, p->word, 0);
    emit(&fs, 4, n->word, 0);
    emit(&fs, 5, n->cased, 0);
    emit(&fs, 6, pp->word, 0);
    emit(&fs, 7, nn->word, 0);
    emit(&fs, 8, p->shape, 0);
    emit(&fs, 9, n->shape, 0);
    emit(&fs, 10, shapes, 0);
    emit(&fs, 11, p->word, n->word);
    emit(&fs, 12, pp->word, p->word);
    emit(&fs, 13, n->word, nn->word);
    emit(&fs, 14, p->word, n->shape);
    emit(&fs, 15, p->shape, n->word);
    emit(&fs, 16, rule, shapes);
    emit(&fs, 17, pp->shape, shapes);
    emit(&fs, 18, shapes, nn->shape);
    emit(&fs, 19, p->suffix, n->shape);
    emit(&fs, 20, p->cased, 0);
    emit(&fs, 21, dist, 0);
    emit(&fs, 22, dist, shapes);
    emit(&fs, 23, (st->quotes & 1) + 2u * (st->depth > 0), shapes);
    emit(&fs, 24, (st->boundaries < 2 ? st->boundaries : 2) * 16 + dist, n->shape);
    emit(&fs, 25, rule * 16 + bucket((uint32_t)(k - st->last_rule)), bucket(n->to_next_rule));
    emit(&fs, 26, rule, n->word);
    emit(&fs, 27, rule, p->word);
    emit(&fs, 28, p->flags * 256u + n->flags, dist);
    emit(&fs, 29, p->word, nn->shape);
    emit(&fs, 30, pp->word, shapes);
    emit(&fs, 31, p->cased, n->cased);
    emit(&fs, 32, n->cased, nn->cased);
    emit(&fs, 33, p->word, n->cased);
    emit(&fs, 34, shapes, nn->word);
    emit(&fs, 35, combine(n->shape, nn->shape), n3->shape);
    emit(&fs, 36, n->word, nn->shape);
    emit(&fs, 37, combine(p->shape, n->word), nn->word);
    emit(&fs, 38, v->style, shapes);
    emit(&fs, 39, v->style * 16 + rule, dist);
    emit(&fs, 40, v->style, combine(p->word, n->shape));
    emit(&fs, 41, v->style * 16 + rule, combine(p->word, n->word));
    return fs.n;
}

void av_sent_state_step(const AvSentView *v, size_t k, bool boundary, AvSentState *st)
{
    const AvSentTok *t = &v->toks[k];
    if (boundary) {
        st->since = 0;
        st->quotes = 0;
        st->depth = 0;
        st->boundaries++;
    }
    if (t->rule_start)
        st->last_rule = (uint32_t)k;
    st->since++;
    st->quotes += (t->flags & AV_SENT_TOK_QUOTE) != 0;
    st->depth += (t->flags & AV_SENT_TOK_OPEN) != 0;
    st->depth -= (t->flags & AV_SENT_TOK_CLOSE) != 0 && st->depth > 0;
}

/* ---- decoding and rebuilding the sentences ---- */

static void decide(const AvSentWeights *w, const AvSentView *v, uint8_t *starts)
{
    AvSentState st;
    av_sent_state_init(&st);
    uint32_t f[AV_SENT_MAX_FEATURES];
    for (size_t k = 0; k < v->n; k++) {
        bool b = k == 0;
        if (k > 0 && !av_sent_fixed(v, k, &st, &b)) {
            size_t nf = av_sent_features(v, k, &st, w->bits, f);
            int32_t score = 0;
            for (size_t i = 0; i < nf; i++)
                score += w->w[f[i]];
            b = score > w->threshold;
        }
        starts[k] = b;
        av_sent_state_step(v, k, b, &st);
    }
}

static bool same_as_rules(const AvSentView *v, const uint8_t *starts)
{
    for (size_t k = 0; k < v->n; k++)
        if (starts[k] != v->toks[k].rule_start)
            return false;
    return true;
}

/* One new sentence from surface tokens [a, b) of the view. */
static int build_sentence(AvDocument *doc, const AvSentView *v, size_t a, size_t b,
                          AvSentence *out)
{
    const AvSentence *first = &doc->sentences[v->toks[a].sent];
    const AvSentence *last = &doc->sentences[v->toks[b - 1].sent];
    size_t words = 0;
    for (size_t k = a; k < b; k++)
        words += v->toks[k].n_words;
    memset(out, 0, sizeof *out);
    out->paragraph = first->paragraph;
    out->kind = v->toks[a].rule_start ? first->kind : AV_SENT_BODY;
    if (first == last) {
        /* part of one rule sentence: its tokens are used in place (each
         * token goes to exactly one new sentence, and the old sentence
         * array is dropped), renumbering the surface indexes */
        AvToken *toks = first->tokens + v->toks[a].first_word;
        uint32_t base = toks[0].surface;
        for (size_t i = 0; i < words && base > 0; i++)
            toks[i].surface -= base;
        out->tokens = toks;
    } else {
        AvToken *toks = av_arena_alloc(&doc->arena, words * sizeof *toks);
        if (!toks)
            return AV_ERR_NOMEM;
        size_t w = 0;
        for (size_t k = a; k < b; k++) {
            const AvSentence *src = &doc->sentences[v->toks[k].sent];
            for (uint32_t i = 0; i < v->toks[k].n_words; i++) {
                toks[w] = src->tokens[v->toks[k].first_word + i];
                toks[w++].surface = (uint32_t)(k - a);
            }
        }
        out->tokens = toks;
    }
    out->n_tokens = (uint32_t)words;
    out->start = out->tokens[0].start;
    out->end = out->tokens[words - 1].end;
    for (size_t i = 0; i < words; i++) {
        if (out->tokens[i].start < out->start)
            out->start = out->tokens[i].start;
        if (out->tokens[i].end > out->end)
            out->end = out->tokens[i].end;
    }
    return AV_OK;
}

static int rebuild(AvDocument *doc, const AvSentView *v, const uint8_t *starts, AvError *err)
{
    size_t n_sent = 0;
    for (size_t k = 0; k < v->n; k++)
        n_sent += starts[k];
    AvSentence *sents = av_arena_alloc(&doc->arena, n_sent * sizeof *sents);
    if (!sents)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    size_t s = 0, a = 0;
    for (size_t k = 1; k <= v->n; k++) {
        if (k < v->n && !starts[k])
            continue;
        if (build_sentence(doc, v, a, k, &sents[s]) < 0)
            return av_error_set(err, AV_ERR_NOMEM, "out of memory");
        sents[s].index = (uint32_t)s;
        s++;
        a = k;
    }
    doc->sentences = sents;
    doc->n_sentences = (uint32_t)s;
    return AV_OK;
}

int av_sent_resegment(const AvSegmenter *m, AvDocument *doc, AvError *err)
{
    AvSentWeights w;
    size_t size = m->size ? m->size : (size_t)get_u64(m->blob + 48);
    int rc = av_sent_model_check(m->blob, size, false, &w, err);
    if (rc < 0 || doc->n_sentences == 0)
        return rc;
    AvSentView v;
    if ((rc = av_sent_view_build(doc, &v, err)) < 0)
        return rc;
    uint8_t *starts = malloc(v.n ? v.n : 1);
    if (!starts) {
        av_sent_view_free(&v);
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    }
    decide(&w, &v, starts);
    if (!same_as_rules(&v, starts))
        rc = rebuild(doc, &v, starts, err);
    free(starts);
    av_sent_view_free(&v);
    return rc;
}
