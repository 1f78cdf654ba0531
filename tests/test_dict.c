/*
 * test_dict.c — the dict stage on small fixture dictionaries written for
 * avocet (tests/data/dict/): date-restricted codes, longest match, agent
 * composition, synsets, verb forms and patterns, issues and discards,
 * TABARI stems, malformed lines, strict mode, CAMEO tables, round trip.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "avocet.h"

static char fixture[1024];

static const char *path_of(const char *name)
{
    const char *base = getenv("AVOCET_TEST_DATA");
    snprintf(fixture, sizeof fixture, "%s/dict/%s", base ? base : "tests/data", name);
    return fixture;
}

static AvDict *load_one(const char *name, const AvDictOptions *opt)
{
    char p[1024];
    snprintf(p, sizeof p, "%s", path_of(name));
    const char *paths[] = {p};
    AvDictOptions def = {.cameo_dir = ""};
    AvError err;
    AvDict *d = av_dict_load(paths, 1, opt ? opt : &def, &err);
    if (!d)
        fail_msg("load %s: %s", name, err.msg);
    return d;
}

/* Splits a phrase into words (static storage, one phrase at a time). */
static size_t words_of(const char *text, const char **w, size_t max)
{
    static char buf[512];
    snprintf(buf, sizeof buf, "%s", text);
    size_t n = 0;
    char *save = NULL;
    for (char *t = strtok_r(buf, " ", &save); t && n < max; t = strtok_r(NULL, " ", &save))
        w[n++] = t;
    return n;
}

static const char *actor_code(const AvDict *d, const char *text, const char *date)
{
    const char *w[16];
    size_t n = words_of(text, w, 16);
    AvDictMatch m;
    int rc = av_dict_match_actor(d, w, n, 0, date, &m);
    assert_true(rc >= 0);
    return rc == 1 ? (m.code ? m.code : "---") : "(none)";
}

static void test_date_restrictions(void **state)
{
    (void)state;
    AvDict *d = load_one("clean/test.actors.txt", NULL);
    /* 8-digit range, then 6-digit range (96 -> 1996), then an open range. */
    assert_string_equal(actor_code(d, "Benjamin Netanyahu", "1990-01-01"), "ISRELI");
    assert_string_equal(actor_code(d, "Benjamin Netanyahu", "1997-05-01"), "ISRGOV");
    assert_string_equal(actor_code(d, "Benjamin Netanyahu", "19990706"), "ISRGOV");  /* inclusive */
    assert_string_equal(actor_code(d, "Benjamin Netanyahu", "2005-01-01"), "---");   /* gap, no default */
    assert_string_equal(actor_code(d, "Benjamin Netanyahu", "2009-03-31"), "ISRGOV");
    assert_string_equal(actor_code(d, "Benjamin Netanyahu", "2021-05-24"), "ISRGOV");
    assert_string_equal(actor_code(d, "Bibi Netanyahu", "2021-05-24"), "ISRGOV");   /* synonym */
    /* Before an open "<" range, inside a range, outside all: the default. */
    assert_string_equal(actor_code(d, "Ariel Sharon", "1970-06-01"), "ISRMIL");
    assert_string_equal(actor_code(d, "Ariel Sharon", "2003-01-01"), "ISRGOV");
    assert_string_equal(actor_code(d, "Ariel Sharon", "1990-01-01"), "ISRELI");
    assert_string_equal(actor_code(d, "Ariel Sharon", NULL), "ISRELI");
    /* No date and no default: the role that ends last. */
    assert_string_equal(actor_code(d, "Zoran Milekovic", NULL), "ZRAOPP");
    assert_string_equal(actor_code(d, "Zoran Milekovic", "2003-12-31"), "ZRAGOV");
    assert_string_equal(actor_code(d, "Zoran Milekovic", "2004-01-01"), "ZRAOPP");
    assert_string_equal(actor_code(d, "Zoran Milekovic", "2011-01-01"), "---");
    /* A bad date is an argument error, not a silent default. */
    const char *w[] = {"Ariel", "Sharon"};
    AvDictMatch m;
    assert_int_equal(av_dict_match_actor(d, w, 2, 0, "2003-13-01", &m), AV_ERR_ARG);
    AvDictDateCode codes[8];
    assert_int_equal(av_dict_match_actor(d, w, 2, 0, NULL, &m), 1);
    assert_int_equal(av_dict_actor_codes(d, m.entry, codes, 8), 3);
    assert_int_equal(codes[1].kind, '<');
    assert_int_equal(codes[1].to, 19730101);
    av_dict_free(d);
}

