/*
 * dict_load.c — av_dict_load: finds the files, guesses their kind, runs the
 * reader for each and compiles what they produced (verb patterns attached
 * to verbs, synsets expanded into their trie).
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "dict.h"

#define MAX_PHRASE_WORDS 64

const char *av_dict_default_dir(void)
{
    return AVOCET_DATA_DIR "/dict";
}

const char *av_dict_kind_name(AvDictKind k)
{
    switch (k) {
    case AV_DICT_ACTORS: return "actors";
    case AV_DICT_AGENTS: return "agents";
    case AV_DICT_VERBS: return "verbs";
    case AV_DICT_ISSUES: return "issues";
    case AV_DICT_DISCARDS: return "discards";
    default: return "auto";
    }
}

/* ---- diagnostics ---- */

void dict_diag(AvDict *d, const char *file, uint32_t line, int is_error, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    AvDictDiag *dg = dvec_push(&d->diags);
    if (!dg)
        return;
    dg->file = file;
    dg->line = line;
    dg->is_error = is_error;
    dg->message = av_arena_strdup(&d->arena, msg);
    if (is_error) {
        d->errors++;
        if (d->opt && d->opt->strict)
            d->failed = 1;
    } else {
        d->warnings++;
    }
    if (d->opt && d->opt->on_diag)
        d->opt->on_diag(d->opt->user, dg);
}

size_t av_dict_n_diags(const AvDict *d)
{
    return d ? d->diags.n : 0;
}

const AvDictDiag *av_dict_diag(const AvDict *d, size_t i)
{
    return d && i < d->diags.n ? dvec_at(&d->diags, i) : NULL;
}

/* ---- phrases ---- */

static int is_sep(char c)
{
    return c == '_' || c == ' ' || c == '\t';
}

static int phrase_ids(AvDict *mut, const AvDict *d, const char *phrase, size_t len, int stems,
                      uint32_t *ids, size_t max)
{
    size_t n = 0, i = 0;
    char folded[512];
    while (i < len) {
        while (i < len && is_sep(phrase[i]))
            i++;
        size_t start = i;
        while (i < len && !is_sep(phrase[i]))
            i++;
        if (i == start)
            break;
        size_t wlen = i - start;
        /* A trailing comma is its own token in text ("AGRICULTURE, FISHERIES"). */
        int comma = wlen > 1 && phrase[i - 1] == ',';
        size_t fl = dict_fold(phrase + start, wlen - (size_t)comma, folded, sizeof folded);
        if (fl == (size_t)-1 || n + 1 + (size_t)comma > max)
            return -1;
        uint32_t id = mut ? words_add(&mut->words, &mut->arena, folded, fl)
                          : words_find(&d->words, folded, fl);
        if (id == WORD_NONE)
            return -1;
        /* stems 1: TABARI, every word not joined by '_' is a stem; 2: only
         * the last word, unless the phrase ends with '_' (discards). */
        size_t k = i;
        int trailing_underscore = 0;
        while (k < len && is_sep(phrase[k]))
            trailing_underscore |= phrase[k++] == '_';
        int last = k >= len, joined = i < len && phrase[i] == '_';
        int stem = !comma && ((stems == 1 && !joined) ||
                              (stems == 2 && last && !trailing_underscore));
        ids[n++] = id | (stem ? STEM_BIT : 0);
        if (comma) {
            uint32_t cid = mut ? words_add(&mut->words, &mut->arena, ",", 1)
                           : words_find(&d->words, ",", 1);
            if (cid == WORD_NONE)
                return -1;
            ids[n++] = cid;
        }
    }
    return (int)n;
}

int dict_phrase_ids(AvDict *d, const char *phrase, size_t len, int stems, uint32_t *ids,
                    size_t max)
{
    return phrase_ids(d, d, phrase, len, stems, ids, max);
}

