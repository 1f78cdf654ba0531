/*
 * test_io.c — the readers on realistic and on malformed input: every bad
 * record gives one error naming file, line and id, the good records around
 * it still come back, and no byte sequence crashes a reader.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "avocet.h"

#define MAX_DOCS 64

/* What reading one file gave: documents kept, errors and warnings seen. */
typedef struct ReadResult {
    AvDocument *docs[MAX_DOCS];
    int n_docs;
    char errors[16][512];
    int n_errors;
    char warnings[16][512];
    int n_warnings;
} ReadResult;

static char *write_temp(const char *suffix, const char *data, size_t n)
{
    char tmpl[] = "/tmp/avocet_test_io_XXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, n), (ssize_t)n);
    close(fd);
    char *path = malloc(strlen(tmpl) + strlen(suffix) + 1);
    sprintf(path, "%s%s", tmpl, suffix);
    assert_int_equal(rename(tmpl, path), 0);
    return path;
}

static void read_all_docs(const char *path, AvFormat fmt, size_t max_record, ReadResult *res)
{
    memset(res, 0, sizeof *res);
    AvError err;
    AvReader *r = av_reader_open(path, fmt, &err);
    assert_non_null(r);
    if (max_record)
        assert_int_equal(av_reader_set_max_record(r, max_record, &err), AV_OK);
    AvDocument *doc;
    int rc;
    while ((rc = av_reader_next(r, &doc, &err)) != 0) {
        if (rc == AV_ERR_RECORD) {
            if (res->n_errors < 16)
                strcpy(res->errors[res->n_errors++], err.msg);
        } else {
            assert_true(rc > 0);
            if (err.msg[0] && res->n_warnings < 16)
                strcpy(res->warnings[res->n_warnings++], err.msg);
        }
        if (doc) {
            assert_true(res->n_docs < MAX_DOCS);
            res->docs[res->n_docs++] = doc;
        }
    }
    av_reader_close(r);
}

static void free_result(ReadResult *res)
{
    for (int i = 0; i < res->n_docs; i++)
        av_doc_free(res->docs[i]);
}

static void read_string(const char *suffix, const char *data, size_t n, AvFormat fmt,
                        ReadResult *res)
{
    char *path = write_temp(suffix, data, n);
    read_all_docs(path, fmt, 0, res);
    unlink(path);
    free(path);
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("\"%s\" not found in \"%s\"", needle, haystack);
}

/* ---- JSON Lines ---- */

static const char JSONL_MIXED[] =
    "{\"id\":\"a1\",\"date\":\"2026-03-14T08:00:00Z\",\"title\":\"Talks resume\",\"text\":\"Envoys met in Geneva.\",\"source\":\"Example\",\"url\":\"https://example.org/a1\"}\n"
    "{\"id\":\"a2\",\"date\":\"20260315\",\"text\":\"Bad \xC3\x28 byte and \xFF here.\"}\n"
    "{\"id\":\"a3\",\"text\":\"Nul\\u0000inside\"}\n"
    "{\"id\":\"t1\",\"text\":\"The talks were cut sh\n"
    "[1,2,3]\n"
    "{\"id\":\"m1\",\"title\":\"No body\"}\n"
    "{\"id\":\"w1\",\"text\":42}\n"
    "\n"
    "{\"id\":7,\"date\":\"last Tuesday\",\"title\":[\"x\"],\"text\":\"Numeric id, bad date.\"}\n"
    "{\"id\":\"a5\",\"date\":\"March 16, 2026\",\"text\":\"raw\0nul byte\"}\n"
    "{\"id\":\"a6\",\"text\":\"Last record is still read.\"}";

