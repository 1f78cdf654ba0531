/*
 * dict_read.c — readers for actor, agent, issue and discard dictionaries
 * (PETRARCH2 and TABARI dialects).  Every problem becomes a "file:line:
 * message" diagnostic and reading goes on with the next line.
 */
#include <stdlib.h>
#include <string.h>
#include "dict.h"

#define MAX_VARIANTS 64

char *dict_trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = 0;
    return s;
}

/* Removes "<!-- ... -->" (possibly spanning lines), '#' and ';' comments. */
static void strip_comments(LineReader *lr, char *s)
{
    char *w = s;
    int in_code = 0;   /* inside "[...]": '#' is a character there ("[###]") */
    for (char *p = s; *p;) {
        if (lr->in_xml_comment) {
            char *end = strstr(p, "-->");
            if (!end) {
                break;
            }
            lr->in_xml_comment = 0;
            p = end + 3;
        } else if (!strncmp(p, "<!--", 4)) {
            lr->in_xml_comment = 1;
            p += 4;
        } else if ((*p == '#' && !in_code) || *p == ';') {
            break;
        } else {
            in_code = *p == '[' ? 1 : *p == ']' ? 0 : in_code;
            *w++ = *p++;
        }
    }
    *w = 0;
}

char *line_next(LineReader *lr, int *indented)
{
    if (lr->pos >= lr->len)
        return NULL;
    char *s = lr->buf + lr->pos;
    char *nl = memchr(s, '\n', lr->len - lr->pos);
    size_t n = nl ? (size_t)(nl - s) : lr->len - lr->pos;
    s[n] = 0;
    lr->pos += n + 1;
    lr->line++;
    if (indented)
        *indented = s[0] == '\t' || s[0] == ' ';
    if (!strncmp(s, "~~FINISH", 8)) {   /* TABARI's end-of-dictionary mark */
        lr->pos = lr->len;
        return NULL;
    }
    strip_comments(lr, s);
    return dict_trim(s);
}

/* ---- code blocks "[CODE date-spec]" ---- */

/* Parses the inside of one "[...]" of an actor line into *r.  Returns 0 or
 * -1 after reporting the problem. */
static int parse_restriction(AvDict *d, LineReader *lr, char *in, DateRestriction *r)
{
    char *s = dict_trim(in);
    memset(r, 0, sizeof *r);
    r->line = lr->line;
    r->to = 99999999;
    if (!*s || strchr("<>0123456789", *s)) {
        dict_diag(d, lr->file, lr->line, 1, "code block [%s] has no code", s);
        return -1;
    }
    char *end = s + strcspn(s, " \t");
    int more = *end != 0;
    *end = 0;
    r->code = strcmp(s, "---") ? av_arena_strdup(&d->arena, s) : NULL;
    if (!more)
        return 0;
    /* The date part, blanks removed: "<YYMMDD", ">YYMMDD", "D1-D2". */
    char spec[64];
    size_t n = 0;
    for (char *p = end + 1; *p && n + 1 < sizeof spec; p++)
        if (*p != ' ' && *p != '\t')
            spec[n++] = *p;
    spec[n] = 0;
    if (!n)
        return 0;
    char *dash = strchr(spec, '-');
    if (spec[0] == '<' || spec[0] == '>') {
        r->kind = (uint8_t)spec[0];
        uint32_t v = dict_parse_date(spec + 1, n - 1);
        if (!v)
            goto bad;
        if (spec[0] == '<')
            r->to = v;
        else
            r->from = v;
        return 0;
    }
    if (!dash)
        goto bad;
    r->kind = '-';
    r->from = dict_parse_date(spec, (size_t)(dash - spec));
    r->to = dict_parse_date(dash + 1, strlen(dash + 1));
    if (!r->from || !r->to)
        goto bad;
    if (r->from > r->to)
        dict_diag(d, lr->file, lr->line, 0, "date range %s ends before it starts", spec);
    return 0;
bad:
    dict_diag(d, lr->file, lr->line, 1,
              "bad date restriction '%s' (want <DATE, >DATE or DATE-DATE, DATE = YYMMDD or "
              "YYYYMMDD)", spec);
    return -1;
}

