/*
 * html.c — one news web page per file, through gumbo.
 *
 * Title: og:title, else the first <h1>, else <title>.  Date: the
 * article:published_time / datePublished / date metadata, else the first
 * <time datetime>.  Body: the paragraphs of the first <article>, else of the
 * element whose direct <p> children hold the most text (the "largest
 * cluster" of paragraphs: navigation, comments and footers rarely win it).
 * Scripts, styles, navigation, headers, footers, asides and forms are never
 * text.  Paragraphs are separated by a blank line; the title is the first
 * paragraph (see av_io_set_titled_text).
 */
#include <gumbo.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io.h"

/* Pages nest far less than this; deeper nodes are ignored so that a
 * hostile page cannot exhaust the stack of these recursive walks. */
#define MAX_DEPTH 400

typedef struct Text {
    AvBuf b;
    int failed;              /* out of memory */
} Text;

static void text_put(Text *t, const char *s, size_t n)
{
    if (!t->failed && av_buf_put(&t->b, s, n) < 0)
        t->failed = 1;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Appends s with whitespace runs collapsed to one space. */
static void text_put_collapsed(Text *t, const char *s)
{
    for (const char *p = s; *p;) {
        if (is_space(*p)) {
            if (t->b.len > 0 && t->b.d[t->b.len - 1] != ' ' && t->b.d[t->b.len - 1] != '\n')
                text_put(t, " ", 1);
            while (is_space(*p))
                p++;
        } else {
            const char *start = p;
            while (*p && !is_space(*p))
                p++;
            text_put(t, start, (size_t)(p - start));
        }
    }
}

static int is_dropped(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NAV: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_FIGURE:
        return 1;
    default:
        return 0;
    }
}

/* The visible text under node, whitespace collapsed. */
static void inner_text(const GumboNode *node, Text *t, int depth)
{
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA) {
        text_put_collapsed(t, node->v.text.text);
        return;
    }
    if (node->type != GUMBO_NODE_ELEMENT || depth > MAX_DEPTH)
        return;
    if (is_dropped(node->v.element.tag))
        return;
    if (node->v.element.tag == GUMBO_TAG_BR)
        text_put(t, " ", 1);
    const GumboVector *kids = &node->v.element.children;
    for (unsigned i = 0; i < kids->length; i++)
        inner_text(kids->data[i], t, depth + 1);
}

static size_t text_length(const GumboNode *node, int depth)
{
    Text t = {0};
    inner_text(node, &t, depth);
    size_t n = t.b.len;
    free(t.b.d);
    return n;
}

static const GumboNode *find_first(const GumboNode *node, GumboTag tag, int depth)
{
    if (node->type != GUMBO_NODE_ELEMENT || depth > MAX_DEPTH)
        return NULL;
    if (node->v.element.tag == tag)
        return node;
    if (is_dropped(node->v.element.tag))
        return NULL;
    const GumboVector *kids = &node->v.element.children;
    for (unsigned i = 0; i < kids->length; i++) {
        const GumboNode *hit = find_first(kids->data[i], tag, depth + 1);
        if (hit)
            return hit;
    }
    return NULL;
}

static const char *attr(const GumboNode *node, const char *name)
{
    const GumboAttribute *a = gumbo_get_attribute(&node->v.element.attributes, name);
    return a ? a->value : NULL;
}

/* <meta property|name|itemprop=KEY content=...> anywhere in the page. */
static const char *meta_content(const GumboNode *node, const char *key, int depth)
{
    if (node->type != GUMBO_NODE_ELEMENT || depth > MAX_DEPTH)
        return NULL;
    if (node->v.element.tag == GUMBO_TAG_META) {
        const char *names[] = {"property", "name", "itemprop"};
        for (int k = 0; k < 3; k++) {
            const char *v = attr(node, names[k]);
            if (v && !strcasecmp(v, key))
                return attr(node, "content");
        }
    }
    const GumboVector *kids = &node->v.element.children;
    for (unsigned i = 0; i < kids->length; i++) {
        const char *hit = meta_content(kids->data[i], key, depth + 1);
        if (hit)
            return hit;
    }
    return NULL;
}