int dict_phrase_ids_ro(const AvDict *d, const char *phrase, size_t len, int stems,
                       uint32_t *ids, size_t max)
{
    return phrase_ids(NULL, d, phrase, len, stems, ids, max);
}

int dict_add_phrase(AvDict *d, AvDictKind kind, const char *phrase, size_t len, int stems,
                    uint32_t entry, const char *file, uint32_t line)
{
    uint32_t ids[MAX_PHRASE_WORDS];
    int n = dict_phrase_ids(d, phrase, len, stems, ids, MAX_PHRASE_WORDS);
    if (n < 0) {
        dict_diag(d, file, line, 1, "phrase too long or not storable: '%.*s'", (int)len, phrase);
        return AV_ERR_PARSE;
    }
    if (n == 0) {
        dict_diag(d, file, line, 1, "empty phrase");
        return AV_ERR_PARSE;
    }
    return trie_add(&d->tries[kind], ids, (size_t)n, entry);
}

uint32_t dict_parse_date(const char *s, size_t len)
{
    if (len != 6 && len != 8)
        return 0;
    uint32_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (uint32_t)(s[i] - '0');
    }
    if (len == 6) {
        uint32_t yy = v / 10000;
        v += (yy < 30 ? 2000 : 1900) * 10000;
    }
    uint32_t month = v / 100 % 100, day = v % 100;
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return 0;
    return v;
}

/* ---- English forms ---- */

static int is_vowel(char c)
{
    return strchr("aeiouAEIOU", c) != NULL;
}

int dict_plural(const char *w, char *buf, size_t cap)
{
    size_t n = strlen(w);
    if (n == 0 || n + 3 > cap)
        return -1;
    char last = w[n - 1];
    int upper = last >= 'A' && last <= 'Z';
    if ((last == 'y' || last == 'Y') && n > 1 && !is_vowel(w[n - 2]))
        snprintf(buf, cap, "%.*s%s", (int)(n - 1), w, upper ? "IES" : "ies");
    else if (n > 1 && (w[n - 1] == 's' || w[n - 1] == 'S') && (w[n - 2] == 's' || w[n - 2] == 'S'))
        snprintf(buf, cap, "%s%s", w, upper ? "ES" : "es");
    else
        snprintf(buf, cap, "%s%s", w, upper ? "S" : "s");
    return 0;
}

/* Writes stem[0..keep) + suffix, the suffix in the case of the word. */
static void with_suffix(char *out, const char *w, size_t keep, const char *suffix, int upper)
{
    size_t n = (size_t)snprintf(out, 128, "%.*s%s", (int)keep, w, suffix);
    for (size_t i = keep; !upper && i < n && i < 127; i++)
        out[i] = (char)(out[i] | 0x20);
}

int dict_verb_forms(const char *w, char out[3][128])
{
    size_t n = strlen(w);
    if (n == 0 || n + 4 > 128)
        return 0;
    char last = (char)(w[n - 1] | 0x20), prev = n > 1 ? (char)(w[n - 2] | 0x20) : 0;
    int up = w[n - 1] >= 'A' && w[n - 1] <= 'Z';
    int cons_y = last == 'y' && n > 1 && !is_vowel(w[n - 2]);
    int sibilant = last == 's' || last == 'x' || last == 'z' ||
                   (last == 'h' && (prev == 'c' || prev == 's'));
    /* 3rd person: CARRIES, PUSHES, ASKS */
    if (cons_y)
        with_suffix(out[0], w, n - 1, "IES", up);
    else
        with_suffix(out[0], w, n, sibilant ? "ES" : "S", up);
    /* past: CARRIED, AGREED, ASKED */
    if (cons_y)
        with_suffix(out[1], w, n - 1, "IED", up);
    else
        with_suffix(out[1], w, n, last == 'e' ? "D" : "ED", up);
    /* -ing: TYING, MAKING, AGREEING, ASKING */
    if (last == 'e' && prev == 'i')
        with_suffix(out[2], w, n - 2, "YING", up);
    else if (last == 'e' && prev != 'e' && n > 2)
        with_suffix(out[2], w, n - 1, "ING", up);
    else
        with_suffix(out[2], w, n, "ING", up);
    return 3;
}

