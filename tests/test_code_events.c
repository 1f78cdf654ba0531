/*
 * test_code_events.c — the coder on hand-parsed sentences (gold trees in
 * tests/data/code/clauses.conllu) with small fixture dictionaries: dyads,
 * passives, compound actors, control verbs, negation, pronouns, stable ids,
 * and every record valid against docs/event.schema.json.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "avocet.h"
#include "support/events_check.h"

static const char *data_dir(void)
{
    const char *d = getenv("AVOCET_TEST_DATA");
    return d ? d : "tests/data";
}

static AvDict *load_fixture_dict(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/code/dict", data_dir());
    const char *paths[] = {path};
    AvDictOptions o;
    memset(&o, 0, sizeof o);
    AvError err;
    AvDict *d = av_dict_load(paths, 1, &o, &err);
    if (!d)
        fail_msg("dictionary: %s", err.msg);
    return d;
}

static AvDocument *code_fixture(const AvDict *d, int keep_negated)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/code/clauses.conllu", data_dir());
    AvError err;
    AvReader *r = av_reader_open(path, AV_FORMAT_CONLLU, &err);
    assert_non_null(r);
    AvDocument *doc = NULL;
    assert_int_equal(av_reader_next(r, &doc, &err), 1);
    av_reader_close(r);
    AvCoderOptions o;
    av_coder_options_init(&o);
    o.keep_negated = keep_negated;
    AvCoder *c = av_coder_new(NULL, d, &o, &err);
    assert_non_null(c);
    assert_int_equal(av_code_parsed(c, doc, &err), AV_OK);
    av_coder_free(c);
    return doc;
}

/* Events of sentence si, as "SRC>TGT:CODE" joined by spaces. */
static void events_of(const AvDocument *doc, uint32_t si, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (uint32_t i = 0; i < doc->n_events; i++) {
        const AvEvent *e = &doc->events[i];
        if (e->sentence != si)
            continue;
        size_t len = strlen(buf);
        snprintf(buf + len, cap - len, "%s%s>%s:%s", len ? " " : "", e->source.code,
                 e->target.code, e->cameo);
    }
}

