/*
 * test_text_sentence_model.c — the trained sentence-boundary classifier:
 * the model file (built-in image, loading, corruption), what it changes
 * and keeps in the rules' segmentation, well-formed output, and training
 * on a small fixture of our own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "avocet.h"
#include "text/sentence_model.h"

static AvDocument *segment_with(const AvSegmenter *m, const char *text)
{
    AvDocument *doc = av_doc_new();
    AvError err;
    assert_non_null(doc);
    assert_int_equal(av_doc_set_text(doc, text, strlen(text), &err), AV_OK);
    assert_int_equal(av_segment_with(m, doc, &err), AV_OK);
    return doc;
}

static const char *sentence_text(const AvDocument *doc, uint32_t si, char *buf, size_t cap)
{
    const AvSentence *s = &doc->sentences[si];
    size_t n = s->end - s->start < cap - 1 ? s->end - s->start : cap - 1;
    memcpy(buf, doc->text + s->start, n);
    buf[n] = '\0';
    return buf;
}

static const AvSegmenter *builtin_or_skip(void)
{
    const AvSegmenter *m = av_segmenter_builtin();
    if (!m)
        skip();   /* built without data/models/en-sent.avm: rules only */
    return m;
}

static void builtin_image_is_valid(void **state)
{
    (void)state;
    builtin_or_skip();
    const unsigned char *img;
    size_t size;
    av_sent_builtin_image(&img, &size);
    AvSentWeights w;
    AvError err;
    assert_int_equal(av_sent_model_check(img, size, true, &w, &err), AV_OK);
    assert_true(size < (2u << 20));   /* the model stays small */
    assert_true(w.bits >= 12 && w.bits <= 24);
    assert_true(w.scale > 0);
}

static char *write_temp(const unsigned char *data, size_t n)
{
    static const char pattern[] = "/tmp/avocet-sent-XXXXXX";
    char *path = malloc(sizeof pattern);
    assert_non_null(path);
    memcpy(path, pattern, sizeof pattern);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, n), (ssize_t)n);
    close(fd);
    return path;
}

/* Loads a modified copy of the built-in image; returns the status. */
static int load_status(const unsigned char *img, size_t n, AvError *err)
{
    char *path = write_temp(img, n);
    AvSegmenter *m = av_segmenter_load(path, err);
    int rc = m ? AV_OK : err->code;
    av_segmenter_free(m);
    unlink(path);
    free(path);
    return rc;
}

static void load_checks_files(void **state)
{
    (void)state;
    builtin_or_skip();
    const unsigned char *img;
    size_t size;
    av_sent_builtin_image(&img, &size);
    unsigned char *copy = malloc(size);
    assert_non_null(copy);
    AvError err;
    memcpy(copy, img, size);
    assert_int_equal(load_status(copy, size, &err), AV_OK);
    assert_int_equal(load_status(copy, size - 100, &err), AV_ERR_CORRUPT);   /* truncated */
    assert_non_null(strstr(err.msg, "truncated"));
    copy[size / 2] ^= 0x40;                                                   /* one bit */
    assert_int_equal(load_status(copy, size, &err), AV_ERR_CORRUPT);
    assert_non_null(strstr(err.msg, "checksum"));
    copy[size / 2] ^= 0x40;
    copy[8] = 99;                                                             /* version */
    assert_int_equal(load_status(copy, size, &err), AV_ERR_FORMAT);
    copy[0] = 'X';
    assert_int_equal(load_status(copy, size, &err), AV_ERR_CORRUPT);
    assert_null(av_segmenter_load("/nonexistent/en-sent.avm", &err));
    assert_int_equal(err.code, AV_ERR_IO);
    free(copy);
}