/* ---- reading one file ---- */

static int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n))
            return 1;
    return 0;
}

static AvDictKind kind_from_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (contains_ci(base, "actors"))
        return AV_DICT_ACTORS;
    if (contains_ci(base, "agents"))
        return AV_DICT_AGENTS;
    if (contains_ci(base, "discard"))
        return AV_DICT_DISCARDS;
    if (contains_ci(base, "issue"))
        return AV_DICT_ISSUES;
    if (contains_ci(base, "verbs") || contains_ci(base, "cameo"))
        return AV_DICT_VERBS;
    return AV_DICT_AUTO;
}

/* A header line "# avocet-dict: actors" declares the kind explicitly. */
static AvDictKind kind_from_header(const char *buf, size_t len)
{
    const char *tag = "avocet-dict:";
    size_t scan = len < 4096 ? len : 4096;
    for (size_t i = 0; i + strlen(tag) < scan; i++) {
        if (strncmp(buf + i, tag, strlen(tag)))
            continue;
        const char *p = buf + i + strlen(tag);
        while (*p == ' ')
            p++;
        for (int k = AV_DICT_ACTORS; k <= AV_DICT_DISCARDS; k++) {
            const char *nm = av_dict_kind_name((AvDictKind)k);
            if (!strncmp(p, nm, strlen(nm)))
                return (AvDictKind)k;
        }
    }
    return AV_DICT_AUTO;
}

/* TABARI files are named *.actors / *.verbs / *.agents (no .txt); their
 * words without a trailing '_' are stems. */
static int is_tabari_name(const char *path)
{
    size_t n = strlen(path);
    const char *ext[] = {".actors", ".verbs", ".agents"};
    for (size_t i = 0; i < 3; i++) {
        size_t e = strlen(ext[i]);
        if (n > e && !strcasecmp(path + n - e, ext[i]))
            return 1;
    }
    return 0;
}