static void test_jsonl_malformed_records(void **state)
{
    (void)state;
    ReadResult res;
    read_string(".jsonl", JSONL_MIXED, sizeof JSONL_MIXED - 1, AV_FORMAT_AUTO, &res);
    const char *ids[] = {"a1", "a2", "a3", "7", "a5", "a6"};
    assert_int_equal(res.n_docs, 6);
    for (int i = 0; i < 6; i++)
        assert_string_equal(res.docs[i]->id, ids[i]);
    assert_int_equal(res.n_errors, 4);
    assert_contains(res.errors[0], ":4: record t1: invalid JSON");
    assert_contains(res.errors[1], ":5: record is an array, not a JSON object");
    assert_contains(res.errors[2], ":6: record m1: no \"text\" field");
    assert_contains(res.errors[3], ":7: record w1: \"text\" is an integer, not a string");

    AvDocument *a1 = res.docs[0];
    assert_string_equal(a1->date, "2026-03-14");
    assert_string_equal(a1->text, "Talks resume\n\nEnvoys met in Geneva.");
    assert_int_equal(a1->title_len, strlen("Talks resume"));
    assert_string_equal(a1->title, "Talks resume");
    assert_string_equal(a1->source, "Example");
    assert_string_equal(a1->url, "https://example.org/a1");
    assert_int_equal(a1->origin_line, 1);
    assert_non_null(strstr(a1->origin, ".jsonl"));    /* still valid: the reader is closed */

    AvDocument *a2 = res.docs[1];
    assert_string_equal(a2->date, "2026-03-15");
    assert_int_equal(a2->invalid_bytes, 2);
    assert_string_equal(a2->text, "Bad \xEF\xBF\xBD( byte and \xEF\xBF\xBD here.");
    assert_string_equal(res.docs[2]->text, "Nul\xEF\xBF\xBDinside");
    assert_null(res.docs[3]->date);                       /* "last Tuesday" dropped */
    assert_int_equal(res.docs[3]->title_len, 0);          /* title of the wrong type */
    assert_string_equal(res.docs[4]->date, "2026-03-16");
    assert_string_equal(res.docs[4]->text, "raw\xEF\xBF\xBDnul byte");

    /* warnings: a2 and a3 (repairs), 7 (date and title), a5 (raw NUL) */
    assert_int_equal(res.n_warnings, 4);
    assert_contains(res.warnings[2], ":9: record 7: ");
    assert_contains(res.warnings[2], "unrecognised date \"last Tuesday\"");
    assert_contains(res.warnings[2], "\"title\" is an array");
    free_result(&res);
}

static void test_jsonl_empty_and_blank(void **state)
{
    (void)state;
    ReadResult res;
    read_string(".jsonl", "", 0, AV_FORMAT_JSONL, &res);
    assert_int_equal(res.n_docs + res.n_errors, 0);
    read_string(".jsonl", "\n  \n\t\n", 5, AV_FORMAT_JSONL, &res);
    assert_int_equal(res.n_docs + res.n_errors, 0);
}

/* A 50 MB line: read whole, in linear time; over the limit it is a record
 * error and the next line is still read. */
static void test_jsonl_huge_line(void **state)
{
    (void)state;
    const char *words = "Rebels shelled the town overnight, officials said. ";
    size_t wl = strlen(words), target = 50u << 20;
    size_t n_rep = target / wl, text_len = n_rep * wl;
    const char *head = "{\"id\":\"big\",\"text\":\"", *tail = "\"}\n{\"id\":\"after\",\"text\":\"Still here.\"}\n";
    size_t total = strlen(head) + text_len + strlen(tail);
    char *data = malloc(total + 1), *p = data;
    p += sprintf(p, "%s", head);
    for (size_t i = 0; i < n_rep; i++, p += wl)
        memcpy(p, words, wl);
    strcpy(p, tail);
    char *path = write_temp(".jsonl", data, total);
    free(data);

    ReadResult res;
    read_all_docs(path, AV_FORMAT_AUTO, 0, &res);
    assert_int_equal(res.n_errors, 0);
    assert_int_equal(res.n_docs, 2);
    assert_string_equal(res.docs[0]->id, "big");
    assert_int_equal(res.docs[0]->text_len, text_len);
    assert_string_equal(res.docs[1]->id, "after");
    free_result(&res);

    read_all_docs(path, AV_FORMAT_AUTO, 1u << 20, &res);
    assert_int_equal(res.n_errors, 1);
    assert_contains(res.errors[0], ":1: line longer than the 1048576-byte record limit");
    assert_int_equal(res.n_docs, 1);
    assert_string_equal(res.docs[0]->id, "after");
    assert_int_equal(res.docs[0]->origin_line, 2);
    free_result(&res);

    /* the same text as a plain-text file */
    AvError err;
    AvReader *r = av_reader_open(path, AV_FORMAT_TEXT, &err);
    assert_non_null(r);
    AvDocument *doc;
    assert_int_equal(av_reader_next(r, &doc, &err), 1);
    assert_true(doc->text_len > text_len);
    av_doc_free(doc);
    assert_int_equal(av_reader_next(r, &doc, &err), 0);
    av_reader_close(r);
    unlink(path);
    free(path);
}

