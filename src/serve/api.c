/*
 * api.c — the JSON endpoints of avocet serve.
 *
 *   GET  /api/health                 status and table sizes
 *   GET  /api/events?FILTERS&limit&offset&daily
 *   GET  /api/counts?by=day|country|type|code&FILTERS
 *   GET  /api/event/ID               one aggregated event, its reports
 *                                    (sentences, actors, trigger offsets)
 *   POST /api/ingest?format=jsonl|conllu   only with a token (Bearer)
 *
 * Every parameter is checked (unknown ones too) before any SQL runs; the
 * values are bound, never pasted.  Each query runs under a time limit.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "serve.h"
#include "../doc/doc.h"

#define DEFAULT_PAGE 50

/* ---- parameters ---- */

typedef struct Params {
    const char *const *allowed;
    const char *bad;            /* first unknown parameter */
    int n;
} Params;

static enum MHD_Result check_key(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    (void)value;
    Params *p = cls;
    p->n++;
    for (const char *const *a = p->allowed; *a; a++)
        if (!strcmp(*a, key))
            return MHD_YES;
    if (!p->bad)
        p->bad = key;
    return MHD_YES;
}

/* 0 when every query parameter is one of allowed, else fills r (400). */
static int check_params(struct MHD_Connection *c, const char *const *allowed, Reply *r)
{
    Params p = {allowed, NULL, 0};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, check_key, &p);
    if (p.n > 32) {
        reply_error(r, MHD_HTTP_BAD_REQUEST, "too many parameters");
        return -1;
    }
    if (p.bad) {
        char shown[48];
        size_t i = 0;
        for (; p.bad[i] && i < sizeof shown - 1; i++)
            shown[i] = isalnum((unsigned char)p.bad[i]) || p.bad[i] == '_' ? p.bad[i] : '?';
        shown[i] = '\0';
        reply_error(r, MHD_HTTP_BAD_REQUEST, "unknown parameter '%s'", shown);
        return -1;
    }
    return 0;
}

static const char *arg(struct MHD_Connection *c, const char *key)
{
    const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, key);
    return v && *v ? v : NULL;
}

static int parse_int(const char *s, int64_t max, int64_t *out)
{
    if (!s)
        return 0;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end || end == s || errno || v < 0 || v > max)
        return -1;
    *out = v;
    return 0;
}

/* Reads the filters into q; 0, or -1 with r filled (400). */
static int read_filters(AvServer *s, struct MHD_Connection *c, AvQuery *q, Reply *r)
{
    memset(q, 0, sizeof *q);
    q->from = arg(c, "from");
    q->to = arg(c, "to");
    q->source = arg(c, "source");
    q->target = arg(c, "target");
    q->code = arg(c, "code");
    q->plover = arg(c, "plover");
    q->country = arg(c, "country");
    const char *near = arg(c, "near");
    if (near && av_query_parse_near(near, q) < 0) {
        reply_error(r, MHD_HTTP_BAD_REQUEST, "near: expected LAT,LON,KM");
        return -1;
    }
    q->limit = DEFAULT_PAGE;
    if (parse_int(arg(c, "limit"), INT64_MAX / 2, &q->limit) < 0 || q->limit == 0 ||
        q->limit > s->opt.max_page) {
        reply_error(r, MHD_HTTP_BAD_REQUEST, "limit: expected 1 to %d", s->opt.max_page);
        return -1;
    }
    if (parse_int(arg(c, "offset"), 1000000, &q->offset) < 0) {
        reply_error(r, MHD_HTTP_BAD_REQUEST, "offset: expected 0 to 1000000");
        return -1;
    }
    const char *daily = arg(c, "daily");
    if (daily && strcmp(daily, "0") && strcmp(daily, "1")) {
        reply_error(r, MHD_HTTP_BAD_REQUEST, "daily: expected 0 or 1");
        return -1;
    }
    q->daily = daily && !strcmp(daily, "1");
    AvError err;
    if (av_query_check(q, &err) < 0) {
        reply_error(r, MHD_HTTP_BAD_REQUEST, "%s", err.msg);
        return -1;
    }
    return 0;
}

/* ---- time limit ---- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int past_deadline(void *deadline)
{
    return now_ms() > *(const double *)deadline;
}

/* Runs st to the end, one JSON object per row; 0, or -1 with r filled. */
static int rows_json(sqlite3 *db, sqlite3_stmt *st, json_t *array, Reply *r)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(array, store_row_json(st));
    if (rc == SQLITE_DONE)
        return 0;
    if (rc == SQLITE_INTERRUPT)
        reply_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "query took too long; narrow the filters");
    else
        reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "database: %s", sqlite3_errmsg(db));
    return -1;
}

/* ---- endpoints ---- */

