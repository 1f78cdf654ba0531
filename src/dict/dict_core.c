/*
 * dict_core.c — the building blocks of a compiled dictionary: growable
 * arrays, case folding, word interning and the hash-of-edges phrase trie.
 *
 * Both hash tables use open addressing with linear probing and are only
 * written while loading; lookups never modify them, which is what makes a
 * loaded AvDict safe to share between threads.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "dict.h"

/* ---- DVec ---- */

void dvec_init(DVec *v, size_t elem)
{
    v->data = NULL;
    v->n = v->cap = 0;
    v->elem = elem;
}

void *dvec_push(DVec *v)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        void *p = realloc(v->data, cap * v->elem);
        if (!p)
            return NULL;
        v->data = p;
        v->cap = cap;
    }
    void *e = (char *)v->data + v->n * v->elem;
    memset(e, 0, v->elem);
    v->n++;
    return e;
}

void *dvec_at(const DVec *v, size_t i)
{
    return (char *)v->data + i * v->elem;
}

void dvec_free(DVec *v)
{
    free(v->data);
    v->data = NULL;
    v->n = v->cap = 0;
}

/* ---- case folding ---- */

static size_t fold_unicode(const char *s, size_t len, char *buf, size_t cap)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    if (n < 0) {
        /* Not valid UTF-8 (old Latin-1 dictionaries): fold the ASCII part only. */
        if (len + 1 > cap)
            return (size_t)-1;
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)s[i];
            buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        buf[len] = 0;
        return len;
    }
    size_t r = (size_t)n;
    if (r + 1 > cap) {
        free(out);
        return (size_t)-1;
    }
    memcpy(buf, out, r);
    buf[r] = 0;
    free(out);
    return r;
}

size_t dict_fold(const char *s, size_t len, char *buf, size_t cap)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return fold_unicode(s, len, buf, cap);
    if (len + 1 > cap)
        return (size_t)-1;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    buf[len] = 0;
    return len;
}

/* ---- word table ---- */

static uint32_t hash_bytes(const char *s, size_t len)
{
    uint32_t h = 2166136261u;   /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

uint32_t words_hash(const char *folded, size_t len)
{
    return hash_bytes(folded, len);
}

uint32_t words_hash_more(uint32_t h, char c)
{
    return (h ^ (unsigned char)c) * 16777619u;
}

uint32_t words_find(const WordTable *t, const char *folded, size_t len)
{
    return words_find_hashed(t, folded, len, hash_bytes(folded, len));
}

uint32_t words_find_hashed(const WordTable *t, const char *folded, size_t len, uint32_t h)
{
    if (!t->cap)
        return WORD_NONE;
    size_t mask = t->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t s = t->slots[i];
        if (!s)
            return WORD_NONE;
        if (t->hashes[i] == h) {
            const char *w = *(const char **)dvec_at(&t->words, s - 1);
            if (!strncmp(w, folded, len) && w[len] == 0)
                return s - 1;
        }
    }
}

static int words_grow(WordTable *t)
{
    size_t cap = t->cap ? t->cap * 2 : 1024;
    uint32_t *slots = calloc(cap, sizeof *slots);
    uint32_t *hashes = calloc(cap, sizeof *hashes);
    if (!slots || !hashes) {
        free(slots);
        free(hashes);
        return AV_ERR_NOMEM;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slots[i])
            continue;
        size_t j = t->hashes[i] & (cap - 1);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = t->slots[i];
        hashes[j] = t->hashes[i];
    }
    free(t->slots);
    free(t->hashes);
    t->slots = slots;
    t->hashes = hashes;
    t->cap = cap;
    return AV_OK;
}

uint32_t words_add(WordTable *t, AvArena *a, const char *folded, size_t len)
{
    uint32_t id = words_find(t, folded, len);
    if (id != WORD_NONE)
        return id;
    if (!t->words.elem)
        dvec_init(&t->words, sizeof(const char *));
    if ((t->words.n + 1) * 2 > t->cap && words_grow(t) < 0)
        return WORD_NONE;
    const char **slot = dvec_push(&t->words);
    if (!slot || !(*slot = av_arena_strndup(a, folded, len)))
        return WORD_NONE;
    id = (uint32_t)(t->words.n - 1);
    uint32_t h = hash_bytes(folded, len);
    size_t i = h & (t->cap - 1);
    while (t->slots[i])
        i = (i + 1) & (t->cap - 1);
    t->slots[i] = id + 1;
    t->hashes[i] = h;
    return id;
}

const char *words_get(const WordTable *t, uint32_t id)
{
    return id < t->words.n ? *(const char **)dvec_at(&t->words, id) : NULL;
}

