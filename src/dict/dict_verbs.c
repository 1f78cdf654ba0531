/*
 * dict_verbs.c — the verb dictionary reader: synsets (&NAME / +member),
 * verb blocks (--- NAME [CODE] ---), verbs with their forms ({...}, '+' on
 * the verb word of a multi-word verb), patterns (- ... * ... [code]) and
 * transformations (~ ...).  Reads both CAMEO.2.0 (PETRARCH) and TABARI
 * .verbs files: TABARI has no blocks (each verb starts its own), puts forms
 * on a line of their own and allows { A | B } alternatives in patterns.
 */
#include <stdlib.h>
#include <string.h>
#include "dict.h"

#define MAX_ELEMS 96

typedef struct VerbState {
    int64_t block;          /* current block, -1 none */
    int64_t verb;           /* last verb line, -1 none */
    int64_t synset;         /* synset being defined, -1 none */
    int skipping;           /* inside TABARI <TIME> */
} VerbState;

/* ---- synsets ---- */

static int64_t find_synset(const AvDict *d, const char *name, size_t len)
{
    for (size_t i = d->synsets.n; i-- > 0;) {
        const Synset *s = dvec_at(&d->synsets, i);
        if (strlen(s->name) == len && !strncmp(s->name, name, len))
            return (int64_t)i;
    }
    return -1;
}

static int start_synset(AvDict *d, LineReader *lr, char *s, VerbState *st)
{
    char *name = dict_trim(s + 1);
    if (!*name || strpbrk(name, " \t[")) {
        dict_diag(d, lr->file, lr->line, 1, "bad synset name '&%s'", name);
        st->synset = -1;
        return AV_OK;
    }
    size_t nl = strlen(name);
    if (find_synset(d, name, nl - (nl > 1 && name[nl - 1] == '_')) >= 0)
        dict_diag(d, lr->file, lr->line, 0, "synset &%s defined again; later patterns use this one",
                  name);
    /* "&NAME_" (no plurals) is referred to as "&NAME". */
    size_t n = strlen(name);
    int no_plurals = n > 1 && name[n - 1] == '_';
    Synset *sy = dvec_push(&d->synsets);
    if (!sy)
        return AV_ERR_NOMEM;
    sy->name = av_arena_strndup(&d->arena, name, n - (size_t)no_plurals);
    sy->file = lr->file;
    sy->line = lr->line;
    sy->no_plurals = (uint8_t)no_plurals;
    dvec_init(&sy->members, sizeof(const char *));
    st->synset = (int64_t)d->synsets.n - 1;
    return AV_OK;
}

static int add_synset_phrase(AvDict *d, LineReader *lr, uint32_t synset, const char *phrase)
{
    uint32_t ids[64];
    int n = dict_phrase_ids(d, phrase, strlen(phrase), 0, ids, 64);
    if (n <= 0) {
        dict_diag(d, lr->file, lr->line, 1, "bad synset member '%s'", phrase);
        return AV_OK;
    }
    return trie_add(&d->synset_trie, ids, (size_t)n, synset);
}

/* A member may refer to another synset ("&TIETYPES_MEMOS"): it expands to
 * every member of that one. */
static int expand_member(AvDict *d, LineReader *lr, uint32_t synset, const char *m, int plurals,
                         int depth)
{
    const char *amp = strchr(m, '&');
    if (amp && depth < 3) {
        size_t run = strcspn(amp + 1, " \t");
        for (size_t len = run; len > 0; len--) {
            if (len < run && amp[1 + len] != '_')
                continue;
            int64_t ref = find_synset(d, amp + 1, len);
            if (ref < 0)
                continue;
            Synset *rs = dvec_at(&d->synsets, (size_t)ref);
            for (size_t i = 0; i < rs->members.n; i++) {
                char buf[512];
                snprintf(buf, sizeof buf, "%.*s%s%s", (int)(amp - m), m,
                         *(const char **)dvec_at(&rs->members, i), amp + 1 + len);
                int rc = expand_member(d, lr, synset, buf, plurals, depth + 1);
                if (rc < 0)
                    return rc;
            }
            return AV_OK;
        }
        dict_diag(d, lr->file, lr->line, 1, "synset member '%s' uses an undefined synset", m);
        return AV_OK;
    }
    int rc = add_synset_phrase(d, lr, synset, m);
    size_t n = strlen(m);
    if (rc < 0 || !plurals || !n || m[n - 1] == '_')
        return rc;
    char pl[512];
    if (dict_plural(m, pl, sizeof pl) == 0)
        rc = add_synset_phrase(d, lr, synset, pl);
    return rc;
}

