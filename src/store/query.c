/*
 * query.c — filters on aggregated events, shared by `avocet query` and the
 * HTTP API.  Every value is checked (av_query_check) and then bound as an
 * SQL parameter; only fixed SQL fragments are ever concatenated.
 */
#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"

static int is_date(const char *s)
{
    static const char shape[] = "dddd-dd-dd";
    for (int i = 0; i < 10; i++) {
        if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != '-')
            return 0;
    }
    return s[10] == '\0';
}

/* Codes are letters, digits and a few marks used by CAMEO/PLOVER codes. */
static int is_code(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '~')
            return 0;
    return 1;
}

int av_query_check(const AvQuery *q, AvError *err)
{
    if (q->from && !is_date(q->from))
        return av_error_set(err, AV_ERR_ARG, "from: expected YYYY-MM-DD");
    if (q->to && !is_date(q->to))
        return av_error_set(err, AV_ERR_ARG, "to: expected YYYY-MM-DD");
    const struct { const char *name, *v; size_t max; } codes[] = {
        {"source", q->source, 64}, {"target", q->target, 64}, {"code", q->code, 8},
        {"plover", q->plover, 40}, {"country", q->country, 8}};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (codes[i].v && !is_code(codes[i].v, codes[i].max))
            return av_error_set(err, AV_ERR_ARG, "%s: expected a code of letters and digits",
                                codes[i].name);
    if (q->near && (!(q->lat >= -90 && q->lat <= 90) || !(q->lon >= -180 && q->lon <= 180) ||
                    !(q->km > 0 && q->km <= 20040)))
        return av_error_set(err, AV_ERR_ARG, "near: expected LAT,LON,KM within range");
    if (q->limit < 0 || q->offset < 0 || q->offset > 100000000)
        return av_error_set(err, AV_ERR_ARG, "limit/offset out of range");
    if (q->daily && (q->country || q->near))
        return av_error_set(err, AV_ERR_ARG, "the daily view has no country or location filter");
    return AV_OK;
}

int store_sql_append(StoreSql *s, const char *text)
{
    size_t n = strlen(text);
    if (s->len + n + 1 > sizeof s->text)
        return AV_ERR_LIMIT;
    memcpy(s->text + s->len, text, n + 1);
    s->len += n;
    return AV_OK;
}

static void bind_text(StoreSql *s, const char *v)
{
    s->binds_text[s->n_binds] = v;
    s->bind_is_real[s->n_binds++] = 0;
}

static void bind_real(StoreSql *s, double v)
{
    s->binds_real[s->n_binds] = v;
    s->bind_is_real[s->n_binds++] = 1;
}

static void add_cond(StoreSql *s, int *first, const char *cond)
{
    store_sql_append(s, *first ? " WHERE " : " AND ");
    store_sql_append(s, cond);
    *first = 0;
}

/* col >= prefix AND col < prefix-with-last-byte-incremented: a prefix
 * match that can use the column's index (codes are ASCII alphanumerics).
 * Without use_index the column is written "+col": the unary + keeps
 * SQLite from using the column's index.  Short prefixes (CAMEO roots,
 * country codes such as "ISR") match a large share of the rows, and
 * walking the date index newest-first and filtering is then much faster
 * than sorting every match; a full actor code ("ISRGOV") is selective
 * enough for its index. */
static void add_prefix(StoreSql *s, int *first, const char *column, const char *prefix,
                       int use_index)
{
    char *hi = s->prefix_hi[s->n_prefix++];
    size_t n = strlen(prefix);
    memcpy(hi, prefix, n + 1);
    hi[n - 1]++;
    char cond[128];
    snprintf(cond, sizeof cond, "%s%s >= ? AND %s%s < ?", use_index ? "" : "+", column,
             use_index ? "" : "+", column);
    add_cond(s, first, cond);
    bind_text(s, prefix);
    bind_text(s, hi);
}

int store_query_where(const AvQuery *q, StoreSql *s, AvError *err)
{
    if (av_query_check(q, err) < 0)
        return err->code;
    int first = 1;
    if (q->from) {
        add_cond(s, &first, "date >= ?");
        bind_text(s, q->from);
    }
    if (q->to) {
        add_cond(s, &first, "date <= ?");
        bind_text(s, q->to);
    }
    if (q->source)
        add_prefix(s, &first, "source_code", q->source, strlen(q->source) >= 6);
    if (q->target)
        add_prefix(s, &first, "target_code", q->target, strlen(q->target) >= 6);
    if (q->code)
        add_prefix(s, &first, "cameo", q->code, 0);
    if (q->plover) {
        add_cond(s, &first, "plover_type = ?");
        bind_text(s, q->plover);
    }
    if (q->country) {
        add_cond(s, &first, "country = ?");
        bind_text(s, q->country);
    }
    if (q->near) {
        /* bounding box first (cheap), then the great-circle distance.
         * The R*Tree yields the ids inside the box (its 32-bit bounds are
         * rounded outwards, so the exact BETWEEN on the columns follows). */
        double dlat = q->km / 111.2;
        double coslat = cos(q->lat * M_PI / 180.0);
        double dlon = coslat > 0.01 ? q->km / (111.2 * coslat) : 360.0;
        add_cond(s, &first, "id IN (SELECT id FROM agg_place_rtree WHERE max_lat >= ?"
                            " AND min_lat <= ? AND max_lon >= ? AND min_lon <= ?)"
                            " AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?"
                            " AND av_km(lat, lon, ?, ?) <= ?");
        for (int pass = 0; pass < 2; pass++) {
            bind_real(s, q->lat - dlat);
            bind_real(s, q->lat + dlat);
            bind_real(s, q->lon - dlon);
            bind_real(s, q->lon + dlon);
        }
        bind_real(s, q->lat);
        bind_real(s, q->lon);
        bind_real(s, q->km);
    }
    return AV_OK;
}