/* ---- plain text ---- */

static void check_text_date(const char *content, const char *want)
{
    ReadResult res;
    read_string(".txt", content, strlen(content), AV_FORMAT_AUTO, &res);
    assert_int_equal(res.n_docs, 1);
    if (want)
        assert_string_equal(res.docs[0]->date, want);
    else
        assert_null(res.docs[0]->date);
    /* the date line stays: offsets are offsets into the file */
    assert_string_equal(res.docs[0]->text, content);
    free_result(&res);
}

static void test_text_leading_date(void **state)
{
    (void)state;
    check_text_date("2026-03-14\nCeasefire holds\n\nThe truce held overnight.\n", "2026-03-14");
    check_text_date("March 14, 2026\nThe truce held.\n", "2026-03-14");
    check_text_date("\n14 March 2026\nThe truce held.\n", "2026-03-14");
    check_text_date("Mar 14 2026\nThe truce held.\n", "2026-03-14");
    check_text_date("Saturday, March 14, 2026\nThe truce held.\n", "2026-03-14");
    check_text_date("February 30, 2026\nNo such day.\n", NULL);
    check_text_date("March 14, 2026 was a quiet day in the capital.\n", NULL);
}

static void test_text_bad_bytes_and_empty(void **state)
{
    (void)state;
    static const char bad[] = "Troops\0 moved \xC0\xAF into the \xED\xA0\x80 city.\n";
    ReadResult res;
    read_string(".txt", bad, sizeof bad - 1, AV_FORMAT_TEXT, &res);
    assert_int_equal(res.n_docs, 1);
    assert_int_equal(res.docs[0]->invalid_bytes, 6);
    assert_int_equal(strlen(res.docs[0]->text), res.docs[0]->text_len);
    assert_int_equal(res.n_warnings, 1);
    assert_contains(res.warnings[0], "6 invalid UTF-8");
    free_result(&res);

    read_string(".txt", " \n\n", 3, AV_FORMAT_TEXT, &res);
    assert_int_equal(res.n_docs, 0);
    assert_int_equal(res.n_errors, 1);
    assert_contains(res.errors[0], ":1: record ");
    assert_contains(res.errors[0], "empty file");
}

/* ---- PETRARCH XML ---- */

static const char XML_MIXED[] =
    "<!-- sample: <Sentence id=\"in-comment\"> is not a record -->\n"
    "<Sentences>\n"
    "<Config option=\"require_dyad\" value=\"false\"></Config>\n"
    "<Sentence date = \"20080804\" id =\"AFP0808020625_4\" source = \"AFP\" sentence = \"True\">\n"
    "<Text>\n"
    "Israel &amp; Egypt agreed to &quot;resume&quot; talks &#8212; officials said &#x263A;.\n"
    "</Text>\n"
    "<Parse>(ROOT (S (NP (NNP Israel))))</Parse>\n"
    "</Sentence>\n"
    "<Sentence date=\"19950101\" id=\"DEMO-00\" category=\"DEMO\" sentence=\"true\">\n"
    "<!-- a comment with <Text> inside -->\n"
    "<EventCoding sourcecode=\"ARN\" targetcode=\"GON\" eventcode=\"064\"></EventCoding>\n"
    "<EventCoding sourcecode='\"THE MINISTRY\"' targetcode=\"GON\" eventcode=\"111\"/>\n"
    "<EventCoding noevents = \"True\"></EventCoding>\n"
    "<Text>Arnor is about to restore full diplomatic ties with Gondor.</Text>\n"
    "</Sentence>\n"
    "<Sentence date=\"19950101\" id=\"NOTEXT-1\">\n"
    "<Parse></Parse>\n"
    "</Sentence>\n"
    "<Sentence date=\"2008xx04\" id=\"UNCLOSED-1\">\n"
    "<Text>This record never ends\n"
    "<Sentence date=\"20080805\" id=\"AFTER-1\"><Text>Gondor accused Arnor of a < b &bogus; trick.</Text></Sentence>\n"
    "<Sentence id=\"TRUNC-1\" date=\"20080806\">\n"
    "<Text>The file stops here";

