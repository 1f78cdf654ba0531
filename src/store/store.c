/*
 * store.c — opening the event database, schema migrations and ingest.
 *
 * Crash safety comes from SQLite itself: WAL journal, one transaction per
 * batch of articles, and an article that is stored either completely (its
 * sentences, mentions, events and aggregate updates) or not at all.  A
 * rerun skips articles already stored (same id or same text hash), so an
 * ingest killed at any point resumes where it stopped.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"

/* Each migration takes the schema from version i to i+1.  Append only. */
static const char *const migrations[] = {
    /* 0 -> 1: articles, sentences, mentions, events, aggregated events */
    "CREATE TABLE articles("
    " id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE, text_hash TEXT NOT NULL UNIQUE,"
    " date TEXT, source TEXT, url TEXT, title TEXT, text TEXT NOT NULL,"
    " n_events INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE sentences("
    " id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL REFERENCES articles(id),"
    " idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,"
    " kind INTEGER NOT NULL, text TEXT NOT NULL, UNIQUE(article_id, idx));"
    "CREATE TABLE mentions("
    " id INTEGER PRIMARY KEY, sentence_id INTEGER NOT NULL REFERENCES sentences(id),"
    " text TEXT, code TEXT, country TEXT, start INTEGER, end INTEGER);"
    "CREATE INDEX mentions_sentence ON mentions(sentence_id);"
    "CREATE TABLE agg_events("
    " id INTEGER PRIMARY KEY, date TEXT NOT NULL, source_code TEXT NOT NULL,"
    " target_code TEXT NOT NULL, cameo TEXT NOT NULL, location TEXT NOT NULL,"
    " source_name TEXT, target_name TEXT, source_country TEXT, target_country TEXT,"
    " country TEXT, lat REAL, lon REAL, cameo_name TEXT, quad_class INTEGER,"
    " goldstein REAL, plover_type TEXT, url TEXT,"
    " num_mentions INTEGER NOT NULL DEFAULT 0, num_sentences INTEGER NOT NULL DEFAULT 0,"
    " num_articles INTEGER NOT NULL DEFAULT 0, num_sources INTEGER NOT NULL DEFAULT 0,"
    " UNIQUE(date, source_code, target_code, cameo, location));"
    "CREATE INDEX agg_date ON agg_events(date, id);"
    "CREATE INDEX agg_source ON agg_events(source_code, date);"
    "CREATE INDEX agg_target ON agg_events(target_code, date);"
    "CREATE INDEX agg_cameo ON agg_events(cameo, date);"
    "CREATE INDEX agg_country ON agg_events(country, date);"
    "CREATE INDEX agg_plover ON agg_events(plover_type, date);"
    "CREATE TABLE events("
    " id INTEGER PRIMARY KEY, event_id TEXT NOT NULL,"
    " agg_id INTEGER NOT NULL REFERENCES agg_events(id),"
    " article_id INTEGER NOT NULL REFERENCES articles(id),"
    " sentence_id INTEGER REFERENCES sentences(id), date TEXT,"
    " source_text TEXT, source_code TEXT, source_country TEXT, source_start INTEGER, source_end INTEGER,"
    " target_text TEXT, target_code TEXT, target_country TEXT, target_start INTEGER, target_end INTEGER,"
    " cameo TEXT, cameo_name TEXT, quad_class INTEGER, goldstein REAL,"
    " plover_type TEXT, plover_mode TEXT, plover_context TEXT, negated INTEGER,"
    " modality TEXT, speaker TEXT, confidence REAL,"
    " trigger TEXT, trigger_start INTEGER, trigger_end INTEGER,"
    " location_name TEXT, location_country TEXT, lat REAL, lon REAL);"
    "CREATE INDEX events_agg ON events(agg_id);"
    "CREATE INDEX events_article ON events(article_id);"
    /* GDELT-style links from an aggregated event to its sentences */
    "CREATE VIEW agg_sentences AS SELECT DISTINCT agg_id, sentence_id FROM events;"
    /* Phoenix-style: one event per dyad, code and day, whatever the place */
    "CREATE VIEW daily_events AS SELECT min(id) AS id, date, source_code, target_code, cameo,"
    " min(cameo_name) AS cameo_name, min(quad_class) AS quad_class, min(goldstein) AS goldstein,"
    " min(plover_type) AS plover_type, sum(num_mentions) AS num_mentions"
    " FROM agg_events GROUP BY date, source_code, target_code, cameo;",
    /* 1 -> 2: indexes for the API: places (near=) and the timeline
     * (counts by day and type, answered from the index alone) */
    "CREATE INDEX agg_place ON agg_events(lat, lon);"
    "CREATE INDEX agg_day_type ON agg_events(date, plover_type, num_mentions);"
    "CREATE INDEX agg_type_mentions ON agg_events(plover_type, num_mentions);",
    /* 2 -> 3: query speed of the API on large databases.
     * (a) The newest-first walk (no filter, or filters matching many rows)
     * reads one index that also holds every filtered column, so rows that
     * fail a filter cost no table lookup; it replaces agg_date.  With
     * num_mentions it also covers /api/counts under any filter.
     * (b) near=: an R*Tree of event places, kept by triggers; the query
     * takes the candidates inside the bounding box from it.
     * (c) /api/counts without filters other than dates: per-day counts by
     * country, PLOVER type and CAMEO root, kept by triggers, so the answer
     * sums a few thousand rows instead of grouping every event.  `known`
     * is 0 for a NULL value (stored as '' in `val`). */
    "DROP INDEX agg_date;"
    "CREATE INDEX agg_date_filters ON agg_events(date, id, source_code, target_code, cameo,"
    " plover_type, country, lat, lon, num_mentions);"
    "CREATE VIRTUAL TABLE agg_place_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon);"
    "INSERT INTO agg_place_rtree SELECT id, lat, lat, lon, lon FROM agg_events"
    " WHERE lat IS NOT NULL AND lon IS NOT NULL;"
    "CREATE TRIGGER agg_place_insert AFTER INSERT ON agg_events"
    " WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN"
    " INSERT INTO agg_place_rtree VALUES(new.id, new.lat, new.lat, new.lon, new.lon); END;"
    "CREATE TRIGGER agg_place_update AFTER UPDATE OF id, lat, lon ON agg_events BEGIN"
    " DELETE FROM agg_place_rtree WHERE id = old.id;"
    " INSERT INTO agg_place_rtree SELECT new.id, new.lat, new.lat, new.lon, new.lon"
    "  WHERE new.lat IS NOT NULL AND new.lon IS NOT NULL; END;"
    "CREATE TRIGGER agg_place_delete AFTER DELETE ON agg_events BEGIN"
    " DELETE FROM agg_place_rtree WHERE id = old.id; END;"
    "CREATE TABLE agg_counts(kind INTEGER NOT NULL, date TEXT NOT NULL, known INTEGER NOT NULL,"
    " val TEXT NOT NULL, rows_n INTEGER NOT NULL, mentions_n INTEGER NOT NULL,"
    " PRIMARY KEY(kind, date, known, val)) WITHOUT ROWID;"
    "INSERT INTO agg_counts SELECT 1, date, country IS NOT NULL, coalesce(country, ''),"
    " count(*), sum(num_mentions) FROM agg_events GROUP BY 2, 3, 4;"
    "INSERT INTO agg_counts SELECT 2, date, plover_type IS NOT NULL, coalesce(plover_type, ''),"
    " count(*), sum(num_mentions) FROM agg_events GROUP BY 2, 3, 4;"
    "INSERT INTO agg_counts SELECT 3, date, 1, substr(cameo, 1, 2),"
    " count(*), sum(num_mentions) FROM agg_events GROUP BY 2, 3, 4;"
    "CREATE TRIGGER agg_counts_insert AFTER INSERT ON agg_events BEGIN"
    " INSERT INTO agg_counts VALUES"
    "  (1, new.date, new.country IS NOT NULL, coalesce(new.country, ''), 1, new.num_mentions),"
    "  (2, new.date, new.plover_type IS NOT NULL, coalesce(new.plover_type, ''), 1,"
    "   new.num_mentions),"
    "  (3, new.date, 1, substr(new.cameo, 1, 2), 1, new.num_mentions)"
    " ON CONFLICT DO UPDATE SET rows_n = rows_n + excluded.rows_n,"
    "  mentions_n = mentions_n + excluded.mentions_n; END;"
    "CREATE TRIGGER agg_counts_update AFTER UPDATE OF date, country, plover_type, cameo,"
    " num_mentions ON agg_events BEGIN"
    " INSERT INTO agg_counts VALUES"
    "  (1, old.date, old.country IS NOT NULL, coalesce(old.country, ''), -1, -old.num_mentions),"
    "  (2, old.date, old.plover_type IS NOT NULL, coalesce(old.plover_type, ''), -1,"
    "   -old.num_mentions),"
    "  (3, old.date, 1, substr(old.cameo, 1, 2), -1, -old.num_mentions),"
    "  (1, new.date, new.country IS NOT NULL, coalesce(new.country, ''), 1, new.num_mentions),"
    "  (2, new.date, new.plover_type IS NOT NULL, coalesce(new.plover_type, ''), 1,"
    "   new.num_mentions),"
    "  (3, new.date, 1, substr(new.cameo, 1, 2), 1, new.num_mentions)"
    " ON CONFLICT DO UPDATE SET rows_n = rows_n + excluded.rows_n,"
    "  mentions_n = mentions_n + excluded.mentions_n; END;"
    "CREATE TRIGGER agg_counts_delete AFTER DELETE ON agg_events BEGIN"
    " INSERT INTO agg_counts VALUES"
    "  (1, old.date, old.country IS NOT NULL, coalesce(old.country, ''), -1, -old.num_mentions),"
    "  (2, old.date, old.plover_type IS NOT NULL, coalesce(old.plover_type, ''), -1,"
    "   -old.num_mentions),"
    "  (3, old.date, 1, substr(old.cameo, 1, 2), -1, -old.num_mentions)"
    " ON CONFLICT DO UPDATE SET rows_n = rows_n + excluded.rows_n,"
    "  mentions_n = mentions_n + excluded.mentions_n; END;",
};
#define N_MIGRATIONS (sizeof migrations / sizeof migrations[0])
_Static_assert(N_MIGRATIONS == AV_STORE_SCHEMA_VERSION, "one migration per schema version");