int store_bind_all(sqlite3_stmt *st, const StoreSql *s, int first_index)
{
    for (int i = 0; i < s->n_binds; i++) {
        int rc = s->bind_is_real[i]
                     ? sqlite3_bind_double(st, first_index + i, s->binds_real[i])
                     : sqlite3_bind_text(st, first_index + i, s->binds_text[i], -1,
                                                           SQLITE_TRANSIENT);
        if (rc != SQLITE_OK)
            return AV_ERR_ARG;
    }
    return AV_OK;
}

static const char *const select_agg =
    "SELECT id, nullif(date,'') AS date, nullif(source_code,'') AS source_code, source_name, source_country,"
    " nullif(target_code,'') AS target_code, target_name, target_country, cameo, cameo_name,"
    " quad_class, goldstein, plover_type, country, nullif(location,'') AS location, lat, lon,"
    " num_mentions, num_sentences, num_articles, num_sources, url FROM agg_events";
/* The GDELT-like TSV columns (documented in docs/store.md). */
static const char *const select_gdelt =
    "SELECT id AS GlobalEventID, replace(date,'-','') AS Day,"
    " source_code AS Actor1Code, source_name AS Actor1Name, source_country AS Actor1CountryCode,"
    " target_code AS Actor2Code, target_name AS Actor2Name, target_country AS Actor2CountryCode,"
    " cameo AS EventCode, substr(cameo,1,2) AS EventRootCode, quad_class AS QuadClass,"
    " goldstein AS GoldsteinScale, num_mentions AS NumMentions, num_sources AS NumSources,"
    " num_articles AS NumArticles, num_sentences AS NumSentences, plover_type AS PloverType,"
    " location AS ActionGeo_FullName, country AS ActionGeo_CountryCode,"
    " lat AS ActionGeo_Lat, lon AS ActionGeo_Long, url AS SOURCEURL FROM agg_events";
static const char *const select_daily =
    "SELECT id, nullif(date,'') AS date, nullif(source_code,'') AS source_code, nullif(target_code,'') AS target_code,"
    " cameo, cameo_name, quad_class, goldstein, plover_type, num_mentions FROM daily_events";

/* The SQL text of a newest-first page for q, and its values. */
static int select_sql(const AvQuery *q, const char *select, const char *table, StoreSql *s,
                      AvError *err)
{
    memset(s, 0, sizeof *s);
    store_sql_append(s, select);
    if (store_query_where(q, s, err) < 0)
        return err->code;
    /* qualified names: order by the stored column (and its index), not
     * by the nullif() alias of the select list */
    char order[128];
    snprintf(order, sizeof order, " ORDER BY %s.date DESC, %s.id DESC LIMIT ? OFFSET ?", table,
             table);
    store_sql_append(s, order);
    return AV_OK;
}

static void bind_page(sqlite3_stmt *st, const StoreSql *s, const AvQuery *q)
{
    store_bind_all(st, s, 1);
    sqlite3_bind_int64(st, s->n_binds + 1, q->limit > 0 ? q->limit : -1);
    sqlite3_bind_int64(st, s->n_binds + 2, q->offset);
}

static int prepare_select(sqlite3 *db, const AvQuery *q, const char *select, const char *table,
                          sqlite3_stmt **out, AvError *err)
{
    StoreSql s;
    if (select_sql(q, select, table, &s, err) < 0)
        return err->code;
    if (sqlite3_prepare_v2(db, s.text, -1, out, NULL) != SQLITE_OK)
        return av_error_set(err, AV_ERR_IO, "store: query: %s", sqlite3_errmsg(db));
    bind_page(*out, &s, q);
    return AV_OK;
}

int store_query_prepare_cached(AvStore *st, const AvQuery *q, sqlite3_stmt **out, AvError *err)
{
    StoreSql s;
    if (select_sql(q, q->daily ? select_daily : select_agg,
                   q->daily ? "daily_events" : "agg_events", &s, err) < 0 ||
        store_prepare_cached(st, s.text, out, err) < 0)
        return err->code;
    bind_page(*out, &s, q);
    return AV_OK;
}

int store_query_prepare(sqlite3 *db, const AvQuery *q, sqlite3_stmt **out, AvError *err)
{
    return prepare_select(db, q, q->daily ? select_daily : select_agg,
                          q->daily ? "daily_events" : "agg_events", out, err);
}