static int synset_member(AvDict *d, LineReader *lr, char *s, VerbState *st)
{
    Synset *sy = dvec_at(&d->synsets, (size_t)st->synset);
    const char *m = av_arena_strdup(&d->arena, dict_trim(s + 1));
    const char **slot = dvec_push(&sy->members);
    if (!slot || !m)
        return AV_ERR_NOMEM;
    *slot = m;
    if (!*m) {
        dict_diag(d, lr->file, lr->line, 1, "empty synset member");
        return AV_OK;
    }
    return expand_member(d, lr, (uint32_t)st->synset, m, !sy->no_plurals, 0);
}

/* ---- blocks and verbs ---- */

static int new_block(AvDict *d, LineReader *lr, const char *name, const char *code, int implicit,
                     VerbState *st)
{
    VerbBlock *b = dvec_push(&d->blocks);
    if (!b)
        return AV_ERR_NOMEM;
    b->name = av_arena_strdup(&d->arena, name);
    b->code = code && strcmp(code, "---") ? av_arena_strdup(&d->arena, code) : NULL;
    b->file = lr->file;
    b->line = lr->line;
    b->implicit = (uint8_t)implicit;
    dvec_init(&b->patterns, sizeof(AvVerbPattern));
    st->block = (int64_t)d->blocks.n - 1;
    return AV_OK;
}

/* "---  ASK   [020]  ---" */
static int block_line(AvDict *d, LineReader *lr, char *s, VerbState *st)
{
    char *p = s + strspn(s, "-");
    char *br = strchr(p, '['), *close = br ? strchr(br, ']') : NULL;
    char code[64] = "---";
    if (br && close) {
        snprintf(code, sizeof code, "%.*s", (int)(close - br - 1), br + 1);
        *br = 0;
    } else {
        dict_diag(d, lr->file, lr->line, 0, "verb block without [code]: null code used");
        char *tail = strstr(p, "---");
        if (tail)
            *tail = 0;
    }
    return new_block(d, lr, dict_trim(p), dict_trim(code), 0, st);
}

static int add_verb_form(AvDict *d, LineReader *lr, const char *form, uint32_t verb)
{
    char buf[512];
    size_t n = 0;
    for (const char *p = form; *p && n + 1 < sizeof buf; p++)
        if (*p != '+')
            buf[n++] = *p;
    buf[n] = 0;
    d->verb_forms++;
    int rc = dict_add_phrase(d, AV_DICT_VERBS, buf, n, 0, verb, lr->file, lr->line);
    return rc == AV_ERR_NOMEM ? rc : AV_OK;
}

/* Regular forms: of the word marked '+', else of the first word. */
static int add_regular_forms(AvDict *d, LineReader *lr, const char *phrase, uint32_t verb)
{
    const char *plus = strchr(phrase, '+');
    const char *w = plus ? plus + 1 : phrase;
    size_t wl = strcspn(w, "_ \t");
    char word[128], forms[3][128];
    if (wl == 0 || wl >= sizeof word)
        return AV_OK;
    memcpy(word, w, wl);
    word[wl] = 0;
    int k = dict_verb_forms(word, forms);
    for (int i = 0; i < k; i++) {
        char buf[512];
        snprintf(buf, sizeof buf, "%.*s%s%s", (int)(w - phrase), phrase, forms[i], w + wl);
        int rc = add_verb_form(d, lr, buf, verb);
        if (rc < 0)
            return rc;
    }
    return AV_OK;
}

