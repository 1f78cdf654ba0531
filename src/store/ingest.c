/*
 * ingest.c — storing one coded document and keeping the aggregated
 * (de-duplicated) events up to date.
 *
 * Aggregation key (GDELT style): date, source code, target code, CAMEO code
 * and location.  Unknown parts are stored as '' (not NULL) so that the
 * UNIQUE constraint merges them.  num_mentions counts the coded events
 * merged, num_sentences / num_articles the distinct sentences / articles,
 * num_sources the distinct article sources (articles without a source
 * count as one unknown source).
 */
#include <stdlib.h>
#include <string.h>
#include "store.h"

typedef struct Stmts {
    sqlite3_stmt *article, *sentence, *mention, *agg, *event, *recount, *n_events;
} Stmts;

static const char *const sql_article =
    "INSERT INTO articles(doc_id, text_hash, date, source, url, title, text)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7)";
static const char *const sql_sentence =
    "INSERT INTO sentences(article_id, idx, start, end, kind, text) VALUES(?1,?2,?3,?4,?5,?6)";
static const char *const sql_mention =
    "INSERT INTO mentions(sentence_id, text, code, country, start, end) VALUES(?1,?2,?3,?4,?5,?6)";
static const char *const sql_agg =
    "INSERT INTO agg_events(date, source_code, target_code, cameo, location, source_name,"
    " target_name, source_country, target_country, country, lat, lon, cameo_name, quad_class,"
    " goldstein, plover_type, url, num_mentions)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,1)"
    " ON CONFLICT(date, source_code, target_code, cameo, location)"
    " DO UPDATE SET num_mentions = num_mentions + 1 RETURNING id";
static const char *const sql_event =
    "INSERT INTO events(event_id, agg_id, article_id, sentence_id, date,"
    " source_text, source_code, source_country, source_start, source_end,"
    " target_text, target_code, target_country, target_start, target_end,"
    " cameo, cameo_name, quad_class, goldstein, plover_type, plover_mode, plover_context,"
    " negated, modality, speaker, confidence, trigger, trigger_start, trigger_end,"
    " location_name, location_country, lat, lon)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,"
    "?21,?22,?23,?24,?25,?26,?27,?28,?29,?30,?31,?32,?33)";
static const char *const sql_recount =
    "UPDATE agg_events SET"
    " num_sentences = (SELECT count(DISTINCT sentence_id) FROM events WHERE agg_id=?1),"
    " num_articles = (SELECT count(DISTINCT article_id) FROM events WHERE agg_id=?1),"
    " num_sources = (SELECT count(DISTINCT coalesce(a.source, '')) FROM events e"
    "   JOIN articles a ON a.id = e.article_id WHERE e.agg_id=?1)"
    " WHERE id=?1";
static const char *const sql_n_events = "UPDATE articles SET n_events=?2 WHERE id=?1";

static void stmts_free(Stmts *t)
{
    sqlite3_finalize(t->article);
    sqlite3_finalize(t->sentence);
    sqlite3_finalize(t->mention);
    sqlite3_finalize(t->agg);
    sqlite3_finalize(t->event);
    sqlite3_finalize(t->recount);
    sqlite3_finalize(t->n_events);
}

static int stmts_prepare(sqlite3 *db, Stmts *t, AvError *err)
{
    memset(t, 0, sizeof *t);
    if (sqlite3_prepare_v2(db, sql_article, -1, &t->article, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, sql_sentence, -1, &t->sentence, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, sql_mention, -1, &t->mention, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, sql_agg, -1, &t->agg, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, sql_event, -1, &t->event, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, sql_recount, -1, &t->recount, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, sql_n_events, -1, &t->n_events, NULL) != SQLITE_OK) {
        av_error_set(err, AV_ERR_IO, "store: preparing: %s", sqlite3_errmsg(db));
        stmts_free(t);
        return AV_ERR_IO;
    }
    return AV_OK;
}

static void bind_str(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* Runs a statement that returns no row (or one id, with *id set). */
static int step_done(sqlite3 *db, sqlite3_stmt *st, int64_t *id, AvError *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && id)
        *id = sqlite3_column_int64(st, 0);
    else if (rc == SQLITE_DONE && id)
        *id = sqlite3_last_insert_rowid(db);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        av_error_set(err, AV_ERR_IO, "store: %s", sqlite3_errmsg(db));
        sqlite3_reset(st);
        return AV_ERR_IO;
    }
    while (rc == SQLITE_ROW)
        rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return AV_OK;
}

