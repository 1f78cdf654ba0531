/* test_nlp_model.c — the shipped model (data/models/en-ud.avm) on the UD
 * English EWT test set with gold tokenisation must reach the accuracy
 * reported in docs/nlp.md.  Skips when ../shared or the model is absent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>
#include "avocet.h"

/* The floors are the figures measured for the shipped model (docs/nlp.md),
 * rounded down; the targets (UPOS 95.5, UAS 88, LAS 85) are not all
 * met yet and are reported there. */
#define MIN_UPOS 94.5
#define MIN_LEMMA 96.0
#define MIN_UAS 84.0
#define MIN_LAS 80.5

static char gold[1024], model[1024];

static void shipped_model_on_ewt_test(void **state)
{
    (void)state;
    AvError err;
    AvModel *m = av_model_load(model, &err);
    if (!m)
        fail_msg("%s", err.msg);
    AvParseScores sc;
    assert_int_equal(av_eval_parse(m, gold, 0, &sc, &err), AV_OK);
    printf("en_ewt-test: UPOS %.2f XPOS %.2f UFeats %.2f Lemma %.2f UAS %.2f LAS %.2f\n", sc.upos,
           sc.xpos, sc.ufeats, sc.lemma, sc.uas, sc.las);
    assert_int_equal(sc.gold_words, 25094);
    assert_true(sc.upos >= MIN_UPOS);
    assert_true(sc.lemma >= MIN_LEMMA);
    assert_true(sc.uas >= MIN_UAS);
    assert_true(sc.las >= MIN_LAS);
    av_model_free(m);
}

int main(void)
{
    const char *shared = getenv("AVOCET_SHARED"), *src = getenv("AVOCET_SOURCE");
    if (!shared || !src)
        return 77;
    snprintf(gold, sizeof gold, "%s/ud/en_ewt-test.conllu", shared);
    snprintf(model, sizeof model, "%s/data/models/en-ud.avm", src);
    if (access(gold, R_OK) || access(model, R_OK))
        return 77;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_model_on_ewt_test),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