void words_free(WordTable *t)
{
    free(t->slots);
    free(t->hashes);
    dvec_free(&t->words);
    memset(t, 0, sizeof *t);
}

/* ---- trie ---- */

static uint64_t edge_key(uint32_t node, uint32_t word)
{
    return (((uint64_t)node << 32) | word) + 1;
}

static size_t edge_slot(uint64_t key, size_t cap)
{
    uint64_t h = key * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 32) & (cap - 1);
}

int trie_init(Trie *t)
{
    memset(t, 0, sizeof *t);
    dvec_init(&t->nodes, sizeof(TrieNode));
    dvec_init(&t->payloads, sizeof(TriePayload));
    return dvec_push(&t->nodes) ? AV_OK : AV_ERR_NOMEM;
}

void trie_free(Trie *t)
{
    dvec_free(&t->nodes);
    dvec_free(&t->payloads);
    free(t->keys);
    free(t->children);
    memset(t, 0, sizeof *t);
}

uint32_t trie_child(const Trie *t, uint32_t node, uint32_t word)
{
    if (!t->cap)
        return UINT32_MAX;
    uint64_t key = edge_key(node, word);
    for (size_t i = edge_slot(key, t->cap);; i = (i + 1) & (t->cap - 1)) {
        if (t->keys[i] == key)
            return t->children[i];
        if (!t->keys[i])
            return UINT32_MAX;
    }
}

static int trie_grow(Trie *t)
{
    size_t cap = t->cap ? t->cap * 2 : 1024;
    uint64_t *keys = calloc(cap, sizeof *keys);
    uint32_t *children = malloc(cap * sizeof *children);
    if (!keys || !children) {
        free(keys);
        free(children);
        return AV_ERR_NOMEM;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->keys[i])
            continue;
        size_t j = edge_slot(t->keys[i], cap);
        while (keys[j])
            j = (j + 1) & (cap - 1);
        keys[j] = t->keys[i];
        children[j] = t->children[i];
    }
    free(t->keys);
    free(t->children);
    t->keys = keys;
    t->children = children;
    t->cap = cap;
    return AV_OK;
}

static uint32_t trie_child_add(Trie *t, uint32_t node, uint32_t word)
{
    uint32_t c = trie_child(t, node, word);
    if (c != UINT32_MAX)
        return c;
    if ((t->used + 1) * 4 > t->cap * 3 && trie_grow(t) < 0)
        return UINT32_MAX;
    if (!dvec_push(&t->nodes))
        return UINT32_MAX;
    c = (uint32_t)(t->nodes.n - 1);
    uint64_t key = edge_key(node, word);
    size_t i = edge_slot(key, t->cap);
    while (t->keys[i])
        i = (i + 1) & (t->cap - 1);
    t->keys[i] = key;
    t->children[i] = c;
    t->used++;
    if (word & STEM_BIT)
        ((TrieNode *)dvec_at(&t->nodes, node))->has_stems = 1;
    return c;
}

int trie_add(Trie *t, const uint32_t *words, size_t n, uint32_t entry)
{
    uint32_t node = 0;
    for (size_t i = 0; i < n; i++) {
        node = trie_child_add(t, node, words[i]);
        if (node == UINT32_MAX)
            return AV_ERR_NOMEM;
    }
    TrieNode *tn = dvec_at(&t->nodes, node);
    /* The same entry twice on one node (a synonym that repeats the primary
     * phrase) would only duplicate matches. */
    for (uint32_t p = tn->payload; p; p = ((TriePayload *)dvec_at(&t->payloads, p - 1))->next)
        if (((TriePayload *)dvec_at(&t->payloads, p - 1))->entry == entry)
            return AV_OK;
    TriePayload *pl = dvec_push(&t->payloads);
    if (!pl)
        return AV_ERR_NOMEM;
    tn = dvec_at(&t->nodes, node);   /* nodes did not move, but be explicit */
    pl->entry = entry;
    /* Append at the end so payloads keep file order (first definition first). */
    uint32_t idx = (uint32_t)t->payloads.n;
    if (!tn->payload) {
        tn->payload = idx;
    } else {
        uint32_t p = tn->payload;
        for (;;) {
            TriePayload *q = dvec_at(&t->payloads, p - 1);
            if (!q->next) {
                q->next = idx;
                break;
            }
            p = q->next;
        }
    }
    return AV_OK;
}

uint32_t trie_find(const Trie *t, const uint32_t *words, size_t n)
{
    uint32_t node = 0;
    for (size_t i = 0; i < n && node != UINT32_MAX; i++)
        node = trie_child(t, node, words[i]);
    return node;
}
