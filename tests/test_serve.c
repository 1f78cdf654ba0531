/* test_serve.c — the HTTP API against hostile requests: SQL
 * meta-characters in every parameter, huge pages, malformed JSON, missing
 * or wrong token, oversized bodies, path traversal; plus the normal
 * answers the web page relies on.  Traffic goes to 127.0.0.1 only. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>
#include "avocet.h"

#define TOKEN "test-token-0123456789abcdef"

typedef struct Fixture {
    char dir[64];
    char db[96];
    char web[96];
    AvDict *dict;
    AvCoder *coder;
    AvServer *server;
    int port;
} Fixture;

typedef struct Answer {
    int status;
    char *body;      /* points into raw */
    char *raw;
} Answer;

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 20);
    *len = fread(buf, 1, (1 << 20) - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Sends one raw request to 127.0.0.1 and reads the whole answer. */
static Answer http(const Fixture *f, const char *request, size_t len)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)f->port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    for (size_t done = 0; done < len;) {
        ssize_t w = send(fd, request + done, len - done, MSG_NOSIGNAL);
        if (w <= 0)
            break;   /* the server may answer and close before reading all */
        done += (size_t)w;
    }
    size_t cap = 1 << 16, n = 0;
    char *raw = malloc(cap);
    ssize_t r;
    while ((r = recv(fd, raw + n, cap - n - 1, 0)) > 0) {
        n += (size_t)r;
        if (n + 1 >= cap)
            raw = realloc(raw, cap *= 2);
    }
    raw[n] = '\0';
    close(fd);
    Answer ans = {0, NULL, raw};
    sscanf(raw, "HTTP/1.%*d %d", &ans.status);
    char *sep = strstr(raw, "\r\n\r\n");
    ans.body = sep ? sep + 4 : raw + n;
    return ans;
}

static Answer get(const Fixture *f, const char *target)
{
    char req[4096];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                     target);
    return http(f, req, (size_t)n);
}

static Answer post(const Fixture *f, const char *target, const char *auth, const char *body)
{
    size_t blen = strlen(body);
    char *req = malloc(blen + 1024);
    int n = snprintf(req, 1024,
                     "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s%s%s"
                     "Content-Length: %zu\r\n\r\n",
                     target, auth ? "Authorization: " : "", auth ? auth : "", auth ? "\r\n" : "",
                     blen);
    memcpy(req + n, body, blen);
    Answer a = http(f, req, (size_t)n + blen);
    free(req);
    return a;
}

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/avocet-serve-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->db, sizeof f->db, "%s/events.db", f->dir);
    snprintf(f->web, sizeof f->web, "%s/web", f->dir);
    assert_int_equal(mkdir(f->web, 0755), 0);
    char path[256];
    snprintf(path, sizeof path, "%s/index.html", f->web);
    write_file(path, "<html>avocet-test-page</html>");
    snprintf(path, sizeof path, "%s/secret.txt", f->dir);
    write_file(path, "TOP-SECRET-CONTENT");
    AvError err;
    AvDictOptions dopt;
    memset(&dopt, 0, sizeof dopt);
    const char *dict_dir = av_dict_default_dir();
    f->dict = av_dict_load(&dict_dir, 1, &dopt, &err);
    assert_non_null(f->dict);
    AvCoderOptions copt;
    av_coder_options_init(&copt);
    f->coder = av_coder_new(NULL, f->dict, &copt, &err);
    assert_non_null(f->coder);
    AvServeOptions opt = {.db = f->db, .port = 0, .web_dir = f->web, .ingest_token = TOKEN,
                          .coder = f->coder, .threads = 2, .max_page = 100,
                          .max_body = 64 * 1024};
    f->server = av_server_start(&opt, &err);
    if (!f->server)
        fail_msg("%s", err.msg);
    f->port = av_server_port(f->server);
    /* fill the database through the API itself */
    const char *dir = getenv("AVOCET_TEST_DATA");
    snprintf(path, sizeof path, "%s/store/articles.conllu", dir ? dir : "tests/data");
    size_t len;
    char *body = read_file(path, &len);
    Answer a = post(f, "/api/ingest?format=conllu", "Bearer " TOKEN, body);
    assert_int_equal(a.status, 200);
    assert_non_null(strstr(a.body, "\"stored\":2"));
    free(a.raw);
    free(body);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    av_server_stop(f->server);
    av_coder_free(f->coder);
    av_dict_free(f->dict);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static void expect(const Fixture *f, const char *target, int status, const char *needle)
{
    Answer a = get(f, target);
    if (a.status != status || (needle && !strstr(a.body, needle)))
        fail_msg("GET %s: got %d %s", target, a.status, a.body);
    free(a.raw);
}

