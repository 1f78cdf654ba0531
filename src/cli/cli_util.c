/* cli_util.c — helpers shared by the subcommands. */
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"

int cli_is_help(const char *arg)
{
    return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("avocet: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

void cli_progress_init(CliProgress *p)
{
    memset(p, 0, sizeof *p);
    p->enabled = isatty(STDERR_FILENO);
    p->start = p->last = now_seconds();
}

void cli_progress_update(CliProgress *p, const AvDocument *doc)
{
    p->docs++;
    if (doc) {
        p->sentences += doc->n_sentences;
        p->bytes += doc->text_len;
    }
    if (!p->enabled || (p->docs & 63))
        return;
    double t = now_seconds();
    if (t - p->last < 0.5)
        return;
    p->last = t;
    double el = t - p->start;
    fprintf(stderr, "\r%llu docs, %llu sentences, %.1f MB, %.0f docs/s ",
            (unsigned long long)p->docs, (unsigned long long)p->sentences, p->bytes / 1e6,
            el > 0 ? p->docs / el : 0.0);
}

void cli_progress_done(CliProgress *p)
{
    if (p->enabled && now_seconds() - p->start >= 0.5)
        fputc('\n', stderr);
}
