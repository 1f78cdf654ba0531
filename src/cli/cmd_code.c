/* cmd_code.c — avocet code: articles in, events out. */
#include <stdlib.h>
#include <string.h>
#include "coder_setup.h"

static void help(FILE *out)
{
    fputs("usage: avocet code [FILES|-] [--dict DIR|FILE]... [--model FILE] [--format FMT]\n"
          "                   [--output jsonl|petrarch] [--explain] [--keep-negated]\n"
          "                   [--allow-monads] [--no-nouns] [--no-enrich] [--gazetteer FILE]\n"
          "                   [--threads N]\n\n"
          "Codes news articles into events: who did what to whom (CAMEO + PLOVER).\n"
          "Reads standard input when no file is given.\n\n"
          "  --dict P        dictionary file or folder (repeatable; TABARI and PETRARCH\n"
          "                  formats); default: avocet's own dictionaries in data/dict\n"
          "  --model FILE    tagger/parser model (default data/models/en-ud.avm)\n"
          "  --format FMT    input format: text, jsonl, xml, conllu, html (default: detect)\n"
          "                  (conllu input is coded on its own trees, without parsing)\n"
          "  --output F      jsonl (default: one event per line, see docs/event.schema.json)\n"
          "                  or petrarch (date source target code doc-sentence event_id)\n"
          "  --explain       print on stderr, per sentence, the parse, the actors found\n"
          "                  and why each event was or was not coded\n"
          "  --keep-negated  code negated clauses, with \"negated\": true\n"
          "  --allow-monads  also code events with a source and no coded target\n"
          "  --no-nouns      do not code event nouns (\"Israeli air strikes on ...\")\n"
          "  --no-enrich     no event dates from the text, places or quantities\n"
          "  --gazetteer F   place index (default $AVOCET_GAZETTEER or the built one)\n"
          "  --threads N     code on N threads (0: one per core; default 1); the output\n"
          "                  is the same, in input order (--explain uses one thread)\n\n"
          "Exit status: 0 ok, 1 could not run, 2 usage, 3 some records were skipped.\n"
          "example: avocet code examples/ceasefire.txt\n",
          out);
}

