/*
 * serve.c — the HTTP server: libmicrohttpd daemon with a thread pool,
 * read-only database connections shared through a pool, request bodies
 * with a size limit, dispatch to the JSON API (api.c) and static files of
 * the web page (with path traversal refused).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "serve.h"
#include "../doc/doc.h"

void reply_error(Reply *r, unsigned status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->status = status;
    free(r->text);
    r->text = NULL;
    json_decref(r->body);
    r->body = json_pack("{s:s}", "error", msg);
}

/* ---- connection pool ---- */

static int pool_open(ConnPool *p, const char *db, int n, AvError *err)
{
    memset(p, 0, sizeof *p);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->freed, NULL);
    p->stores = calloc((size_t)n, sizeof *p->stores);
    p->busy = calloc((size_t)n, sizeof *p->busy);
    if (!p->stores || !p->busy)
        return av_error_set(err, AV_ERR_NOMEM, "serve: out of memory");
    p->n = n;
    for (int i = 0; i < n; i++)
        if (!(p->stores[i] = av_store_open(db, AV_STORE_READONLY, err)))
            return err->code;
    return AV_OK;
}

static void pool_close(ConnPool *p)
{
    for (int i = 0; i < p->n; i++)
        av_store_close(p->stores[i]);
    free(p->stores);
    free(p->busy);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->freed);
}

AvStore *pool_acquire(ConnPool *p)
{
    pthread_mutex_lock(&p->lock);
    for (;;) {
        for (int i = 0; i < p->n; i++)
            if (!p->busy[i]) {
                p->busy[i] = 1;
                pthread_mutex_unlock(&p->lock);
                return p->stores[i];
            }
        pthread_cond_wait(&p->freed, &p->lock);
    }
}

void pool_release(ConnPool *p, AvStore *st)
{
    pthread_mutex_lock(&p->lock);
    for (int i = 0; i < p->n; i++)
        if (p->stores[i] == st)
            p->busy[i] = 0;
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}

/* ---- responses ---- */

static enum MHD_Result send_json(struct MHD_Connection *c, Reply *r)
{
    char *text = r->text ? r->text
                 : r->body ? json_dumps(r->body, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    r->text = NULL;
    json_decref(r->body);
    r->body = NULL;
    if (!text) {
        text = strdup("{\"error\":\"internal error\"}");
        r->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
        if (!text)
            return MHD_NO;
    }
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(text);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    enum MHD_Result ret = MHD_queue_response(c, r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *msg)
{
    Reply r = {0, NULL, NULL, 0};
    reply_error(&r, status, "%s", msg);
    return send_json(c, &r);
}

/* ---- static files ---- */

static const char *content_type(const char *path)
{
    static const char *const types[][2] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},   {".json", "application/json"},
        {".geojson", "application/geo+json"},  {".png", "image/png"},
        {".svg", "image/svg+xml"},             {".ico", "image/x-icon"}};
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(dot, types[i][0]))
            return types[i][1];
    return "application/octet-stream";
}

/* A URL path is safe when it has only plain segments: no "..", no ".",
 * no empty segment, no backslash, no control bytes (MHD has already
 * decoded %-escapes, so "%2e%2e" arrives here as ".."). */
static int safe_path(const char *url)
{
    if (url[0] != '/' || strlen(url) > 512)
        return 0;
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == '\\' || *p == 0x7f)
            return 0;
    const char *seg = url + 1;
    while (*seg) {
        const char *end = strchr(seg, '/');
        size_t n = end ? (size_t)(end - seg) : strlen(seg);
        if ((n == 0 && end) || (n == 1 && seg[0] == '.') || (n == 2 && !strncmp(seg, "..", 2)))
            return 0;
        seg += n + (end ? 1 : 0);
    }
    return 1;
}

static enum MHD_Result send_file(AvServer *s, struct MHD_Connection *c, const char *url)
{
    if (!s->web_root[0])
        return send_error(c, MHD_HTTP_NOT_FOUND, "no web page (start with --web DIR)");
    if (!safe_path(url))
        return send_error(c, MHD_HTTP_BAD_REQUEST, "bad path");
    char path[PATH_MAX], real[PATH_MAX];
    int n = snprintf(path, sizeof path, "%s%s", s->web_root, strcmp(url, "/") ? url : "/index.html");
    if (n < 0 || (size_t)n >= sizeof path)
        return send_error(c, MHD_HTTP_NOT_FOUND, "not found");
    /* belt and braces: the resolved file must lie inside the web root
     * (a symbolic link inside it must not lead out) */
    size_t root_len = strlen(s->web_root);
    if (!realpath(path, real) || strncmp(real, s->web_root, root_len) || real[root_len] != '/')
        return send_error(c, MHD_HTTP_NOT_FOUND, "not found");
    int fd = open(real, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return send_error(c, MHD_HTTP_NOT_FOUND, "not found");
    }
    struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
    if (!resp) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", content_type(real));
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* ---- requests ---- */

/* Per-request state, created by the URI logger (which sees the raw URI
 * before %-decoding) and freed when the request completes. */
typedef struct Request {
    int nul_in_uri;      /* "%00" in the URI: decoded strings would be cut */
    int started;         /* POST: headers seen, body being gathered */
    AvBuf body;          /* POST body */
    int too_big;
} Request;

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    Request *q = calloc(1, sizeof *q);
    if (q && uri && strstr(uri, "%00"))
        q->nul_in_uri = 1;
    return q;
}

