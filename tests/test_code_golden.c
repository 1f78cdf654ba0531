/*
 * test_code_golden.c — whole articles (the .txt files of tests/data/code/golden, written
 * for avocet) coded with the shipped model and the default dictionaries must
 * give the events a trained CAMEO coder would code: each line of the
 * matching .expected file (source, target, allowed roots) must be found,
 * and at most MAX_EXTRA other events may appear.
 */
#include <dirent.h>
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

#define MAX_EXTRA 3
#define MAX_EXPECT 64

typedef struct Expect {
    char source[32], target[32], roots[64];
    int found;
} Expect;

static const char *golden_dir(char *buf, size_t cap)
{
    const char *d = getenv("AVOCET_TEST_DATA");
    snprintf(buf, cap, "%s/code/golden", d ? d : "tests/data");
    return buf;
}

static int read_expected(const char *path, Expect *ex)
{
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    char line[256];
    int n = 0;
    while (fgets(line, sizeof line, f) && n < MAX_EXPECT) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        Expect *e = &ex[n];
        memset(e, 0, sizeof *e);
        if (sscanf(line, "%31s %31s %63s", e->source, e->target, e->roots) == 3)
            n++;
    }
    fclose(f);
    return n;
}

/* Is value one of the '|'-separated alternatives?  With prefix2, only the
 * first two characters of value count (CAMEO roots). */
static int one_of(const char *alternatives, const char *value, int prefix2)
{
    char buf[64];
    size_t len = strnlen(alternatives, sizeof buf - 1);
    memcpy(buf, alternatives, len);
    buf[len] = '\0';
    char *save = NULL;
    for (char *r = strtok_r(buf, "|", &save); r; r = strtok_r(NULL, "|", &save))
        if (prefix2 ? !strncmp(value, r, 2) : !strcmp(value, r))
            return 1;
    return 0;
}

/* Every record written for the article is valid against the published
 * schema (docs/event.schema.json). */
static void records_valid(const AvDocument *doc, const char *name)
{
    char why[1024];
    json_t *schema = events_schema(why, sizeof why);
    if (!schema)
        fail_msg("%s", why);
    int lines = events_check(schema, doc, why, sizeof why);
    if (lines < 0)
        fail_msg("%s: %s", name, why);
    assert_int_equal(lines, (int)doc->n_events);
    json_decref(schema);
}

static void code_article(const AvCoder *coder, const char *dir, const char *name)
{
    char path[1400];
    snprintf(path, sizeof path, "%.1000s/%.255s.txt", dir, name);
    AvError err;
    AvReader *r = av_reader_open(path, AV_FORMAT_TEXT, &err);
    assert_non_null(r);
    AvDocument *doc;
    assert_int_equal(av_reader_next(r, &doc, &err), 1);
    assert_int_equal(av_code_document(coder, doc, &err), AV_OK);
    records_valid(doc, name);
    Expect ex[MAX_EXPECT];
    snprintf(path, sizeof path, "%.1000s/%.255s.expected", dir, name);
    int n = read_expected(path, ex);
    int extra = 0;
    for (uint32_t i = 0; i < doc->n_events; i++) {
        const AvEvent *e = &doc->events[i];
        const char *s = e->source.code ? e->source.code : "---";
        const char *t = e->target.code ? e->target.code : "---";
        int matched = 0;
        for (int k = 0; k < n; k++)
            if (one_of(ex[k].source, s, 0) && one_of(ex[k].target, t, 0) &&
                one_of(ex[k].roots, e->cameo, 1))
                ex[k].found = matched = 1;
        if (!matched) {
            extra++;
            fprintf(stderr, "%s: extra event %s %s %s (\"%s\")\n", name, s, t, e->cameo, e->trigger);
        }
    }
    int missing = 0;
    for (int k = 0; k < n; k++)
        if (!ex[k].found) {
            missing++;
            fprintf(stderr, "%s: missing %s %s %s\n", name, ex[k].source, ex[k].target, ex[k].roots);
        }
    fprintf(stderr, "%s: %d expected, %d found, %d extra\n", name, n, n - missing, extra);
    av_reader_close(r);
    av_doc_free(doc);
    assert_int_equal(missing, 0);
    assert_true(extra <= MAX_EXTRA);
}