static void test_longest_match(void **state)
{
    (void)state;
    AvDict *d = load_one("clean/test.actors.txt", NULL);
    const char *w[16];
    size_t n = words_of("the United States Navy said", w, 16);
    AvDictMatch m;
    assert_int_equal(av_dict_match_actor(d, w, n, 0, NULL, &m), 0);
    assert_int_equal(m.length, 0);
    assert_int_equal(av_dict_match_actor(d, w, n, 1, NULL, &m), 1);
    assert_int_equal(m.length, 3);
    assert_string_equal(m.code, "USAMIL");
    assert_string_equal(m.phrase, "UNITED_STATES_NAVY_");
    assert_non_null(strstr(m.file, "test.actors.txt"));
    assert_int_equal(m.line, 14);
    AvDictMatch all[8];
    assert_int_equal(av_dict_match_all(d, AV_DICT_ACTORS, w, n, 1, NULL, all, 8), 2);
    assert_int_equal(all[0].length, 3);
    assert_int_equal(all[1].length, 2);
    assert_string_equal(all[1].code, "USA");
    /* The shorter phrase when the longer one does not continue. */
    n = words_of("NEW YORK officials", w, 16);
    assert_int_equal(av_dict_match_actor(d, w, n, 0, NULL, &m), 1);
    assert_int_equal(m.length, 2);
    assert_string_equal(m.code, "USA");
    n = words_of("the New York Times reported", w, 16);
    assert_int_equal(av_dict_match_actor(d, w, n, 1, NULL, &m), 1);
    assert_string_equal(m.code, "USAMED");
    /* A phrase that runs past the end of the sentence does not match. */
    n = words_of("United", w, 16);
    assert_int_equal(av_dict_match_actor(d, w, n, 0, NULL, &m), 0);
    /* A token joined with '_' is several words, as in the phrases: one
     * token can complete a phrase, or carry all of it. */
    n = words_of("the United States_Navy said", w, 16);
    assert_int_equal(av_dict_match_actor(d, w, n, 1, NULL, &m), 1);
    assert_int_equal(m.length, 2);
    assert_string_equal(m.code, "USAMIL");
    n = words_of("United_States_Navy said", w, 16);
    assert_int_equal(av_dict_match_actor(d, w, n, 0, NULL, &m), 1);
    assert_int_equal(m.length, 1);
    assert_string_equal(m.code, "USAMIL");
    /* ... but not a token with stray underscores */
    n = words_of("United_States_ Navy", w, 16);
    assert_int_equal(av_dict_match_actor(d, w, n, 0, NULL, &m), 0);
    av_dict_free(d);
}

static AvDict *load_clean(void)
{
    char p[1024];
    snprintf(p, sizeof p, "%s", path_of("clean"));
    char cameo[1024];
    snprintf(cameo, sizeof cameo, "%s", path_of("cameo"));
    const char *paths[] = {p};
    AvDictOptions opt = {.cameo_dir = cameo};
    AvError err;
    AvDict *d = av_dict_load(paths, 1, &opt, &err);
    if (!d)
        fail_msg("load clean: %s", err.msg);
    return d;
}

static const char *phrase_code(const AvDict *d, const char *text, const char *date, char *buf)
{
    const char *w[16];
    size_t n = words_of(text, w, 16);
    int rc = av_dict_code_phrase(d, w, n, date, buf, 64, NULL, NULL);
    return rc == 1 ? buf : "(none)";
}