static int add_restriction(AvDict *d, LineReader *lr, ActorEntry *a, const DateRestriction *r)
{
    if (!r->kind) {
        if (a->has_default && !(a->code == r->code ||
                                (a->code && r->code && !strcmp(a->code, r->code))))
            dict_diag(d, lr->file, lr->line, 0, "second default code [%s] replaces [%s]",
                      r->code ? r->code : "---", a->code ? a->code : "---");
        a->code = r->code;
        a->has_default = 1;
        return AV_OK;
    }
    DateRestriction *slot = dvec_push(&d->restriction_pool);
    if (!slot)
        return AV_ERR_NOMEM;
    if (!a->n_restrictions++)
        a->first_restriction = (uint32_t)d->restriction_pool.n - 1;
    *slot = *r;
    d->restrictions++;
    return AV_OK;
}

/* Parses every "[...]" in s into restrictions of a.  Text between blocks is
 * an error (a stray word after the code). */
static int parse_code_blocks(AvDict *d, LineReader *lr, char *s, ActorEntry *a)
{
    while (*s) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        if (*s != '[') {
            dict_diag(d, lr->file, lr->line, 1, "unexpected text '%s' after the code", s);
            return AV_OK;
        }
        char *close = strchr(s, ']');
        if (!close) {
            dict_diag(d, lr->file, lr->line, 1, "'[' without ']'");
            return AV_OK;
        }
        *close = 0;
        DateRestriction r;
        if (!parse_restriction(d, lr, s + 1, &r) && add_restriction(d, lr, a, &r) < 0)
            return AV_ERR_NOMEM;
        s = close + 1;
    }
    return AV_OK;
}

/* ---- actors ---- */

/* TABARI's <NOUN> / <ADJECTIVE> / <TIME> sections list words for its own
 * parser; they are not actors.  Returns 1 when the line was a tag. */
static int section_tag(const char *s, int *skipping)
{
    if (s[0] != '<')
        return 0;
    if (s[1] == '/')
        *skipping = 0;
    else if (!strncmp(s, "<NOUN>", 6) || !strncmp(s, "<ADJECTIVE>", 11) ||
             !strncmp(s, "<TIME>", 6))
        *skipping = 1;
    return 1;
}

static int add_actor_phrase(AvDict *d, LineReader *lr, uint32_t entry, char *phrase, int tabari)
{
    ActorEntry *a = dvec_at(&d->actors, entry);
    Phrase *p = dvec_push(&d->phrase_pool);
    if (!p)
        return AV_ERR_NOMEM;
    if (!a->n_phrases++)
        a->first_phrase = (uint32_t)d->phrase_pool.n - 1;
    p->text = av_arena_strdup(&d->arena, phrase);
    p->line = lr->line;
    d->actor_phrases++;
    int rc = dict_add_phrase(d, AV_DICT_ACTORS, phrase, strlen(phrase), tabari, entry, lr->file,
                             lr->line);
    return rc == AV_ERR_NOMEM ? rc : AV_OK;
}

