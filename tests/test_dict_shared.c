/*
 * test_dict_shared.c — every PETRARCH2 and TABARI dictionary in ../shared
 * loads with exactly the errors a careful reading of the formats also
 * finds (listed below with the reason), with plausible counts, and answers
 * known lookups.  Skips (77) when ../shared is absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "avocet.h"

/* The errors still reported, and why each is right. */
static const char *const expected_errors[] = {
    "CAMEO.2.0.txt:8443",                  /* &WEATHER is never defined */
    "CAMEO.2.0.txt:8444",                  /* &DEMONSTRATION is never defined */
    "Phoenix.Countries.actors.txt:2039",   /* 7-digit date 9008223 */
    "Phoenix.Countries.actors.txt:18010",  /* 9-digit date >201005011 */
    "Phoenix.Countries.actors.txt:22508",  /* 10-digit date 1920030320 */
    "Phoenix.Countries.actors.txt:22519",  /* 10-digit date 1920030320 */
    "Phoenix.Countries.actors.txt:31715",  /* a single date, no '<', '>' or range */
    "Phoenix.Countries.actors.txt:43613",  /* 10-digit date 1920050709 */
    "Phoenix.Countries.actors.txt:51384",  /* a single date, no '<', '>' or range */
    "Phoenix.International.actors.txt:40",   /* 7-digit date 2004017 */
    "Phoenix.International.actors.txt:3696", /* tab-separated sector/revenue after the code, no '#' */
    "Phoenix.International.actors.txt:3726", /* same */
    "Phoenix.International.actors.txt:6605", /* same */
    "Phoenix.IssueCoding.txt:1198",        /* two entries on one line */
    "Phoenix.IssueCoding.txt:2889",        /* two entries on one line */
    "Phoenix.IssueCoding.txt:3053",        /* "*******" after the code */
    "Phoenix.agents.txt:1927",             /* agent without [code] */
};
#define N_EXPECTED (sizeof expected_errors / sizeof expected_errors[0])

typedef struct Errors {
    char seen[64][128];
    size_t n;
} Errors;

static void collect(void *user, const AvDictDiag *dg)
{
    Errors *e = user;
    if (!dg->is_error)
        return;
    const char *base = strrchr(dg->file, '/');
    if (e->n < 64)
        snprintf(e->seen[e->n], 128, "%s:%u", base ? base + 1 : dg->file, (unsigned)dg->line);
    e->n++;
    if (e->n <= 64) {
        int known = 0;
        for (size_t i = 0; i < N_EXPECTED; i++)
            known |= !strcmp(e->seen[e->n - 1], expected_errors[i]);
        if (!known)
            print_error("unexpected: %s:%u: %s\n", dg->file, (unsigned)dg->line, dg->message);
    }
}

static char shared_dir[1024];

static AvDict *load_dir(const char *sub, Errors *errors)
{
    char p[1100];
    snprintf(p, sizeof p, "%s/%s", shared_dir, sub);
    const char *paths[] = {p};
    AvDictOptions opt = {.on_diag = collect, .user = errors, .cameo_dir = ""};
    AvError err;
    AvDict *d = av_dict_load(paths, 1, &opt, &err);
    if (!d)
        fail_msg("%s: %s", p, err.msg);
    return d;
}

static const char *code_of(const AvDict *d, AvDictKind kind, const char *const *w, size_t n,
                           const char *date)
{
    AvDictMatch m;
    if (av_dict_match(d, kind, w, n, 0, date, &m) != 1)
        return "(none)";
    return m.code ? m.code : "---";
}

static void test_petrarch(void **state)
{
    (void)state;
    Errors errors = {0};
    AvDict *d = load_dir("petrarch", &errors);
    assert_int_equal(errors.n, N_EXPECTED);
    for (size_t i = 0; i < N_EXPECTED; i++)
        assert_string_equal(errors.seen[i], expected_errors[i]);
    AvDictStats s;
    av_dict_stats(d, &s);
    assert_int_equal(s.files, 11);
    assert_true(s.actors > 27000);          /* Phoenix actors + PETR.Validate */
    assert_true(s.date_restrictions > 26000);
    assert_true(s.agents > 2200);
    assert_true(s.verbs > 1800 && s.patterns > 4600);
    assert_true(s.synsets >= 40);
    assert_int_equal(s.transformations, 8);   /* the "~ a (a b ATTACK) SAY" lines */
    assert_true(s.issues > 2500 && s.discards > 450);
    assert_int_equal(s.cameo_roots_covered, 20);

    const char *netanyahu[] = {"Benjamin", "Netanyahu"};
    assert_string_equal(code_of(d, AV_DICT_ACTORS, netanyahu, 2, "2021-05-24"), "ISRGOV");
    assert_string_equal(code_of(d, AV_DICT_ACTORS, netanyahu, 2, "1990-01-01"), "ISRELI");
    const char *police[] = {"Israeli", "police"};
    char buf[64];
    assert_int_equal(av_dict_code_phrase(d, police, 2, "2021-05-24", buf, sizeof buf, NULL, NULL),
                     1);
    assert_string_equal(buf, "ISRCOP");
    const AvVerb *v = av_dict_verb_by_lemma(d, "ask");
    assert_non_null(v);
    assert_true(v->n_patterns > 50);
    const char *cup[] = {"World", "Cup"};
    assert_string_equal(code_of(d, AV_DICT_DISCARDS, cup, 2, NULL), "story");   /* "+WORLD CUP" */
    av_dict_free(d);
}

static void test_tabari(void **state)
{
    (void)state;
    Errors errors = {0};
    AvDict *d = load_dir("tabari", &errors);
    assert_int_equal(errors.n, 0);
    AvDictStats s;
    av_dict_stats(d, &s);
    assert_int_equal(s.files, 4);
    assert_true(s.actors > 50);
    assert_true(s.agents > 50);
    assert_true(s.verbs > 1400 && s.patterns > 15000);   /* CAMEO.091003: one block per verb */
    /* TABARI stems: "ARGENTIN [ARG]" covers "Argentina". */
    const char *arg[] = {"Argentina"};
    assert_string_equal(code_of(d, AV_DICT_ACTORS, arg, 1, NULL), "ARG");
    const char *gollum[] = {"Smeagol"};
    assert_string_equal(code_of(d, AV_DICT_ACTORS, gollum, 1, "1999-01-01"), "HOBGOV");
    av_dict_free(d);
}

int main(void)
{
    const char *shared = getenv("AVOCET_SHARED");
    struct stat st;
    if (!shared)
        return 77;
    snprintf(shared_dir, sizeof shared_dir, "%s", shared);
    char probe[1100];
    snprintf(probe, sizeof probe, "%s/petrarch/CAMEO.2.0.txt", shared);
    if (stat(probe, &st) != 0)
        return 77;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_petrarch),
        cmocka_unit_test(test_tabari),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