static void test_agent_composition(void **state)
{
    (void)state;
    AvDict *d = load_clean();
    char buf[64];
    assert_string_equal(phrase_code(d, "Israeli police", NULL, buf), "ISRCOP");
    assert_string_equal(phrase_code(d, "police in Gaza", NULL, buf), "PSEGZACOP");
    assert_string_equal(phrase_code(d, "Israeli soldiers", NULL, buf), "ISRMIL");   /* plural */
    assert_string_equal(phrase_code(d, "Israeli policemen", NULL, buf), "ISRCOP");  /* !PERSON! */
    assert_string_equal(phrase_code(d, "Israeli policewomen", NULL, buf), "ISRCOP");
    assert_string_equal(phrase_code(d, "Israeli human rights group", NULL, buf), "NGOISR");
    /* a prefix and a suffix agent together: NGO + ISR + MIL */
    assert_string_equal(phrase_code(d, "human rights group Israeli soldiers", NULL, buf),
                        "NGOISRMIL");
    assert_string_equal(phrase_code(d, "the attorneys general", NULL, buf), "JUD");
    assert_string_equal(phrase_code(d, "the weather", NULL, buf), "(none)");
    /* "{}": no regular plural is made for POLICE. */
    const char *w[] = {"polices"};
    AvDictMatch m;
    assert_int_equal(av_dict_match_agent(d, w, 1, 0, &m), 0);
    /* Composition does not repeat a code the actor already has. */
    const char *w2[] = {"militia"};
    assert_int_equal(av_dict_match_agent(d, w2, 1, 0, &m), 1);
    assert_int_equal(av_dict_compose("ISRMIL", &m, buf, sizeof buf), AV_OK);
    assert_string_equal(buf, "ISRMIL");
    assert_int_equal(av_dict_compose("ISR", &m, buf, 4), AV_ERR_LIMIT);
    av_dict_free(d);
}

static void test_synsets_and_patterns(void **state)
{
    (void)state;
    AvDict *d = load_clean();
    const AvVerb *v = av_dict_verb_by_lemma(d, "attack");
    assert_non_null(v);
    assert_string_equal(v->block, "ATTACK");
    assert_string_equal(v->code, "190");
    assert_int_equal(v->n_patterns, 4);
    /* - * (WITH &WEAPON) [194] */
    const AvVerbPattern *p = &v->patterns[0];
    assert_string_equal(p->code, "194");
    assert_null(p->code2);
    assert_int_equal(p->n_elems, 5);
    assert_int_equal(p->elems[0].kind, AV_PAT_VERB);
    assert_int_equal(p->elems[4].kind, AV_PAT_PREP_CLOSE);
    assert_int_equal(p->elems[1].kind, AV_PAT_PREP_OPEN);
    assert_string_equal(p->elems[2].word, "with");
    assert_int_equal(p->elems[2].before_verb, 0);
    assert_int_equal(p->elems[3].kind, AV_PAT_SYNSET);
    assert_int_equal(p->line, 20);
    uint32_t weapon = p->elems[3].synset;
    assert_string_equal(av_dict_synset_name(d, weapon), "WEAPON");
    assert_true(av_dict_pattern_word_matches(&p->elems[2], "With", NULL));
    assert_false(av_dict_pattern_word_matches(&p->elems[2], "without", "without"));
    assert_false(av_dict_pattern_word_matches(&p->elems[3], "rifle", NULL));   /* a synset */
    /* - $ * + (IN ^) [190:193] */
    p = &v->patterns[1];
    assert_int_equal(p->elems[0].kind, AV_PAT_SOURCE);
    assert_int_equal(p->elems[0].before_verb, 1);
    assert_int_equal(p->elems[2].kind, AV_PAT_TARGET);
    assert_int_equal(p->elems[5].kind, AV_PAT_SKIP);
    assert_string_equal(p->code, "190");
    assert_string_equal(p->code2, "193");
    /* - % &AUXVERB * + [:138]: the synset name has no '_' in references. */
    p = &v->patterns[2];
    assert_int_equal(p->elems[0].kind, AV_PAT_COMPOUND);
    assert_int_equal(p->elems[1].kind, AV_PAT_SYNSET);
    assert_null(p->code);
    assert_string_equal(p->code2, "138");
    /* Synset phrases, with generated plurals (not for "&AUXVERB_" or "ARTILLERY_"). */
    const char *w[8];
    size_t n = words_of("two mortar shells hit", w, 8);
    assert_int_equal(av_dict_match_synset(d, weapon, w, n, 1), 2);
    n = words_of("rifles", w, 8);
    assert_int_equal(av_dict_match_synset(d, weapon, w, n, 0), 1);
    n = words_of("artilleries", w, 8);
    assert_int_equal(av_dict_match_synset(d, weapon, w, n, 0), 0);
    /* Pattern nouns match their plural and the lemma. */
    const AvVerbPattern *air = &v->patterns[3];
    assert_int_equal(air->elems[1].kind, AV_PAT_NP_OPEN);
    assert_string_equal(air->elems[3].word, "raid");
    assert_true(av_dict_pattern_word_matches(&air->elems[3], "RAIDS", NULL));
    assert_true(av_dict_pattern_word_matches(&air->elems[3], "raided", "raid"));
    assert_false(av_dict_pattern_word_matches(&air->elems[3], "raiders", "raider"));
    /* &ARMS includes &WEAPON, expanded at load. */
    const AvVerb *carry = av_dict_verb_by_lemma(d, "carry");
    assert_non_null(carry);
    uint32_t arms = carry->patterns[0].elems[1].synset;
    assert_string_equal(av_dict_synset_name(d, arms), "ARMS");
    n = words_of("mortar shell", w, 8);
    assert_int_equal(av_dict_match_synset(d, arms, w, n, 0), 2);
    av_dict_free(d);
}