static void dyads_and_codes(void **state)
{
    (void)state;
    AvDict *d = load_fixture_dict();
    AvDocument *doc = code_fixture(d, 0);
    char ev[512];
    events_of(doc, 0, ev, sizeof ev);
    assert_string_equal(ev, "ISR>PSE:190");          /* "Israeli air strikes killed ... Palestinians" */
    events_of(doc, 2, ev, sizeof ev);
    assert_string_equal(ev, "EGY>IRN:064 QAT>IRN:064"); /* control verb + compound subject;
                                                         "(TO TIES)" wants a preposition */
    events_of(doc, 6, ev, sizeof ev);
    assert_string_equal(ev, "ISR>PSE:190 ISR>PSE:190"); /* "bombed and shelled Gaza" */
    events_of(doc, 8, ev, sizeof ev);
    assert_string_equal(ev, "HUNGOV>EGYCOP:040 ROUGOV>EGYCOP:040"); /* distributed agent */
    events_of(doc, 9, ev, sizeof ev);
    assert_string_equal(ev, "PSEHMS>QAT:190");        /* passive: agent acts */
    events_of(doc, 11, ev, sizeof ev);
    assert_string_equal(ev, "ISRELI>IRN:111");        /* "He" = Netanyahu (no date: fallback code) */
    events_of(doc, 13, ev, sizeof ev);
    assert_string_equal(ev, "PSEHMS>QAT:190");        /* "Qatar and Doha": one event per dyad */
    events_of(doc, 16, ev, sizeof ev);
    assert_string_equal(ev, "EGYGOV>ISR:122");        /* "Egypt" misparsed out of the subject */
    events_of(doc, 17, ev, sizeof ev);
    assert_string_equal(ev, "EGY>ISR:102");           /* "to respond" codes nothing: "urged" does */
    events_of(doc, 18, ev, sizeof ev);
    assert_string_equal(ev, "IRN>ISR:112");           /* "- RECENTLY_* [112]" */
    events_of(doc, 19, ev, sizeof ev);
    assert_string_equal(ev, "IRN>ISR:111");           /* "recently did": not joined to the verb */
    events_of(doc, 20, ev, sizeof ev);
    assert_string_equal(ev, "EGYCOP>ISR:040 EGYGOV>ISR:040"); /* "Egyptian police and officials" */
    events_of(doc, 21, ev, sizeof ev);
    assert_string_equal(ev, "IRN>ISR:130");           /* "it" (= Iran) is no target of "doubted" */
    events_of(doc, 22, ev, sizeof ev);
    assert_string_equal(ev, "IRN>QAT:057");           /* "- * RESOLUTION" is not "resolutions" */
    events_of(doc, 23, ev, sizeof ev);
    assert_string_equal(ev, "IRN>ISR:162");           /* "at ^ +": '^' skips "the Qatar summit" */
    events_of(doc, 24, ev, sizeof ev);
    assert_string_equal(ev, "IRN>EGYOPP:162");        /* '+' on a phrase the parse split up */
    events_of(doc, 25, ev, sizeof ev);
    assert_string_equal(ev, "ISR>PSE:1721");          /* "cordoned off": particle read as ADP */
    events_of(doc, 26, ev, sizeof ev);
    assert_string_equal(ev, "PSEHMS>ISR:173");        /* "vowed ... to wage war" parsed as advcl */
    events_of(doc, 27, ev, sizeof ev);
    assert_string_equal(ev, "EGY>QAT:161");           /* a purpose clause is not read with "cut" */
    events_of(doc, 28, ev, sizeof ev);
    assert_string_equal(ev, "");                      /* "failed to meet": it did not happen */
    events_of(doc, 29, ev, sizeof ev);
    assert_string_equal(ev, "");                      /* "said in Qatar": a place, not a target */
    events_of(doc, 30, ev, sizeof ev);
    assert_string_equal(ev, "");                      /* "attack" only modifies "force" */
    events_of(doc, 31, ev, sizeof ev);
    assert_string_equal(ev, "IRN>QAT:010");
    for (uint32_t i = 0; i < doc->n_events; i++)
        if (doc->events[i].sentence == 31)
            assert_null(doc->events[i].plover_type);  /* PLOVER does not code statements */
    events_of(doc, 32, ev, sizeof ev);
    assert_string_equal(ev, "EGYCOP>PSEHMS:173");     /* police in the capital: EGYCOP, not EGYGOVCOP */
    events_of(doc, 33, ev, sizeof ev);
    assert_string_equal(ev, "PSEHMS>ISR:190");        /* "killed by a bomb planted by Hamas" */
    events_of(doc, 34, ev, sizeof ev);
    assert_string_equal(ev, "PSEHMS>ISR:190");        /* "it" can be a group, not only a country */
    events_of(doc, 35, ev, sizeof ev);
    assert_string_equal(ev, "IRN>QAT:064 QAT>IRN:064"); /* "share" is done with each other */
    events_of(doc, 36, ev, sizeof ev);
    assert_string_equal(ev, "HUNGOV>IRN:040 ROUGOV>IRN:040"); /* "Hungarian" hung on the verb */
    events_of(doc, 37, ev, sizeof ev);
    assert_string_equal(ev, "EGYCOP>EGYGOV:173");    /* arrests "in Cairo": Egyptian police */
    events_of(doc, 38, ev, sizeof ev);
    assert_string_equal(ev, "ISR>PSE:190 ISR>PSE:190"); /* ", killing Palestinians": Israel kills */
    events_of(doc, 39, ev, sizeof ev);
    assert_string_equal(ev, "");                      /* talking to reporters is no event */
    events_of(doc, 40, ev, sizeof ev);
    assert_string_equal(ev, "ISR>PSEREB:190");        /* "troops [root] clashed [acl]": a clause */
    events_of(doc, 41, ev, sizeof ev);
    assert_string_equal(ev, "EGY>ISR:122 QAT>ISR:122"); /* two subjects with "and" between: both act */
    events_of(doc, 42, ev, sizeof ev);
    assert_string_equal(ev, "ISR>IRN:122");            /* "by Israel" hung on "earlier": the agent */
    events_of(doc, 43, ev, sizeof ev);
    assert_string_equal(ev, "ISR>PSE:190");            /* "said two years after Israel ...": no target */
    events_of(doc, 44, ev, sizeof ev);
    assert_string_equal(ev, "EGY>PSE:190 QAT>IRN:010"); /* "Qatar" hung on "Gaza" speaks */
    av_doc_free(doc);
    av_dict_free(d);
}