/* One row as a JSON object keyed by column names. */
json_t *store_row_json(sqlite3_stmt *st)
{
    json_t *o = json_object();
    int n = sqlite3_column_count(st);
    for (int i = 0; i < n && o; i++) {
        json_t *v;
        switch (sqlite3_column_type(st, i)) {
        case SQLITE_INTEGER: v = json_integer(sqlite3_column_int64(st, i)); break;
        case SQLITE_FLOAT: v = json_real(sqlite3_column_double(st, i)); break;
        case SQLITE_NULL: v = json_null(); break;
        default:
            v = json_stringn((const char *)sqlite3_column_text(st, i),
                             (size_t)sqlite3_column_bytes(st, i));
        }
        json_object_set_new(o, sqlite3_column_name(st, i), v ? v : json_null());
    }
    return o;
}

/* A cell for TSV (tabs and newlines become spaces) or CSV (quoted when it
 * holds a separator, quote or newline). */
static void write_cell(FILE *out, sqlite3_stmt *st, int i, int csv)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return;
    const char *v = (const char *)sqlite3_column_text(st, i);
    if (!v)
        return;
    int quote = csv && strpbrk(v, ",\"\r\n") != NULL;
    if (quote)
        fputc('"', out);
    for (const char *p = v; *p; p++) {
        if (!csv && (*p == '\t' || *p == '\n' || *p == '\r'))
            fputc(' ', out);
        else if (quote && *p == '"')
            fputs("\"\"", out);
        else
            fputc(*p, out);
    }
    if (quote)
        fputc('"', out);
}

static void write_header(FILE *out, sqlite3_stmt *st, char sep)
{
    int n = sqlite3_column_count(st);
    for (int i = 0; i < n; i++)
        fprintf(out, "%s%c", sqlite3_column_name(st, i), i + 1 < n ? sep : '\n');
}

static int write_row(FILE *out, sqlite3_stmt *st, AvQueryFormat fmt)
{
    if (fmt == AV_QUERY_JSONL) {
        json_t *o = store_row_json(st);
        int rc = o ? json_dumpf(o, out, JSON_COMPACT | JSON_PRESERVE_ORDER) : -1;
        json_decref(o);
        fputc('\n', out);
        return rc;
    }
    int n = sqlite3_column_count(st);
    for (int i = 0; i < n; i++) {
        write_cell(out, st, i, fmt == AV_QUERY_CSV);
        fputc(i + 1 < n ? (fmt == AV_QUERY_CSV ? ',' : '\t') : '\n', out);
    }
    return 0;
}

int av_store_query_write(AvStore *s, const AvQuery *q, AvQueryFormat fmt, FILE *out,
                         AvError *err)
{
    sqlite3_stmt *st;
    int rc = fmt == AV_QUERY_TSV_GDELT && !q->daily
                 ? prepare_select(s->db, q, select_gdelt, "agg_events", &st, err)
                 : store_query_prepare(s->db, q, &st, err);
    if (rc < 0)
        return rc;
    if (fmt != AV_QUERY_JSONL)
        write_header(out, st, fmt == AV_QUERY_CSV ? ',' : '\t');
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (write_row(out, st, fmt) < 0)
            break;
    int ok = rc == SQLITE_DONE;
    if (!ok)
        av_error_set(err, AV_ERR_IO, "store: query: %s", sqlite3_errmsg(s->db));
    sqlite3_finalize(st);
    if (ok && ferror(out))
        return av_error_set(err, AV_ERR_IO, "store: cannot write the output");
    return ok ? AV_OK : AV_ERR_IO;
}

/* av_km(lat1, lon1, lat2, lon2): great-circle distance in km (haversine). */
static void sql_km(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    for (int i = 0; i < 4; i++)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
            sqlite3_result_null(ctx);
            return;
        }
    double r = M_PI / 180.0;
    double la1 = sqlite3_value_double(argv[0]) * r, lo1 = sqlite3_value_double(argv[1]) * r;
    double la2 = sqlite3_value_double(argv[2]) * r, lo2 = sqlite3_value_double(argv[3]) * r;
    double a = sin((la2 - la1) / 2) * sin((la2 - la1) / 2) +
               cos(la1) * cos(la2) * sin((lo2 - lo1) / 2) * sin((lo2 - lo1) / 2);
    sqlite3_result_double(ctx, 6371.0 * 2 * atan2(sqrt(a), sqrt(1 - a)));
}

int store_register_functions(sqlite3 *db)
{
    return sqlite3_create_function(db, "av_km", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                   sql_km, NULL, NULL) == SQLITE_OK
               ? AV_OK
               : AV_ERR_IO;
}

int av_query_parse_near(const char *s, AvQuery *q)
{
    char *end;
    q->lat = strtod(s, &end);
    if (*end != ',')
        return -1;
    q->lon = strtod(end + 1, &end);
    if (*end != ',')
        return -1;
    q->km = strtod(end + 1, &end);
    q->near = 1;
    return *end ? -1 : 0;
}