static void test_normal_answers(void **state)
{
    Fixture *f = *state;
    expect(f, "/api/health", 200, "\"events\":3");
    expect(f, "/api/events", 200, "\"num_mentions\":2");
    expect(f, "/api/events?source=ISR&limit=5", 200, "\"source_code\":\"ISRMIL\"");
    expect(f, "/api/events?code=11&offset=0", 200, "\"cameo\":\"111\"");
    expect(f, "/api/counts?by=type", 200, "{\"key\":\"ACCUSE\",\"n\":1,\"mentions\":2}");
    expect(f, "/api/event/1", 200, "\"trigger_start\":15");
    expect(f, "/api/event/999", 404, "\"error\"");
    expect(f, "/", 200, "avocet-test-page");
    Answer a = get(f, "/api/events?source=PSE");
    assert_int_equal(a.status, 200);
    assert_non_null(strstr(a.body, "\"events\":[]"));
    free(a.raw);
}

/* The counts array the raw aggregated events give for sql, written as
 * the API writes it: {"key":..,["type":..,]"n":..,"mentions":..}. */
static char *expected_counts(sqlite3 *db, const char *sql)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    fputs("\"counts\":[", out);
    for (int row = 0; sqlite3_step(st) == SQLITE_ROW; row++) {
        fputs(row ? ",{" : "{", out);
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            const char *v = (const char *)sqlite3_column_text(st, i);
            int text = sqlite3_column_type(st, i) == SQLITE_TEXT;
            fprintf(out, "%s\"%s\":%s%s%s", i ? "," : "", sqlite3_column_name(st, i),
                    text ? "\"" : "", v ? v : "null", text ? "\"" : "");
        }
        fputc('}', out);
    }
    fputc(']', out);
    sqlite3_finalize(st);
    fclose(out);
    return buf;
}

/* /api/counts filtered by dates only is answered from the per-day count
 * table: it must equal grouping the events themselves, also after rows
 * are added, merged, changed and deleted behind the server's back. */
static void test_counts_match_the_events(void **state)
{
    Fixture *f = *state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    assert_int_equal(
        sqlite3_exec(db,
                     "INSERT INTO agg_events(date, source_code, target_code, cameo, location,"
                     " country, plover_type, num_mentions)"
                     " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
                     " SELECT date('2026-04-01', '+' || (i * 7 % 60) || ' days'), 'ISR', 'PSE',"
                     " substr('010111190193042173', 1 + 3 * (i % 6), 3), 'p' || i,"
                     " CASE WHEN i % 11 THEN substr('ISRPSEEGYLBN', 1 + 3 * (i % 4), 3) END,"
                     " CASE WHEN i % 17 THEN substr('CONSULTACCUSEASSAULT', 1 + 7 * (i % 3), 7) END,"
                     " 1 + i % 5 FROM n;"
                     "UPDATE agg_events SET num_mentions = num_mentions + 3, country = 'SYR'"
                     " WHERE id % 7 = 0;"
                     "DELETE FROM agg_events WHERE id % 10 = 3 AND id > 10;",
                     NULL, NULL, NULL),
        SQLITE_OK);
    static const char *const ranges[][2] = {
        {"", ""}, {"&from=2026-05-01", "WHERE date >= '2026-05-01'"},
        {"&to=2026-04-20", "WHERE date <= '2026-04-20'"},
        {"&from=2026-04-10&to=2026-05-04", "WHERE date >= '2026-04-10' AND date <= '2026-05-04'"}};
    static const char *const by[][2] = {
        {"day", "SELECT date AS key, plover_type AS type, count(*) AS n, sum(num_mentions) AS mentions"
                " FROM agg_events %s GROUP BY date, plover_type ORDER BY date, plover_type"},
        {"country", "SELECT country AS key, count(*) AS n, sum(num_mentions) AS mentions"
                    " FROM agg_events %s GROUP BY country ORDER BY n DESC, key"},
        {"type", "SELECT plover_type AS key, count(*) AS n, sum(num_mentions) AS mentions"
                 " FROM agg_events %s GROUP BY plover_type ORDER BY n DESC, key"},
        {"code", "SELECT substr(cameo,1,2) AS key, count(*) AS n, sum(num_mentions) AS mentions"
                 " FROM agg_events %s GROUP BY key ORDER BY key"}};
    for (size_t b = 0; b < 4; b++)
        for (size_t r = 0; r < 4; r++) {
            char sql[512], url[128];
            snprintf(sql, sizeof sql, by[b][1], ranges[r][1]);
            snprintf(url, sizeof url, "/api/counts?by=%s%s", by[b][0], ranges[r][0]);
            char *want = expected_counts(db, sql);
            assert_true(strlen(want) > 20);   /* not an empty answer */
            expect(f, url, 200, want);
            free(want);
        }
    /* a filter beyond dates reads the events: the same shape of answer */
    char *want = expected_counts(db, "SELECT country AS key, count(*) AS n, sum(num_mentions) AS"
                                     " mentions FROM agg_events WHERE source_code >= 'ISR' AND"
                                     " source_code < 'ISS' GROUP BY country ORDER BY n DESC, key");
    expect(f, "/api/counts?by=country&source=ISR", 200, want);
    free(want);
    sqlite3_close(db);
}