static int run(int argc, char **argv)
{
    CoderSetup cs;
    memset(&cs, 0, sizeof cs);
    av_coder_options_init(&cs.opt);
    AvFormat fmt = AV_FORMAT_AUTO;
    int petrarch = 0, explain = 0, n_files = 0, enrich = 1;
    const char *gazetteer = NULL;
    const char *files[256];
    for (int i = 1; i < argc; i++) {
        if (coder_setup_option(&cs, argc, argv, &i))
            continue;
        int used = coder_setup_threads_option(&cs, argc, argv, &i);
        if (used < 0)
            return EXIT_USAGE;
        if (used)
            continue;
        if (!strcmp(argv[i], "--format") && i + 1 < argc) {
            fmt = av_format_from_name(argv[++i]);
            if (fmt == AV_FORMAT_AUTO) {
                cli_error("code: unknown format '%s'", argv[i]);
                return EXIT_USAGE;
            }
        } else if (!strcmp(argv[i], "--output") && i + 1 < argc) {
            const char *o = argv[++i];
            if (!strcmp(o, "petrarch"))
                petrarch = 1;
            else if (strcmp(o, "jsonl")) {
                cli_error("code: unknown output '%s' (jsonl or petrarch)", o);
                return EXIT_USAGE;
            }
        } else if (!strcmp(argv[i], "--explain")) {
            explain = 1;
        } else if (!strcmp(argv[i], "--no-enrich")) {
            enrich = 0;
        } else if (!strcmp(argv[i], "--gazetteer") && i + 1 < argc) {
            gazetteer = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            cli_error("code: unknown option '%s'", argv[i]);
            return EXIT_USAGE;
        } else if (n_files < 256) {
            files[n_files++] = argv[i];
        }
    }
    if (n_files == 0)
        files[n_files++] = "-";
    if (explain)
        cs.opt.explain = stderr;
    /* CoNLL-U input is coded on its own trees: no model needed */
    int all_conllu = fmt == AV_FORMAT_CONLLU;
    if (fmt == AV_FORMAT_AUTO) {
        all_conllu = 1;
        for (int fi = 0; fi < n_files; fi++) {
            const char *dot = strrchr(files[fi], '.');
            all_conllu &= dot && !strcmp(dot, ".conllu");
        }
    }
    cs.no_model = all_conllu;
    AvError err;
    if (coder_setup_open(&cs, &err) < 0) {
        cli_error("%s", err.msg);
        return EXIT_FAILURE_RUN;
    }
    AvCoderInfo info = {cs.n_dicts ? cs.dicts[0] : "default", NULL,
                        cs.model_path ? cs.model_path : av_model_default_path()};
    /* enrich: one gazetteer for the run; without it events get no places */
    AvEnrichOptions eopt = {NULL, explain ? stderr : NULL};
    if (enrich && !(eopt.gazetteer = av_gazetteer_load(gazetteer, &err)))
        cli_error("no places: %s", err.msg);
    int skipped = 0, failed = 0;
    int threads = explain ? 1 : cli_threads_resolve(cs.threads);
    int cap = threads * (threads > 1 ? CLI_BATCH_PER_THREAD : 1);
    CliCodeJob *jobs = calloc((size_t)cap, sizeof *jobs);
    if (!jobs) {
        cli_error("out of memory");
        failed = 1;
    }
    CliProgress prog;
    cli_progress_init(&prog);
    CliDocSource src = {files, n_files, 0, fmt, NULL, 0};
    int eof = failed;
    while (!eof) {
        /* read a batch (across files) ... */
        int n = 0;
        while (n < cap) {
            AvDocument *doc;
            int conllu, rc = cli_source_next(&src, &doc, &conllu, &err);
            if (rc == 0) {
                eof = 1;
                break;
            }
            if (rc == AV_ERR_RECORD) {
                cli_error("%s", err.msg);
                skipped++;
                if (!doc)
                    continue;
            } else if (rc < 0) {
                cli_error("%s", err.msg);
                failed = eof = 1;
                break;
            }
            jobs[n].doc = doc;
            jobs[n].conllu = conllu;
            n++;
        }
        /* ... code it on every thread, write it in input order */
        cli_code_batch(&cs, enrich ? &eopt : NULL, jobs, n, threads);
        for (int k = 0; k < n; k++) {
            CliCodeJob *j = &jobs[k];
            if (j->undated)
                cli_error("%s", j->err.msg);   /* once per record */
            if (j->rc < 0) {
                cli_error("%s:%llu: record %s: %s", j->doc->origin,
                          (unsigned long long)j->doc->origin_line, j->doc->id, j->err.msg);
                skipped++;
            } else if (!failed &&
                       (petrarch ? av_write_events_petrarch(stdout, j->doc, &err)
                                 : av_write_events_jsonl(stdout, j->doc, &info, &err)) < 0) {
                cli_error("%s", err.msg);
                failed = eof = 1;
            }
            cli_progress_update(&prog, j->doc);
            av_doc_free(j->doc);
            j->doc = NULL;
        }
    }
    cli_source_close(&src);
    free(jobs);
    cli_progress_done(&prog);
    av_gazetteer_free((AvGazetteer *)eopt.gazetteer);
    coder_setup_close(&cs);
    if (fflush(stdout) != 0) {
        cli_error("cannot write output");
        return EXIT_FAILURE_RUN;
    }
    if (failed)
        return EXIT_FAILURE_RUN;
    if (skipped) {
        cli_error("%d record(s) skipped", skipped);
        return EXIT_SKIPPED;
    }
    return EXIT_OK;
}

const AvCommand cmd_code = {"code", "code articles into CAMEO/PLOVER events", run, help};