static void test_xml_records(void **state)
{
    (void)state;
    ReadResult res;
    read_string(".xml", XML_MIXED, sizeof XML_MIXED - 1, AV_FORMAT_AUTO, &res);
    assert_int_equal(res.n_docs, 3);
    assert_string_equal(res.docs[0]->id, "AFP0808020625_4");
    assert_string_equal(res.docs[1]->id, "DEMO-00");
    assert_string_equal(res.docs[2]->id, "AFTER-1");
    assert_int_equal(res.n_errors, 3);
    assert_contains(res.errors[0], ":17: record NOTEXT-1: ");
    assert_contains(res.errors[1], ":20: record UNCLOSED-1: <Sentence> not closed");
    assert_contains(res.errors[2], ":23: record TRUNC-1: file ends inside <Sentence>");

    AvDocument *d = res.docs[0];
    assert_string_equal(d->text, "Israel & Egypt agreed to \"resume\" talks \xE2\x80\x94 officials "
                                 "said \xE2\x98\xBA.");
    assert_string_equal(d->date, "2008-08-04");
    assert_string_equal(d->source, "AFP");
    assert_string_equal(d->parse, "(ROOT (S (NP (NNP Israel))))");
    assert_int_equal(d->n_attributes, 4);
    assert_string_equal(d->attributes[3].name, "sentence");
    assert_string_equal(d->attributes[3].value, "True");
    assert_int_equal(d->n_config, 1);
    assert_string_equal(d->config[0].name, "require_dyad");
    assert_string_equal(d->config[0].value, "false");
    assert_int_equal(d->origin_line, 4);

    AvDocument *demo = res.docs[1];
    assert_string_equal(demo->category, "DEMO");
    assert_int_equal(demo->n_config, 0);      /* config goes to the next record only */
    assert_int_equal(demo->n_expectations, 3);
    assert_string_equal(demo->expectations[0].source, "ARN");
    assert_string_equal(demo->expectations[0].target, "GON");
    assert_string_equal(demo->expectations[0].event, "064");
    assert_string_equal(demo->expectations[1].source, "\"THE MINISTRY\"");
    assert_false(demo->expectations[1].noevents);
    assert_true(demo->expectations[2].noevents);
    assert_null(demo->expectations[2].event);

    assert_string_equal(res.docs[2]->text, "Gondor accused Arnor of a < b &bogus; trick.");
    free_result(&res);
}

static void test_xml_shared_unit_tests(void **state)
{
    (void)state;
    const char *shared = getenv("AVOCET_SHARED");
    char path[4096];
    snprintf(path, sizeof path, "%s/petrarch/PETR.UnitTest.records.xml", shared ? shared : "");
    if (!shared || access(path, R_OK) != 0)
        skip();
    AvError err;
    AvReader *r = av_reader_open(path, AV_FORMAT_AUTO, &err);
    assert_non_null(r);
    assert_int_equal(av_reader_format(r), AV_FORMAT_PETRARCH_XML);
    AvDocument *doc;
    int rc, docs = 0, errors = 0, expectations = 0, with_category = 0;
    while ((rc = av_reader_next(r, &doc, &err)) != 0) {
        if (rc < 0) {
            errors++;
            continue;
        }
        docs++;
        expectations += (int)doc->n_expectations;
        with_category += doc->category != NULL;
        assert_non_null(doc->date);
        assert_non_null(doc->parse);
        av_doc_free(doc);
    }
    av_reader_close(r);
    assert_int_equal(errors, 0);
    assert_int_equal(docs, 284);
    assert_int_equal(with_category, 284);
    assert_int_equal(expectations, 385);
}

