/* test_store.c — the event store: ingest, de-duplication, aggregation,
 * queries, value checks and schema versions. */
#include <math.h>
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

/* Undoes migration 3: what a database made by the previous avocet holds. */
static const char *const downgrade_to_v2 =
    "DROP TRIGGER agg_place_insert; DROP TRIGGER agg_place_update; DROP TRIGGER agg_place_delete;"
    "DROP TRIGGER agg_counts_insert; DROP TRIGGER agg_counts_update;"
    "DROP TRIGGER agg_counts_delete; DROP TABLE agg_place_rtree; DROP TABLE agg_counts;"
    "DROP INDEX agg_date_filters; CREATE INDEX agg_date ON agg_events(date, id);"
    "PRAGMA user_version=2;";

/* 4,000 aggregated events over 90 days, places around the eastern
 * Mediterranean, some without a place, country or PLOVER type. */
static const char *const synthetic_events =
    "INSERT INTO agg_events(date, source_code, target_code, cameo, location, country, lat, lon,"
    " plover_type, num_mentions)"
    " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)"
    " SELECT date('2026-01-01', '+' || (i * 7 % 90) || ' days'),"
    " substr('ISRPSEEGYUSA', 1 + 3 * (i % 4), 3) || CASE WHEN i % 3 = 0 THEN 'GOV' ELSE '' END,"
    " substr('PSEISRIRNSYR', 1 + 3 * (i * 5 % 4), 3), substr('010111190193042173', 1 + 3 * (i % 6), 3),"
    " 'place-' || (i % 37), CASE WHEN i % 11 THEN substr('ISRPSEEGYLBN', 1 + 3 * (i % 4), 3) END,"
    " CASE WHEN i % 13 THEN 29.0 + (i * 37 % 1000) / 125.0 END, 31.0 + (i * 53 % 1000) / 125.0,"
    " CASE WHEN i % 17 THEN substr('CONSULTACCUSEASSAULT', 1 + 7 * (i % 3), 7) END, 1 + i % 5"
    " FROM n;";

/* Every row of sql as text, one line per row. */
static char *rows_text(sqlite3 *db, const char *sql)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            const unsigned char *v = sqlite3_column_text(st, i);
            fprintf(out, "%s|", v ? (const char *)v : "NULL");
        }
        fputc('\n', out);
    }
    sqlite3_finalize(st);
    fclose(out);
    return buf;
}

/* The count table equals grouping the aggregated events themselves. */
static void assert_counts_match(sqlite3 *db)
{
    static const char *const pairs[][2] = {
        {"SELECT date, country, count(*), sum(num_mentions) FROM agg_events GROUP BY 1, 2 ORDER BY 1, 2",
         "SELECT date, CASE known WHEN 1 THEN val END AS v, rows_n, mentions_n FROM agg_counts"
         " WHERE kind = 1 AND rows_n > 0 ORDER BY 1, 2"},
        {"SELECT date, plover_type, count(*), sum(num_mentions) FROM agg_events GROUP BY 1, 2 ORDER BY 1, 2",
         "SELECT date, CASE known WHEN 1 THEN val END AS v, rows_n, mentions_n FROM agg_counts"
         " WHERE kind = 2 AND rows_n > 0 ORDER BY 1, 2"},
        {"SELECT date, substr(cameo, 1, 2), count(*), sum(num_mentions) FROM agg_events GROUP BY 1, 2"
         " ORDER BY 1, 2",
         "SELECT date, val, rows_n, mentions_n FROM agg_counts WHERE kind = 3 AND rows_n > 0"
         " ORDER BY 1, 2"},
        {"SELECT id FROM agg_events WHERE lat IS NOT NULL AND lon IS NOT NULL ORDER BY id",
         "SELECT id FROM agg_place_rtree ORDER BY id"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char *want = rows_text(db, pairs[i][0]), *got = rows_text(db, pairs[i][1]);
        assert_true(strlen(want) > 0);
        assert_string_equal(got, want);
        free(want);
        free(got);
    }
}

/* The event ids of a JSON Lines answer, one per line. */
static char *ids_of(const char *jsonl)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    for (const char *p = jsonl; (p = strstr(p, "{\"id\":")); p++)
        fprintf(out, "%ld|\n", strtol(p + 6, NULL, 10));
    fclose(out);
    return buf;
}

static void test_migration_2_to_3_keeps_answers(void **state)
{
    Fixture *f = *state;
    AvError err;
    AvStore *st = av_store_open(f->db, 0, &err);
    assert_non_null(st);
    sqlite3 *db = av_store_db(st);
    assert_int_equal(sqlite3_exec(db, downgrade_to_v2, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, synthetic_events, NULL, NULL, NULL), SQLITE_OK);
    /* the answers of version 2: the bounding box and distance on every row */
    char near_sql[512];
    double dlat = 150 / 111.2, dlon = 150 / (111.2 * cos(31.5 * M_PI / 180));
    snprintf(near_sql, sizeof near_sql,
             "SELECT id FROM agg_events WHERE date >= '2026-02-01' AND lat BETWEEN %.17g AND %.17g"
             " AND lon BETWEEN %.17g AND %.17g AND av_km(lat, lon, 31.5, 34.5) <= 150"
             " ORDER BY date DESC, id DESC LIMIT 40",
             31.5 - dlat, 31.5 + dlat, 34.5 - dlon, 34.5 + dlon);
    char *near_v2 = rows_text(db, near_sql);
    char *all_v2 = rows_text(db, "SELECT * FROM agg_events ORDER BY id");
    av_store_close(st);
    assert_null(av_store_open(f->db, AV_STORE_READONLY, &err));   /* needs the upgrade */

    st = av_store_open(f->db, 0, &err);   /* migrates 2 -> 3 */
    assert_non_null(st);
    db = av_store_db(st);
    char *all_v3 = rows_text(db, "SELECT * FROM agg_events ORDER BY id");
    assert_string_equal(all_v3, all_v2);
    assert_counts_match(db);
    AvQuery q = {.from = "2026-02-01", .near = 1, .lat = 31.5, .lon = 34.5, .km = 150, .limit = 40};
    char *out = query_output(f->db, &q, AV_QUERY_JSONL), *near_v3 = ids_of(out);
    assert_int_equal(count_lines(near_v3), 40);
    assert_string_equal(near_v3, near_v2);
    /* the triggers keep the count table and the R*Tree right through
     * ingest (new rows and merged reports), updates and deletes */
    assert_int_equal(ingest_articles(f, st), 2);
    assert_int_equal(sqlite3_exec(db,
                                  "UPDATE agg_events SET num_mentions = num_mentions + 2,"
                                  " country = NULL, lat = lat + 1 WHERE id % 7 = 0;"
                                  "UPDATE agg_events SET plover_type = 'PROTEST', lat = NULL"
                                  " WHERE id % 9 = 0;"
                                  "DELETE FROM agg_events WHERE id % 10 = 3;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_counts_match(db);
    free(out);
    free(near_v2);
    free(near_v3);
    free(all_v2);
    free(all_v3);
    av_store_close(st);
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
    assert_int_equal(sqlite3_exec(av_store_db(st), downgrade_to_v2, NULL, NULL, NULL), SQLITE_OK);
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
        cmocka_unit_test_setup_teardown(test_migration_2_to_3_keeps_answers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readonly_refuses_writes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