static const char *const filter_keys[] = {"from", "to", "source", "target", "code", "plover",
                                          "country", "near", "limit", "offset", "daily", NULL};
static const char *const count_keys[] = {"from", "to", "source", "target", "code", "plover",
                                         "country", "near", "by", NULL};
static const char *const no_keys[] = {NULL};

/* ---- JSON text written directly: the events page is the hot path, and
 * building a jansson tree for every cell costs more than the query ---- */

typedef struct Buf {
    AvBuf s;
    int failed;              /* out of memory: the reply is an error */
} Buf;

static void buf_put(Buf *b, const char *s, size_t n)
{
    if (!b->failed && av_buf_put(&b->s, s, n) < 0)
        b->failed = 1;
}

static void buf_str(Buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

/* A JSON string: quotes, backslashes and control bytes escaped; the
 * stored text is valid UTF-8 (repaired on input), so other bytes pass. */
static void buf_json_string(Buf *b, const unsigned char *s, size_t n)
{
    buf_put(b, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = s[i];
        if (ch >= 0x20 && ch != '"' && ch != '\\')
            continue;
        buf_put(b, (const char *)s + run, i - run);
        char esc[8];
        if (ch == '"' || ch == '\\')
            snprintf(esc, sizeof esc, "\\%c", ch);
        else
            snprintf(esc, sizeof esc, "\\u%04x", ch);
        buf_str(b, esc);
        run = i + 1;
    }
    buf_put(b, (const char *)s + run, n - run);
    buf_put(b, "\"", 1);
}

static void buf_row(Buf *b, sqlite3_stmt *st)
{
    int n = sqlite3_column_count(st);
    char num[40];
    buf_put(b, "{", 1);
    for (int i = 0; i < n; i++) {
        if (i)
            buf_put(b, ",", 1);
        const char *name = sqlite3_column_name(st, i);
        buf_json_string(b, (const unsigned char *)name, strlen(name));
        buf_put(b, ":", 1);
        switch (sqlite3_column_type(st, i)) {
        case SQLITE_INTEGER:
            snprintf(num, sizeof num, "%lld", (long long)sqlite3_column_int64(st, i));
            buf_str(b, num);
            break;
        case SQLITE_FLOAT: {
            double v = sqlite3_column_double(st, i);
            if (v != v || v - v != 0)
                buf_str(b, "null");   /* NaN / infinity are not JSON */
            else {
                snprintf(num, sizeof num, "%.17g", v);
                if (!strpbrk(num, ".e"))
                    strcat(num, ".0");
                buf_str(b, num);
            }
            break;
        }
        case SQLITE_NULL:
            buf_str(b, "null");
            break;
        default:
            buf_json_string(b, sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
        }
    }
    buf_put(b, "}", 1);
}

/* Writes every row of st as a JSON array between head and tail and hands
 * the text to r (or fills r with the error); resets st. */
static void rows_reply(sqlite3 *db, sqlite3_stmt *st, const char *head, const char *tail,
                       Reply *r)
{
    Buf b = {{NULL, 0, 0}, 0};
    buf_str(&b, head);
    int rc, rows = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (rows++)
            buf_put(&b, ",", 1);
        buf_row(&b, st);
    }
    buf_str(&b, tail);
    if (rc == SQLITE_INTERRUPT)
        reply_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "query took too long; narrow the filters");
    else if (rc != SQLITE_DONE)
        reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "database: %s", sqlite3_errmsg(db));
    else if (b.failed)
        reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    else {
        r->text = b.s.d;
        r->len = b.s.len;
        b.s.d = NULL;
    }
    free(b.s.d);
    sqlite3_reset(st);
}

static void get_events(AvServer *s, struct MHD_Connection *c, AvStore *store, Reply *r)
{
    AvQuery q;
    if (check_params(c, filter_keys, r) < 0 || read_filters(s, c, &q, r) < 0)
        return;
    sqlite3_stmt *st;
    AvError err;
    if (store_query_prepare_cached(store, &q, &st, &err) < 0) {
        reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "%s", err.msg);
        return;
    }
    char tail[96];
    snprintf(tail, sizeof tail, "],\"limit\":%lld,\"offset\":%lld}", (long long)q.limit,
             (long long)q.offset);
    rows_reply(av_store_db(store), st, "{\"events\":[", tail, r);
}

/* The counts' SQL for one `by`: a SELECT (without WHERE) and its tail.
 * Ties are ordered by key, so the answer does not depend on the plan. */
typedef struct CountSql {
    const char *name, *select, *tail;
} CountSql;