static void compound_actors_share_a_group(void **state)
{
    (void)state;
    AvDict *d = load_fixture_dict();
    AvDocument *doc = code_fixture(d, 0);
    const AvEvent *a = NULL, *b = NULL;
    for (uint32_t i = 0; i < doc->n_events; i++)
        if (doc->events[i].sentence == 8) {
            if (!a)
                a = &doc->events[i];
            else
                b = &doc->events[i];
        }
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(a->group, b->group);
    assert_string_not_equal(a->id, b->id);
    av_doc_free(doc);
    av_dict_free(d);
}

static void negation_is_configurable(void **state)
{
    (void)state;
    AvDict *d = load_fixture_dict();
    char ev[512];
    AvDocument *doc = code_fixture(d, 0);
    events_of(doc, 7, ev, sizeof ev);   /* "Iran did not condemn Israel." */
    assert_string_equal(ev, "");
    av_doc_free(doc);
    doc = code_fixture(d, 1);
    events_of(doc, 7, ev, sizeof ev);
    assert_string_equal(ev, "IRN>ISR:122");
    for (uint32_t i = 0; i < doc->n_events; i++)
        if (doc->events[i].sentence == 7)
            assert_true(doc->events[i].negated);
    av_doc_free(doc);
    av_dict_free(d);
}

static void modality_and_provenance(void **state)
{
    (void)state;
    AvDict *d = load_fixture_dict();
    AvDocument *doc = code_fixture(d, 0);
    for (uint32_t i = 0; i < doc->n_events; i++) {
        const AvEvent *e = &doc->events[i];
        assert_non_null(e->pattern);
        assert_non_null(strstr(e->pattern, "fixture.verbs.txt:"));
        if (e->sentence == 2)
            assert_string_equal(e->modality, "intended");   /* "agreed to restore" */
        if (e->sentence == 0) {
            assert_string_equal(e->modality, "asserted");
            assert_string_equal(e->trigger, "killed");
            assert_string_equal(e->plover_type, "ASSAULT");
            assert_int_equal(e->quad_class, 4);
        }
    }
    av_doc_free(doc);
    av_dict_free(d);
}

static void ids_are_stable(void **state)
{
    (void)state;
    AvDict *d = load_fixture_dict();
    AvDocument *a = code_fixture(d, 0), *b = code_fixture(d, 0);
    assert_int_equal(a->n_events, b->n_events);
    assert_true(a->n_events >= 8);
    for (uint32_t i = 0; i < a->n_events; i++) {
        assert_string_equal(a->events[i].id, b->events[i].id);
        for (uint32_t j = 0; j < i; j++)
            assert_string_not_equal(a->events[i].id, a->events[j].id);
    }
    av_doc_free(a);
    av_doc_free(b);
    av_dict_free(d);
}

static void records_match_the_schema(void **state)
{
    (void)state;
    char why[1024];
    json_t *schema = events_schema(why, sizeof why);
    if (!schema)
        fail_msg("%s", why);
    AvDict *d = load_fixture_dict();
    AvDocument *doc = code_fixture(d, 1);
    int lines = events_check(schema, doc, why, sizeof why);
    if (lines < 0)
        fail_msg("%s", why);
    assert_int_equal(lines, (int)doc->n_events);
    /* and the checker does reject a broken record */
    json_t *bad = json_pack("{s:s}", "doc_id", "x");
    assert_int_not_equal(schema_check(schema, schema, bad, "$", why, sizeof why), 0);
    json_decref(bad);
    json_decref(schema);
    av_doc_free(doc);
    av_dict_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dyads_and_codes),
        cmocka_unit_test(compound_actors_share_a_group),
        cmocka_unit_test(negation_is_configurable),
        cmocka_unit_test(modality_and_provenance),
        cmocka_unit_test(ids_are_stable),
        cmocka_unit_test(records_match_the_schema),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