/* The element whose direct <p> children hold the most text. */
static void best_cluster(const GumboNode *node, const GumboNode **best, size_t *best_score,
                         int depth)
{
    if (node->type != GUMBO_NODE_ELEMENT || is_dropped(node->v.element.tag) || depth > MAX_DEPTH)
        return;
    const GumboVector *kids = &node->v.element.children;
    size_t score = 0;
    for (unsigned i = 0; i < kids->length; i++) {
        const GumboNode *k = kids->data[i];
        if (k->type == GUMBO_NODE_ELEMENT && k->v.element.tag == GUMBO_TAG_P)
            score += text_length(k, depth + 1);
        else
            best_cluster(k, best, best_score, depth + 1);
    }
    if (score > *best_score) {
        *best = node;
        *best_score = score;
    }
}

static int is_block(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE:
        return 1;
    default:
        return 0;
    }
}

/* Appends each block (paragraph, heading, list item) under node as one
 * paragraph; `skip` (the title's <h1>) is left out. */
static void collect_blocks(const GumboNode *node, const GumboNode *skip, Text *body, int depth)
{
    if (node->type != GUMBO_NODE_ELEMENT || node == skip || is_dropped(node->v.element.tag) ||
        depth > MAX_DEPTH)
        return;
    if (is_block(node->v.element.tag)) {
        Text para = {0};
        inner_text(node, &para, depth);
        size_t start = 0, n = para.b.len;
        while (start < n && is_space(para.b.d[start]))
            start++;
        while (n > start && is_space(para.b.d[n - 1]))
            n--;
        if (n > start) {
            if (body->b.len)
                text_put(body, "\n\n", 2);
            text_put(body, para.b.d + start, n - start);
        }
        body->failed |= para.failed;
        free(para.b.d);
        return;
    }
    const GumboVector *kids = &node->v.element.children;
    for (unsigned i = 0; i < kids->length; i++)
        collect_blocks(kids->data[i], skip, body, depth + 1);
}

static void page_title(const GumboNode *root, const GumboNode **h1, Text *title)
{
    const char *og = meta_content(root, "og:title", 0);
    *h1 = find_first(root, GUMBO_TAG_H1, 0);
    if (og) {
        text_put_collapsed(title, og);
        return;
    }
    const GumboNode *t = *h1 ? *h1 : find_first(root, GUMBO_TAG_TITLE, 0);
    if (t)
        inner_text(t, title, 0);
}

/* datePublished from a <script type="application/ld+json"> block (the
 * object itself or an element of its @graph), copied into out. */
static int json_ld_date(const GumboNode *node, char *out, size_t cap, int depth)
{
    if (node->type != GUMBO_NODE_ELEMENT || depth > MAX_DEPTH)
        return 0;
    const GumboVector *kids = &node->v.element.children;
    if (node->v.element.tag == GUMBO_TAG_SCRIPT) {
        const char *type = attr(node, "type");
        if (!type || strcasecmp(type, "application/ld+json") || kids->length == 0)
            return 0;
        const GumboNode *text = kids->data[0];
        if (text->type != GUMBO_NODE_TEXT)
            return 0;
        json_t *root = json_loads(text->v.text.text, 0, NULL);
        json_t *graph = json_is_object(root) ? json_object_get(root, "@graph") : root;
        json_t *items = json_is_array(graph) ? graph : NULL;
        size_t n = items ? json_array_size(items) : 1;
        int found = 0;
        for (size_t i = 0; i < n && !found; i++) {
            json_t *item = items ? json_array_get(items, i) : root;
            json_t *date = json_is_object(item) ? json_object_get(item, "datePublished") : NULL;
            if (json_is_string(date)) {
                snprintf(out, cap, "%s", json_string_value(date));
                found = 1;
            }
        }
        json_decref(root);
        return found;
    }
    for (unsigned i = 0; i < kids->length; i++)
        if (json_ld_date(kids->data[i], out, cap, depth + 1))
            return 1;
    return 0;
}

