/* cmd_code.c — avocet code: articles in, events out. */
#include <string.h>
#include "coder_setup.h"

static void help(FILE *out)
{
    fputs("usage: avocet code [FILES|-] [--dict DIR|FILE]... [--model FILE] [--format FMT]\n"
          "                   [--output jsonl|petrarch] [--explain] [--keep-negated]\n"
          "                   [--allow-monads] [--no-nouns] [--no-enrich] [--gazetteer FILE]\n\n"
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
          "  --gazetteer F   place index (default $AVOCET_GAZETTEER or the built one)\n\n"
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
    CliProgress prog;
    cli_progress_init(&prog);
    for (int fi = 0; fi < n_files && !failed; fi++) {
        AvReader *r = av_reader_open(files[fi], fmt, &err);
        if (!r) {
            cli_error("%s", err.msg);
            failed = 1;
            break;
        }
        int conllu = av_reader_format(r) == AV_FORMAT_CONLLU;
        AvDocument *doc;
        int rc;
        while ((rc = av_reader_next(r, &doc, &err)) != 0) {
            if (rc == AV_ERR_RECORD) {
                cli_error("%s", err.msg);
                skipped++;
                if (!doc)
                    continue;
            } else if (rc < 0) {
                cli_error("%s", err.msg);
                failed = 1;
                break;
            }
            rc = conllu ? av_code_parsed(cs.coder, doc, &err) : av_code_document(cs.coder, doc, &err);
            if (rc >= 0 && enrich && av_enrich_document(&eopt, doc, &err) == AV_OK && err.msg[0])
                cli_error("%s", err.msg);   /* once per record: no usable publication date */
            if (rc < 0) {
                cli_error("%s:%llu: record %s: %s", files[fi], (unsigned long long)doc->origin_line,
                          doc->id, err.msg);
                skipped++;
            } else if ((petrarch ? av_write_events_petrarch(stdout, doc, &err)
                                 : av_write_events_jsonl(stdout, doc, &info, &err)) < 0) {
                cli_error("%s", err.msg);
                failed = 1;
            }
            cli_progress_update(&prog, doc);
            av_doc_free(doc);
            if (failed)
                break;
        }
        av_reader_close(r);
    }
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