static int add_listed_forms(AvDict *d, LineReader *lr, char *list, uint32_t verb)
{
    char *save = NULL;
    for (char *tok = strtok_r(list, " \t,", &save); tok; tok = strtok_r(NULL, " \t,", &save)) {
        int rc = add_verb_form(d, lr, tok, verb);
        if (rc < 0)
            return rc;
    }
    return AV_OK;
}

/* "WORD {FORMS} [CODE]", "+CARRY_OUT {+CARRIED_OUT ...}", "WIRE_+TAP". */
static int verb_line(AvDict *d, LineReader *lr, char *s, VerbState *st)
{
    char *br = strchr(s, '['), code[64] = "";
    int has_code = 0;
    if (br) {
        char *close = strchr(br, ']');
        if (!close) {
            dict_diag(d, lr->file, lr->line, 1, "'[' without ']'");
            return AV_OK;
        }
        snprintf(code, sizeof code, "%.*s", (int)(close - br - 1), br + 1);
        if (*dict_trim(close + 1))
            dict_diag(d, lr->file, lr->line, 1, "unexpected text after the verb code");
        has_code = 1;
        *br = 0;
    }
    char *brace = strchr(s, '{'), *forms = NULL;
    if (brace) {
        char *end = strchr(brace, '}');
        if (!end) {
            dict_diag(d, lr->file, lr->line, 1, "'{' without '}'");
            return AV_OK;
        }
        *end = 0;
        forms = dict_trim(brace + 1);
        *brace = 0;
    }
    char *phrase = dict_trim(s);
    if (!*phrase || strpbrk(phrase, "()*$%^&")) {
        dict_diag(d, lr->file, lr->line, 1, "bad verb line '%s'", phrase);
        return AV_OK;
    }
    char *ccode = dict_trim(code);
    if (st->block < 0 || ((VerbBlock *)dvec_at(&d->blocks, (size_t)st->block))->implicit) {
        int rc = new_block(d, lr, phrase, has_code ? ccode : NULL, 1, st);
        if (rc < 0)
            return rc;
    }
    VerbEntry *v = dvec_push(&d->verbs);
    if (!v)
        return AV_ERR_NOMEM;
    v->pub.phrase = av_arena_strdup(&d->arena, phrase);
    v->pub.block_id = (uint32_t)st->block;
    v->pub.file = lr->file;
    v->pub.line = lr->line;
    v->forms = forms ? av_arena_strdup(&d->arena, forms) : NULL;
    v->has_own_code = (uint8_t)has_code;
    v->own_code = has_code && strcmp(ccode, "---") ? av_arena_strdup(&d->arena, ccode) : NULL;
    uint32_t id = (uint32_t)d->verbs.n - 1;
    st->verb = (int64_t)id;
    int rc = add_verb_form(d, lr, phrase, id);
    if (rc == AV_OK)
        rc = forms ? add_listed_forms(d, lr, forms, id) : add_regular_forms(d, lr, phrase, id);
    return rc;
}

/* TABARI: "{ ACTING_ ACTXD_ }" on its own line gives the forms of the verb above. */
static int forms_line(AvDict *d, LineReader *lr, char *s, VerbState *st)
{
    char *end = strchr(s, '}');
    if (st->verb < 0 || !end) {
        dict_diag(d, lr->file, lr->line, 1, st->verb < 0 ? "verb forms before any verb"
                                                         : "'{' without '}'");
        return AV_OK;
    }
    *end = 0;
    VerbEntry *v = dvec_at(&d->verbs, (size_t)st->verb);
    v->forms = av_arena_strdup(&d->arena, dict_trim(s + 1));
    return add_listed_forms(d, lr, s + 1, (uint32_t)st->verb);
}

/* ---- patterns ---- */

typedef struct PatBuilder {
    AvPatElem e[MAX_ELEMS];
    int n;
    int seen_verb;
    int bad;
} PatBuilder;