static char *slurp(const char *path, size_t *len, AvError *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        av_error_set(err, AV_ERR_IO, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            fclose(f);
            av_error_set(err, AV_ERR_NOMEM, "%s: out of memory", path);
            return NULL;
        }
        n += fread(buf + n, 1, cap - n - 1, f);
        if (n < cap - 1)
            break;
        cap *= 2;
        char *nb = realloc(buf, cap);
        if (!nb)
            free(buf);
        buf = nb;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        av_error_set(err, AV_ERR_IO, "%s: read error", path);
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

static int load_file(AvDict *d, const char *path, AvDictKind forced, AvError *err)
{
    size_t len;
    char *buf = slurp(path, &len, err);
    if (!buf)
        return err ? err->code : AV_ERR_IO;
    AvDictKind kind = forced ? forced : kind_from_header(buf, len);
    if (!kind)
        kind = kind_from_name(path);
    if (!kind) {
        free(buf);
        return av_error_set(err, AV_ERR_FORMAT,
                            "%s: cannot tell the dictionary kind from the name; add a line "
                            "'# avocet-dict: actors|agents|verbs|issues|discards'", path);
    }
    LineReader lr = {.file = av_arena_strdup(&d->arena, path), .buf = buf, .len = len};
    const char **src = dvec_push(&d->sources);
    if (src)
        *src = lr.file;
    int tabari = is_tabari_name(path);
    int rc;
    switch (kind) {
    case AV_DICT_ACTORS: rc = dict_read_actors(d, &lr, tabari); break;
    case AV_DICT_AGENTS: rc = dict_read_agents(d, &lr, tabari); break;
    case AV_DICT_VERBS: rc = dict_read_verbs(d, &lr, tabari); break;
    case AV_DICT_ISSUES: rc = dict_read_issues(d, &lr); break;
    default: rc = dict_read_discards(d, &lr, tabari); break;
    }
    free(buf);
    d->files++;
    if (rc == AV_ERR_NOMEM)
        return av_error_set(err, rc, "%s: out of memory", path);
    if (d->failed)
        return av_error_set(err, AV_ERR_PARSE, "%s: strict mode: %zu error(s), first: %s:%u: %s",
                            path, d->errors, ((AvDictDiag *)dvec_at(&d->diags, 0))->file,
                            ((AvDictDiag *)dvec_at(&d->diags, 0))->line,
                            ((AvDictDiag *)dvec_at(&d->diags, 0))->message);
    return AV_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int dict_list_dir(const char *dir, AvDictKind forced, DVec *names)
{
    dvec_init(names, sizeof(char *));
    DIR *dp = opendir(dir);
    if (!dp)
        return AV_ERR_IO;
    struct dirent *de;
    int rc = AV_OK;
    while ((de = readdir(dp))) {
        if (de->d_name[0] == '.' || !strncasecmp(de->d_name, "README", 6))
            continue;
        if (!forced && !kind_from_name(de->d_name))
            continue;
        char **slot = dvec_push(names);
        if (!slot || !(*slot = malloc(strlen(dir) + strlen(de->d_name) + 2))) {
            rc = AV_ERR_NOMEM;
            break;
        }
        sprintf(*slot, "%s/%s", dir, de->d_name);
    }
    closedir(dp);
    /* Sorted, so that "first definition wins" does not depend on readdir. */
    if (names->n)
        qsort(names->data, names->n, sizeof(char *), cmp_str);
    return rc;
}

void dict_free_names(DVec *names)
{
    for (size_t i = 0; i < names->n; i++)
        free(*(char **)dvec_at(names, i));
    dvec_free(names);
}

static int load_dir(AvDict *d, const char *dir, AvDictKind forced, AvError *err)
{
    DVec names;
    int rc = dict_list_dir(dir, forced, &names);
    if (rc == AV_ERR_IO)
        rc = av_error_set(err, rc, "%s: %s", dir, strerror(errno));
    else if (rc < 0)
        rc = av_error_set(err, rc, "out of memory");
    for (size_t i = 0; i < names.n && rc == AV_OK; i++) {
        const char *p = *(char **)dvec_at(&names, i);
        struct stat st;
        if (!stat(p, &st) && S_ISREG(st.st_mode))
            rc = load_file(d, p, forced, err);
    }
    dict_free_names(&names);
    return rc;
}

/* ---- compilation ---- */

/* Verb blocks own the patterns; each verb points at its block's list. */
void dict_attach_patterns(AvDict *d)
{
    for (size_t i = 0; i < d->verbs.n; i++) {
        VerbEntry *v = dvec_at(&d->verbs, i);
        VerbBlock *b = dvec_at(&d->blocks, v->pub.block_id);
        v->pub.patterns = b->patterns.data;
        v->pub.n_patterns = (uint32_t)b->patterns.n;
        v->pub.block = b->name;
        v->pub.code = v->has_own_code ? v->own_code : b->code;
    }
}

AvDict *dict_new(void)
{
    AvDict *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    av_arena_init(&d->arena, 1 << 20);
    for (int k = 0; k < 6; k++)
        if (trie_init(&d->tries[k]) < 0)
            goto fail;
    if (trie_init(&d->synset_trie) < 0)
        goto fail;
    dvec_init(&d->actors, sizeof(ActorEntry));
    dvec_init(&d->phrase_pool, sizeof(Phrase));
    dvec_init(&d->restriction_pool, sizeof(DateRestriction));
    dvec_init(&d->agents, sizeof(AgentEntry));
    dvec_init(&d->issues, sizeof(SimpleEntry));
    dvec_init(&d->discards, sizeof(SimpleEntry));
    dvec_init(&d->verbs, sizeof(VerbEntry));
    dvec_init(&d->blocks, sizeof(VerbBlock));
    dvec_init(&d->synsets, sizeof(Synset));
    dvec_init(&d->transformations, sizeof(Transformation));
    dvec_init(&d->agent_subs, sizeof(const char *));
    dvec_init(&d->diags, sizeof(AvDictDiag));
    dvec_init(&d->sources, sizeof(const char *));
    dvec_init(&d->cameo, sizeof(CameoRow));
    dvec_init(&d->plover, sizeof(PloverRow));
    return d;
fail:
    av_dict_free(d);
    return NULL;
}

AvDict *av_dict_load(const char *const *paths, size_t n, const AvDictOptions *opt, AvError *err)
{
    if (!paths && n) {
        av_error_set(err, AV_ERR_ARG, "av_dict_load: no paths");
        return NULL;
    }
    AvDict *d = dict_new();
    if (!d) {
        av_error_set(err, AV_ERR_NOMEM, "out of memory");
        return NULL;
    }
    AvDictOptions defaults = {0};
    d->opt = opt ? opt : &defaults;
    uint64_t key = d->opt->cache_path ? dict_request_key(paths, n, d->opt) : 0;
    if (d->opt->cache_path) {
        AvDict *cached = dict_cache_read(d->opt->cache_path, key);
        if (cached) {
            /* The caller sees the same diagnostics as from a fresh load. */
            for (size_t i = 0; d->opt->on_diag && i < cached->diags.n; i++)
                d->opt->on_diag(d->opt->user, dvec_at(&cached->diags, i));
            av_dict_free(d);
            return cached;
        }
    }
    AvDictKind forced = d->opt->kind;
    int rc = AV_OK;
    for (size_t i = 0; i < n && rc == AV_OK; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0)
            rc = av_error_set(err, AV_ERR_IO, "%s: %s", paths[i], strerror(errno));
        else if (S_ISDIR(st.st_mode))
            rc = load_dir(d, paths[i], forced, err);
        else
            rc = load_file(d, paths[i], forced, err);
    }
    if (rc == AV_OK) {
        dict_attach_patterns(d);
        const char *cameo = d->opt->cameo_dir ? d->opt->cameo_dir : AVOCET_DATA_DIR "/cameo";
        if (*cameo && dict_load_cameo(d, cameo) == AV_ERR_NOMEM)
            rc = av_error_set(err, AV_ERR_NOMEM, "out of memory");
    }
    if (rc == AV_OK && d->opt->cache_path) {
        AvError cerr;
        if (dict_cache_write(d, d->opt->cache_path, key, &cerr) < 0)
            dict_diag(d, d->opt->cache_path, 0, 0, "cache not written: %s", cerr.msg);
    }
    d->opt = NULL;   /* the caller's options need not outlive the load */
    if (rc != AV_OK) {
        av_dict_free(d);
        return NULL;
    }
    return d;
}

static void free_entries(AvDict *d)
{
    for (size_t i = 0; i < d->blocks.n; i++)
        dvec_free(&((VerbBlock *)dvec_at(&d->blocks, i))->patterns);
    for (size_t i = 0; i < d->synsets.n; i++)
        dvec_free(&((Synset *)dvec_at(&d->synsets, i))->members);
}

void av_dict_free(AvDict *d)
{
    if (!d)
        return;
    free_entries(d);
    for (int k = 0; k < 6; k++)
        trie_free(&d->tries[k]);
    trie_free(&d->synset_trie);
    words_free(&d->words);
    DVec *vecs[] = {&d->phrase_pool, &d->restriction_pool, &d->actors, &d->agents, &d->issues, &d->discards, &d->verbs, &d->blocks,
                    &d->synsets, &d->transformations, &d->agent_subs, &d->diags, &d->sources, &d->cameo, &d->plover};
    for (size_t i = 0; i < sizeof vecs / sizeof vecs[0]; i++)
        dvec_free(vecs[i]);
    av_arena_free(&d->arena);
    free(d);
}