/* Where an event happened: the enrich stage's primary place.  Without one
 * the event has no location and its country is the source actor's. */
typedef struct Place {
    const char *name, *country;
    int has_coords;
    double lat, lon;
} Place;

static Place event_place(const AvEvent *e)
{
    Place p = {NULL, NULL, 0, 0, 0};
    if (e->location) {
        p.name = e->location->name ? e->location->name : e->location->text;
        p.country = e->location->country;
        p.has_coords = e->location->lat == e->location->lat && e->location->lon == e->location->lon &&
                       !(e->location->lat == 0 && e->location->lon == 0);
        p.lat = e->location->lat;
        p.lon = e->location->lon;
    }
    return p;
}

static int add_sentences(sqlite3 *db, Stmts *t, const AvDocument *doc, int64_t article,
                         int64_t *sentence_ids, AvError *err)
{
    for (uint32_t i = 0; i < doc->n_sentences; i++) {
        const AvSentence *s = &doc->sentences[i];
        sqlite3_bind_int64(t->sentence, 1, article);
        sqlite3_bind_int(t->sentence, 2, (int)s->index);
        sqlite3_bind_int(t->sentence, 3, (int)s->start);
        sqlite3_bind_int(t->sentence, 4, (int)s->end);
        sqlite3_bind_int(t->sentence, 5, (int)s->kind);
        sqlite3_bind_text(t->sentence, 6, doc->text + s->start, (int)(s->end - s->start),
                          SQLITE_STATIC);
        if (step_done(db, t->sentence, &sentence_ids[i], err) < 0)
            return err->code;
    }
    for (uint32_t i = 0; i < doc->n_mentions; i++) {
        const AvMention *m = &doc->mentions[i];
        if (m->sentence >= doc->n_sentences)
            continue;
        sqlite3_bind_int64(t->mention, 1, sentence_ids[m->sentence]);
        bind_str(t->mention, 2, m->actor.text);
        bind_str(t->mention, 3, m->actor.code);
        bind_str(t->mention, 4, m->actor.country);
        sqlite3_bind_int(t->mention, 5, (int)m->actor.start);
        sqlite3_bind_int(t->mention, 6, (int)m->actor.end);
        if (step_done(db, t->mention, NULL, err) < 0)
            return err->code;
    }
    return AV_OK;
}

static int upsert_agg(sqlite3 *db, Stmts *t, const AvDocument *doc, const AvEvent *e,
                      const Place *p, int64_t *agg, AvError *err)
{
    sqlite3_stmt *st = t->agg;
    const char *date = e->date ? e->date : doc->date;
    sqlite3_bind_text(st, 1, date ? date : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, e->source.code ? e->source.code : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, e->target.code ? e->target.code : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, e->cameo ? e->cameo : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, p->name ? p->name : "", -1, SQLITE_STATIC);
    bind_str(st, 6, e->source.text);
    bind_str(st, 7, e->target.text);
    bind_str(st, 8, e->source.country);
    bind_str(st, 9, e->target.country);
    bind_str(st, 10, p->country ? p->country : e->source.country);
    if (p->has_coords) {
        sqlite3_bind_double(st, 11, p->lat);
        sqlite3_bind_double(st, 12, p->lon);
    }
    bind_str(st, 13, e->cameo_name);
    sqlite3_bind_int(st, 14, e->quad_class);
    sqlite3_bind_double(st, 15, e->goldstein);
    bind_str(st, 16, e->plover_type);
    bind_str(st, 17, doc->url);
    return step_done(db, st, agg, err);
}

static void bind_actor(sqlite3_stmt *st, int first, const AvActor *a)
{
    bind_str(st, first, a->text);
    bind_str(st, first + 1, a->code);
    bind_str(st, first + 2, a->country);
    if (a->text) {
        sqlite3_bind_int(st, first + 3, (int)a->start);
        sqlite3_bind_int(st, first + 4, (int)a->end);
    }
}

