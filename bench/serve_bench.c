/*
 * serve_bench.c — load benchmark of avocet serve's events endpoint.
 *
 *   serve_bench gen DB N          synthetic database with N events (and N
 *                                 aggregated events over 2 years, 40 actors)
 *   serve_bench migrate DB        brings an older database to the current
 *                                 schema (timed: the one-off cost of an
 *                                 upgrade on a large database)
 *   serve_bench load PORT SECONDS CONNECTIONS [TARGET]
 *                                 keep-alive GET /api/events with a mix of
 *                                 filters from CONNECTIONS threads on
 *                                 127.0.0.1; prints requests/s and latency
 *                                 percentiles (TARGET: one URL path only)
 *
 * Traffic goes to 127.0.0.1 only.  Not part of the test suite (bench/serve.sh).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "avocet.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- gen ---- */

static const char *const gen_sql =
    "BEGIN;"
    "CREATE TEMP TABLE actors(k INTEGER PRIMARY KEY, code TEXT);"
    "INSERT INTO actors(code) VALUES ('ISR'),('PSE'),('EGY'),('IRN'),('USA'),('RUS'),('UKR'),"
    "('TUR'),('QAT'),('SYR'),('LBN'),('JOR'),('SAU'),('ARE'),('IRQ'),('CHN'),('FRA'),('GBR'),"
    "('DEU'),('IND'),('ISRGOV'),('ISRMIL'),('PSEREB'),('EGYGOV'),('IRNGOV'),('USAGOV'),"
    "('RUSMIL'),('UKRMIL'),('TURGOV'),('QATGOV'),('SYRREB'),('LBNREB'),('JORGOV'),('SAUGOV'),"
    "('IRQGOV'),('CHNGOV'),('FRAGOV'),('GBRGOV'),('DEUGOV'),('INDGOV');"
    "CREATE TEMP TABLE codes(k INTEGER PRIMARY KEY, code TEXT, plover TEXT);"
    "INSERT INTO codes(code, plover) VALUES ('010','CONSULT'),('036','CONSULT'),('042','CONSULT'),"
    "('051','SUPPORT'),('057','AGREE'),('070','AID'),('111','ACCUSE'),('112','ACCUSE'),"
    "('130','THREATEN'),('141','PROTEST'),('163','SANCTION'),('173','COERCE'),('190','ASSAULT'),"
    "('193','ASSAULT'),('195','ASSAULT');"
    "INSERT INTO articles(id, doc_id, text_hash, date, source, text)"
    " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)"
    " SELECT i, 'synthetic-' || i, printf('%032x', i), date('2025-01-01', '+' || (i % 730) || ' days'),"
    " 'wire-' || (i % 12), 'Synthetic article ' || i || '.' FROM n;"
    "INSERT INTO sentences(id, article_id, idx, start, end, kind, text)"
    " SELECT id, id, 0, 0, length(text), 0, text FROM articles;"
    "INSERT INTO agg_events(id, date, source_code, target_code, cameo, location, source_name,"
    " target_name, source_country, target_country, country, lat, lon, cameo_name, quad_class,"
    " goldstein, plover_type, num_mentions, num_sentences, num_articles, num_sources)"
    " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)"
    " SELECT i, date('2025-01-01', '+' || (i % 730) || ' days'), s.code, t.code, c.code,"
    " 'place-' || (i % 997), s.code, t.code, substr(s.code,1,3), substr(t.code,1,3),"
    " substr(s.code,1,3), (i % 120) - 60.0 + (i % 7) / 10.0, (i % 340) - 170.0 + (i % 11) / 10.0,"
    " 'synthetic', 1 + i % 4, -5.0, c.plover, 1 + i % 5, 1 + i % 3, 1 + i % 2, 1"
    /* actors and codes drawn by a multiplicative hash of i, so that they
     * do not correlate with the date (i % 730) */
    " FROM n JOIN actors s ON s.k = 1 + ((i * 2654435761) % 4294967296 / 65536) % 40"
    " JOIN actors t ON t.k = 1 + ((i * 2246822519 + 7) % 4294967296 / 65536) % 40"
    " JOIN codes c ON c.k = 1 + ((i * 3266489917 + 11) % 4294967296 / 65536) % 15;"
    "INSERT INTO events(id, event_id, agg_id, article_id, sentence_id, date, source_text,"
    " source_code, target_text, target_code, cameo, trigger, trigger_start, trigger_end)"
    " SELECT id, printf('%016x', id), id, 1 + id % ?2, 1 + id % ?2, date, source_code, source_code,"
    " target_code, target_code, cameo, 'did', 0, 3 FROM agg_events;"
    "COMMIT; ANALYZE;";

static int gen(const char *path, long n)
{
    AvError err;
    AvStore *st = av_store_open(path, 0, &err);
    if (!st) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    sqlite3 *db = NULL;
    sqlite3_open(path, &db);
    double t0 = now_s();
    const char *sql = gen_sql;
    while (sql && *sql) {
        sqlite3_stmt *s;
        const char *tail;
        if (sqlite3_prepare_v2(db, sql, -1, &s, &tail) != SQLITE_OK) {
            fprintf(stderr, "gen: %s\n", sqlite3_errmsg(db));
            return 1;
        }
        if (s) {
            if (sqlite3_bind_parameter_count(s) >= 1)
                sqlite3_bind_int64(s, 1, n);
            if (sqlite3_bind_parameter_count(s) >= 2)
                sqlite3_bind_int64(s, 2, n / 20 > 0 ? n / 20 : 1);
            while (sqlite3_step(s) == SQLITE_ROW)
                ;
            if (sqlite3_errcode(db) != SQLITE_OK && sqlite3_errcode(db) != SQLITE_DONE) {
                fprintf(stderr, "gen: %s\n", sqlite3_errmsg(db));
                return 1;
            }
            sqlite3_finalize(s);
        }
        sql = tail;
    }
    sqlite3_close(db);
    av_store_close(st);
    fprintf(stderr, "gen: %ld events in %.1f s\n", n, now_s() - t0);
    return 0;
}

