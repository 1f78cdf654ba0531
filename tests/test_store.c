/* test_store.c — the event store: ingest, de-duplication, aggregation,
 * queries, value checks and schema versions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "avocet.h"
#include "store/store.h"

typedef struct Fixture {
    char dir[64];
    char db[96];
    AvDict *dict;
    AvCoder *coder;
} Fixture;

static const char *data_path(char *buf, size_t cap, const char *name)
{
    const char *dir = getenv("AVOCET_TEST_DATA");
    snprintf(buf, cap, "%s/store/%s", dir ? dir : "tests/data", name);
    return buf;
}

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/avocet-store-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db, sizeof f->db, "%s/events.db", f->dir);
    AvError err;
    AvDictOptions opt;
    memset(&opt, 0, sizeof opt);
    const char *dict_dir = av_dict_default_dir();
    f->dict = av_dict_load(&dict_dir, 1, &opt, &err);
    assert_non_null(f->dict);
    AvCoderOptions copt;
    av_coder_options_init(&copt);
    f->coder = av_coder_new(NULL, f->dict, &copt, &err);
    assert_non_null(f->coder);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    av_coder_free(f->coder);
    av_dict_free(f->dict);
    free(f);
    return 0;
}

/* Ingests tests/data/store/articles.conllu (a1, a2, a3 = a1's text under
 * another id); a1 from Reuters, a2 from AP, all dated 2026-05-04.
 * Returns the number of documents stored. */
static int ingest_articles(Fixture *f, AvStore *st)
{
    char path[512];
    AvError err;
    AvReader *r = av_reader_open(data_path(path, sizeof path, "articles.conllu"),
                                 AV_FORMAT_CONLLU, &err);
    assert_non_null(r);
    AvDocument *doc;
    int stored = 0;
    assert_int_equal(av_store_begin(st, &err), AV_OK);
    while (av_reader_next(r, &doc, &err) == 1) {
        doc->date = av_doc_strdup(doc, "2026-05-04");
        doc->source = av_doc_strdup(doc, strcmp(doc->id, "a2") ? "Reuters" : "AP");
        assert_int_equal(av_code_parsed(f->coder, doc, &err), AV_OK);
        int rc = av_store_add_document(st, doc, &err);
        assert_true(rc >= 0);
        stored += rc;
        av_doc_free(doc);
    }
    assert_int_equal(av_store_commit(st, &err), AV_OK);
    av_reader_close(r);
    return stored;
}