static const AvVerb *verb_at(const AvDict *d, const char *text, size_t *len)
{
    const char *w[8];
    size_t n = words_of(text, w, 8);
    AvDictMatch m;
    if (av_dict_match(d, AV_DICT_VERBS, w, n, 0, NULL, &m) != 1)
        return NULL;
    *len = m.length;
    return av_dict_verb(d, m.entry);
}

static void test_verb_forms(void **state)
{
    (void)state;
    AvDict *d = load_clean();
    size_t len;
    const char *regular[] = {"attacks", "attacked", "attacking", "ASSAULTED"};
    for (size_t i = 0; i < 4; i++) {
        const AvVerb *v = verb_at(d, regular[i], &len);
        assert_non_null(v);
        assert_string_equal(v->block, "ATTACK");
    }
    /* Irregular forms come only from {...}. */
    assert_non_null(verb_at(d, "struck", &len));
    assert_null(verb_at(d, "striked", &len));
    /* Multi-word verbs: the longest form wins and keeps its own code. */
    const AvVerb *v = verb_at(d, "carried out raids", &len);
    assert_non_null(v);
    assert_int_equal(len, 2);
    assert_string_equal(v->phrase, "+CARRY_OUT");
    assert_string_equal(v->code, "180");
    v = verb_at(d, "carried supplies", &len);
    assert_non_null(v);
    assert_int_equal(len, 1);
    assert_null(v->code);   /* block [---] */
    v = av_dict_verb_by_lemma(d, "meet with");
    assert_non_null(v);
    assert_string_equal(v->code, "043");
    assert_string_equal(av_dict_verb_by_lemma(d, "meet")->code, "040");
    assert_null(av_dict_verb_by_lemma(d, "zzz"));
    av_dict_free(d);
}

static void test_issues_and_discards(void **state)
{
    (void)state;
    AvDict *d = load_clean();
    const char *w[8];
    AvDictMatch m;
    size_t n = words_of("the ceasefires held", w, 8);
    assert_int_equal(av_dict_match(d, AV_DICT_ISSUES, w, n, 1, NULL, &m), 1);
    assert_string_equal(m.code, "CEASEFIRE");
    n = words_of("a cease fire", w, 8);
    assert_int_equal(av_dict_match(d, AV_DICT_ISSUES, w, n, 1, NULL, &m), 1);
    assert_int_equal(m.length, 2);
    n = words_of("cease-fire", w, 8);
    assert_int_equal(av_dict_match(d, AV_DICT_ISSUES, w, n, 0, NULL, &m), 1);
    n = words_of("war crimes", w, 8);
    assert_int_equal(av_dict_match(d, AV_DICT_ISSUES, w, n, 0, NULL, &m), 1);
    assert_string_equal(m.code, "WAR_CRIMES");
    n = words_of("ceasefire talks collapsed", w, 8);
    assert_int_equal(av_dict_match(d, AV_DICT_ISSUES, w, n, 0, NULL, &m), 1);
    assert_null(m.code);   /* "~" ignore phrase, the longest match */
    /* Discards: '+' = whole story; without a final '_' the last word is a stem. */
    n = words_of("World Cup final", w, 8);
    assert_int_equal(av_dict_match(d, AV_DICT_DISCARDS, w, n, 0, NULL, &m), 1);
    assert_string_equal(m.code, "story");
    n = words_of("World Cups", w, 8);
    assert_int_equal(av_dict_match(d, AV_DICT_DISCARDS, w, n, 0, NULL, &m), 0);
    n = words_of("basketballs", w, 8);
    assert_int_equal(av_dict_match(d, AV_DICT_DISCARDS, w, n, 0, NULL, &m), 1);
    assert_string_equal(m.code, "sentence");
    av_dict_free(d);
}