static int actor_line(AvDict *d, LineReader *lr, char *s, int tabari, int64_t *cur)
{
    if (s[0] == '[') {
        if (*cur < 0) {
            dict_diag(d, lr->file, lr->line, 1, "date restriction before any actor");
            return AV_OK;
        }
        return parse_code_blocks(d, lr, s, dvec_at(&d->actors, (size_t)*cur));
    }
    int synonym = s[0] == '+';
    if (synonym && *cur < 0) {
        dict_diag(d, lr->file, lr->line, 1, "synonym '%s' before any actor", s);
        return AV_OK;
    }
    if (synonym)
        s++;
    char *br = strchr(s, '[');
    char codes[512] = "";
    if (br) {
        snprintf(codes, sizeof codes, "%s", br);
        *br = 0;
    }
    char *phrase = dict_trim(s);
    if (!*phrase) {
        dict_diag(d, lr->file, lr->line, 1, "code without a phrase");
        return AV_OK;
    }
    if (!synonym) {
        ActorEntry *a = dvec_push(&d->actors);
        if (!a)
            return AV_ERR_NOMEM;
        a->file = lr->file;
        a->line = lr->line;
        a->stems = (uint8_t)tabari;
        *cur = (int64_t)d->actors.n - 1;
    }
    int rc = add_actor_phrase(d, lr, (uint32_t)*cur, phrase, tabari);
    if (rc == AV_OK && codes[0])
        rc = parse_code_blocks(d, lr, codes, dvec_at(&d->actors, (size_t)*cur));
    return rc;
}

int dict_read_actors(AvDict *d, LineReader *lr, int tabari)
{
    int64_t cur = -1;
    int skipping = 0;
    char *s;
    while ((s = line_next(lr, NULL))) {
        if (!*s || section_tag(s, &skipping) || skipping)
            continue;
        int rc = actor_line(d, lr, s, tabari, &cur);
        if (rc < 0)
            return rc;
    }
    return AV_OK;
}

/* ---- agents ---- */

typedef struct Substitution {
    char name[64];           /* "!PERSON!" */
    char values[16][64];
    int n;
} Substitution;

static void define_substitution(AvDict *d, LineReader *lr, char *s, Substitution *subs, int *n)
{
    char *eq = strchr(s, '=');
    char *close = strchr(s + 1, '!');
    if (!eq || !close || close > eq || *n >= 16) {
        dict_diag(d, lr->file, lr->line, 1, "bad substitution marker definition '%s'", s);
        return;
    }
    const char **line = dvec_push(&d->agent_subs);
    if (line)
        *line = av_arena_strdup(&d->arena, s);
    Substitution *sub = &subs[(*n)++];
    snprintf(sub->name, sizeof sub->name, "%.*s", (int)(close - s + 1), s);
    sub->n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(eq + 1, ",", &save); tok && sub->n < 16;
         tok = strtok_r(NULL, ",", &save))
        snprintf(sub->values[sub->n++], 64, "%s", dict_trim(tok));
}

static int add_agent_phrase(AvDict *d, LineReader *lr, const char *phrase, uint32_t entry,
                            int tabari)
{
    d->agent_phrases++;
    int rc = dict_add_phrase(d, AV_DICT_AGENTS, phrase, strlen(phrase), tabari, entry, lr->file,
                             lr->line);
    return rc == AV_ERR_NOMEM ? rc : AV_OK;
}

/* The singular and the plurals: regular unless "{...}" lists them ("{}":
 * none).  Substitution markers expand without plurals. */
static int add_agent_forms(AvDict *d, LineReader *lr, const char *phrase, const char *plurals,
                           const Substitution *subs, int n_subs, uint32_t entry, int tabari)
{
    for (int i = 0; i < n_subs; i++) {
        const char *at = strstr(phrase, subs[i].name);
        if (!at)
            continue;
        for (int v = 0; v < subs[i].n; v++) {
            char buf[512];
            snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - phrase), phrase, subs[i].values[v],
                     at + strlen(subs[i].name));
            int rc = add_agent_forms(d, lr, buf, "", subs, n_subs, entry, tabari);
            if (rc < 0)
                return rc;
        }
        return AV_OK;
    }
    if (strchr(phrase, '!'))
        dict_diag(d, lr->file, lr->line, 0, "undefined substitution marker in '%s'", phrase);
    int rc = add_agent_phrase(d, lr, phrase, entry, tabari);
    if (rc < 0)
        return rc;
    if (!plurals) {
        char pl[512], base[512];
        snprintf(base, sizeof base, "%s", phrase);
        size_t n = strlen(base);
        while (n && base[n - 1] == '_')
            base[--n] = 0;
        if (dict_plural(base, pl, sizeof pl) == 0 && strcmp(pl, base))
            rc = add_agent_phrase(d, lr, pl, entry, tabari);
        return rc;
    }
    char list[512];
    snprintf(list, sizeof list, "%s", plurals);
    char *save = NULL;
    for (char *tok = strtok_r(list, " \t", &save); tok && rc == AV_OK;
         tok = strtok_r(NULL, " \t", &save))
        rc = add_agent_phrase(d, lr, tok, entry, tabari);
    return rc;
}