static void test_ingest_dedup_and_aggregate(void **state)
{
    Fixture *f = *state;
    AvError err;
    AvStore *st = av_store_open(f->db, 0, &err);
    assert_non_null(st);
    assert_int_equal(ingest_articles(f, st), 2);   /* a3 repeats a1's text */
    assert_int_equal(ingest_articles(f, st), 0);   /* everything already there */
    AvStoreCounts c;
    assert_int_equal(av_store_counts(st, &c, &err), AV_OK);
    assert_int_equal(c.articles, 2);
    assert_int_equal(c.sentences, 3);
    assert_int_equal(c.events, 3);
    assert_int_equal(c.aggregated, 2);   /* EGY 111 ISR reported twice */
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(av_store_db(st),
                                        "SELECT num_mentions, num_sentences, num_articles,"
                                        " num_sources FROM agg_events WHERE cameo='111'",
                                        -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 2);
    assert_int_equal(sqlite3_column_int(q, 1), 2);
    assert_int_equal(sqlite3_column_int(q, 2), 2);
    assert_int_equal(sqlite3_column_int(q, 3), 2);
    sqlite3_finalize(q);
    assert_int_equal(sqlite3_prepare_v2(av_store_db(st),
                                        "SELECT count(*) FROM agg_sentences s JOIN agg_events a"
                                        " ON a.id = s.agg_id WHERE a.cameo='111'",
                                        -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 2);   /* links to both sentences */
    sqlite3_finalize(q);
    av_store_close(st);
}

/* Runs a query and returns its output (caller frees). */
static char *query_output(const char *db, const AvQuery *q, AvQueryFormat fmt)
{
    AvError err;
    AvStore *st = av_store_open(db, AV_STORE_READONLY, &err);
    assert_non_null(st);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_int_equal(av_store_query_write(st, q, fmt, out, &err), AV_OK);
    fclose(out);
    av_store_close(st);
    return buf;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_query_filters_and_formats(void **state)
{
    Fixture *f = *state;
    AvError err;
    AvStore *st = av_store_open(f->db, 0, &err);
    ingest_articles(f, st);
    av_store_close(st);

    AvQuery q = {0};
    char *out = query_output(f->db, &q, AV_QUERY_JSONL);
    assert_int_equal(count_lines(out), 2);
    free(out);
    q.source = "ISR";   /* prefix: matches ISRMIL */
    out = query_output(f->db, &q, AV_QUERY_JSONL);
    assert_int_equal(count_lines(out), 1);
    assert_non_null(strstr(out, "\"source_code\":\"ISRMIL\""));
    free(out);
    q.source = NULL;
    q.code = "11";
    q.from = "2026-05-04";
    q.to = "2026-05-04";
    out = query_output(f->db, &q, AV_QUERY_TSV_GDELT);
    assert_int_equal(count_lines(out), 2);   /* header + EGY 111 ISR */
    assert_non_null(strstr(out, "GlobalEventID\tDay\tActor1Code"));
    assert_non_null(strstr(out, "\t20260504\tEGY\tEgypt\tEGY\tISR\tIsrael\tISR\t111\t11\t"));
    free(out);
    q.from = "2026-05-05";   /* after every event */
    out = query_output(f->db, &q, AV_QUERY_CSV);
    assert_int_equal(count_lines(out), 1);   /* the header only */
    free(out);
    AvQuery c = {.country = "ISR"};
    out = query_output(f->db, &c, AV_QUERY_CSV);
    assert_int_equal(count_lines(out), 2);
    assert_non_null(strstr(out, "\"Use conventional military force, not specified below\""));
    free(out);
}

static void test_query_check_refuses_hostile_values(void **state)
{
    (void)state;
    AvError err;
    const char *bad_codes[] = {"ISR' OR 1=1 --", "ISR;DROP TABLE events", "%", "I_S\"R", "",
                               "ISR)--", "ISRGOVxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};
    for (size_t i = 0; i < sizeof bad_codes / sizeof bad_codes[0]; i++) {
        AvQuery q = {.source = bad_codes[i]};
        assert_int_equal(av_query_check(&q, &err), AV_ERR_ARG);
        AvQuery p = {.country = bad_codes[i]};
        assert_int_equal(av_query_check(&p, &err), AV_ERR_ARG);
    }
    AvQuery d = {.from = "2026-13-01' --"};
    assert_int_equal(av_query_check(&d, &err), AV_ERR_ARG);
    AvQuery n = {.near = 1, .lat = 95, .lon = 0, .km = 10};
    assert_int_equal(av_query_check(&n, &err), AV_ERR_ARG);
    AvQuery l = {.limit = -1};
    assert_int_equal(av_query_check(&l, &err), AV_ERR_ARG);
    AvQuery ok = {.source = "ISRGOV", .code = "19", .from = "2026-01-01", .near = 1,
                  .lat = 31.5, .lon = 34.4, .km = 50};
    assert_int_equal(av_query_check(&ok, &err), AV_OK);
}

static void test_schema_versions(void **state)
{
    Fixture *f = *state;
    AvError err;
    /* read-only open of a database never migrated is refused */
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(f->db, &raw), SQLITE_OK);
    sqlite3_exec(raw, "CREATE TABLE x(a)", NULL, NULL, NULL);
    sqlite3_close(raw);
    assert_null(av_store_open(f->db, AV_STORE_READONLY, &err));
    AvStore *st = av_store_open(f->db, 0, &err);
    assert_non_null(st);
    sqlite3_stmt *q;
    sqlite3_prepare_v2(av_store_db(st), "PRAGMA user_version", -1, &q, NULL);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), AV_STORE_SCHEMA_VERSION);
    sqlite3_finalize(q);
    /* a version-1 database is migrated: the version-2 indexes appear */
    sqlite3_exec(av_store_db(st), "DROP INDEX agg_place; DROP INDEX agg_day_type; DROP INDEX agg_type_mentions;"
                                  " PRAGMA user_version=1", NULL, NULL, NULL);
    av_store_close(st);
    st = av_store_open(f->db, 0, &err);
    assert_non_null(st);
    sqlite3_prepare_v2(av_store_db(st),
                       "SELECT count(*) FROM sqlite_master WHERE name IN ('agg_place','agg_day_type')",
                       -1, &q, NULL);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 2);
    sqlite3_finalize(q);
    /* a database from a newer avocet is refused, not damaged */
    sqlite3_exec(av_store_db(st), "PRAGMA user_version=99", NULL, NULL, NULL);
    av_store_close(st);
    assert_null(av_store_open(f->db, 0, &err));
    assert_non_null(strstr(err.msg, "newer"));
}

static void test_readonly_refuses_writes(void **state)
{
    Fixture *f = *state;
    AvError err;
    av_store_close(av_store_open(f->db, 0, &err));
    AvStore *st = av_store_open(f->db, AV_STORE_READONLY, &err);
    assert_non_null(st);
    AvDocument *doc = av_doc_new();
    doc->id = av_doc_strdup(doc, "x");
    av_doc_set_text(doc, "Hello.", 6, &err);
    assert_int_equal(av_store_add_document(st, doc, &err), AV_ERR_ARG);
    av_doc_free(doc);
    av_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ingest_dedup_and_aggregate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_query_filters_and_formats, setup, teardown),
        cmocka_unit_test(test_query_check_refuses_hostile_values),
        cmocka_unit_test_setup_teardown(test_schema_versions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readonly_refuses_writes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