static void test_tabari_stems(void **state)
{
    (void)state;
    AvDict *d = load_one("stems.actors", NULL);
    assert_string_equal(actor_code(d, "Argentina", NULL), "ARG");
    assert_string_equal(actor_code(d, "Argentine", NULL), "ARG");
    assert_string_equal(actor_code(d, "Argentin", NULL), "ARG");
    assert_string_equal(actor_code(d, "forces", NULL), "MIL");
    assert_string_equal(actor_code(d, "forcesx", NULL), "(none)");
    assert_string_equal(actor_code(d, "North Korea", NULL), "PRK");
    assert_string_equal(actor_code(d, "Northern Korea", NULL), "(none)");
    assert_string_equal(actor_code(d, "leader", NULL), "(none)");      /* <NOUN> list */
    assert_string_equal(actor_code(d, "Oldland", "1990-01-01"), "OLD");
    assert_string_equal(actor_code(d, "Oldland", "1992-01-01"), "NEW");
    assert_string_equal(actor_code(d, "after the end", NULL), "(none)"); /* after ~~FINISH */
    AvDictStats s;
    av_dict_stats(d, &s);
    assert_int_equal(s.errors, 0);
    assert_int_equal(s.actors, 4);
    av_dict_free(d);
}

typedef struct Seen {
    char text[16][600];
    int n;
} Seen;

static void remember(void *user, const AvDictDiag *dg)
{
    Seen *s = user;
    if (s->n < 16)
        snprintf(s->text[s->n++], 600, "%s:%u: %s", strrchr(dg->file, '/') + 1,
                 (unsigned)dg->line, dg->message);
}

static void test_malformed_lines(void **state)
{
    (void)state;
    Seen seen = {0};
    AvDictOptions opt = {.cameo_dir = "", .on_diag = remember, .user = &seen};
    AvDict *d = load_one("malformed.actors.txt", &opt);
    assert_int_equal(av_dict_n_diags(d), 6);
    assert_int_equal(seen.n, 6);
    assert_non_null(strstr(seen.text[0], "malformed.actors.txt:2: date restriction before any actor"));
    assert_non_null(strstr(seen.text[1], "malformed.actors.txt:5: bad date restriction '2001013-20020202'"));
    assert_non_null(strstr(seen.text[2], "malformed.actors.txt:7: code block [20010101-20020202] has no code"));
    assert_non_null(strstr(seen.text[3], "malformed.actors.txt:8: unexpected text 'extra words'"));
    assert_non_null(strstr(seen.text[4], "malformed.actors.txt:9: '[' without ']'"));
    assert_non_null(strstr(seen.text[5], "malformed.actors.txt:11: bad date restriction"));
    const AvDictDiag *dg = av_dict_diag(d, 1);
    assert_int_equal(dg->line, 5);
    assert_int_equal(dg->is_error, 1);
    /* Loading went on: the good entries, and the good part of bad lines. */
    assert_string_equal(actor_code(d, "good one", NULL), "GDO");
    assert_string_equal(actor_code(d, "also good", NULL), "AGD");
    assert_string_equal(actor_code(d, "stray text", NULL), "STX");
    AvDictStats s;
    av_dict_stats(d, &s);
    assert_int_equal(s.errors, 6);
    assert_int_equal(s.actors, 6);
    av_dict_free(d);

    /* Strict mode: the same file fails, naming the first error. */
    AvDictOptions strict = {.cameo_dir = "", .strict = 1};
    char p[1024];
    snprintf(p, sizeof p, "%s", path_of("malformed.actors.txt"));
    const char *paths[] = {p};
    AvError err;
    assert_null(av_dict_load(paths, 1, &strict, &err));
    assert_int_equal(err.code, AV_ERR_PARSE);
    assert_non_null(strstr(err.msg, "malformed.actors.txt:2:"));
    /* A missing file is an I/O error, not a crash. */
    const char *missing[] = {"/nonexistent/x.actors.txt"};
    assert_null(av_dict_load(missing, 1, NULL, &err));
    assert_int_equal(err.code, AV_ERR_IO);
}