static int add_event(sqlite3 *db, Stmts *t, const AvDocument *doc, const AvEvent *e,
                     int64_t article, const int64_t *sentence_ids, AvError *err)
{
    Place p = event_place(e);
    int64_t agg;
    if (upsert_agg(db, t, doc, e, &p, &agg, err) < 0)
        return err->code;
    sqlite3_stmt *st = t->event;
    bind_str(st, 1, e->id);
    sqlite3_bind_int64(st, 2, agg);
    sqlite3_bind_int64(st, 3, article);
    if (e->sentence < doc->n_sentences)
        sqlite3_bind_int64(st, 4, sentence_ids[e->sentence]);
    bind_str(st, 5, e->date ? e->date : doc->date);
    bind_actor(st, 6, &e->source);
    bind_actor(st, 11, &e->target);
    bind_str(st, 16, e->cameo);
    bind_str(st, 17, e->cameo_name);
    sqlite3_bind_int(st, 18, e->quad_class);
    sqlite3_bind_double(st, 19, e->goldstein);
    bind_str(st, 20, e->plover_type);
    bind_str(st, 21, e->plover_mode);
    bind_str(st, 22, e->plover_context);
    sqlite3_bind_int(st, 23, e->negated);
    bind_str(st, 24, e->modality);
    bind_str(st, 25, e->speaker);
    sqlite3_bind_double(st, 26, e->confidence);
    bind_str(st, 27, e->trigger);
    sqlite3_bind_int(st, 28, (int)e->trigger_start);
    sqlite3_bind_int(st, 29, (int)e->trigger_end);
    bind_str(st, 30, p.name);
    bind_str(st, 31, p.country);
    if (p.has_coords) {
        sqlite3_bind_double(st, 32, p.lat);
        sqlite3_bind_double(st, 33, p.lon);
    }
    if (step_done(db, st, NULL, err) < 0)
        return err->code;
    sqlite3_bind_int64(t->recount, 1, agg);
    return step_done(db, t->recount, NULL, err);
}

static int add_article(sqlite3 *db, Stmts *t, const AvDocument *doc, int64_t *article,
                       AvError *err)
{
    char hash[33];
    const char *text = doc->text ? doc->text : "";
    av_store_text_hash(text, doc->text_len, hash);
    sqlite3_stmt *st = t->article;
    bind_str(st, 1, doc->id);
    sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
    bind_str(st, 3, doc->date);
    bind_str(st, 4, doc->source);
    bind_str(st, 5, doc->url);
    bind_str(st, 6, doc->title);
    sqlite3_bind_text(st, 7, text, (int)doc->text_len, SQLITE_STATIC);
    return step_done(db, st, article, err);
}

/* Inside a savepoint so that a failing document leaves nothing behind
 * even when the caller's batch goes on. */
static int add_document_body(AvStore *s, Stmts *t, const AvDocument *doc, AvError *err)
{
    int64_t article;
    if (add_article(s->db, t, doc, &article, err) < 0)
        return err->code;
    int64_t *sentence_ids = calloc(doc->n_sentences + 1, sizeof *sentence_ids);
    if (!sentence_ids)
        return av_error_set(err, AV_ERR_NOMEM, "store: out of memory");
    int rc = add_sentences(s->db, t, doc, article, sentence_ids, err);
    for (uint32_t i = 0; rc == AV_OK && i < doc->n_events; i++)
        rc = add_event(s->db, t, doc, &doc->events[i], article, sentence_ids, err);
    free(sentence_ids);
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(t->n_events, 1, article);
    sqlite3_bind_int(t->n_events, 2, (int)doc->n_events);
    return step_done(s->db, t->n_events, NULL, err);
}

int av_store_add_document(AvStore *s, const AvDocument *doc, AvError *err)
{
    if (s->readonly)
        return av_error_set(err, AV_ERR_ARG, "store: database opened read-only");
    if (!doc->id || doc->text_len > 0x7fffffff)
        return av_error_set(err, AV_ERR_ARG, "store: document without id or too large");
    int seen = av_store_has_article(s, doc, err);
    if (seen != 0)
        return seen < 0 ? seen : 0;
    Stmts t;
    if (stmts_prepare(s->db, &t, err) < 0)
        return err->code;
    int rc = sqlite3_exec(s->db, "SAVEPOINT doc", NULL, NULL, NULL) == SQLITE_OK
                 ? add_document_body(s, &t, doc, err)
                 : av_error_set(err, AV_ERR_IO, "store: %s", sqlite3_errmsg(s->db));
    stmts_free(&t);
    if (rc < 0) {
        sqlite3_exec(s->db, "ROLLBACK TO doc; RELEASE doc", NULL, NULL, NULL);
        return rc;
    }
    sqlite3_exec(s->db, "RELEASE doc", NULL, NULL, NULL);
    return 1;
}
