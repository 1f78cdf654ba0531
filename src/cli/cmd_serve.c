/* cmd_serve.c — avocet serve: HTTP API and web page over an event database. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>
#include "coder_setup.h"

#define DEFAULT_WEB_DIR AVOCET_DATA_DIR "/../build/web"

static void help(FILE *out)
{
    fputs("usage: avocet serve --db FILE [--port N] [--host ADDR] [--web DIR]\n"
          "                    [--threads N] [--max-page N] [--query-ms N]\n"
          "                    [--ingest-token-file FILE [--dict P]... [--model FILE]]\n\n"
          "Serves the events of a database as JSON (GET /api/events, /api/counts,\n"
          "/api/event/ID, /api/health; see docs/store.md) and a web page with a map,\n"
          "a timeline and a table of events.  Read-only unless an ingest token is given:\n"
          "then POST /api/ingest (with 'Authorization: Bearer TOKEN') codes and stores\n"
          "articles.  Stops on Ctrl-C / SIGTERM.\n\n"
          "  --port N        port (default 8080; 0 = any free port, printed on stderr)\n"
          "  --host ADDR     IPv4 address to listen on (default 127.0.0.1)\n"
          "  --web DIR       static files (default build/web, made by scripts/build-web.sh)\n"
          "  --threads N     request threads (default 4)\n"
          "  --max-page N    largest page of events (default 500)\n"
          "  --query-ms N    time limit of one query in ms (default 2000)\n"
          "  --ingest-token-file FILE  enables POST /api/ingest with the token in FILE\n"
          "                  (16 characters or more)\n\n"
          "example: avocet serve --db events.db --port 8080\n",
          out);
}

/* Reads the first line of path (the token) into buf. */
static int read_token(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int ok = fgets(buf, (int)cap, f) != NULL;
    fclose(f);
    buf[strcspn(buf, "\r\n")] = '\0';
    return ok ? 0 : -1;
}

static int parse_number(const char *s, long lo, long hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || end == s || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

static int run(int argc, char **argv)
{
    AvServeOptions opt;
    memset(&opt, 0, sizeof opt);
    opt.port = 8080;
    opt.web_dir = DEFAULT_WEB_DIR;
    CoderSetup cs;
    memset(&cs, 0, sizeof cs);
    av_coder_options_init(&cs.opt);
    const char *token_file = NULL;
    int web_given = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        int bad = 0;
        if (coder_setup_option(&cs, argc, argv, &i))
            continue;
        if (!strcmp(a, "--db") && more)
            opt.db = argv[++i];
        else if (!strcmp(a, "--host") && more)
            opt.host = argv[++i];
        else if (!strcmp(a, "--web") && more)
            opt.web_dir = argv[++i], web_given = 1;
        else if (!strcmp(a, "--ingest-token-file") && more)
            token_file = argv[++i];
        else if (!strcmp(a, "--port") && more)
            bad = parse_number(argv[++i], 0, 65535, &opt.port);
        else if (!strcmp(a, "--threads") && more)
            bad = parse_number(argv[++i], 1, 64, &opt.threads);
        else if (!strcmp(a, "--max-page") && more)
            bad = parse_number(argv[++i], 1, 100000, &opt.max_page);
        else if (!strcmp(a, "--query-ms") && more)
            bad = parse_number(argv[++i], 1, 600000, &opt.query_ms);
        else
            bad = 1;
        if (bad) {
            cli_error("serve: bad option or value '%s'", a);
            return EXIT_USAGE;
        }
    }
    if (!opt.db) {
        cli_error("serve: --db FILE is required");
        return EXIT_USAGE;
    }
    if (!web_given && access(DEFAULT_WEB_DIR "/index.html", R_OK) != 0) {
        cli_error("serve: no web page in %s (run scripts/build-web.sh); serving the API only",
                  DEFAULT_WEB_DIR);
        opt.web_dir = NULL;
    }
    char token[256];
    AvError err;
    av_error_clear(&err);
    if (token_file) {
        if (read_token(token_file, token, sizeof token) < 0) {
            cli_error("serve: cannot read the token file %s", token_file);
            return EXIT_USAGE;
        }
        opt.ingest_token = token;
        if (coder_setup_open(&cs, &err) < 0) {
            cli_error("%s", err.msg);
            return EXIT_FAILURE_RUN;
        }
        opt.coder = cs.coder;
    }
    /* block the stop signals in every thread, then wait for them here */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    AvServer *srv = av_server_start(&opt, &err);
    if (!srv) {
        cli_error("%s", err.msg);
        coder_setup_close(&cs);
        return EXIT_FAILURE_RUN;
    }
    fprintf(stderr, "avocet: serving %s on http://%s:%d/ (%s)\n", opt.db,
            opt.host ? opt.host : "127.0.0.1", av_server_port(srv),
            opt.ingest_token ? "ingest enabled" : "read-only");
    int sig;
    sigwait(&stop, &sig);
    av_server_stop(srv);
    coder_setup_close(&cs);
    return EXIT_OK;
}

const AvCommand cmd_serve = {"serve", "HTTP API and web page over an event database", run, help};