/* "[~CODE]" (code after the actor's), "[CODE~]" (before). */
static int parse_agent_code(AvDict *d, LineReader *lr, char *s, AgentEntry *a)
{
    char *close = s + strcspn(s, "]}");
    if (*close == '}')
        dict_diag(d, lr->file, lr->line, 0, "agent code closed with '}' instead of ']'");
    else if (!*close) {
        dict_diag(d, lr->file, lr->line, 1, "'[' without ']'");
        return -1;
    }
    char code[64];
    size_t n = 0;
    for (char *p = s + 1; p < close && n + 1 < sizeof code; p++)
        if (*p != ' ' && *p != '\t')
            code[n++] = *p;
    code[n] = 0;
    char *rest = dict_trim(close + 1);
    if (*rest)
        dict_diag(d, lr->file, lr->line, 1, "unexpected text '%s' after the code", rest);
    if (n < 2 || (code[0] != '~' && code[n - 1] != '~')) {
        dict_diag(d, lr->file, lr->line, 1, "agent code [%s] needs '~' before or after it", code);
        return -1;
    }
    a->prefix = code[0] != '~';
    code[a->prefix ? n - 1 : n] = 0;
    a->code = av_arena_strdup(&d->arena, a->prefix ? code : code + 1);
    return 0;
}

static int agent_line(AvDict *d, LineReader *lr, char *s, Substitution *subs, int *n_subs,
                      int tabari)
{
    if (s[0] == '!' && strchr(s, '=')) {
        define_substitution(d, lr, s, subs, n_subs);
        return AV_OK;
    }
    char *br = strchr(s, '[');
    if (!br) {
        dict_diag(d, lr->file, lr->line, 1, "agent '%s' has no [code]", s);
        return AV_OK;
    }
    AgentEntry a = {.file = lr->file, .line = lr->line, .stems = (uint8_t)tabari};
    if (parse_agent_code(d, lr, br, &a) < 0)
        return AV_OK;
    *br = 0;
    char *brace = strchr(s, '{');
    if (brace) {
        char *end = strchr(brace, '}');
        if (!end) {
            dict_diag(d, lr->file, lr->line, 1, "'{' without '}'");
            return AV_OK;
        }
        *end = 0;
        a.plurals = av_arena_strdup(&d->arena, dict_trim(brace + 1));
        *brace = 0;
    }
    char *phrase = dict_trim(s);
    if (!*phrase) {
        dict_diag(d, lr->file, lr->line, 1, "agent code without a phrase");
        return AV_OK;
    }
    a.phrase = av_arena_strdup(&d->arena, phrase);
    AgentEntry *slot = dvec_push(&d->agents);
    if (!slot || !a.phrase)
        return AV_ERR_NOMEM;
    *slot = a;
    return add_agent_forms(d, lr, phrase, a.plurals, subs, *n_subs, (uint32_t)d->agents.n - 1,
                           tabari);
}

int dict_read_agents(AvDict *d, LineReader *lr, int tabari)
{
    Substitution subs[16];
    int n_subs = 0, skipping = 0;
    char *s;
    while ((s = line_next(lr, NULL))) {
        if (!*s || section_tag(s, &skipping) || skipping)
            continue;
        int rc = agent_line(d, lr, s, subs, &n_subs, tabari);
        if (rc < 0)
            return rc;
    }
    return AV_OK;
}

