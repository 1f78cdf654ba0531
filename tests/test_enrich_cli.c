/*
 * test_enrich_cli.c — `avocet code` emits the enrichment: dates, places and
 * quantities in records valid against docs/event.schema.json, one warning
 * per record without a publication date, --explain says how each was found,
 * --no-enrich turns it off.  Input: a hand-parsed CoNLL-U article
 * (tests/data/enrich/article.conllu, coded on its own trees, no model) with
 * the coder's fixture dictionaries and the tiny test gazetteer.
 */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "avocet.h"
#include "support/schema_check.h"

typedef struct Paths {
    char data[1024], bin[1024], source[1024], gaz[256], err[256];
} Paths;

static int setup(void **state)
{
    Paths *p = calloc(1, sizeof *p);
    const char *d = getenv("AVOCET_TEST_DATA"), *b = getenv("AVOCET_BIN");
    const char *s = getenv("AVOCET_SOURCE");
    if (!p || !b)
        return -1;
    snprintf(p->data, sizeof p->data, "%s", d ? d : "tests/data");
    snprintf(p->bin, sizeof p->bin, "%s", b);
    snprintf(p->source, sizeof p->source, "%s", s ? s : ".");
    snprintf(p->gaz, sizeof p->gaz, "/tmp/avocet-test-cli-gaz-%ld.avg", (long)getpid());
    snprintf(p->err, sizeof p->err, "/tmp/avocet-test-cli-err-%ld.txt", (long)getpid());
    char places[1100], regions[1100];
    snprintf(places, sizeof places, "%s/enrich/places.tsv", p->data);
    snprintf(regions, sizeof regions, "%s/enrich/regions.tsv", p->data);
    const char *paths[] = {regions, places};
    AvError err;
    if (av_gazetteer_compile(paths, 2, p->gaz, &err) < 0)
        return -1;
    *state = p;
    return 0;
}

static int teardown(void **state)
{
    Paths *p = *state;
    unlink(p->gaz);
    unlink(p->err);
    free(p);
    return 0;
}

/* Runs avocet code with extra options; returns the records, fills stderr. */
static json_t *run_code(const Paths *p, const char *options, char *err_text, size_t cap)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' code --dict '%s/code/dict' --gazetteer '%s' %s "
             "'%s/enrich/article.conllu' 2>'%s'", p->bin, p->data, p->gaz, options, p->data,
             p->err);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    json_t *records = json_array();
    char line[65536];
    while (fgets(line, sizeof line, f)) {
        json_error_t je;
        json_t *rec = json_loads(line, 0, &je);
        if (!rec)
            fail_msg("not JSON: %s (%s)", line, je.text);
        json_array_append_new(records, rec);
    }
    assert_int_equal(pclose(f), 0);
    FILE *e = fopen(p->err, "r");
    size_t n = e ? fread(err_text, 1, cap - 1, e) : 0;
    err_text[n] = '\0';
    if (e)
        fclose(e);
    return records;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void emits_dates_places_quantities(void **state)
{
    Paths *p = *state;
    char err[8192];
    json_t *recs = run_code(p, "", err, sizeof err);
    assert_int_equal(json_array_size(recs), 2);
    /* the record has no date: said once, not once per event */
    assert_int_equal(count(err, "no publication date"), 1);

    json_t *e = json_array_get(recs, 0);
    assert_string_equal(json_string_value(json_object_get(e, "date")), "2021-05-24");
    assert_string_equal(json_string_value(json_object_get(e, "date_origin")), "text");
    assert_string_equal(json_string_value(json_object_get(e, "date_text")), "on May 24, 2021");
    json_t *loc = json_object_get(e, "location");
    assert_string_equal(json_string_value(json_object_get(loc, "name")), "Gaza");
    assert_string_equal(json_string_value(json_object_get(loc, "country")), "PSE");
    assert_string_equal(json_string_value(json_object_get(loc, "found")), "clause");
    assert_int_equal(json_integer_value(json_object_get(loc, "geonames_id")), 281133);
    json_t *q = json_array_get(json_object_get(e, "quantities"), 0);
    assert_string_equal(json_string_value(json_object_get(q, "kind")), "killed");
    assert_true(json_number_value(json_object_get(q, "value")) == 12);

    /* "Egypt criticized Israel in Cairo": the countries are actors, Cairo
     * is the place */
    e = json_array_get(recs, 1);
    assert_int_equal(json_array_size(json_object_get(e, "locations")), 1);
    loc = json_object_get(e, "location");
    assert_string_equal(json_string_value(json_object_get(loc, "name")), "Cairo");
    assert_true(json_is_null(json_object_get(e, "date")));

    char path[1100];
    snprintf(path, sizeof path, "%s/docs/event.schema.json", p->source);
    json_error_t je;
    json_t *schema = json_load_file(path, 0, &je);
    assert_non_null(schema);
    size_t i;
    json_t *rec;
    json_array_foreach(recs, i, rec) {
        char why[512];
        if (schema_check(schema, schema, rec, "$", why, sizeof why))
            fail_msg("record %zu: %s", i, why);
    }
    /* the schema does check the new keys */
    json_t *bad = json_deep_copy(json_array_get(recs, 0));
    json_object_set_new(json_object_get(bad, "location"), "precision", json_string("street"));
    char why[512];
    assert_int_not_equal(schema_check(schema, schema, bad, "$", why, sizeof why), 0);
    json_decref(bad);
    json_decref(schema);
    json_decref(recs);
}

static void explain_and_no_enrich(void **state)
{
    Paths *p = *state;
    char err[65536];
    json_t *recs = run_code(p, "--explain", err, sizeof err);
    assert_non_null(strstr(err, "date 2021-05-24 (day) from 'on May 24, 2021' in the clause"));
    assert_non_null(strstr(err, "place 'Cairo' -> Cairo (EGY, city"));
    assert_non_null(strstr(err, "'Egypt' is not a place of the event"));
    assert_non_null(strstr(err, "quantity '12 Palestinians' -> killed 12"));
    json_decref(recs);

    recs = run_code(p, "--no-enrich", err, sizeof err);
    assert_int_equal(json_array_size(recs), 2);
    json_t *e = json_array_get(recs, 0);
    assert_true(json_is_null(json_object_get(e, "location")));
    assert_int_equal(json_array_size(json_object_get(e, "quantities")), 0);
    assert_int_equal(count(err, "no publication date"), 0);
    json_decref(recs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(emits_dates_places_quantities),
        cmocka_unit_test(explain_and_no_enrich),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