/* ---- HTML ---- */

static void test_html_article(void **state)
{
    (void)state;
    const char *data = getenv("AVOCET_TEST_DATA");
    if (!data)
        skip();
    char path[4096];
    snprintf(path, sizeof path, "%s/io/article.html", data);
    ReadResult res;
    read_all_docs(path, AV_FORMAT_AUTO, 0, &res);
    assert_int_equal(res.n_docs, 1);
    AvDocument *d = res.docs[0];
    assert_string_equal(d->id, "article.html");
    assert_string_equal(d->date, "2026-03-14");
    assert_string_equal(d->title, "Talks resume in Geneva as envoys seek a truce");
    assert_int_equal(d->title_len, strlen(d->title));
    assert_memory_equal(d->text, d->title, d->title_len);
    assert_contains(d->text, "\n\nGENEVA, March 14 (Example) - Envoys from both governments met "
                             "in Geneva on Saturday to resume talks");
    assert_contains(d->text, "exchange prisoners before the end of the month.\n\nFighting "
                             "continued near the border & the airport, residents said.");
    const char *never[] = {"tracking", "Home", "Most read", "newsletter", "Copyright",
                           "document.write", "font-family"};
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        assert_null(strstr(d->text, never[i]));
    free_result(&res);
}

static void test_html_cluster_without_article(void **state)
{
    (void)state;
    static const char page[] =
        "<html><head><title>Protest in the capital | Daily</title></head><body>"
        "<ul class=menu><li><p>Sports</p></li></ul>"
        "<div id=main><h1>Thousands protest fuel prices</h1>"
        "<time datetime=\"2025-11-02\">2 Nov</time>"
        "<p>Thousands marched on parliament on Sunday.</p>"
        "<p>Police used tear gas to disperse the crowd.</p></div>"
        "<div class=comments><p>great</p></div></body></html>";
    ReadResult res;
    read_string(".htm", page, sizeof page - 1, AV_FORMAT_AUTO, &res);
    assert_int_equal(res.n_docs, 1);
    assert_string_equal(res.docs[0]->text, "Thousands protest fuel prices\n\nThousands marched on "
                                           "parliament on Sunday.\n\nPolice used tear gas to "
                                           "disperse the crowd.");
    assert_string_equal(res.docs[0]->date, "2025-11-02");
    free_result(&res);
}

static void test_html_json_ld_date(void **state)
{
    (void)state;
    static const char page[] =
        "<html><head><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
        "\"@graph\":[{\"@type\":\"WebSite\"},{\"@type\":\"NewsArticle\",\"datePublished\":"
        "\"2024-07-01T10:00:00+02:00\"}]}</script></head><body><article><h1>Border reopens</h1>"
        "<p>The border crossing reopened on Monday.</p></article></body></html>";
    ReadResult res;
    read_string(".html", page, sizeof page - 1, AV_FORMAT_AUTO, &res);
    assert_int_equal(res.n_docs, 1);
    assert_string_equal(res.docs[0]->date, "2024-07-01");
    assert_string_equal(res.docs[0]->text, "Border reopens\n\nThe border crossing reopened on Monday.");
    free_result(&res);
}

/* A hostile page nested 100,000 deep: no crash, one clear record error. */
static void test_html_deep_nesting(void **state)
{
    (void)state;
    const int depth = 100000;
    size_t cap = (size_t)depth * 11 + 200, n = 0;
    char *page = malloc(cap);
    assert_non_null(page);
    const char *parts[] = {"<html><body>", "<div>", "<p>Buried text.</p>", "</div>"};
    const int repeat[] = {1, depth, 1, depth};
    for (int p = 0; p < 4; p++)
        for (int i = 0; i < repeat[p]; i++, n += strlen(parts[p]))
            memcpy(page + n, parts[p], strlen(parts[p]));
    ReadResult res;
    read_string(".html", page, n, AV_FORMAT_HTML, &res);
    free(page);
    assert_int_equal(res.n_docs, 0);
    assert_int_equal(res.n_errors, 1);
    assert_contains(res.errors[0], "no text found in the page");
}