static AvPatElem *pat_push(PatBuilder *b, AvPatKind kind)
{
    if (b->n >= MAX_ELEMS) {
        b->bad = 1;
        return NULL;
    }
    AvPatElem *e = &b->e[b->n++];
    memset(e, 0, sizeof *e);
    e->kind = (uint8_t)kind;
    e->before_verb = (uint8_t)!b->seen_verb;
    if (kind == AV_PAT_VERB) {
        e->before_verb = 0;
        b->seen_verb = 1;
    }
    return e;
}

static const char *fold_dup(AvDict *d, const char *s, size_t n)
{
    char buf[256];
    size_t fl = dict_fold(s, n, buf, sizeof buf);
    return fl == (size_t)-1 ? NULL : av_arena_strndup(&d->arena, buf, fl);
}

/* "&NAME_REST": the longest prefix (cut at '_') that names a synset. */
static const char *pat_synset(AvDict *d, LineReader *lr, PatBuilder *b, const char *p, size_t run)
{
    for (size_t len = run; len > 0; len--) {
        if (len < run && p[len] != '_')
            continue;
        int64_t id = find_synset(d, p, len);
        if (id < 0)
            continue;
        AvPatElem *e = pat_push(b, AV_PAT_SYNSET);
        if (e) {
            e->synset = (uint32_t)id;
            e->word = ((Synset *)dvec_at(&d->synsets, (size_t)id))->name;
        }
        return p + len;
    }
    dict_diag(d, lr->file, lr->line, 1, "pattern uses undefined synset &%.*s; pattern ignored",
              (int)run, p);
    b->bad = 1;
    return p + run;
}

static int is_pat_sep(char c)
{
    return c == ' ' || c == '\t' || c == '_';
}

static const char *pat_token(AvDict *d, LineReader *lr, PatBuilder *b, const char *p)
{
    static const char singles[] = "(){}|";
    static const AvPatKind single_kinds[] = {AV_PAT_PREP_OPEN, AV_PAT_PREP_CLOSE, AV_PAT_NP_OPEN,
                                             AV_PAT_NP_CLOSE, AV_PAT_ALT};
    static const char markers[] = "*$+%^";
    static const AvPatKind marker_kinds[] = {AV_PAT_VERB, AV_PAT_SOURCE, AV_PAT_TARGET,
                                             AV_PAT_COMPOUND, AV_PAT_SKIP};
    const char *hit = strchr(singles, *p);
    if (hit) {
        pat_push(b, single_kinds[hit - singles]);
        return p + 1;
    }
    hit = strchr(markers, *p);
    if (hit) {
        if (*p == '*' && b->seen_verb)
            dict_diag(d, lr->file, lr->line, 0, "pattern has more than one '*'");
        pat_push(b, marker_kinds[hit - markers]);
        return p + 1;
    }
    size_t run = strcspn(p, " \t_(){}|");
    if (*p == '&')
        return pat_synset(d, lr, b, p + 1, strcspn(p + 1, " \t(){}|"));
    int stem = run > 1 && p[run - 1] == '~';
    AvPatElem *e = pat_push(b, AV_PAT_WORD);
    if (e) {
        e->word = fold_dup(d, p, run - (size_t)stem);
        e->stem = (uint8_t)stem;
        if (!e->word)
            b->bad = 1;
    }
    return p + run;
}

static int parse_pattern_elems(AvDict *d, LineReader *lr, const char *p, PatBuilder *b)
{
    memset(b, 0, sizeof *b);
    while (*p) {
        if (is_pat_sep(*p)) {
            if (*p == '_' && b->n)
                b->e[b->n - 1].joined = 1;
            p++;
            continue;
        }
        p = pat_token(d, lr, b, p);
    }
    if (!b->seen_verb && !b->bad)
        dict_diag(d, lr->file, lr->line, 0, "pattern has no '*' (verb position)");
    return b->bad ? -1 : 0;
}