static void test_cameo_tables(void **state)
{
    (void)state;
    AvDict *d = load_clean();
    assert_string_equal(av_dict_cameo_name(d, "043"), "Meet at a third location");
    assert_int_equal(av_dict_cameo_quad(d, "195"), 4);
    double g = 0;
    assert_int_equal(av_dict_cameo_goldstein(d, "043", &g), AV_OK);
    assert_true(g > 2.79 && g < 2.81);
    assert_int_equal(av_dict_cameo_goldstein(d, "999", &g), AV_ERR_ARG);
    assert_int_equal(av_dict_cameo_quad(d, "999"), -1);
    const AvPlover *p = av_dict_plover(d, "195");
    assert_non_null(p);
    assert_string_equal(p->type, "ASSAULT");
    assert_string_equal(p->mode, "aerial");
    assert_null(av_dict_plover(d, "011"));
    /* The clean fixtures lint clean against their codebook. */
    Seen seen = {0};
    assert_int_equal(av_dict_lint(d, remember, &seen), 0);
    assert_int_equal(seen.n, 0);
    AvDictStats s;
    av_dict_stats(d, &s);
    assert_int_equal(s.errors, 0);
    assert_int_equal(s.warnings, 0);
    assert_int_equal(s.files, 5);
    assert_int_equal(s.cameo_roots_covered, 4);   /* 04, 18, 19, and 13 via [:138] */
    assert_int_equal(s.cameo_subcodes_covered, 6); /* 043 138 1831 193 194 195 */
    av_dict_free(d);
    /* An absent table is a warning, and lookups answer "unknown". */
    char p2[1024];
    snprintf(p2, sizeof p2, "%s", path_of("clean/test.verbs.txt"));
    const char *paths[] = {p2};
    AvDictOptions opt = {.cameo_dir = "/nonexistent"};
    AvError err;
    d = av_dict_load(paths, 1, &opt, &err);
    assert_non_null(d);
    assert_int_equal(av_dict_n_diags(d), 2);
    assert_int_equal(av_dict_diag(d, 0)->is_error, 0);
    assert_null(av_dict_cameo_name(d, "043"));
    av_dict_free(d);
}

static void test_lint_findings(void **state)
{
    (void)state;
    /* Two files defining the same phrase with other codes and overlapping ranges. */
    char dir[] = "/tmp/avocet-dict-lint-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[1100];
    snprintf(p, sizeof p, "%s/a.actors.txt", dir);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("ALPHA_  [AAA]\nALPHA_  [AAA]\nBETA_  [BBB]\n+ALPHA_\nGAMMA_\n"
          "\t[GGGGOV 20000101-20051231]\n\t[GGGOPP 20040101-20081231]\n", f);
    fclose(f);
    const char *paths[] = {p};
    AvDictOptions opt = {.cameo_dir = ""};
    AvError err;
    AvDict *d = av_dict_load(paths, 1, &opt, &err);
    assert_non_null(d);
    Seen seen = {0};
    assert_int_equal(av_dict_lint(d, remember, &seen), 2);
    assert_int_equal(seen.n, 3);
    assert_non_null(strstr(seen.text[0], ":2: duplicate actor phrase 'ALPHA_'"));
    assert_non_null(strstr(seen.text[1], ":4: conflicting actor phrase 'ALPHA_'"));
    assert_non_null(strstr(seen.text[2], ":7: date ranges of [GGGGOV] and [GGGOPP] overlap"));
    /* The first definition wins at lookup. */
    assert_string_equal(actor_code(d, "alpha", NULL), "AAA");
    av_dict_free(d);
    remove(p);
    rmdir(dir);
}

/* One AvDict shared by threads: every thread gets the answers a single
 * thread gets (lookups keep no state in the dictionary). */
typedef struct ThreadJob {
    const AvDict *d;
    int mismatches;
} ThreadJob;

