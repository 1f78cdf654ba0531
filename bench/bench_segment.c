/*
 * bench_segment.c — segmentation throughput on one core.
 *
 * usage: bench_segment FILE.jsonl [REPEAT]
 * Reads every record's "text" (and "title") into memory first, then times
 * av_segment alone over all documents (document creation and UTF-8 repair
 * are timed separately) in thread CPU time.  Prints MB/s and sentences/s.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "avocet.h"

typedef struct Text {
    char *s;
    size_t n;
} Text;

/* CPU time of this thread: the machine may be shared, and the figure
 * wanted is the throughput of one core. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The article as avocet's JSONL reader builds it: title, blank line, text. */
static int load(const char *path, Text **out, size_t *n_out)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t cap = 1024, n = 0, lcap = 0;
    Text *texts = malloc(cap * sizeof *texts);
    char *line = NULL;
    ssize_t len;
    while (texts && (len = getline(&line, &lcap, f)) > 0) {
        json_error_t jerr;
        json_t *o = json_loadb(line, (size_t)len, 0, &jerr);
        const char *text = o ? json_string_value(json_object_get(o, "text")) : NULL;
        const char *title = o ? json_string_value(json_object_get(o, "title")) : NULL;
        if (text) {
            if (n == cap)
                texts = realloc(texts, (cap *= 2) * sizeof *texts);
            size_t tl = title ? strlen(title) : 0, xl = strlen(text);
            char *s = malloc(tl + 2 + xl + 1);
            if (!texts || !s)
                break;
            size_t k = 0;
            if (tl) {
                memcpy(s, title, tl);
                memcpy(s + tl, "\n\n", 2);
                k = tl + 2;
            }
            memcpy(s + k, text, xl + 1);
            texts[n].s = s;
            texts[n++].n = k + xl;
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    *out = texts;
    *n_out = n;
    return texts ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_segment FILE.jsonl [REPEAT]\n");
        return 2;
    }
    int repeat = argc > 2 ? atoi(argv[2]) : 1;
    Text *texts;
    size_t n;
    if (load(argv[1], &texts, &n) < 0) {
        fprintf(stderr, "bench_segment: cannot read %s\n", argv[1]);
        return 1;
    }
    double t_seg = 0, t_all = 0;
    uint64_t bytes = 0, sentences = 0, tokens = 0;
    for (int r = 0; r < (repeat > 0 ? repeat : 1); r++) {
        for (size_t i = 0; i < n; i++) {
            AvError err;
            double t0 = now();
            AvDocument *doc = av_doc_new();
            if (!doc || av_doc_set_text(doc, texts[i].s, texts[i].n, &err) < 0)
                return 1;
            double t1 = now();
            if (av_segment(doc, &err) < 0) {
                fprintf(stderr, "bench_segment: %s\n", err.msg);
                return 1;
            }
            double t2 = now();
            bytes += texts[i].n;
            sentences += doc->n_sentences;
            for (uint32_t s = 0; s < doc->n_sentences; s++)
                tokens += doc->sentences[s].n_tokens;
            av_doc_free(doc);
            t_seg += t2 - t1;
            t_all += now() - t0;
        }
    }
    printf("documents %zu x %d, %.1f MB, %llu sentences, %llu tokens\n", n, repeat,
           (double)bytes / 1e6, (unsigned long long)sentences, (unsigned long long)tokens);
    printf("segmentation only: %.3f s, %.1f MB/s, %.0f sentences/s, %.0f tokens/s\n", t_seg,
           (double)bytes / 1e6 / t_seg, (double)sentences / t_seg, (double)tokens / t_seg);
    printf("with document creation and UTF-8 repair: %.3f s, %.1f MB/s\n", t_all,
           (double)bytes / 1e6 / t_all);
    for (size_t i = 0; i < n; i++)
        free(texts[i].s);
    free(texts);
    return 0;
}
