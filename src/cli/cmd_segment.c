/* cmd_segment.c — avocet segment: sentences and tokens of each document. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static void help(FILE *out)
{
    fputs("usage: avocet segment [--format FMT] [--conllu] [--max-record-size N]\n"
          "                      [--sent-model FILE | --rules] [FILES|-]\n\n"
          "Splits each document into sentences and UD-style tokens.\n"
          "Reads standard input when no file is given (or for '-').\n\n"
          "  --format FMT          input format: text, jsonl, xml (PETRARCH), conllu, html\n"
          "                        (default: from the file name, else from its first bytes)\n"
          "  --conllu              write CoNLL-U instead of JSON Lines\n"
          "  --max-record-size N   skip records larger than N bytes (suffix k, M or G;\n"
          "                        default 64M)\n"
          "  --sent-model FILE     split sentences with this model instead of the\n"
          "                        built-in one (see avocet train-segmenter)\n"
          "  --rules               split sentences with the rules alone (no model)\n\n"
          "Output (JSON Lines): one object per sentence with doc_id, sentence, paragraph,\n"
          "kind (body|headline|dateline|byline|date), start, end (byte offsets), text and\n"
          "tokens [{form, start, end, part?, space_after?}].  See docs/formats.md.\n"
          "A bad record gives one message on stderr (file:line: record ID: problem) and\n"
          "reading goes on; warnings (repaired text, ignored fields) do not skip anything.\n"
          "Exit status: 0 ok, 1 could not run, 2 usage, 3 some records were skipped.\n"
          "example: avocet segment examples/ceasefire.txt\n",
          out);
}

/* "64M", "1048576", "512k" -> bytes; 0 when malformed. */
static size_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || s[0] == '-')
        return 0;
    unsigned shift = 0;
    if (*end == 'k' || *end == 'K')
        shift = 10, end++;
    else if (*end == 'm' || *end == 'M')
        shift = 20, end++;
    else if (*end == 'g' || *end == 'G')
        shift = 30, end++;
    if (*end || v > (SIZE_MAX >> shift))
        return 0;
    return (size_t)(v << shift);
}

typedef struct SegmentOptions {
    AvFormat format;
    int conllu;
    size_t max_record;
    const char *model_path;  /* --sent-model */
    int rules;               /* --rules */
    const AvSegmenter *model;
    const char **files;      /* argc entries, calloc'd */
    int n_files;
} SegmentOptions;

/* EXIT_OK or EXIT_USAGE (message printed). */
static int parse_args(int argc, char **argv, SegmentOptions *o)
{
    int only_files = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_files && !strcmp(a, "--")) {
            only_files = 1;
        } else if (!only_files && !strcmp(a, "--format")) {
            if (i + 1 >= argc || (o->format = av_format_from_name(argv[++i])) == AV_FORMAT_AUTO) {
                cli_error("segment: --format needs one of text, jsonl, xml, conllu, html");
                return EXIT_USAGE;
            }
        } else if (!only_files && !strcmp(a, "--sent-model") && i + 1 < argc) {
            o->model_path = argv[++i];
        } else if (!only_files && !strcmp(a, "--rules")) {
            o->rules = 1;
        } else if (!only_files && !strcmp(a, "--conllu")) {
            o->conllu = 1;
        } else if (!only_files && !strcmp(a, "--max-record-size")) {
            if (i + 1 >= argc || (o->max_record = parse_size(argv[++i])) == 0) {
                cli_error("segment: --max-record-size needs a positive size such as 64M");
                return EXIT_USAGE;
            }
        } else if (!only_files && a[0] == '-' && a[1]) {
            cli_error("segment: unknown option '%s' (see avocet segment --help)", a);
            return EXIT_USAGE;
        } else {
            o->files[o->n_files++] = a;
        }
    }
    if (o->n_files == 0)
        o->files[o->n_files++] = "-";
    return EXIT_OK;
}

typedef struct SegmentTotals {
    int skipped, failed, write_failed;
    CliProgress progress;
} SegmentTotals;

static void segment_document(const SegmentOptions *o, AvReader *r, AvDocument *doc,
                             SegmentTotals *t)
{
    AvError err;
    if (av_reader_format(r) != AV_FORMAT_CONLLU && av_segment_with(o->model, doc, &err) < 0) {
        cli_error("%s:%llu: record %s: %s (skipped)", doc->origin,
                  (unsigned long long)doc->origin_line, doc->id, err.msg);
        t->skipped++;
        return;
    }
    int rc = o->conllu ? av_write_conllu(stdout, doc, &err) : av_write_segment_jsonl(stdout, doc, &err);
    if (rc < 0) {
        cli_error("cannot write output: %s", err.msg);
        t->write_failed = 1;
        return;
    }
    cli_progress_update(&t->progress, doc);
}

static void segment_file(const SegmentOptions *o, const char *path, SegmentTotals *t)
{
    AvError err;
    AvReader *r = av_reader_open(path, o->format, &err);
    if (!r) {
        cli_error("%s", err.msg);
        t->failed = 1;
        return;
    }
    if (o->max_record)
        av_reader_set_max_record(r, o->max_record, &err);
    AvDocument *doc;
    int rc, records = 0;
    while (!t->write_failed && (rc = av_reader_next(r, &doc, &err)) != 0) {
        records++;
        if (rc == AV_ERR_RECORD) {
            cli_error("%s", err.msg);
            t->skipped++;
        } else if (rc < 0) {
            cli_error("%s", err.msg);
            t->failed = 1;
            break;
        } else if (err.msg[0]) {
            cli_error("warning: %s", err.msg);
        }
        if (doc)
            segment_document(o, r, doc, t);
        av_doc_free(doc);
    }
    if (records == 0 && !t->failed)
        cli_error("warning: %s: no records", path);
    av_reader_close(r);
}

static int run(int argc, char **argv)
{
    SegmentOptions o = {0};
    o.files = calloc((size_t)argc + 1, sizeof *o.files);
    if (!o.files) {
        cli_error("out of memory");
        return EXIT_FAILURE_RUN;
    }
    int rc = parse_args(argc, argv, &o);
    if (rc != EXIT_OK) {
        free(o.files);
        return rc;
    }
    AvError err;
    AvSegmenter *loaded = NULL;
    if (o.model_path && !(loaded = av_segmenter_load(o.model_path, &err))) {
        cli_error("%s", err.msg);
        free(o.files);
        return EXIT_FAILURE_RUN;
    }
    o.model = o.rules ? NULL : loaded ? loaded : av_segmenter_builtin();
    SegmentTotals t = {0};
    cli_progress_init(&t.progress);
    for (int fi = 0; fi < o.n_files && !t.write_failed; fi++)
        segment_file(&o, o.files[fi], &t);
    cli_progress_done(&t.progress);
    av_segmenter_free(loaded);
    free(o.files);
    if (fflush(stdout) != 0 || t.write_failed) {
        if (!t.write_failed)
            cli_error("cannot write output");
        return EXIT_FAILURE_RUN;
    }
    if (t.failed)
        return EXIT_FAILURE_RUN;
    if (t.skipped) {
        cli_error("%d record(s) skipped", t.skipped);
        return EXIT_SKIPPED;
    }
    return EXIT_OK;
}

const AvCommand cmd_segment = {"segment", "split documents into sentences and tokens", run, help};