/* "[code]", "[code:code2]", "[:code2]". */
static void parse_pattern_code(AvDict *d, char *in, AvVerbPattern *pat)
{
    char *c = dict_trim(in);
    char *colon = strchr(c, ':');
    if (colon) {
        *colon = 0;
        char *c2 = dict_trim(colon + 1);
        pat->code2 = *c2 && strcmp(c2, "---") ? av_arena_strdup(&d->arena, c2) : NULL;
    }
    c = dict_trim(c);
    pat->code = *c && strcmp(c, "---") ? av_arena_strdup(&d->arena, c) : NULL;
}

static int pattern_line(AvDict *d, LineReader *lr, char *s, VerbState *st)
{
    if (st->block < 0) {
        dict_diag(d, lr->file, lr->line, 1, "pattern before any verb");
        return AV_OK;
    }
    char *br = strrchr(s, '['), *close = br ? strchr(br, ']') : NULL;
    if (!br || !close) {
        dict_diag(d, lr->file, lr->line, 1, "pattern without [code]");
        return AV_OK;
    }
    if (*dict_trim(close + 1))
        dict_diag(d, lr->file, lr->line, 1, "unexpected text after the pattern code");
    *close = 0;
    *br = 0;
    PatBuilder *b = malloc(sizeof *b);
    if (!b)
        return AV_ERR_NOMEM;
    int rc = AV_OK;
    if (parse_pattern_elems(d, lr, s + 1, b) == 0) {
        VerbBlock *blk = dvec_at(&d->blocks, (size_t)st->block);
        AvVerbPattern *pat = dvec_push(&blk->patterns);
        AvPatElem *elems = av_arena_alloc(&d->arena, sizeof(AvPatElem) * (size_t)(b->n ? b->n : 1));
        if (!pat || !elems) {
            rc = AV_ERR_NOMEM;
        } else {
            memcpy(elems, b->e, sizeof(AvPatElem) * (size_t)b->n);
            pat->elems = elems;
            pat->n_elems = (uint32_t)b->n;
            pat->file = lr->file;
            pat->line = lr->line;
            parse_pattern_code(d, br + 1, pat);
        }
    }
    free(b);
    return rc;
}

static int transformation_line(AvDict *d, LineReader *lr, char *s)
{
    Transformation *t = dvec_push(&d->transformations);
    if (!t)
        return AV_ERR_NOMEM;
    t->text = av_arena_strdup(&d->arena, s);
    t->file = lr->file;
    t->line = lr->line;
    if (!strchr(s, '='))
        dict_diag(d, lr->file, lr->line, 1, "transformation without '='");
    return AV_OK;
}

/* ---- the reader ---- */

static int verb_dispatch(AvDict *d, LineReader *lr, char *s, VerbState *st)
{
    if (s[0] == '+' && st->synset >= 0)
        return synset_member(d, lr, s, st);
    st->synset = -1;
    switch (s[0]) {
    case '&': return start_synset(d, lr, s, st);
    case '~': return transformation_line(d, lr, s);
    case '{': return forms_line(d, lr, s, st);
    case '-':
        if (!strncmp(s, "---", 3))
            return block_line(d, lr, s, st);
        return pattern_line(d, lr, s, st);
    default: return verb_line(d, lr, s, st);
    }
}

int dict_read_verbs(AvDict *d, LineReader *lr, int tabari)
{
    (void)tabari;
    VerbState st = {.block = -1, .verb = -1, .synset = -1};
    char *s;
    while ((s = line_next(lr, NULL))) {
        if (!*s)
            continue;
        if (s[0] == '<') {   /* <SYNSETS> is transparent; <TIME> lists TABARI time shifts */
            if (!strncmp(s, "<TIME>", 6))
                st.skipping = 1;
            else if (!strncmp(s, "</TIME>", 7))
                st.skipping = 0;
            continue;
        }
        if (st.skipping)
            continue;
        int rc = verb_dispatch(d, lr, s, &st);
        if (rc < 0)
            return rc;
    }
    return AV_OK;
}
