/* test_code_clauses.c — predicates and arguments read off UD trees
 * (hand-annotated fixture tests/data/code/clauses.conllu). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "code/code.h"

static AvDocument *load_fixture(void)
{
    const char *dir = getenv("AVOCET_TEST_DATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/code/clauses.conllu", dir ? dir : "tests/data");
    AvError err;
    AvReader *r = av_reader_open(path, AV_FORMAT_CONLLU, &err);
    assert_non_null(r);
    AvDocument *doc = NULL;
    assert_int_equal(av_reader_next(r, &doc, &err), 1);
    av_reader_close(r);
    return doc;
}

/* The clause whose trigger has this form. */
static const AvClause *clause_for(const AvSentence *s, const AvClause *cl, int n, const char *form)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(s->tokens[cl[i].trigger].form, form))
            return &cl[i];
    fail_msg("no clause for '%s'", form);
    return NULL;
}

static const char *form_at(const AvSentence *s, int i)
{
    return i >= 0 ? s->tokens[i].form : "(none)";
}

static int clauses_of(AvDocument *doc, int si, AvClause **cl)
{
    AvError err;
    int n = av_code_clauses(doc, &doc->sentences[si], cl, &err);
    assert_true(n >= 0);
    return n;
}

static void active_verb_and_event_noun(void **state)
{
    (void)state;
    AvDocument *doc = load_fixture();
    AvClause *cl;
    const AvSentence *s = &doc->sentences[0];
    int n = clauses_of(doc, 0, &cl);
    const AvClause *c = clause_for(s, cl, n, "killed");
    assert_string_equal(form_at(s, c->subject.head), "strikes");
    assert_string_equal(form_at(s, c->object.head), "Palestinians");
    assert_false(c->passive);
    assert_false(c->negated);
    const AvClause *noun = clause_for(s, cl, n, "strikes");
    assert_true(noun->is_noun);
    assert_string_equal(form_at(s, noun->subject.head), "Israeli");
    /* the clause words of "killed" leave out its subject phrase */
    for (int i = 0; i < c->n_words; i++)
        assert_true(c->words[i] > 2);
    av_doc_free(doc);
}

static void passive_with_agent(void **state)
{
    (void)state;
    AvDocument *doc = load_fixture();
    AvClause *cl;
    const AvSentence *s = &doc->sentences[1];
    int n = clauses_of(doc, 1, &cl);
    const AvClause *c = clause_for(s, cl, n, "approved");
    assert_true(c->passive);
    assert_string_equal(form_at(s, c->subject.head), "ceasefire");
    assert_string_equal(form_at(s, c->agent.head), "cabinet");
    av_doc_free(doc);
}

static void control_verb_passes_subject_and_intent(void **state)
{
    (void)state;
    AvDocument *doc = load_fixture();
    AvClause *cl;
    const AvSentence *s = &doc->sentences[2];
    int n = clauses_of(doc, 2, &cl);
    const AvClause *c = clause_for(s, cl, n, "restore");
    assert_string_equal(form_at(s, c->subject.head), "Egypt");
    assert_string_equal(form_at(s, c->object.head), "ties");
    assert_int_equal(c->n_obl, 1);
    assert_string_equal(form_at(s, c->obl[0].head), "Iran");
    assert_string_equal(c->obl[0].prep, "with");
    assert_int_equal(c->modality, AV_MOD_INTENDED);
    assert_true(c->governor >= 0);
    av_doc_free(doc);
}

static void negation(void **state)
{
    (void)state;
    AvDocument *doc = load_fixture();
    AvClause *cl;
    const AvSentence *s = &doc->sentences[3];
    int n = clauses_of(doc, 3, &cl);
    assert_true(clause_for(s, cl, n, "condemn")->negated);
    av_doc_free(doc);
}

static void relative_clause_subject_is_the_noun(void **state)
{
    (void)state;
    AvDocument *doc = load_fixture();
    AvClause *cl;
    const AvSentence *s = &doc->sentences[4];
    int n = clauses_of(doc, 4, &cl);
    const AvClause *c = clause_for(s, cl, n, "attacked");
    assert_string_equal(form_at(s, c->subject.head), "Militants");
    assert_string_equal(form_at(s, c->object.head), "base");
    av_doc_free(doc);
}

static void future_and_speaker(void **state)
{
    (void)state;
    AvDocument *doc = load_fixture();
    AvClause *cl;
    const AvSentence *s = &doc->sentences[5];
    int n = clauses_of(doc, 5, &cl);
    const AvClause *c = clause_for(s, cl, n, "fire");
    assert_int_equal(c->modality, AV_MOD_INTENDED);
    assert_string_equal(form_at(s, c->speaker), "group");
    av_doc_free(doc);
}

static void coordinated_verbs_share_subject(void **state)
{
    (void)state;
    AvDocument *doc = load_fixture();
    AvClause *cl;
    const AvSentence *s = &doc->sentences[6];
    int n = clauses_of(doc, 6, &cl);
    const AvClause *c = clause_for(s, cl, n, "shelled");
    assert_string_equal(form_at(s, c->subject.head), "Israel");
    assert_string_equal(form_at(s, c->object.head), "Gaza");
    av_doc_free(doc);
}

/* A misparse seen in news: no verbal root, the verb read as an adjective of
 * its object.  A finite or participial verb after a nominal root is
 * repaired into subject - verb - object. */
static void verb_misparsed_as_adjective(void **state)
{
    (void)state;
    AvDocument *doc = load_fixture();
    AvClause *cl;
    const AvSentence *s = &doc->sentences[12];
    int n = clauses_of(doc, 12, &cl);
    const AvClause *c = clause_for(s, cl, n, "struck");
    assert_string_equal(form_at(s, c->subject.head), "jets");
    assert_string_equal(form_at(s, c->object.head), "targets");
    assert_false(c->passive);
    av_doc_free(doc);
}

/* Misparses repaired: a complement's subject read as the governor's object;
 * a plain clause read as a relative clause of its subject. */
static void complement_subject_and_bare_relative(void **state)
{
    (void)state;
    AvDocument *doc = load_fixture();
    AvClause *cl;
    const AvSentence *s = &doc->sentences[14];
    int n = clauses_of(doc, 14, &cl);
    const AvClause *c = clause_for(s, cl, n, "acted");
    assert_string_equal(form_at(s, c->subject.head), "it");
    s = &doc->sentences[15];
    n = clauses_of(doc, 15, &cl);
    c = clause_for(s, cl, n, "abandon");
    assert_string_equal(form_at(s, c->subject.head), "Arnor");
    assert_string_equal(form_at(s, c->object.head), "relations");
    av_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(active_verb_and_event_noun),
        cmocka_unit_test(passive_with_agent),
        cmocka_unit_test(control_verb_passes_subject_and_intent),
        cmocka_unit_test(negation),
        cmocka_unit_test(relative_clause_subject_is_the_noun),
        cmocka_unit_test(future_and_speaker),
        cmocka_unit_test(coordinated_verbs_share_subject),
        cmocka_unit_test(verb_misparsed_as_adjective),
        cmocka_unit_test(complement_subject_and_bare_relative),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