sqlite3 *av_store_db(AvStore *s)
{
    return s->db;
}

static int db_fail(AvStore *s, AvError *err, const char *what)
{
    return av_error_set(err, AV_ERR_IO, "store: %s: %s", what, sqlite3_errmsg(s->db));
}

static int exec_sql(AvStore *s, const char *sql, AvError *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        av_error_set(err, AV_ERR_IO, "store: %s", msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return AV_ERR_IO;
    }
    return AV_OK;
}

static int schema_version(AvStore *s, int *out, AvError *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return db_fail(s, err, "reading the schema version");
    *out = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return AV_OK;
}

/* Runs the missing migrations, each in its own transaction together with
 * the version bump, so a crash mid-migration leaves the old version. */
static int migrate(AvStore *s, AvError *err)
{
    int version = 0;
    if (schema_version(s, &version, err) < 0)
        return err->code;
    if (version > (int)N_MIGRATIONS)
        return av_error_set(err, AV_ERR_FORMAT,
                            "store: database schema version %d is newer than this avocet (%d)",
                            version, (int)N_MIGRATIONS);
    if (s->readonly && version != (int)N_MIGRATIONS)
        return av_error_set(err, AV_ERR_FORMAT,
                            "store: database schema version %d, expected %d (run avocet ingest once)",
                            version, (int)N_MIGRATIONS);
    for (int v = version; v < (int)N_MIGRATIONS; v++) {
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version=%d;", v + 1);
        if (exec_sql(s, "BEGIN IMMEDIATE", err) < 0)
            return err->code;
        if (exec_sql(s, migrations[v], err) < 0 || exec_sql(s, bump, err) < 0) {
            av_store_rollback(s);
            return err->code;
        }
        if (exec_sql(s, "COMMIT", err) < 0)
            return err->code;
    }
    return AV_OK;
}