static void test_sql_metacharacters_refused(void **state)
{
    Fixture *f = *state;
    static const char *const params[] = {"from", "to", "source", "target", "code", "plover",
                                         "country", "near", "limit", "offset", "daily"};
    static const char *const payloads[] = {
        "%27", "%27%20OR%20%271%27=%271", "1;DROP%20TABLE%20events;--", "%22", "ISR%27--",
        "1)%20UNION%20SELECT%20*%20FROM%20articles--", "%25", "x%00y", "ISR%20OR%201"};
    char url[512];
    for (size_t p = 0; p < sizeof params / sizeof params[0]; p++)
        for (size_t v = 0; v < sizeof payloads / sizeof payloads[0]; v++) {
            snprintf(url, sizeof url, "/api/events?%s=%s", params[p], payloads[v]);
            expect(f, url, 400, "{\"error\":");
            snprintf(url, sizeof url, "/api/counts?by=day&%s=%s", params[p], payloads[v]);
            expect(f, url, 400, "{\"error\":");
        }
    expect(f, "/api/counts?by=day%27--", 400, "\"error\"");
    expect(f, "/api/event/1%20OR%201=1", 400, "\"error\"");
    expect(f, "/api/events?source%27=ISR", 400, "unknown parameter");
    /* nothing was changed or dropped */
    expect(f, "/api/health", 200, "\"events\":3");
}

static void test_huge_pages_refused(void **state)
{
    Fixture *f = *state;
    expect(f, "/api/events?limit=101", 400, "limit");
    expect(f, "/api/events?limit=1000000000", 400, "limit");
    expect(f, "/api/events?limit=99999999999999999999999", 400, "limit");
    expect(f, "/api/events?limit=-1", 400, "limit");
    expect(f, "/api/events?limit=0", 400, "limit");
    expect(f, "/api/events?offset=-5", 400, "offset");
    expect(f, "/api/events?offset=1e9", 400, "offset");
    expect(f, "/api/events?limit=100", 200, "\"limit\":100");
}

static void test_ingest_token_and_json(void **state)
{
    Fixture *f = *state;
    const char *good = "{\"id\":\"n1\",\"date\":\"2026-05-05\",\"text\":\"Egypt criticized Israel.\"}\n";
    Answer a = post(f, "/api/ingest", NULL, good);
    assert_int_equal(a.status, 401);
    free(a.raw);
    a = post(f, "/api/ingest", "Bearer wrong-token-0123456789", good);
    assert_int_equal(a.status, 403);
    free(a.raw);
    a = post(f, "/api/ingest", "Bearer " TOKEN "x", good);
    assert_int_equal(a.status, 403);
    free(a.raw);
    a = post(f, "/api/ingest", "Basic " TOKEN, good);
    assert_int_equal(a.status, 401);
    free(a.raw);
    static const char *const malformed[] = {
        "{not json}\n", "[1,2,3]\n", "{\"id\":\"x\"}\n", "{\"text\":42}\n",
        "{\"id\":\"ok\",\"text\":\"Fine.\"}\n{\"text\":\"unterminated\n", "\n\n",
        "{\"text\":\"a\",\"text\":\"b\"}\n"};
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
        a = post(f, "/api/ingest", "Bearer " TOKEN, malformed[i]);
        if (a.status != 400 || !strstr(a.body, "\"error\""))
            fail_msg("malformed body %zu: got %d %s", i, a.status, a.body);
        free(a.raw);
    }
    a = post(f, "/api/ingest?format=xml%27", "Bearer " TOKEN, good);
    assert_int_equal(a.status, 400);
    free(a.raw);
    expect(f, "/api/health", 200, "\"articles\":2");   /* nothing stored */
}

static void test_body_limit(void **state)
{
    Fixture *f = *state;
    size_t n = 200 * 1024;
    char *big = malloc(n + 1);
    memset(big, ' ', n);
    big[n] = '\0';
    Answer a = post(f, "/api/ingest", "Bearer " TOKEN, big);
    assert_int_equal(a.status, 413);
    free(a.raw);
    free(big);
    expect(f, "/api/health", 200, "\"status\":\"ok\"");
}

static void test_path_traversal_refused(void **state)
{
    Fixture *f = *state;
    static const char *const paths[] = {
        "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt",
        "/web/../../secret.txt", "/./../secret.txt", "//secret.txt", "/..\\secret.txt",
        "/%5c..%5csecret.txt", "/index.html%00/../../secret.txt", "/....//secret.txt",
        "/%252e%252e/secret.txt"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        Answer a = get(f, paths[i]);
        if (a.status == 200 || strstr(a.body, "TOP-SECRET"))
            fail_msg("GET %s was served: %d", paths[i], a.status);
        free(a.raw);
    }
    char req[] = "DELETE /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    Answer a = http(f, req, strlen(req));
    assert_int_equal(a.status, 405);
    free(a.raw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_normal_answers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counts_match_the_events, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sql_metacharacters_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_huge_pages_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ingest_token_and_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_body_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path_traversal_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