static void *lookup_worker(void *arg)
{
    ThreadJob *job = arg;
    const char *w1[] = {"Benjamin", "Netanyahu"}, *w2[] = {"Israeli", "policemen"};
    const char *dates[] = {"1990-01-01", "1997-05-01", "2005-01-01", "2021-05-24"};
    const char *want[] = {"ISRELI", "ISRGOV", NULL, "ISRGOV"};
    for (int i = 0; i < 2000; i++) {
        AvDictMatch m;
        int k = i % 4;
        if (av_dict_match_actor(job->d, w1, 2, 0, dates[k], &m) != 1 ||
            !(m.code == want[k] || (m.code && want[k] && !strcmp(m.code, want[k]))))
            job->mismatches++;
        char buf[64];
        if (av_dict_code_phrase(job->d, w2, 2, NULL, buf, sizeof buf, NULL, NULL) != 1 ||
            strcmp(buf, "ISRCOP"))
            job->mismatches++;
    }
    return NULL;
}

static void test_shared_by_threads(void **state)
{
    (void)state;
    AvDict *d = load_clean();
    pthread_t t[4];
    ThreadJob jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (ThreadJob){.d = d};
        assert_int_equal(pthread_create(&t[i], NULL, lookup_worker, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(jobs[i].mismatches, 0);
    }
    av_dict_free(d);
}

/* Everything the dictionary holds, as text: the five kinds written out. */
static char *dump(const AvDict *d)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    AvError err;
    for (int k = AV_DICT_ACTORS; k <= AV_DICT_DISCARDS; k++)
        assert_int_equal(av_dict_write(d, (AvDictKind)k, f, &err), AV_OK);
    fclose(f);
    return buf;
}

static AvDict *load_cached(const char *dir, const char *cache, Seen *seen)
{
    const char *paths[] = {dir};
    char cameo[1024];
    snprintf(cameo, sizeof cameo, "%s", path_of("cameo"));
    AvDictOptions opt = {.cameo_dir = cameo, .cache_path = cache, .on_diag = remember,
                         .user = seen};
    AvError err;
    AvDict *d = av_dict_load(paths, 1, &opt, &err);
    if (!d)
        fail_msg("load: %s", err.msg);
    return d;
}

