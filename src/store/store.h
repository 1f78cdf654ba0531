/*
 * store.h — the store stage: SQLite event database (schema, migrations,
 * ingest, de-duplication/aggregation, queries).  The public part is in
 * include/avocet.h; this header adds what the serve stage needs.
 */
#ifndef AV_STORE_H
#define AV_STORE_H

#include <sqlite3.h>
#include "avocet.h"

/* Current schema version (PRAGMA user_version). */
#define AV_STORE_SCHEMA_VERSION 3

/* Statements kept prepared per connection, keyed by their SQL text: the
 * API's queries come in a few dozen shapes, and parsing and planning them
 * again for every request costs as much as running them. */
#define STORE_STMT_CACHE 32

struct AvStore {
    sqlite3 *db;
    int readonly;
    sqlite3_stmt *find_article;  /* prepared once: used per input article */
    sqlite3_stmt *cached[STORE_STMT_CACHE];
    unsigned cache_next;         /* the slot to reuse when all are taken */
};

/* A prepared statement for sql from s's cache (reset, bindings cleared),
 * or newly prepared into it.  The cache owns it: call sqlite3_reset when
 * done, never sqlite3_finalize.  AV_OK, or AV_ERR_IO with err filled. */
int store_prepare_cached(AvStore *s, const char *sql, sqlite3_stmt **out, AvError *err);

/* The raw connection, for read queries of the serve stage. */
sqlite3 *av_store_db(AvStore *s);

/* Content hash of an article text: 32 hex digits + NUL. */
void av_store_text_hash(const char *text, size_t len, char out[33]);

/* Appends " WHERE ..." for q to sql and records the values to bind.
 * Values are always bound, never pasted into the SQL. */
typedef struct StoreSql {
    char text[2048];
    size_t len;
    const char *binds_text[32];
    double binds_real[32];
    int bind_is_real[32];
    int n_binds;
    char prefix_hi[4][80];       /* upper bounds of prefix ranges */
    int n_prefix;
} StoreSql;

int store_sql_append(StoreSql *s, const char *text);
int store_query_where(const AvQuery *q, StoreSql *sql, AvError *err);
int store_bind_all(sqlite3_stmt *st, const StoreSql *sql, int first_index);
/* Prepares the SELECT of aggregated events for q (with LIMIT/OFFSET),
 * newest first. */
int store_query_prepare(sqlite3 *db, const AvQuery *q, sqlite3_stmt **out, AvError *err);
/* The same from s's statement cache (see store_prepare_cached). */
int store_query_prepare_cached(AvStore *s, const AvQuery *q, sqlite3_stmt **out, AvError *err);
/* One result row as a JSON object keyed by column name (jansson). */
struct json_t;
struct json_t *store_row_json(sqlite3_stmt *st);
/* Registers av_km(lat1, lon1, lat2, lon2) on a connection. */
int store_register_functions(sqlite3 *db);

#endif