static void golden_articles(void **state)
{
    const AvCoder *coder = *state;
    char dir[1024];
    golden_dir(dir, sizeof dir);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    int articles = 0;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".txt"))
            continue;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(l - 4), de->d_name);
        code_article(coder, dir, name);
        articles++;
    }
    closedir(d);
    assert_true(articles >= 2);
}

/* A dictionary name the tagger misreads ("Fornost" first in the sentence,
 * tagged as an adverb) is a proper noun, and the subject, by the time the
 * parser runs. */
static void dictionary_names_are_proper_nouns(void **state)
{
    (void)state;
    char path[1024];
    const char *d = getenv("AVOCET_TEST_DATA");
    snprintf(path, sizeof path, "%s/code/dict", d ? d : "tests/data");
    const char *paths[] = {path};
    AvDictOptions o;
    memset(&o, 0, sizeof o);
    AvError err;
    AvDict *dict = av_dict_load(paths, 1, &o, &err);
    assert_non_null(dict);
    AvModel *model = av_model_load(NULL, &err);
    assert_non_null(model);
    AvCoder *coder = av_coder_new(model, dict, NULL, &err);
    assert_non_null(coder);
    AvDocument *doc = av_doc_new();
    const char *text = "Fornost welcomed the talks with Egypt.";
    assert_int_equal(av_doc_set_text(doc, text, strlen(text), &err), AV_OK);
    assert_int_equal(av_code_document(coder, doc, &err), AV_OK);
    assert_int_equal(doc->n_sentences, 1);
    const AvToken *t = &doc->sentences[0].tokens[0];
    assert_string_equal(t->form, "Fornost");
    assert_string_equal(t->upos, "PROPN");
    assert_string_equal(t->deprel, "nsubj");
    /* a demonym stays an adjective */
    av_doc_free(doc);
    doc = av_doc_new();
    text = "Egyptian officials welcomed the talks.";
    assert_int_equal(av_doc_set_text(doc, text, strlen(text), &err), AV_OK);
    assert_int_equal(av_code_document(coder, doc, &err), AV_OK);
    assert_string_equal(doc->sentences[0].tokens[0].upos, "ADJ");
    av_doc_free(doc);
    /* a sentence without any actor, agent or pronoun cannot give an event:
     * it is not tagged or parsed (most of the coder's time) */
    doc = av_doc_new();
    text = "Revenue rose three percent in the quarter. Egypt welcomed the talks.";
    assert_int_equal(av_doc_set_text(doc, text, strlen(text), &err), AV_OK);
    assert_int_equal(av_code_document(coder, doc, &err), AV_OK);
    assert_int_equal(doc->n_sentences, 2);
    assert_null(doc->sentences[0].tokens[0].upos);
    assert_non_null(doc->sentences[1].tokens[0].upos);
    assert_non_null(doc->sentences[1].tokens[0].deprel);
    av_doc_free(doc);
    /* a dateline is not coded, so not parsed; the body is */
    doc = av_doc_new();
    text = "CAIRO, May 24 (Reuters) - Egyptian officials welcomed the talks.";
    assert_int_equal(av_doc_set_text(doc, text, strlen(text), &err), AV_OK);
    assert_int_equal(av_code_document(coder, doc, &err), AV_OK);
    assert_int_equal(doc->n_sentences, 2);
    assert_int_equal(doc->sentences[0].kind, AV_SENT_DATELINE);
    assert_null(doc->sentences[0].tokens[0].deprel);
    assert_int_equal(doc->sentences[1].kind, AV_SENT_BODY);
    assert_non_null(doc->sentences[1].tokens[0].deprel);
    av_doc_free(doc);
    av_coder_free(coder);
    av_model_free(model);
    av_dict_free(dict);
}

int main(void)
{
    AvError err;
    AvModel *model = av_model_load(NULL, &err);
    if (!model) {
        fprintf(stderr, "no parser model (%s): skipping\n", err.msg);
        return 77;
    }
    const char *dir = av_dict_default_dir();
    AvDictOptions o;
    memset(&o, 0, sizeof o);
    AvDict *dict = av_dict_load(&dir, 1, &o, &err);
    if (!dict) {
        fprintf(stderr, "dictionaries: %s\n", err.msg);
        av_model_free(model);
        return 1;
    }
    AvCoder *coder = av_coder_new(model, dict, NULL, &err);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_prestate(golden_articles, coder),
        cmocka_unit_test_prestate(dictionary_names_are_proper_nouns, coder),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    av_coder_free(coder);
    av_dict_free(dict);
    av_model_free(model);
    return rc;
}