/* ---- issues ---- */

typedef struct Variants {
    char v[MAX_VARIANTS][256];
    int n;
} Variants;

/* Forms of one piece: "n:crime" -> crime, crimes; "v:purge" -> purge,
 * purges, purged, purging. */
static void piece_forms(const char *piece, Variants *out)
{
    out->n = 0;
    if (!strncmp(piece, "n:", 2)) {
        snprintf(out->v[out->n++], 256, "%s", piece + 2);
        if (dict_plural(piece + 2, out->v[out->n], 256) == 0)
            out->n++;
    } else if (!strncmp(piece, "v:", 2)) {
        char f[3][128];
        snprintf(out->v[out->n++], 256, "%s", piece + 2);
        int k = dict_verb_forms(piece + 2, f);
        for (int i = 0; i < k; i++)
            snprintf(out->v[out->n++], 256, "%.127s", f[i]);
    } else {
        snprintf(out->v[out->n++], 256, "%s", piece);
    }
}

/* One blank-separated word of an issue phrase: "al+zarqawi" -> "al
 * zarqawi", "al-zarqawi"; each part may carry n: / v:. */
static void word_variants(const char *word, Variants *out)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", word);
    Variants acc[2];
    Variants *cur = &acc[0];
    cur->n = 0;
    char *save = NULL;
    for (char *part = strtok_r(buf, "+", &save); part; part = strtok_r(NULL, "+", &save)) {
        Variants forms, *next = cur == &acc[0] ? &acc[1] : &acc[0];
        piece_forms(part, &forms);
        next->n = 0;
        if (!cur->n) {
            *next = forms;
        } else {
            for (int j = 0; j < 2; j++)
                for (int a = 0; a < cur->n; a++)
                    for (int b = 0; b < forms.n && next->n < MAX_VARIANTS; b++) {
                        /* a variant longer than the buffer is dropped, not cut */
                        int k = snprintf(next->v[next->n], 256, "%s%c%s", cur->v[a],
                                         j ? '-' : ' ', forms.v[b]);
                        if (k >= 0 && k < 256)
                            next->n++;
                    }
        }
        cur = next;
    }
    *out = *cur;
}