/* ---- CoNLL-U ---- */

static const char CONLLU[] =
    "# newdoc id = d1\n"
    "# sent_id = s1\n"
    "# text = Rebels didn't attack.\n"
    "1\tRebels\trebel\tNOUN\tNNS\tNumber=Plur\t3\tnsubj\t_\t_\n"
    "2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t_\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
    "4\tattack\tattack\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n"
    "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
    "\n"
    "# sent_id = s2\n"
    "# text = Bad line here\n"
    "1\tBad\n"
    "\n"
    "# sent_id = s3\n"
    "# text = Talks resumed.\n"
    "1\tTalks\ttalk\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n"
    "2\tresumed\tresume\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n"
    "3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
    "\n"
    "# newdoc id = d2\n"
    "# text = x\n"
    "abc\tx\tx\tX\tX\t_\t0\troot\t_\t_\n"
    "\n";

static void test_conllu_bad_lines(void **state)
{
    (void)state;
    ReadResult res;
    read_string(".conllu", CONLLU, sizeof CONLLU - 1, AV_FORMAT_AUTO, &res);
    assert_int_equal(res.n_docs, 1);            /* d2 has no good sentence */
    assert_string_equal(res.docs[0]->id, "d1");
    assert_int_equal(res.docs[0]->n_sentences, 2);
    assert_string_equal(res.docs[0]->sentences[1].id, "s3");
    assert_int_equal(res.n_errors, 2);
    assert_contains(res.errors[0], ":13: expected 10 tab-separated columns");
    assert_contains(res.errors[0], "document d1");
    assert_contains(res.errors[1], ":23: bad word id 'abc'");
    free_result(&res);
}

static void assert_same_tokens(const AvDocument *a, const AvDocument *b)
{
    assert_string_equal(a->id, b->id);
    assert_string_equal(a->text, b->text);
    assert_int_equal(a->n_sentences, b->n_sentences);
    for (uint32_t s = 0; s < a->n_sentences; s++) {
        const AvSentence *x = &a->sentences[s], *y = &b->sentences[s];
        assert_int_equal(x->n_tokens, y->n_tokens);
        assert_int_equal(x->start, y->start);
        for (uint32_t t = 0; t < x->n_tokens; t++) {
            assert_string_equal(x->tokens[t].form, y->tokens[t].form);
            assert_int_equal(x->tokens[t].start, y->tokens[t].start);
            assert_int_equal(x->tokens[t].end, y->tokens[t].end);
            assert_int_equal(x->tokens[t].surface, y->tokens[t].surface);
            assert_int_equal(x->tokens[t].head, y->tokens[t].head);
            assert_int_equal(x->tokens[t].space_after, y->tokens[t].space_after);
        }
    }
}

static void test_conllu_round_trip(void **state)
{
    (void)state;
    ReadResult first, second;
    read_string(".conllu", CONLLU, sizeof CONLLU - 1, AV_FORMAT_CONLLU, &first);
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    AvError err;
    assert_int_equal(av_write_conllu(mem, first.docs[0], &err), AV_OK);
    fclose(mem);
    read_string(".conllu", buf, len, AV_FORMAT_CONLLU, &second);
    free(buf);
    assert_int_equal(second.n_errors, 0);
    assert_int_equal(second.n_docs, 1);
    assert_same_tokens(first.docs[0], second.docs[0]);
    assert_int_equal(second.docs[0]->sentences[0].n_tokens, 5);
    assert_string_equal(second.docs[0]->sentences[0].tokens[1].form, "did");
    assert_int_equal(second.docs[0]->sentences[0].tokens[1].surface,
                     second.docs[0]->sentences[0].tokens[2].surface);
    free_result(&first);
    free_result(&second);
}

/* ---- any byte sequence ---- */

static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Random bytes, biased towards each format's markup, through every reader:
 * it must end, and every document must be well formed. */
