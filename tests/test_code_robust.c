/*
 * test_code_robust.c — sentences that defeat a coder (very long, no verb,
 * capitals, lists, tables, punctuation only) give no event and no crash,
 * with the shipped model and avocet's default dictionaries.
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

typedef struct Fixture {
    AvModel *model;
    AvDict *dict;
    AvCoder *coder;
} Fixture;

static int setup(void **state)
{
    static Fixture fx;
    AvError err;
    fx.model = av_model_load(NULL, &err);
    if (!fx.model) {
        fprintf(stderr, "no parser model (%s): skipping\n", err.msg);
        return -1;
    }
    const char *dir = av_dict_default_dir();
    AvDictOptions o;
    memset(&o, 0, sizeof o);
    fx.dict = av_dict_load(&dir, 1, &o, &err);
    if (!fx.dict) {
        fprintf(stderr, "dictionaries: %s\n", err.msg);
        return -1;
    }
    fx.coder = av_coder_new(fx.model, fx.dict, NULL, &err);
    *state = &fx;
    return fx.coder ? 0 : -1;
}

static int teardown(void **state)
{
    Fixture *fx = *state;
    av_coder_free(fx->coder);
    av_dict_free(fx->dict);
    av_model_free(fx->model);
    return 0;
}

static int events_for(const Fixture *fx, const char *text, size_t len)
{
    AvDocument *doc = av_doc_new();
    AvError err;
    assert_non_null(doc);
    doc->id = "robust";
    doc->date = "2026-03-14";
    assert_int_equal(av_doc_set_text(doc, text, len, &err), AV_OK);
    assert_int_equal(av_code_document(fx->coder, doc, &err), AV_OK);
    int n = (int)doc->n_events;
    av_doc_free(doc);
    return n;
}

static int events_for_str(const Fixture *fx, const char *text)
{
    return events_for(fx, text, strlen(text));
}

static void very_long_sentence(void **state)
{
    /* one "sentence" of ~20,000 words without a full stop */
    const char *chunk = "the committee of the ministry and the board of the council ";
    size_t n = 2000, cl = strlen(chunk);
    char *text = malloc(n * cl + 1);
    assert_non_null(text);
    for (size_t i = 0; i < n; i++)
        memcpy(text + i * cl, chunk, cl);
    text[n * cl] = '\0';
    assert_int_equal(events_for(*state, text, n * cl), 0);
    free(text);
}

static void no_verb(void **state)
{
    assert_int_equal(events_for_str(*state, "Israel, Egypt, Jordan and Qatar: a region in turmoil."), 0);
}

static void all_capitals(void **state)
{
    assert_int_equal(events_for_str(*state, "ISRAELI JETS BOMB GAZA AS HAMAS FIRES ROCKETS AT TEL AVIV"), 0);
}

static void lists_and_tables(void **state)
{
    const Fixture *fx = *state;
    assert_int_equal(events_for_str(fx, "1. Israel 2. Egypt 3. Jordan 4. Qatar 5. Iran"), 0);
    assert_int_equal(events_for_str(fx, "Country | Killed | Wounded\n\nIsrael | 12 | 40\n\n"
                                        "Gaza | 230 | 900\n\nLebanon | 31 | 77\n"), 0);
}

static void junk(void **state)
{
    const Fixture *fx = *state;
    assert_int_equal(events_for_str(fx, ""), 0);
    assert_int_equal(events_for_str(fx, "   \n\n\t  "), 0);
    assert_int_equal(events_for_str(fx, "!!! ??? ... ,,, ;;; --- ((( )))"), 0);
    const char bytes[] = "\xff\xfe\x00\x01 Israel \xc3\x28 attacked \xe2\x82";
    events_for(fx, bytes, sizeof bytes - 1);   /* repaired, coded or not: no crash */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(very_long_sentence),
        cmocka_unit_test(no_verb),
        cmocka_unit_test(all_capitals),
        cmocka_unit_test(lists_and_tables),
        cmocka_unit_test(junk),
    };
    void *probe = NULL;
    if (setup(&probe) != 0)
        return 77;   /* no model shipped in this checkout: skip */
    teardown(&probe);
    return cmocka_run_group_tests(tests, setup, teardown);
}