AvStore *av_store_open(const char *path, int flags, AvError *err)
{
    AvStore *s = calloc(1, sizeof *s);
    if (!s) {
        av_error_set(err, AV_ERR_NOMEM, "store: out of memory");
        return NULL;
    }
    s->readonly = (flags & AV_STORE_READONLY) != 0;
    int oflags = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        av_error_set(err, AV_ERR_IO, "store: cannot open %s: %s", path,
                     s->db ? sqlite3_errmsg(s->db) : "out of memory");
        av_store_close(s);
        return NULL;
    }
    sqlite3_busy_timeout(s->db, 10000);
    store_register_functions(s->db);
    /* WAL: readers (the server) never block the writer (ingest); NORMAL
     * sync is durable against process crashes, which is what we promise. */
    /* read-only connections serve queries: a larger page cache (32 MiB)
     * keeps the hot index pages between requests (WAL keeps it valid
     * until a write), instead of reading them again for every request */
    const char *setup = s->readonly ? "PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768;"
                                    : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                                      " PRAGMA foreign_keys=ON;";
    if (exec_sql(s, setup, err) < 0 || migrate(s, err) < 0) {
        av_store_close(s);
        return NULL;
    }
    if (sqlite3_prepare_v2(s->db,
                           "SELECT 1 FROM articles WHERE doc_id=?1 OR text_hash=?2 LIMIT 1", -1,
                           &s->find_article, NULL) != SQLITE_OK) {
        db_fail(s, err, "preparing");
        av_store_close(s);
        return NULL;
    }
    return s;
}

