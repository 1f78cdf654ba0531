/* cmd_ingest.c — avocet ingest: code articles and store them in a database. */
#include <stdlib.h>
#include <string.h>
#include "coder_setup.h"

static void help(FILE *out)
{
    fputs("usage: avocet ingest [FILES|-] --db FILE [--batch N] [--format FMT] [--threads N]\n"
          "                     [--dict DIR|FILE]... [--model FILE] [code options]\n\n"
          "Codes news articles and stores articles, sentences, actor mentions and events\n"
          "in an SQLite database (created when missing), merging repeated events into\n"
          "aggregated events (see docs/store.md).  Articles already stored (same id or\n"
          "same text) are skipped without coding, so an interrupted ingest can simply be\n"
          "run again: it resumes where it stopped.\n\n"
          "  --db FILE       the database (required)\n"
          "  --batch N       articles per transaction (default 100)\n"
          "  --format FMT    input format: text, jsonl, xml, conllu, html (default: detect)\n"
          "  --date DATE     publication date (YYYY-MM-DD) of articles that have none\n"
          "  --no-enrich     no event dates from the text, places or quantities\n"
          "  --gazetteer F   place index (default $AVOCET_GAZETTEER or the built one)\n"
          "  --quiet         no summary line on stderr\n"
          "  --threads N     code on N threads (0: one per core; default 1); articles\n"
          "                  are stored in input order, as with one thread\n"
          "  --dict, --model, --keep-negated, --allow-monads, --no-nouns: as avocet code\n\n"
          "Exit status: 0 ok, 1 could not run, 2 usage, 3 some records were skipped.\n"
          "example: avocet ingest examples/ceasefire.txt --db events.db\n",
          out);
}

typedef struct IngestRun {
    CoderSetup cs;
    AvStore *store;
    AvFormat fmt;
    long batch;
    int quiet, enrich;
    const char *db;
    const char *date;            /* for articles without a date */
    const char *gazetteer;
    AvEnrichOptions eopt;
    long undated;
    const char *files[256];
    int n_files;
    long stored, duplicates, skipped, in_batch;
    int64_t events;
} IngestRun;

static int parse_args(IngestRun *r, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (coder_setup_option(&r->cs, argc, argv, &i))
            continue;
        int used = coder_setup_threads_option(&r->cs, argc, argv, &i);
        if (used < 0)
            return EXIT_USAGE;
        if (used)
            continue;
        if (!strcmp(argv[i], "--db") && i + 1 < argc) {
            r->db = argv[++i];
        } else if (!strcmp(argv[i], "--batch") && i + 1 < argc) {
            char *end;
            r->batch = strtol(argv[++i], &end, 10);
            if (*end || r->batch < 1 || r->batch > 1000000) {
                cli_error("ingest: --batch expects a number from 1 to 1000000");
                return EXIT_USAGE;
            }
        } else if (!strcmp(argv[i], "--format") && i + 1 < argc) {
            r->fmt = av_format_from_name(argv[++i]);
            if (r->fmt == AV_FORMAT_AUTO) {
                cli_error("ingest: unknown format '%s'", argv[i]);
                return EXIT_USAGE;
            }
        } else if (!strcmp(argv[i], "--date") && i + 1 < argc) {
            r->date = argv[++i];
            AvQuery check = {.from = r->date};
            AvError err;
            if (av_query_check(&check, &err) < 0) {
                cli_error("ingest: --date expects YYYY-MM-DD");
                return EXIT_USAGE;
            }
        } else if (!strcmp(argv[i], "--no-enrich")) {
            r->enrich = 0;
        } else if (!strcmp(argv[i], "--gazetteer") && i + 1 < argc) {
            r->gazetteer = argv[++i];
        } else if (!strcmp(argv[i], "--quiet")) {
            r->quiet = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            cli_error("ingest: unknown option '%s'", argv[i]);
            return EXIT_USAGE;
        } else if (r->n_files < 256) {
            r->files[r->n_files++] = argv[i];
        }
    }
    if (!r->db) {
        cli_error("ingest: --db FILE is required");
        return EXIT_USAGE;
    }
    if (r->n_files == 0)
        r->files[r->n_files++] = "-";
    return EXIT_OK;
}

/* CoNLL-U input is coded on its own trees: no model needed. */
static int all_conllu(const IngestRun *r)
{
    if (r->fmt != AV_FORMAT_AUTO)
        return r->fmt == AV_FORMAT_CONLLU;
    for (int i = 0; i < r->n_files; i++) {
        const char *dot = strrchr(r->files[i], '.');
        if (!dot || strcmp(dot, ".conllu"))
            return 0;
    }
    return 1;
}

/* Commits the open batch (if any) so that everything so far is durable. */
static int flush_batch(IngestRun *r, AvError *err)
{
    if (r->in_batch == 0)
        return AV_OK;
    r->in_batch = 0;
    return av_store_commit(r->store, err);
}