static int body_append(Request *u, const char *data, size_t n, size_t max)
{
    if (u->too_big || u->body.len + n > max || av_buf_put(&u->body, data, n) < 0) {
        u->too_big = 1;
        return 0;
    }
    return 1;
}

static enum MHD_Result handle_post(AvServer *s, struct MHD_Connection *c, const char *url,
                                   const char *data, size_t *size, Request *u)
{
    if (!u->started) {
        if (strcmp(url, "/api/ingest"))
            return send_error(c, MHD_HTTP_NOT_FOUND, "no such endpoint");
        if (!s->opt.ingest_token)
            return send_error(c, MHD_HTTP_FORBIDDEN, "read-only server: ingest is disabled");
        const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (len && strtoull(len, NULL, 10) > s->opt.max_body)
            return send_error(c, MHD_HTTP_CONTENT_TOO_LARGE, "request body too large");
        u->started = 1;
        return MHD_YES;
    }
    if (*size) {
        body_append(u, data, *size, s->opt.max_body);
        *size = 0;
        return MHD_YES;
    }
    if (u->too_big)
        return send_error(c, MHD_HTTP_CONTENT_TOO_LARGE, "request body too large");
    Reply r = {MHD_HTTP_OK, NULL, NULL, 0};
    api_ingest(s, c, u->body.d ? u->body.d : "", u->body.len, &r);
    return send_json(c, &r);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *data, size_t *size, void **con_cls)
{
    (void)version;
    AvServer *s = cls;
    Request *req = *con_cls;
    if (!req)
        return MHD_NO;
    if (req->nul_in_uri)
        return send_error(c, MHD_HTTP_BAD_REQUEST, "NUL byte in the URL");
    if (!strcmp(method, "POST"))
        return handle_post(s, c, url, data, size, req);
    /* answer on the second call, once MHD knows the request is complete:
     * an answer queued earlier makes MHD close the connection (no
     * keep-alive) */
    if (!req->started) {
        req->started = 1;
        return MHD_YES;
    }
    if (strcmp(method, "GET") && strcmp(method, "HEAD"))
        return send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed");
    if (!strncmp(url, "/api/", 5)) {
        Reply r = {MHD_HTTP_OK, NULL, NULL, 0};
        api_get(s, c, url, &r);
        return send_json(c, &r);
    }
    return send_file(s, c, url);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    Request *u = *con_cls;
    if (u) {
        av_buf_free(&u->body);
        free(u);
        *con_cls = NULL;
    }
}

/* ---- start / stop ---- */

static void defaults(AvServeOptions *o)
{
    if (o->threads <= 0)
        o->threads = 4;
    if (o->max_page <= 0)
        o->max_page = 500;
    if (o->query_ms <= 0)
        o->query_ms = 2000;
    if (o->max_body == 0)
        o->max_body = (size_t)8 << 20;
    if (!o->host)
        o->host = "127.0.0.1";
}

static int open_server(AvServer *s, AvError *err)
{
    if (s->opt.web_dir && !realpath(s->opt.web_dir, s->web_root))
        return av_error_set(err, AV_ERR_IO, "serve: web folder %s: %s", s->opt.web_dir,
                            strerror(errno));
    if (s->opt.ingest_token) {
        if (strlen(s->opt.ingest_token) < 16)
            return av_error_set(err, AV_ERR_ARG, "serve: the ingest token needs 16 characters or more");
        if (!s->opt.coder)
            return av_error_set(err, AV_ERR_ARG, "serve: ingest needs a coder");
        if (!(s->writer = av_store_open(s->opt.db, 0, err)))
            return err->code;
    } else {
        /* make sure the schema exists before read-only connections open */
        AvStore *probe = av_store_open(s->opt.db, AV_STORE_READONLY, err);
        if (!probe)
            return err->code;
        av_store_close(probe);
    }
    return pool_open(&s->pool, s->opt.db, s->opt.threads * 2, err);
}

AvServer *av_server_start(const AvServeOptions *opt, AvError *err)
{
    AvServer *s = calloc(1, sizeof *s);
    if (!s) {
        av_error_set(err, AV_ERR_NOMEM, "serve: out of memory");
        return NULL;
    }
    s->opt = *opt;
    defaults(&s->opt);
    pthread_mutex_init(&s->write_lock, NULL);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)s->opt.port);
    if (s->opt.port < 0 || s->opt.port > 65535 || inet_pton(AF_INET, s->opt.host, &addr.sin_addr) != 1) {
        av_error_set(err, AV_ERR_ARG, "serve: bad address %s:%d", s->opt.host, s->opt.port);
        av_server_stop(s);
        return NULL;
    }
    if (open_server(s, err) < 0) {
        av_server_stop(s);
        return NULL;
    }
    s->daemon = MHD_start_daemon(
        MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, on_request, s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->opt.threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
    if (!s->daemon) {
        av_error_set(err, AV_ERR_IO, "serve: cannot listen on %s:%d", s->opt.host, s->opt.port);
        av_server_stop(s);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : s->opt.port;
    return s;
}

int av_server_port(const AvServer *s)
{
    return s->port;
}

void av_server_stop(AvServer *s)
{
    if (!s)
        return;
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    if (s->pool.n)
        pool_close(&s->pool);
    av_store_close(s->writer);
    pthread_mutex_destroy(&s->write_lock);
    free(s);
}