static const CountSql counts_raw[] = {
    {"day",
     "SELECT date AS key, plover_type AS type, count(*) AS n, sum(num_mentions) AS mentions"
     " FROM agg_events",
     " GROUP BY date, plover_type ORDER BY date, plover_type LIMIT 20000"},
    {"country", "SELECT country AS key, count(*) AS n, sum(num_mentions) AS mentions FROM agg_events",
     " GROUP BY country ORDER BY n DESC, key LIMIT 1000"},
    {"type",
     "SELECT plover_type AS key, count(*) AS n, sum(num_mentions) AS mentions FROM agg_events",
     " GROUP BY plover_type ORDER BY n DESC, key LIMIT 1000"},
    {"code",
     "SELECT substr(cameo,1,2) AS key, count(*) AS n, sum(num_mentions) AS mentions"
     " FROM agg_events",
     " GROUP BY substr(cameo,1,2) ORDER BY key LIMIT 1000"}};

/* The same answers from the per-day count table (schema version 3), for
 * requests filtered by date only: kind 1 country, 2 PLOVER type, 3 CAMEO
 * root; known = 0 stands for NULL. */
static const CountSql counts_daily[] = {
    {"day",
     "SELECT date AS key, CASE known WHEN 1 THEN val END AS type, sum(rows_n) AS n,"
     " sum(mentions_n) AS mentions FROM agg_counts WHERE kind = 2",
     " GROUP BY date, known, val HAVING sum(rows_n) > 0 ORDER BY date, type LIMIT 20000"},
    {"country",
     "SELECT CASE known WHEN 1 THEN val END AS key, sum(rows_n) AS n, sum(mentions_n) AS mentions"
     " FROM agg_counts WHERE kind = 1",
     " GROUP BY known, val HAVING sum(rows_n) > 0 ORDER BY n DESC, key LIMIT 1000"},
    {"type",
     "SELECT CASE known WHEN 1 THEN val END AS key, sum(rows_n) AS n, sum(mentions_n) AS mentions"
     " FROM agg_counts WHERE kind = 2",
     " GROUP BY known, val HAVING sum(rows_n) > 0 ORDER BY n DESC, key LIMIT 1000"},
    {"code",
     "SELECT val AS key, sum(rows_n) AS n, sum(mentions_n) AS mentions"
     " FROM agg_counts WHERE kind = 3",
     " GROUP BY val HAVING sum(rows_n) > 0 ORDER BY key LIMIT 1000"}};

static int only_dates(const AvQuery *q)
{
    return !q->source && !q->target && !q->code && !q->plover && !q->country && !q->near;
}

/* Builds the counts statement for q; 0, or -1 with r filled. */
static int prepare_counts(AvStore *store, const CountSql *c, const AvQuery *q,
                          int daily_table, sqlite3_stmt **st, Reply *r)
{
    StoreSql sql;
    memset(&sql, 0, sizeof sql);
    AvError err;
    store_sql_append(&sql, c->select);
    if (daily_table) {
        /* the count table's WHERE is already open: only dates remain */
        if (q->from)
            store_sql_append(&sql, " AND date >= ?1");
        if (q->to)
            store_sql_append(&sql, q->from ? " AND date <= ?2" : " AND date <= ?1");
    } else {
        /* Left alone, the planner prefers an index that yields the GROUP
         * BY order or matches an equality, and then reads the table for
         * every matching row: seconds on a million rows.  One pass over
         * the index that holds every filtered column and num_mentions
         * reads no table row at all.  near= keeps its R*Tree. */
        if (!q->near)
            store_sql_append(&sql, " INDEXED BY agg_date_filters");
        if (store_query_where(q, &sql, &err) < 0) {
            reply_error(r, MHD_HTTP_BAD_REQUEST, "%s", err.msg);
            return -1;
        }
    }
    store_sql_append(&sql, c->tail);
    if (store_prepare_cached(store, sql.text, st, &err) < 0) {
        reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "%s", err.msg);
        return -1;
    }
    if (daily_table) {
        int i = 1;
        if (q->from)
            sqlite3_bind_text(*st, i++, q->from, -1, SQLITE_TRANSIENT);
        if (q->to)
            sqlite3_bind_text(*st, i, q->to, -1, SQLITE_TRANSIENT);
    } else {
        store_bind_all(*st, &sql, 1);
    }
    return 0;
}

static void get_counts(AvServer *s, struct MHD_Connection *c, AvStore *store, Reply *r)
{
    sqlite3 *db = av_store_db(store);
    AvQuery q;
    if (check_params(c, count_keys, r) < 0 || read_filters(s, c, &q, r) < 0)
        return;
    const char *by = arg(c, "by");
    int k = -1;
    for (int i = 0; by && i < 4; i++)
        if (!strcmp(by, counts_raw[i].name))
            k = i;
    if (k < 0) {
        reply_error(r, MHD_HTTP_BAD_REQUEST, "by: expected day, country, type or code");
        return;
    }
    q.limit = q.offset = 0;
    int daily_table = only_dates(&q);
    sqlite3_stmt *st;
    if (prepare_counts(store, daily_table ? &counts_daily[k] : &counts_raw[k], &q, daily_table, &st,
                       r) < 0)
        return;
    /* written directly, as the events page: the day timeline has
     * thousands of rows, and a jansson tree for them cost 30 ms */
    char head[64];
    snprintf(head, sizeof head, "{\"by\":\"%s\",\"counts\":[", counts_raw[k].name);
    rows_reply(db, st, head, "]}", r);
}