static void test_cache(void **state)
{
    (void)state;
    /* A private copy of the fixtures, so that touching a file is harmless. */
    char dir[] = "/tmp/avocet-dict-cache-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[4096], cache[1100], actors[1100], clean[1024], bad[1024];
    snprintf(clean, sizeof clean, "%s", path_of("clean"));
    snprintf(bad, sizeof bad, "%s", path_of("malformed.actors.txt"));
    snprintf(cmd, sizeof cmd, "cp '%s'/* '%s'/ && cp '%s' '%s'/", clean, dir, bad, dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cache, sizeof cache, "%s/dict.cache", dir);
    snprintf(actors, sizeof actors, "%s/test.actors.txt", dir);

    Seen s1 = {0}, s2 = {0};
    AvDict *fresh = load_cached(dir, cache, &s1);
    AvDictStats st;
    av_dict_stats(fresh, &st);
    assert_int_equal(st.from_cache, 0);
    assert_int_equal(st.errors, 6);
    AvDict *cached = load_cached(dir, cache, &s2);
    av_dict_stats(cached, &st);
    assert_int_equal(st.from_cache, 1);
    assert_int_equal(st.errors, 6);
    /* Same content, same answers, the same diagnostics replayed. */
    char *a = dump(fresh), *b = dump(cached);
    assert_string_equal(a, b);
    free(a);
    free(b);
    assert_int_equal(s1.n, s2.n);
    assert_string_equal(s1.text[1], s2.text[1]);
    assert_string_equal(actor_code(cached, "Benjamin Netanyahu", "2021-05-24"), "ISRGOV");
    char buf[64];
    assert_string_equal(phrase_code(cached, "Israeli policemen", NULL, buf), "ISRCOP");
    assert_non_null(av_dict_verb_by_lemma(cached, "carry out"));
    assert_string_equal(av_dict_cameo_name(cached, "043"), "Meet at a third location");
    av_dict_free(fresh);
    av_dict_free(cached);

    /* A changed source file makes the cache stale. */
    FILE *f = fopen(actors, "a");
    assert_non_null(f);
    fputs("\nNEW_ACTOR_  [NEW]\n", f);
    fclose(f);
    Seen s3 = {0};
    AvDict *d = load_cached(dir, cache, &s3);
    av_dict_stats(d, &st);
    assert_int_equal(st.from_cache, 0);
    assert_string_equal(actor_code(d, "new actor", NULL), "NEW");
    av_dict_free(d);

    /* A damaged cache is ignored (checksum) and rewritten. */
    f = fopen(cache, "r+b");
    assert_non_null(f);
    fseek(f, 200, SEEK_SET);
    fputc(0x5A, f);
    fclose(f);
    Seen s4 = {0};
    d = load_cached(dir, cache, &s4);
    av_dict_stats(d, &st);
    assert_int_equal(st.from_cache, 0);
    av_dict_free(d);
    Seen s5 = {0};
    d = load_cached(dir, cache, &s5);
    av_dict_stats(d, &st);
    assert_int_equal(st.from_cache, 1);
    assert_string_equal(actor_code(d, "new actor", NULL), "NEW");
    av_dict_free(d);

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* write(load(x)) == write(load(write(load(x)))) and the counts agree. */
static void round_trip_kind(AvDictKind kind, const char *name)
{
    AvDict *d = load_one(name, NULL);
    char *out1 = NULL, *out2 = NULL;
    size_t n1 = 0, n2 = 0;
    FILE *f = open_memstream(&out1, &n1);
    AvError err;
    assert_int_equal(av_dict_write(d, kind, f, &err), AV_OK);
    fclose(f);
    char tmp[] = "/tmp/avocet-dict-rt-XXXXXX";
    int fd = mkstemp(tmp);
    assert_true(fd >= 0);
    FILE *tf = fdopen(fd, "w");
    fwrite(out1, 1, n1, tf);
    fclose(tf);
    const char *paths[] = {tmp};
    AvDictOptions opt = {.cameo_dir = "", .kind = kind};
    AvDict *d2 = av_dict_load(paths, 1, &opt, &err);
    assert_non_null(d2);
    f = open_memstream(&out2, &n2);
    assert_int_equal(av_dict_write(d2, kind, f, &err), AV_OK);
    fclose(f);
    assert_string_equal(out1, out2);
    AvDictStats s1, s2;
    av_dict_stats(d, &s1);
    av_dict_stats(d2, &s2);
    assert_int_equal(s2.errors, 0);
    assert_int_equal(s1.actors + s1.agents + s1.verbs + s1.issues + s1.discards,
                     s2.actors + s2.agents + s2.verbs + s2.issues + s2.discards);
    assert_int_equal(s1.actor_phrases, s2.actor_phrases);
    assert_int_equal(s1.date_restrictions, s2.date_restrictions);
    assert_int_equal(s1.agent_phrases, s2.agent_phrases);
    assert_int_equal(s1.verb_forms, s2.verb_forms);
    assert_int_equal(s1.patterns, s2.patterns);
    assert_int_equal(s1.synsets, s2.synsets);
    assert_int_equal(s1.issue_phrases, s2.issue_phrases);
    remove(tmp);
    free(out1);
    free(out2);
    av_dict_free(d);
    av_dict_free(d2);
}

static void test_round_trip(void **state)
{
    (void)state;
    round_trip_kind(AV_DICT_ACTORS, "clean/test.actors.txt");
    round_trip_kind(AV_DICT_AGENTS, "clean/test.agents.txt");
    round_trip_kind(AV_DICT_VERBS, "clean/test.verbs.txt");
    round_trip_kind(AV_DICT_ISSUES, "clean/test.issues.txt");
    round_trip_kind(AV_DICT_DISCARDS, "clean/test.discards.txt");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_restrictions),
        cmocka_unit_test(test_longest_match),
        cmocka_unit_test(test_agent_composition),
        cmocka_unit_test(test_synsets_and_patterns),
        cmocka_unit_test(test_verb_forms),
        cmocka_unit_test(test_issues_and_discards),
        cmocka_unit_test(test_tabari_stems),
        cmocka_unit_test(test_malformed_lines),
        cmocka_unit_test(test_cameo_tables),
        cmocka_unit_test(test_lint_findings),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_cache),
        cmocka_unit_test(test_shared_by_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