int store_prepare_cached(AvStore *s, const char *sql, sqlite3_stmt **out, AvError *err)
{
    for (int i = 0; i < STORE_STMT_CACHE && s->cached[i]; i++)
        if (!strcmp(sqlite3_sql(s->cached[i]), sql)) {
            sqlite3_reset(s->cached[i]);
            sqlite3_clear_bindings(s->cached[i]);
            *out = s->cached[i];
            return AV_OK;
        }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
        return db_fail(s, err, "query");
    int slot = 0;
    while (slot < STORE_STMT_CACHE && s->cached[slot])
        slot++;
    if (slot == STORE_STMT_CACHE) {   /* full: replace in turn */
        slot = (int)(s->cache_next++ % STORE_STMT_CACHE);
        sqlite3_finalize(s->cached[slot]);
    }
    s->cached[slot] = st;
    *out = st;
    return AV_OK;
}

void av_store_close(AvStore *s)
{
    if (!s)
        return;
    sqlite3_finalize(s->find_article);
    for (int i = 0; i < STORE_STMT_CACHE; i++)
        sqlite3_finalize(s->cached[i]);
    sqlite3_close(s->db);
    free(s);
}

/* Two independent 64-bit FNV-1a variants: 128 bits make an accidental
 * collision between different articles negligible. */
void av_store_text_hash(const char *text, size_t len, char out[33])
{
    uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        a = (a ^ c) * 0x100000001b3ULL;
        b = (b ^ c) * 0x00000100000001b3ULL + 0x9e3779b97f4a7c15ULL;
        b ^= b >> 29;
    }
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
}

int av_store_has_article(AvStore *s, const AvDocument *doc, AvError *err)
{
    char hash[33];
    av_store_text_hash(doc->text ? doc->text : "", doc->text_len, hash);
    sqlite3_reset(s->find_article);
    sqlite3_bind_text(s->find_article, 1, doc->id ? doc->id : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s->find_article, 2, hash, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s->find_article);
    sqlite3_reset(s->find_article);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return db_fail(s, err, "looking up an article");
}

int av_store_begin(AvStore *s, AvError *err)
{
    return exec_sql(s, "BEGIN IMMEDIATE", err);
}

int av_store_commit(AvStore *s, AvError *err)
{
    return exec_sql(s, "COMMIT", err);
}

void av_store_rollback(AvStore *s)
{
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int av_store_counts(AvStore *s, AvStoreCounts *out, AvError *err)
{
    static const char *const sql =
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM sentences),"
        " (SELECT count(*) FROM mentions), (SELECT count(*) FROM events),"
        " (SELECT count(*) FROM agg_events)";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_fail(s, err, "counting");
    memset(out, 0, sizeof *out);
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->articles = sqlite3_column_int64(st, 0);
        out->sentences = sqlite3_column_int64(st, 1);
        out->mentions = sqlite3_column_int64(st, 2);
        out->events = sqlite3_column_int64(st, 3);
        out->aggregated = sqlite3_column_int64(st, 4);
    }
    sqlite3_finalize(st);
    return AV_OK;
}