/* Stores one coded document; returns <0 only when the run must stop. */
static int store_document(IngestRun *r, CliCodeJob *j, AvError *err)
{
    AvDocument *doc = j->doc;
    if (j->undated)
        r->undated++;   /* no usable publication date: counted, said once at the end */
    if (j->rc < 0) {
        cli_error("%s:%llu: record %s: %s", doc->origin, (unsigned long long)doc->origin_line,
                  doc->id, j->err.msg);
        r->skipped++;
        return AV_OK;
    }
    if (r->in_batch == 0 && av_store_begin(r->store, err) < 0)
        return err->code;
    r->in_batch++;
    int rc = av_store_add_document(r->store, doc, err);
    if (rc < 0)
        return rc;
    r->stored += rc;
    r->duplicates += rc == 0;
    r->events += rc ? doc->n_events : 0;
    return r->in_batch >= r->batch ? flush_batch(r, err) : AV_OK;
}

/* Reads up to cap new documents (articles already stored are counted and
 * dropped before any coding); *eof at the end of the last file. */
static int read_batch(IngestRun *r, CliDocSource *src, CliCodeJob *jobs, int cap, int *n,
                      int *eof, AvError *err)
{
    *n = 0;
    while (*n < cap) {
        AvDocument *doc;
        int conllu, rc = cli_source_next(src, &doc, &conllu, err);
        if (rc == 0) {
            *eof = 1;
            return AV_OK;
        }
        if (rc == AV_ERR_RECORD) {
            cli_error("%s", err->msg);
            r->skipped++;
            if (!doc)
                continue;
        } else if (rc < 0) {
            return rc;
        }
        int seen = av_store_has_article(r->store, doc, err);
        if (seen) {
            av_doc_free(doc);
            if (seen < 0)
                return seen;
            r->duplicates++;
            continue;
        }
        if (!doc->date && r->date)
            doc->date = av_doc_strdup(doc, r->date);
        jobs[*n].doc = doc;
        jobs[*n].conllu = conllu;
        (*n)++;
    }
    return AV_OK;
}

/* Codes and stores every document of the input files. */
static int ingest_files(IngestRun *r, CliCodeJob *jobs, int cap, int threads, AvError *err)
{
    CliDocSource src = {r->files, r->n_files, 0, r->fmt, NULL, 0};
    int status = AV_OK, eof = 0;
    while (status == AV_OK && !eof) {
        int n = 0;
        AvError read_err;
        av_error_clear(&read_err);
        int read_status = read_batch(r, &src, jobs, cap, &n, &eof, &read_err);
        /* what was read before a failing read is still coded and stored */
        cli_code_batch(&r->cs, r->enrich ? &r->eopt : NULL, jobs, n, threads);
        for (int k = 0; k < n; k++) {
            if (status == AV_OK && (status = store_document(r, &jobs[k], err)) > 0)
                status = AV_OK;
            av_doc_free(jobs[k].doc);
            jobs[k].doc = NULL;
        }
        if (status == AV_OK && read_status < 0) {
            status = read_status;
            *err = read_err;
        }
    }
    cli_source_close(&src);
    return status;
}

static int run(int argc, char **argv)
{
    IngestRun r;
    memset(&r, 0, sizeof r);
    av_coder_options_init(&r.cs.opt);
    r.batch = 100;
    r.enrich = 1;
    int status = parse_args(&r, argc, argv);
    if (status != EXIT_OK)
        return status;
    r.cs.no_model = all_conllu(&r);
    AvError err;
    av_error_clear(&err);
    r.store = av_store_open(r.db, 0, &err);
    if (!r.store || coder_setup_open(&r.cs, &err) < 0) {
        cli_error("%s", err.msg);
        av_store_close(r.store);
        return EXIT_FAILURE_RUN;
    }
    /* enrich: one gazetteer for the run; without it events get no places */
    if (r.enrich && !(r.eopt.gazetteer = av_gazetteer_load(r.gazetteer, &err)) && !r.quiet)
        cli_error("no places: %s", err.msg);
    int threads = cli_threads_resolve(r.cs.threads);
    int cap = threads * (threads > 1 ? CLI_BATCH_PER_THREAD : 1);
    CliCodeJob *jobs = calloc((size_t)cap, sizeof *jobs);
    int rc = jobs ? AV_OK : av_error_set(&err, AV_ERR_NOMEM, "out of memory");
    if (rc == AV_OK)
        rc = ingest_files(&r, jobs, cap, threads, &err);
    free(jobs);
    if (rc == AV_OK)
        rc = flush_batch(&r, &err);
    else
        av_store_rollback(r.store);
    if (rc < 0)
        cli_error("%s", err.msg);
    if (!r.quiet)
        fprintf(stderr, "avocet: ingest: %ld article(s) stored, %ld already stored, %lld event(s)\n",
                r.stored, r.duplicates, (long long)r.events);
    if (r.undated && !r.quiet)
        cli_error("ingest: %ld article(s) without a usable publication date (see --date)", r.undated);
    av_store_close(r.store);
    av_gazetteer_free((AvGazetteer *)r.eopt.gazetteer);
    coder_setup_close(&r.cs);
    if (rc < 0)
        return EXIT_FAILURE_RUN;
    if (r.skipped) {
        cli_error("%ld record(s) skipped", r.skipped);
        return EXIT_SKIPPED;
    }
    return EXIT_OK;
}

const AvCommand cmd_ingest = {"ingest", "code articles and store them in an event database",
                              run, help};