static int add_issue_variants(AvDict *d, LineReader *lr, char *phrase, uint32_t entry)
{
    Variants *acc = malloc(2 * sizeof *acc), *w = malloc(sizeof *w);
    if (!acc || !w) {
        free(acc);
        free(w);
        return AV_ERR_NOMEM;
    }
    Variants *cur = &acc[0];
    cur->n = 1;
    cur->v[0][0] = 0;
    char *save = NULL;
    for (char *tok = strtok_r(phrase, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
        Variants *next = cur == &acc[0] ? &acc[1] : &acc[0];
        word_variants(tok, w);
        next->n = 0;
        for (int a = 0; a < cur->n; a++)
            for (int b = 0; b < w->n && next->n < MAX_VARIANTS; b++) {
                int k = snprintf(next->v[next->n], 256, "%s%s%s", cur->v[a],
                                 cur->v[a][0] ? " " : "", w->v[b]);
                if (k >= 0 && k < 256)
                    next->n++;
            }
        cur = next;
    }
    int rc = AV_OK;
    for (int i = 0; i < cur->n && rc != AV_ERR_NOMEM; i++) {
        d->issue_phrases++;
        rc = dict_add_phrase(d, AV_DICT_ISSUES, cur->v[i], strlen(cur->v[i]), 0, entry, lr->file,
                             lr->line);
    }
    free(acc);
    free(w);
    return rc == AV_ERR_NOMEM ? rc : AV_OK;
}

/* After the code only a repeat of the same code is tolerated ("[X] [X]"). */
static void issue_tail(AvDict *d, LineReader *lr, const char *code, char *tail)
{
    tail = dict_trim(tail);
    if (!*tail)
        return;
    size_t n = strlen(code);
    if (tail[0] == '[' && !strncmp(tail + 1, code, n) && !strcmp(tail + 1 + n, "]"))
        dict_diag(d, lr->file, lr->line, 0, "issue code [%s] given twice", code);
    else
        dict_diag(d, lr->file, lr->line, 1, "unexpected text '%s' after the issue code", tail);
}

static int issue_line(AvDict *d, LineReader *lr, char *s, const char *category)
{
    SimpleEntry e = {.file = lr->file, .line = lr->line, .text = av_arena_strdup(&d->arena, s)};
    char *phrase = s;
    if (s[0] == '~') {
        phrase = s + strspn(s, "~");   /* ~ and ~~ : phrases that cancel issue coding */
    } else {
        char *br = strchr(s, '[');
        char *close = br ? strchr(br, ']') : NULL;
        if (!br && category) {
            /* A bare phrase inside <ISSUE CATEGORY="X">: PETRARCH gives it X. */
            dict_diag(d, lr->file, lr->line, 0, "issue phrase without [CODE]: category %s used",
                      category);
            e.code = category;
        } else if (!close) {
            dict_diag(d, lr->file, lr->line, 1, "issue phrase without [CODE]: '%s'", s);
            return AV_OK;
        } else {
            *close = 0;
            e.code = av_arena_strdup(&d->arena, dict_trim(br + 1));
            issue_tail(d, lr, e.code, close + 1);
            *br = 0;
        }
    }
    phrase = dict_trim(phrase);
    if (!*phrase) {
        dict_diag(d, lr->file, lr->line, 1, "empty issue phrase");
        return AV_OK;
    }
    SimpleEntry *slot = dvec_push(&d->issues);
    if (!slot)
        return AV_ERR_NOMEM;
    *slot = e;
    return add_issue_variants(d, lr, phrase, (uint32_t)d->issues.n - 1);
}

/* "<ISSUE CATEGORY="X" ...>" -> X (arena copy); "</ISSUE>" -> NULL. */
static const char *issue_category(AvDict *d, const char *s)
{
    const char *c = strstr(s, "CATEGORY=\"");
    if (s[1] == '/' || !c)
        return NULL;
    c += 10;
    return av_arena_strndup(&d->arena, c, strcspn(c, "\""));
}

int dict_read_issues(AvDict *d, LineReader *lr)
{
    const char *category = NULL;
    char *s;
    while ((s = line_next(lr, NULL))) {
        if (!*s)
            continue;
        if (s[0] == '<') {
            category = issue_category(d, s);
            continue;
        }
        int rc = issue_line(d, lr, s, category);
        if (rc < 0)
            return rc;
    }
    return AV_OK;
}

/* ---- discards ---- */

int dict_read_discards(AvDict *d, LineReader *lr, int tabari)
{
    (void)tabari;
    char *s;
    while ((s = line_next(lr, NULL))) {
        if (!*s || s[0] == '<')
            continue;
        int story = s[0] == '+';
        char *phrase = dict_trim(s + story);
        if (!*phrase) {
            dict_diag(d, lr->file, lr->line, 1, "empty discard phrase");
            continue;
        }
        SimpleEntry *e = dvec_push(&d->discards);
        if (!e)
            return AV_ERR_NOMEM;
        e->file = lr->file;
        e->line = lr->line;
        e->text = av_arena_strdup(&d->arena, s);
        e->code = story ? "story" : "sentence";
        /* Matching is by stem unless the phrase ends with '_'. */
        if (dict_add_phrase(d, AV_DICT_DISCARDS, phrase, strlen(phrase), 2,
                            (uint32_t)d->discards.n - 1, lr->file, lr->line) == AV_ERR_NOMEM)
            return AV_ERR_NOMEM;
    }
    return AV_OK;
}