static const char *page_date(const GumboNode *root, char *ld_buf, size_t ld_cap)
{
    const char *keys[] = {"article:published_time", "datePublished", "date", "pubdate",
                          "og:published_time", "dc.date"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const char *v = meta_content(root, keys[k], 0);
        if (v)
            return v;
    }
    if (json_ld_date(root, ld_buf, ld_cap, 0))
        return ld_buf;
    const GumboNode *time = find_first(root, GUMBO_TAG_TIME, 0);
    return time ? attr(time, "datetime") : NULL;
}

/* Title, date and body of the parsed page into doc. */
static int fill_document(AvDocument *doc, const GumboNode *root, char *warning, size_t cap,
                         AvError *err)
{
    Text title = {0}, body = {0};
    const GumboNode *h1 = NULL, *best = NULL;
    size_t best_score = 0;
    page_title(root, &h1, &title);
    const GumboNode *article = find_first(root, GUMBO_TAG_ARTICLE, 0);
    if (!article)
        best_cluster(root, &best, &best_score, 0);
    collect_blocks(article ? article : best ? best : root, h1, &body, 0);
    int rc;
    if (title.failed || body.failed)
        rc = av_error_set(err, AV_ERR_NOMEM, "out of memory");
    else if (title.b.len == 0 && body.b.len == 0)
        rc = av_error_set(err, AV_ERR_RECORD, "no text found in the page");
    else
        rc = av_io_set_titled_text(doc, title.b.d, title.b.len, body.b.d ? body.b.d : "", body.b.len, err);
    free(title.b.d);
    free(body.b.d);
    if (rc < 0)
        return rc;
    char ld_date[64];
    const char *date = page_date(root, ld_date, sizeof ld_date);
    char norm[11];
    if (date && av_io_normalize_date(date, strlen(date), norm))
        doc->date = av_doc_strdup(doc, norm);
    else if (date)
        snprintf(warning, cap, "unrecognised date \"%.40s\" (ignored)", date);
    const char *url = meta_content(root, "og:url", 0);
    doc->url = av_doc_strdup(doc, url);
    return AV_OK;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int av_read_html(AvReader *r, AvDocument **out, AvError *err)
{
    if (r->records > 0)
        return 0;
    r->records++;
    int rc = av_io_read_all(r, err);
    if (rc == AV_ERR_LIMIT)
        return av_error_set(err, AV_ERR_RECORD, "%s:1: record %s: page larger than the %zu-byte "
                            "record limit (skipped)", r->path, base_name(r->path), r->max_record);
    if (rc < 0)
        return rc;
    uint32_t repaired = 0;   /* gumbo wants UTF-8 without NULs */
    if ((rc = av_io_repair_line(r, &repaired, err)) < 0)
        return rc;
    AvDocument *doc = av_doc_new();
    if (!doc)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    GumboOutput *g = gumbo_parse_with_options(&kGumboDefaultOptions, r->line.d, r->line.len);
    char warning[128] = "";
    rc = g ? fill_document(doc, g->root, warning, sizeof warning, err)
           : av_error_set(err, AV_ERR_NOMEM, "out of memory parsing HTML");
    if (g)
        gumbo_destroy_output(&kGumboDefaultOptions, g);
    doc->id = av_doc_strdup(doc, base_name(r->path));
    if (rc == AV_OK && !doc->id)
        rc = av_error_set(err, AV_ERR_NOMEM, "out of memory");
    if (rc < 0) {
        av_doc_free(doc);
        if (rc != AV_ERR_RECORD)
            return rc;
        char what[200];
        snprintf(what, sizeof what, "%.199s", err->msg);
        return av_error_set(err, AV_ERR_RECORD, "%s:1: record %s: %s (skipped)", r->path,
                            base_name(r->path), what);
    }
    doc->origin = av_doc_strdup(doc, r->path); /* outlives the reader */
    doc->origin_line = 1;
    doc->invalid_bytes += repaired;
    if (!warning[0] && doc->invalid_bytes)
        snprintf(warning, sizeof warning, "%u invalid UTF-8 sequence(s) or NUL byte(s) replaced "
                 "by U+FFFD", doc->invalid_bytes);
    if (warning[0])
        av_error_set(err, AV_OK, "%s:1: record %s: %s", r->path, doc->id, warning);
    *out = doc;
    return 1;
}
