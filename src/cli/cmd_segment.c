/* cmd_segment.c — avocet segment: sentences and tokens of each document. */
#include <string.h>
#include "cli.h"

static void help(FILE *out)
{
    fputs("usage: avocet segment [--format FMT] [--conllu] [FILES|-]\n\n"
          "Splits each document into sentences and UD-style tokens.\n"
          "Reads standard input when no file is given.\n\n"
          "  --format FMT  input format: text, jsonl, xml, conllu, html (default: detect)\n"
          "  --conllu      write CoNLL-U instead of JSON Lines\n\n"
          "Output (JSON Lines): one object per sentence with doc_id, sentence, paragraph,\n"
          "kind (body|headline|dateline|byline|date), start, end (byte offsets), text and\n"
          "tokens [{form, start, end, part?, space_after?}].\n"
          "Exit status: 0 ok, 1 could not run, 2 usage, 3 some records were skipped.\n"
          "example: avocet segment examples/ceasefire.txt\n",
          out);
}

static int run(int argc, char **argv)
{
    AvFormat fmt = AV_FORMAT_AUTO;
    int conllu = 0, n_files = 0;
    const char *files[256];
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--format") && i + 1 < argc) {
            fmt = av_format_from_name(argv[++i]);
            if (fmt == AV_FORMAT_AUTO) {
                cli_error("unknown format '%s'", argv[i]);
                return EXIT_USAGE;
            }
        } else if (!strcmp(argv[i], "--conllu")) {
            conllu = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            cli_error("segment: unknown option '%s'", argv[i]);
            return EXIT_USAGE;
        } else if (n_files < 256) {
            files[n_files++] = argv[i];
        }
    }
    if (n_files == 0)
        files[n_files++] = "-";

    int skipped = 0, failed = 0;
    CliProgress prog;
    cli_progress_init(&prog);
    for (int fi = 0; fi < n_files; fi++) {
        AvError err;
        AvReader *r = av_reader_open(files[fi], fmt, &err);
        if (!r) {
            cli_error("%s", err.msg);
            failed = 1;
            continue;
        }
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
            if (av_reader_format(r) != AV_FORMAT_CONLLU && av_segment(doc, &err) < 0) {
                cli_error("%s:%llu: %s: %s", files[fi], (unsigned long long)doc->origin_line,
                          doc->id, err.msg);
                skipped++;
            } else if ((conllu ? av_write_conllu(stdout, doc, &err)
                               : av_write_segment_jsonl(stdout, doc, &err)) < 0) {
                cli_error("%s", err.msg);
                av_doc_free(doc);
                av_reader_close(r);
                return EXIT_FAILURE_RUN;
            }
            cli_progress_update(&prog, doc);
            av_doc_free(doc);
        }
        av_reader_close(r);
    }
    cli_progress_done(&prog);
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

const AvCommand cmd_segment = {"segment", "split documents into sentences and tokens", run, help};
