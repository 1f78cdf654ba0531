/* cmd_parse.c — avocet parse: raw text (or CoNLL-U words) to parsed CoNLL-U. */
#include <string.h>
#include "cli.h"

static void help(FILE *out)
{
    fputs("usage: avocet parse [--model M] [--format FMT] [FILES|-]\n\n"
          "Segments each document, tags, lemmatises and parses it, and writes CoNLL-U.\n"
          "CoNLL-U input keeps its tokenisation (its annotations are replaced).\n"
          "  --model M     model file (default: $AVOCET_MODEL or the shipped model)\n"
          "  --format FMT  input format: text, jsonl, xml, conllu, html (default: detect)\n"
          "Exit status: 0 ok, 1 could not run, 2 usage, 3 some records were skipped.\n"
          "example: echo 'Israeli air strikes killed 20 people.' | avocet parse\n",
          out);
}

static int process(const AvModel *m, AvReader *r, AvDocument *doc, AvError *err)
{
    if (av_reader_format(r) != AV_FORMAT_CONLLU && av_segment(doc, err) < 0)
        return err->code;
    int rc = av_tag(m, doc, err);
    if (!rc && av_model_has_parser(m))
        rc = av_parse(m, doc, err);
    return rc;
}

static int run_file(const AvModel *m, const char *path, AvFormat fmt, int *skipped)
{
    AvError err;
    AvReader *r = av_reader_open(path, fmt, &err);
    if (!r) {
        cli_error("%s", err.msg);
        return EXIT_FAILURE_RUN;
    }
    AvDocument *doc;
    int rc, status = EXIT_OK;
    while ((rc = av_reader_next(r, &doc, &err)) != 0) {
        if (rc == AV_ERR_RECORD) {
            cli_error("%s", err.msg);
            ++*skipped;
            if (!doc)
                continue;
        } else if (rc < 0) {
            cli_error("%s", err.msg);
            status = EXIT_FAILURE_RUN;
            break;
        }
        if (process(m, r, doc, &err) < 0) {
            cli_error("%s: %s", doc->id, err.msg);
            ++*skipped;
        } else if (av_write_conllu(stdout, doc, &err) < 0) {
            cli_error("%s", err.msg);
            status = EXIT_FAILURE_RUN;
            av_doc_free(doc);
            break;
        }
        av_doc_free(doc);
    }
    av_reader_close(r);
    return status;
}

static int run(int argc, char **argv)
{
    const char *model = NULL, *files[256];
    int n_files = 0;
    AvFormat fmt = AV_FORMAT_AUTO;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--model") && i + 1 < argc) {
            model = argv[++i];
        } else if (!strcmp(argv[i], "--format") && i + 1 < argc) {
            fmt = av_format_from_name(argv[++i]);
            if (fmt == AV_FORMAT_AUTO) {
                cli_error("unknown format '%s'", argv[i]);
                return EXIT_USAGE;
            }
        } else if (argv[i][0] == '-' && argv[i][1]) {
            cli_error("parse: unknown option '%s'", argv[i]);
            return EXIT_USAGE;
        } else if (n_files < 256) {
            files[n_files++] = argv[i];
        }
    }
    if (n_files == 0)
        files[n_files++] = "-";
    AvError err;
    AvModel *m = av_model_load(model, &err);
    if (!m) {
        cli_error("%s", err.msg);
        return EXIT_FAILURE_RUN;
    }
    int skipped = 0, status = EXIT_OK;
    for (int i = 0; i < n_files && status == EXIT_OK; i++)
        status = run_file(m, files[i], fmt, &skipped);
    av_model_free(m);
    if (fflush(stdout) != 0) {
        cli_error("cannot write output");
        return EXIT_FAILURE_RUN;
    }
    if (status == EXIT_OK && skipped) {
        cli_error("%d record(s) skipped", skipped);
        return EXIT_SKIPPED;
    }
    return status;
}

const AvCommand cmd_parse = {"parse", "tag and parse documents into CoNLL-U", run, help};
