/*
 * ingest_api.c — POST /api/ingest: articles coded and stored by the server.
 * Only enabled when the server was started with a token; the request must
 * carry "Authorization: Bearer TOKEN".  The whole body is checked first
 * (each JSON line must be an object with a "text" string), so a malformed
 * request stores nothing; the articles are then stored in one transaction.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "serve.h"

/* Compares in time independent of where the strings differ. */
static int token_equal(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    unsigned diff = (unsigned)(na != nb);
    for (size_t i = 0; i < na; i++)
        diff |= (unsigned char)a[i] ^ (unsigned char)b[i % (nb ? nb : 1)];
    return diff == 0;
}

static int authorised(AvServer *s, struct MHD_Connection *c, Reply *r)
{
    const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (!auth || strncmp(auth, "Bearer ", 7)) {
        reply_error(r, MHD_HTTP_UNAUTHORIZED, "missing token (Authorization: Bearer TOKEN)");
        return 0;
    }
    if (!token_equal(auth + 7, s->opt.ingest_token)) {
        reply_error(r, MHD_HTTP_FORBIDDEN, "wrong token");
        return 0;
    }
    return 1;
}

/* Every non-empty line must be a JSON object with a "text" string. */
static int check_jsonl(const char *body, size_t len, Reply *r)
{
    size_t line = 0, n_docs = 0;
    for (const char *p = body, *end = body + len; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        int blank = 1;
        for (size_t i = 0; i < n && blank; i++)
            blank = p[i] == ' ' || p[i] == '\t' || p[i] == '\r';
        if (!blank) {
            json_error_t jerr;
            json_t *o = json_loadb(p, n, JSON_REJECT_DUPLICATES, &jerr);
            int ok = json_is_object(o) && json_is_string(json_object_get(o, "text"));
            json_decref(o);
            if (!ok) {
                reply_error(r, MHD_HTTP_BAD_REQUEST,
                            "line %zu: expected a JSON object with a \"text\" string", line + 1);
                return -1;
            }
            n_docs++;
        }
        p += n + 1;
    }
    if (n_docs == 0) {
        reply_error(r, MHD_HTTP_BAD_REQUEST, "no article in the request");
        return -1;
    }
    return 0;
}

/* The readers read files: the body goes to a private temporary file. */
static int body_to_file(const char *body, size_t len, char path[64])
{
    strcpy(path, "/tmp/avocet-ingest-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, body + done, len - done);
        if (w <= 0) {
            close(fd);
            unlink(path);
            return -1;
        }
        done += (size_t)w;
    }
    close(fd);
    return 0;
}

typedef struct IngestCount {
    int64_t stored, duplicates, events, skipped;
} IngestCount;

static int store_file(AvServer *s, const char *path, AvFormat fmt, IngestCount *n, AvError *err)
{
    AvReader *rd = av_reader_open(path, fmt, err);
    if (!rd)
        return err->code ? err->code : AV_ERR_IO;
    int rc = av_store_begin(s->writer, err);
    AvDocument *doc;
    int got;
    while (rc == AV_OK && (got = av_reader_next(rd, &doc, err)) != 0) {
        if (got < 0 && !doc) {
            n->skipped++;
            if (got != AV_ERR_RECORD)
                rc = got;
            continue;
        }
        int coded = fmt == AV_FORMAT_CONLLU ? av_code_parsed(s->opt.coder, doc, err)
                                            : av_code_document(s->opt.coder, doc, err);
        if (coded < 0) {
            n->skipped++;
        } else {
            int added = av_store_add_document(s->writer, doc, err);
            if (added < 0)
                rc = added;
            n->stored += added > 0;
            n->duplicates += added == 0;
            n->events += added > 0 ? doc->n_events : 0;
        }
        av_doc_free(doc);
    }
    av_reader_close(rd);
    if (rc == AV_OK)
        rc = av_store_commit(s->writer, err);
    if (rc < 0)
        av_store_rollback(s->writer);
    return rc;
}

void api_ingest(AvServer *s, struct MHD_Connection *c, const char *body, size_t len, Reply *r)
{
    if (!authorised(s, c, r))
        return;
    const char *f = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "format");
    AvFormat fmt = !f || !strcmp(f, "jsonl") ? AV_FORMAT_JSONL
                   : !strcmp(f, "conllu")    ? AV_FORMAT_CONLLU
                                             : AV_FORMAT_AUTO;
    if (fmt == AV_FORMAT_AUTO) {
        reply_error(r, MHD_HTTP_BAD_REQUEST, "format: expected jsonl or conllu");
        return;
    }
    if (fmt == AV_FORMAT_JSONL && check_jsonl(body, len, r) < 0)
        return;
    char path[64];
    if (body_to_file(body, len, path) < 0) {
        reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot buffer the request");
        return;
    }
    IngestCount n = {0, 0, 0, 0};
    AvError err;
    av_error_clear(&err);
    pthread_mutex_lock(&s->write_lock);
    int rc = store_file(s, path, fmt, &n, &err);
    pthread_mutex_unlock(&s->write_lock);
    unlink(path);
    if (rc < 0) {
        reply_error(r, rc == AV_ERR_IO ? MHD_HTTP_INTERNAL_SERVER_ERROR : MHD_HTTP_BAD_REQUEST,
                    "%s", err.msg);
        return;
    }
    r->status = MHD_HTTP_OK;
    r->body = json_pack("{s:I,s:I,s:I,s:I}", "stored", (json_int_t)n.stored, "duplicates",
                        (json_int_t)n.duplicates, "events", (json_int_t)n.events, "skipped",
                        (json_int_t)n.skipped);
}