static const char *const sql_reports =
    "SELECT e.id, e.event_id, e.date, e.source_text, e.source_code,"
    " e.source_start - s.start AS source_start, e.source_end - s.start AS source_end,"
    " e.target_text, e.target_code,"
    " e.target_start - s.start AS target_start, e.target_end - s.start AS target_end,"
    " e.cameo, e.cameo_name, e.plover_type, e.modality, e.negated, e.confidence, e.trigger,"
    " e.trigger_start - s.start AS trigger_start, e.trigger_end - s.start AS trigger_end,"
    " e.location_name, s.idx AS sentence_index, s.text AS sentence,"
    " a.doc_id, a.title, a.url, a.source AS article_source, a.date AS article_date"
    " FROM events e JOIN sentences s ON s.id = e.sentence_id"
    " JOIN articles a ON a.id = e.article_id WHERE e.agg_id = ?1 ORDER BY e.id LIMIT 500";
static const char *const sql_one =
    "SELECT id, nullif(date,'') AS date, nullif(source_code,'') AS source_code, source_name,"
    " source_country, nullif(target_code,'') AS target_code, target_name, target_country, cameo,"
    " cameo_name, quad_class, goldstein, plover_type, country, nullif(location,'') AS location,"
    " lat, lon, num_mentions, num_sentences, num_articles, num_sources, url"
    " FROM agg_events WHERE id = ?1";

static void get_event(struct MHD_Connection *c, sqlite3 *db, const char *id_text, Reply *r)
{
    int64_t id;
    if (check_params(c, no_keys, r) < 0)
        return;
    if (parse_int(id_text, INT64_MAX / 2, &id) < 0) {
        reply_error(r, MHD_HTTP_BAD_REQUEST, "event id: expected a number");
        return;
    }
    sqlite3_stmt *one = NULL, *reports = NULL;
    if (sqlite3_prepare_v2(db, sql_one, -1, &one, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, sql_reports, -1, &reports, NULL) != SQLITE_OK) {
        reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "database: %s", sqlite3_errmsg(db));
    } else {
        sqlite3_bind_int64(one, 1, id);
        sqlite3_bind_int64(reports, 1, id);
        json_t *found = json_array(), *list = json_array();
        if (rows_json(db, one, found, r) == 0 && rows_json(db, reports, list, r) == 0) {
            if (json_array_size(found) == 0) {
                reply_error(r, MHD_HTTP_NOT_FOUND, "no event %lld", (long long)id);
            } else {
                json_t *event = json_incref(json_array_get(found, 0));
                json_object_set(event, "reports", list);
                r->body = event;
            }
        }
        json_decref(found);
        json_decref(list);
    }
    sqlite3_finalize(one);
    sqlite3_finalize(reports);
}

static void get_health(struct MHD_Connection *c, AvStore *st, Reply *r)
{
    if (check_params(c, no_keys, r) < 0)
        return;
    AvStoreCounts n;
    AvError err;
    if (av_store_counts(st, &n, &err) < 0) {
        reply_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "%s", err.msg);
        return;
    }
    r->body = json_pack("{s:s,s:s,s:i,s:I,s:I,s:I}", "status", "ok", "version", AVOCET_VERSION,
                        "schema", AV_STORE_SCHEMA_VERSION, "articles", (json_int_t)n.articles,
                        "events", (json_int_t)n.events, "aggregated",
                        (json_int_t)n.aggregated);
}

void api_get(AvServer *s, struct MHD_Connection *c, const char *url, Reply *r)
{
    AvStore *st = pool_acquire(&s->pool);
    sqlite3 *db = av_store_db(st);
    double deadline = now_ms() + s->opt.query_ms;
    sqlite3_progress_handler(db, 1000, past_deadline, &deadline);
    if (!strcmp(url, "/api/events"))
        get_events(s, c, st, r);
    else if (!strncmp(url, "/api/event/", 11))
        get_event(c, db, url + 11, r);
    else if (!strcmp(url, "/api/counts"))
        get_counts(s, c, st, r);
    else if (!strcmp(url, "/api/health"))
        get_health(c, st, r);
    else
        reply_error(r, MHD_HTTP_NOT_FOUND, "no such endpoint");
    sqlite3_progress_handler(db, 0, NULL, NULL);
    pool_release(&s->pool, st);
}
