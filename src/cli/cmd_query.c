/* cmd_query.c — avocet query: aggregated events from an event database. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static void help(FILE *out)
{
    fputs("usage: avocet query --db FILE [--from DATE] [--to DATE] [--source CODE]\n"
          "                    [--target CODE] [--code CAMEO] [--plover TYPE]\n"
          "                    [--country ISO3] [--near LAT,LON,KM] [--limit N]\n"
          "                    [--offset N] [--daily] [--format jsonl|csv|tsv-gdelt]\n"
          "                    [--counts]\n\n"
          "Prints aggregated events (repeated reports of one event merged, with\n"
          "num_mentions, num_sentences, num_articles, num_sources), newest first.\n"
          "Actor and CAMEO codes match as prefixes (--source ISR matches ISRGOV).\n\n"
          "  --daily         one event per day, dyad and code (Phoenix style)\n"
          "  --format F      jsonl (default), csv, or tsv-gdelt (columns: docs/store.md)\n"
          "  --counts        print the number of articles, sentences, mentions, events\n"
          "                  and aggregated events instead\n\n"
          "example: avocet query --db events.db --source ISR --from 2026-05-01 --format csv\n",
          out);
}

static int parse_count(const char *s, int64_t *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || end == s || v < 0)
        return -1;
    *out = v;
    return 0;
}

static int print_counts(AvStore *st, AvError *err)
{
    AvStoreCounts c;
    if (av_store_counts(st, &c, err) < 0)
        return err->code;
    printf("articles\t%lld\nsentences\t%lld\nmentions\t%lld\nevents\t%lld\naggregated\t%lld\n",
           (long long)c.articles, (long long)c.sentences, (long long)c.mentions,
           (long long)c.events, (long long)c.aggregated);
    return AV_OK;
}

/* Returns 1 when argv[*i] was a filter option (consumed with its value). */
static int filter_option(AvQuery *q, int argc, char **argv, int *i)
{
    static const char *const names[] = {"--from", "--to", "--source", "--target",
                                        "--code", "--plover", "--country"};
    const char **slots[] = {&q->from, &q->to, &q->source, &q->target,
                            &q->code, &q->plover, &q->country};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (!strcmp(argv[*i], names[k]) && *i + 1 < argc) {
            *slots[k] = argv[++*i];
            return 1;
        }
    return 0;
}

static int run(int argc, char **argv)
{
    AvQuery q;
    memset(&q, 0, sizeof q);
    AvQueryFormat fmt = AV_QUERY_JSONL;
    const char *db = NULL;
    int counts = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (filter_option(&q, argc, argv, &i))
            continue;
        if (!strcmp(a, "--db") && has_value) {
            db = argv[++i];
        } else if (!strcmp(a, "--near") && has_value) {
            if (av_query_parse_near(argv[++i], &q) < 0) {
                cli_error("query: --near expects LAT,LON,KM");
                return EXIT_USAGE;
            }
        } else if ((!strcmp(a, "--limit") || !strcmp(a, "--offset")) && has_value) {
            if (parse_count(argv[++i], !strcmp(a, "--limit") ? &q.limit : &q.offset) < 0) {
                cli_error("query: %s expects a number", a);
                return EXIT_USAGE;
            }
        } else if (!strcmp(a, "--format") && has_value) {
            const char *f = argv[++i];
            if (!strcmp(f, "jsonl"))
                fmt = AV_QUERY_JSONL;
            else if (!strcmp(f, "csv"))
                fmt = AV_QUERY_CSV;
            else if (!strcmp(f, "tsv-gdelt") || !strcmp(f, "tsv"))
                fmt = AV_QUERY_TSV_GDELT;
            else {
                cli_error("query: unknown format '%s' (jsonl, csv, tsv-gdelt)", f);
                return EXIT_USAGE;
            }
        } else if (!strcmp(a, "--daily")) {
            q.daily = 1;
        } else if (!strcmp(a, "--counts")) {
            counts = 1;
        } else {
            cli_error("query: unknown option or missing value '%s'", a);
            return EXIT_USAGE;
        }
    }
    AvError err;
    av_error_clear(&err);
    if (!db) {
        cli_error("query: --db FILE is required");
        return EXIT_USAGE;
    }
    if (av_query_check(&q, &err) < 0) {
        cli_error("query: %s", err.msg);
        return EXIT_USAGE;
    }
    AvStore *st = av_store_open(db, AV_STORE_READONLY, &err);
    if (!st) {
        cli_error("%s", err.msg);
        return EXIT_FAILURE_RUN;
    }
    int rc = counts ? print_counts(st, &err) : av_store_query_write(st, &q, fmt, stdout, &err);
    av_store_close(st);
    if (rc < 0 || fflush(stdout) != 0) {
        cli_error("%s", rc < 0 ? err.msg : "cannot write the output");
        return EXIT_FAILURE_RUN;
    }
    return EXIT_OK;
}

const AvCommand cmd_query = {"query", "query aggregated events in an event database", run, help};
