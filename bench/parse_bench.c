/*
 * parse_bench.c — tag+parse throughput on one core: model load time, peak
 * RSS, sentences/s and words/s over a JSON Lines news file.  Documents are
 * read and segmented first (not timed), then tagged and parsed (timed in
 * CPU time of the thread, so other jobs on the machine do not skew it).
 * usage: parse_bench NEWS.jsonl [MODEL] [MAX_DOCS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include "avocet.h"

/* CPU time of this thread: throughput on one core, whatever else runs. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static long rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Current resident set from /proc (the peak never goes down). */
static long current_rss_kb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, res = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &res) != 2)
            res = 0;
        fclose(f);
    }
    return res * 4;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: parse_bench NEWS.jsonl [MODEL] [MAX_DOCS]\n");
        return 2;
    }
    const char *model = argc > 2 ? argv[2] : NULL;
    long max_docs = argc > 3 ? atol(argv[3]) : 1000000;
    AvError err;
    long rss0 = current_rss_kb();
    double t0 = now(), w0 = wall();
    AvModel *m = av_model_load(model, &err);
    double load_ms = (now() - t0) * 1000, load_wall_ms = (wall() - w0) * 1000;
    if (!m) {
        fprintf(stderr, "parse_bench: %s\n", err.msg);
        return 1;
    }
    long rss_model = current_rss_kb() - rss0;
    AvReader *r = av_reader_open(argv[1], AV_FORMAT_JSONL, &err);
    if (!r) {
        fprintf(stderr, "parse_bench: %s\n", err.msg);
        return 1;
    }
    double busy = 0;
    unsigned long long sents = 0, words = 0, docs = 0;
    AvDocument *doc;
    int rc;
    while (docs < (unsigned long long)max_docs && (rc = av_reader_next(r, &doc, &err)) != 0) {
        if (rc < 0 || !doc || av_segment(doc, &err) < 0) {
            av_doc_free(doc);
            if (rc < 0 && rc != AV_ERR_RECORD)
                break;
            continue;
        }
        double a = now();
        if (av_tag(m, doc, &err) < 0 || av_parse(m, doc, &err) < 0) {
            fprintf(stderr, "parse_bench: %s\n", err.msg);
            return 1;
        }
        busy += now() - a;
        docs++;
        sents += doc->n_sentences;
        for (uint32_t s = 0; s < doc->n_sentences; s++)
            words += doc->sentences[s].n_tokens;
        av_doc_free(doc);
    }
    av_reader_close(r);
    printf("documents        %llu\nsentences        %llu\nwords            %llu\n", docs, sents,
           words);
    printf("tag+parse time   %.2f s\nsentences/s      %.0f\nwords/s          %.0f\n", busy,
           sents / busy, words / busy);
    printf("model load       %.1f ms CPU, %.1f ms wall\nmodel RSS        %.1f MB\npeak RSS         %.1f MB\n",
           load_ms, load_wall_ms, rss_model / 1024.0, rss_kb() / 1024.0);
    av_model_free(m);
    return 0;
}