/* The loaded default file and the built-in image segment alike. */
static void loaded_model_matches_builtin(void **state)
{
    (void)state;
    const AvSegmenter *builtin = builtin_or_skip();
    AvError err;
    AvSegmenter *loaded = av_segmenter_load(AV_SENT_MODEL_DEFAULT_PATH, &err);
    if (!loaded)
        skip();
    const char *text = "Hi Sara, I just wanted to follow up on the contract. Please let me know "
                       "if you need anything else Thanks Debra Perlingiere Legal Department";
    AvDocument *a = segment_with(builtin, text), *b = segment_with(loaded, text);
    assert_int_equal(a->n_sentences, b->n_sentences);
    for (uint32_t i = 0; i < a->n_sentences; i++) {
        assert_int_equal(a->sentences[i].start, b->sentences[i].start);
        assert_int_equal(a->sentences[i].end, b->sentences[i].end);
    }
    av_doc_free(a);
    av_doc_free(b);
    av_segmenter_free(loaded);
}

/* An e-mail signature without punctuation becomes its own sentence; the
 * rules alone cannot see it. */
static void model_splits_unpunctuated_mail(void **state)
{
    (void)state;
    const AvSegmenter *m = builtin_or_skip();
    const char *text = "Hi Sara, I just wanted to follow up on the Enron contract. Please let me "
                       "know if you need anything else Thanks Debra Perlingiere Legal Department "
                       "713-853-7658";
    char b[512];
    AvDocument *rules = segment_with(NULL, text), *model = segment_with(m, text);
    assert_int_equal(rules->n_sentences, 3);
    assert_int_equal(model->n_sentences, 4);
    assert_string_equal(sentence_text(model, 2, b, sizeof b),
                        "Please let me know if you need anything else");
    assert_string_equal(sentence_text(model, 3, b, sizeof b),
                        "Thanks Debra Perlingiere Legal Department 713-853-7658");
    av_doc_free(rules);
    av_doc_free(model);
}

/* News keeps the rules' segmentation: kinds, paragraphs, datelines, list
 * items, names without final periods ("General Motors Corp said"),
 * initials and quotations after "said:". */
static void model_keeps_news_segmentation(void **state)
{
    (void)state;
    const AvSegmenter *m = builtin_or_skip();
    const char *text = "GM to Cut Output\n\n"
                       "DETROIT, March 4 (Reuters) - General Motors Corp said it would cut "
                       "output at two plants. The company said: \xE2\x80\x9C" "Demand is weak.\xE2\x80\x9D "
                       "Analysts at J. P. Morgan agreed. Shares fell 2 pct.\n\n"
                       "The cuts were:\n- 500 jobs in Ohio\n- 300 jobs in Michigan\n\n"
                       "(Reporting by Jane Roe; Editing by Sam Poe)\n";
    AvDocument *rules = segment_with(NULL, text), *model = segment_with(m, text);
    assert_int_equal(model->n_sentences, rules->n_sentences);
    for (uint32_t i = 0; i < model->n_sentences; i++) {
        assert_int_equal(model->sentences[i].start, rules->sentences[i].start);
        assert_int_equal(model->sentences[i].end, rules->sentences[i].end);
        assert_int_equal(model->sentences[i].kind, rules->sentences[i].kind);
        assert_int_equal(model->sentences[i].paragraph, rules->sentences[i].paragraph);
    }
    assert_int_equal(model->sentences[0].kind, AV_SENT_HEADLINE);
    assert_int_equal(model->sentences[1].kind, AV_SENT_DATELINE);
    av_doc_free(rules);
    av_doc_free(model);
}

/* Whatever the model decides, the tokens are the rules' tokens in the same
 * order, each sentence's surface numbers run 0, 1, 2, ... and its span is
 * that of its tokens. */