/* ---- migrate ---- */

static int migrate(const char *path)
{
    AvError err;
    double t0 = now_s();
    AvStore *st = av_store_open(path, 0, &err);
    if (!st) {
        fprintf(stderr, "migrate: %s\n", err.msg);
        return 1;
    }
    av_store_close(st);
    fprintf(stderr, "migrate: %s ready in %.1f s\n", path, now_s() - t0);
    return 0;
}

/* ---- load ---- */

typedef struct Worker {
    const char *only;  /* one target instead of the mix, or NULL */
    int port, id;
    double until;
    double *lat;       /* latencies in ms */
    long n, cap, errors;
} Worker;

static const char *const targets[] = {
    "/api/events", "/api/events?limit=50&offset=%d", "/api/events?source=ISR",
    "/api/events?target=PSE&from=2025-06-01", "/api/events?code=19",
    "/api/events?country=EGY&limit=20", "/api/events?plover=ASSAULT&to=2026-01-01",
    "/api/events?from=2025-03-01&to=2025-03-31", "/api/events?source=USAGOV&code=0",
    "/api/events?near=31.5,34.5,300"};

static int connect_local(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Reads one response (headers + Content-Length body); returns its status. */
static int read_response(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    char *body = NULL;
    long want = -1;
    for (;;) {
        ssize_t r = recv(fd, buf + n, cap - n - 1, 0);
        if (r <= 0)
            return -1;
        n += (size_t)r;
        buf[n] = '\0';
        if (!body && (body = strstr(buf, "\r\n\r\n"))) {
            body += 4;
            char *cl = strstr(buf, "Content-Length:");
            want = cl ? strtol(cl + 15, NULL, 10) : 0;
        }
        if (body && (long)(n - (size_t)(body - buf)) >= want)
            break;
        if (n + 1 >= cap)
            return -1;
    }
    int status = 0;
    sscanf(buf, "HTTP/1.%*d %d", &status);
    return status;
}

static void *work(void *arg)
{
    Worker *w = arg;
    char *buf = malloc(1 << 22);
    char req[512], target[256];
    int fd = connect_local(w->port);
    unsigned seed = (unsigned)w->id * 7919u + 1;
    while (fd >= 0 && now_s() < w->until) {
        size_t k = rand_r(&seed) % (sizeof targets / sizeof targets[0]);
        snprintf(target, sizeof target, "%s", w->only ? w->only : targets[k]);
        if (!w->only)
            snprintf(target, sizeof target, targets[k], (int)(rand_r(&seed) % 500));
        int len = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", target);
        double t0 = now_s();
        if (send(fd, req, (size_t)len, MSG_NOSIGNAL) != len ||
            read_response(fd, buf, 1 << 22) != 200) {
            w->errors++;
            close(fd);
            fd = connect_local(w->port);
            continue;
        }
        if (w->n == w->cap)
            w->lat = realloc(w->lat, (size_t)(w->cap = w->cap ? w->cap * 2 : 4096) * sizeof *w->lat);
        w->lat[w->n++] = (now_s() - t0) * 1e3;
    }
    if (fd >= 0)
        close(fd);
    free(buf);
    return NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int load(int port, double seconds, int conns, const char *only)
{
    Worker *w = calloc((size_t)conns, sizeof *w);
    pthread_t *t = calloc((size_t)conns, sizeof *t);
    double t0 = now_s();
    for (int i = 0; i < conns; i++) {
        w[i] = (Worker){.only = only, .port = port, .id = i, .until = t0 + seconds};
        pthread_create(&t[i], NULL, work, &w[i]);
    }
    long total = 0, errors = 0;
    for (int i = 0; i < conns; i++) {
        pthread_join(t[i], NULL);
        total += w[i].n;
        errors += w[i].errors;
    }
    double elapsed = now_s() - t0;
    double *all = malloc((size_t)(total ? total : 1) * sizeof *all);
    long k = 0;
    for (int i = 0; i < conns; i++) {
        memcpy(all + k, w[i].lat, (size_t)w[i].n * sizeof *all);
        k += w[i].n;
        free(w[i].lat);
    }
    qsort(all, (size_t)total, sizeof *all, cmp_double);
    if (total == 0) {
        printf("no successful request (%ld errors)\n", errors);
        return 1;
    }
    printf("requests %ld in %.1f s: %.0f requests/s, errors %ld\n", total, elapsed,
           (double)total / elapsed, errors);
    printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", all[total / 2],
           all[total * 9 / 10], all[total * 99 / 100], all[total - 1]);
    free(all);
    free(w);
    free(t);
    return errors ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "gen"))
        return gen(argv[2], atol(argv[3]));
    if (argc == 3 && !strcmp(argv[1], "migrate"))
        return migrate(argv[2]);
    if ((argc == 5 || argc == 6) && !strcmp(argv[1], "load"))
        return load(atoi(argv[2]), atof(argv[3]), atoi(argv[4]), argc == 6 ? argv[5] : NULL);
    fprintf(stderr, "usage: serve_bench gen DB N | serve_bench migrate DB | serve_bench load PORT SECONDS CONNECTIONS [TARGET]\n");
    return 2;
}
