/*
 * serve.h — the serve stage: HTTP API and web page over an event database
 * (libmicrohttpd).  The public part (AvServeOptions, av_server_*) is in
 * include/avocet.h; this header joins the files of the stage.
 */
#ifndef AV_SERVE_H
#define AV_SERVE_H

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include "avocet.h"
#include "../store/store.h"

/* Read-only connections shared by the request threads. */
typedef struct ConnPool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    AvStore **stores;
    int *busy;
    int n;
} ConnPool;

struct AvServer {
    AvServeOptions opt;
    struct MHD_Daemon *daemon;
    ConnPool pool;
    char web_root[4096];       /* realpath of opt.web_dir, "" = none */
    AvStore *writer;           /* only with an ingest token */
    pthread_mutex_t write_lock;
    int port;
};

/* One answer: status and JSON body (owned). */
typedef struct Reply {
    unsigned status;
    json_t *body;
    char *text;          /* or the body already as JSON text (malloc'd) */
    size_t len;
} Reply;

/* Fills r with a JSON error {"error": msg}. */
void reply_error(Reply *r, unsigned status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* The JSON endpoints (api.c).  url starts with "/api/". */
void api_get(AvServer *s, struct MHD_Connection *c, const char *url, Reply *r);
void api_ingest(AvServer *s, struct MHD_Connection *c, const char *body, size_t len, Reply *r);

AvStore *pool_acquire(ConnPool *p);
void pool_release(ConnPool *p, AvStore *st);

#endif