static void output_is_well_formed(void **state)
{
    (void)state;
    const AvSegmenter *m = builtin_or_skip();
    const char *text = "Ray's pizza my favorite Ray's Pizza is just too good. I wish I could go "
                       "there every day lol Posted by darin at 10:30 PM Ben made another "
                       "announcement on March 2 and we can't wait !!! Thx dp Debra Perlingiere "
                       "Revised Article 4.6 Debra Perlingiere Kathleen, You are correct, I will "
                       "make the changes \"he said\" (see attached) Regards, Mike";
    AvDocument *rules = segment_with(NULL, text), *model = segment_with(m, text);
    uint32_t rs = 0, ri = 0;
    for (uint32_t s = 0; s < model->n_sentences; s++) {
        const AvSentence *st = &model->sentences[s];
        assert_int_equal(st->index, s);
        assert_true(st->n_tokens > 0);
        assert_int_equal(st->tokens[0].surface, 0);
        uint32_t lo = UINT32_MAX, hi = 0;
        for (uint32_t i = 0; i < st->n_tokens; i++) {
            const AvToken *t = &st->tokens[i];
            if (i > 0)
                assert_true(t->surface == st->tokens[i - 1].surface ||
                            t->surface == st->tokens[i - 1].surface + 1);
            lo = t->start < lo ? t->start : lo;
            hi = t->end > hi ? t->end : hi;
            /* the same token as the rules' next one */
            while (ri >= rules->sentences[rs].n_tokens) {
                rs++;
                ri = 0;
            }
            assert_int_equal(t->start, rules->sentences[rs].tokens[ri].start);
            assert_int_equal(t->end, rules->sentences[rs].tokens[ri].end);
            assert_string_equal(t->form, rules->sentences[rs].tokens[ri].form);
            ri++;
        }
        assert_int_equal(st->start, lo);
        assert_int_equal(st->end, hi);
    }
    assert_int_equal(rs, rules->n_sentences - 1);
    assert_int_equal(ri, rules->sentences[rs].n_tokens);
    av_doc_free(rules);
    av_doc_free(model);
}

static void rules_alone_without_model(void **state)
{
    (void)state;
    const char *text = "Mr. Smith met Gen. Jones. They talked.";
    AvDocument *d = segment_with(NULL, text);
    assert_int_equal(d->n_sentences, 2);
    av_doc_free(d);
}

/* Training on our own fixture (train = dev) gives a valid model that
 * finds the fixture's unpunctuated boundaries at least as well as the
 * rules. */
static void training_on_fixture(void **state)
{
    (void)state;
    const char *data = getenv("AVOCET_TEST_DATA");
    if (!data)
        skip();
    char fixture[4200];
    snprintf(fixture, sizeof fixture, "%s/text/sentences.conllu", data);
    char out[] = "/tmp/avocet-sent-train-XXXXXX";
    int fd = mkstemp(out);
    assert_true(fd >= 0);
    close(fd);
    AvSegTrainOptions o = {.train = fixture, .dev = fixture, .out = out, .epochs = 5, .seed = 1,
                           .hash_bits = 14};
    AvError err;
    assert_int_equal(av_train_segmenter(&o, &err), AV_OK);
    AvSegmenter *m = av_segmenter_load(out, &err);
    assert_non_null(m);
    AvReader *r = av_reader_open(fixture, AV_FORMAT_CONLLU, &err);
    assert_non_null(r);
    AvSegEval with_model, with_rules;
    memset(&with_model, 0, sizeof with_model);
    memset(&with_rules, 0, sizeof with_rules);
    AvDocument *doc;
    while (av_reader_next(r, &doc, &err) > 0) {
        assert_int_equal(av_eval_segment_doc_with(m, doc, &with_model, &err), AV_OK);
        assert_int_equal(av_eval_segment_doc_with(NULL, doc, &with_rules, &err), AV_OK);
        av_doc_free(doc);
    }
    av_reader_close(r);
    av_eval_segment_finish(&with_model);
    av_eval_segment_finish(&with_rules);
    assert_true(with_rules.sentences.f1 < 100.0);   /* the fixture is not trivial */
    assert_true(with_model.sentences.f1 > with_rules.sentences.f1);
    av_segmenter_free(m);
    unlink(out);
    o.train = "/nonexistent.conllu";
    assert_true(av_train_segmenter(&o, &err) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin_image_is_valid),
        cmocka_unit_test(load_checks_files),
        cmocka_unit_test(loaded_model_matches_builtin),
        cmocka_unit_test(model_splits_unpunctuated_mail),
        cmocka_unit_test(model_keeps_news_segmentation),
        cmocka_unit_test(output_is_well_formed),
        cmocka_unit_test(rules_alone_without_model),
        cmocka_unit_test(training_on_fixture),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