static void test_random_bytes_never_crash(void **state)
{
    (void)state;
    static const char *pieces[] = {"<Sentence id=\"x\">", "<Text>", "</Text>", "</Sentence>",
                                   "<!--", "-->", "&#", "&amp;", ";", "\"", "'", "<", ">", "{",
                                   "}", "\"text\":", "\"id\":", "\\u0000", "\\", "\n", "\t",
                                   "1\t", "# text = ", "<![CDATA[", "]]>", "<p>", "<article>",
                                   "\xF0\x9F", "\xC3", "\0", "=", " "};
    /* AVOCET_IO_FUZZ_ROUNDS runs longer by hand */
    const char *env_rounds = getenv("AVOCET_IO_FUZZ_ROUNDS");
    const int rounds = env_rounds ? atoi(env_rounds) : getenv("AVOCET_SANITIZED") ? 60 : 300;
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    char buf[4096];
    for (int round = 0; round < rounds; round++) {
        size_t n = 0, want = next_random(&seed) % sizeof buf;
        while (n < want) {
            uint64_t x = next_random(&seed);
            if (x % 3 == 0) {
                buf[n++] = (char)(x >> 8);
            } else {
                const char *p = pieces[(x >> 8) % (sizeof pieces / sizeof pieces[0])];
                size_t k = p[0] ? strlen(p) : 1;
                if (n + k > sizeof buf)
                    break;
                memcpy(buf + n, p, k);
                n += k;
            }
        }
        AvFormat fmt = (AvFormat)(round % 6);   /* AUTO, TEXT, JSONL, XML, CONLLU, HTML */
        ReadResult res;
        read_string(".dat", buf, n, fmt, &res);
        for (int i = 0; i < res.n_docs; i++) {
            const AvDocument *d = res.docs[i];
            assert_non_null(d->id);
            assert_non_null(d->text);
            assert_int_equal(strlen(d->text), d->text_len);
            assert_true(d->title_len <= d->text_len);
        }
        free_result(&res);
    }
}

static void test_format_detection(void **state)
{
    (void)state;
    struct { const char *content; AvFormat want; } cases[] = {
        {"\xEF\xBB\xBF{\"id\":\"1\",\"text\":\"x\"}\n", AV_FORMAT_JSONL},
        {"  <!-- c -->\n<Sentences>\n", AV_FORMAT_PETRARCH_XML},
        {"<!doctype html><html></html>", AV_FORMAT_HTML},
        {"<!-- x -->\n<html><body></body></html>", AV_FORMAT_HTML},
        {"# newdoc id = a\n", AV_FORMAT_CONLLU},
        {"March 14, 2026\nTalks resumed.\n", AV_FORMAT_TEXT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = write_temp(".in", cases[i].content, strlen(cases[i].content));
        AvError err;
        AvReader *r = av_reader_open(path, AV_FORMAT_AUTO, &err);
        assert_non_null(r);
        assert_int_equal(av_reader_format(r), cases[i].want);
        av_reader_close(r);
        unlink(path);
        free(path);
    }
    AvError err;
    assert_null(av_reader_open("/nonexistent/file.jsonl", AV_FORMAT_AUTO, &err));
    assert_int_equal(err.code, AV_ERR_IO);
    assert_contains(err.msg, "/nonexistent/file.jsonl: cannot open");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonl_malformed_records),
        cmocka_unit_test(test_jsonl_empty_and_blank),
        cmocka_unit_test(test_jsonl_huge_line),
        cmocka_unit_test(test_text_leading_date),
        cmocka_unit_test(test_text_bad_bytes_and_empty),
        cmocka_unit_test(test_xml_records),
        cmocka_unit_test(test_xml_shared_unit_tests),
        cmocka_unit_test(test_html_article),
        cmocka_unit_test(test_html_cluster_without_article),
        cmocka_unit_test(test_html_json_ld_date),
        cmocka_unit_test(test_html_deep_nesting),
        cmocka_unit_test(test_conllu_bad_lines),
        cmocka_unit_test(test_conllu_round_trip),
        cmocka_unit_test(test_random_bytes_never_crash),
        cmocka_unit_test(test_format_detection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
