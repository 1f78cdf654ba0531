/* cmd_eval_segment.c — avocet eval-segment: tokenisation and sentence
 * segmentation scores against gold CoNLL-U (CoNLL 2018 definitions). */
#include <string.h>
#include "cli.h"

static void help(FILE *out)
{
    fputs("usage: avocet eval-segment [--details] [--json] [--docs PREFIX]\n"
          "                            [--sent-model FILE | --rules] GOLD.conllu\n\n"
          "Re-segments the raw text of each gold document (its '# text' lines joined\n"
          "by one space) and compares tokens, sentences and words with the gold ones,\n"
          "as the CoNLL 2018 shared-task scorer does (precision, recall, F1).\n\n"
          "  --details  one line of scores per document as well (on stderr with --json)\n"
          "  --json     print one JSON object instead of the table\n"
          "  --docs P   only documents whose id starts with P (e.g. GUM_news)\n"
          "  --sent-model FILE  split sentences with this model instead of the\n"
          "             built-in one (see avocet train-segmenter)\n"
          "  --rules    split sentences with the rules alone (no model)\n"
          "Exit status: 0 ok, 1 could not run, 2 usage.\n"
          "example: avocet eval-segment ../shared/ud/en_ewt-test.conllu\n",
          out);
}

static void print_table(FILE *f, const AvSegEval *e)
{
    const struct {
        const char *name;
        const AvSegScore *s;
    } rows[] = {{"Tokens", &e->tokens}, {"Sentences", &e->sentences}, {"Words", &e->words}};
    fprintf(f, "%-10s %9s %9s %9s %8s %8s %8s\n", "Metric", "Gold", "System", "Correct", "P", "R",
            "F1");
    for (size_t i = 0; i < 3; i++)
        fprintf(f, "%-10s %9llu %9llu %9llu %8.2f %8.2f %8.2f\n", rows[i].name,
                (unsigned long long)rows[i].s->gold, (unsigned long long)rows[i].s->system,
                (unsigned long long)rows[i].s->correct, rows[i].s->precision, rows[i].s->recall,
                rows[i].s->f1);
}

static void print_json_score(FILE *f, const char *name, const AvSegScore *s, int last)
{
    fprintf(f, "\"%s\":{\"gold\":%llu,\"system\":%llu,\"correct\":%llu,\"precision\":%.4f,"
               "\"recall\":%.4f,\"f1\":%.4f}%s",
            name, (unsigned long long)s->gold, (unsigned long long)s->system,
            (unsigned long long)s->correct, s->precision, s->recall, s->f1, last ? "" : ",");
}

static void print_json(FILE *f, const AvSegEval *e)
{
    fprintf(f, "{\"documents\":%llu,", (unsigned long long)e->documents);
    print_json_score(f, "tokens", &e->tokens, 0);
    print_json_score(f, "sentences", &e->sentences, 0);
    print_json_score(f, "words", &e->words, 1);
    fputs("}\n", f);
}

static void print_details(FILE *f, const AvDocument *doc, AvSegEval *one)
{
    av_eval_segment_finish(one);
    fprintf(f, "%-60s tokens %6.2f  sentences %6.2f (%llu gold, %llu system)  words %6.2f\n",
            doc->id ? doc->id : "?", one->tokens.f1, one->sentences.f1,
            (unsigned long long)one->sentences.gold, (unsigned long long)one->sentences.system,
            one->words.f1);
}

static void add_eval(AvSegEval *total, const AvSegEval *one)
{
    const AvSegScore *src[] = {&one->tokens, &one->sentences, &one->words};
    AvSegScore *dst[] = {&total->tokens, &total->sentences, &total->words};
    for (size_t i = 0; i < 3; i++) {
        dst[i]->gold += src[i]->gold;
        dst[i]->system += src[i]->system;
        dst[i]->correct += src[i]->correct;
    }
    total->documents += one->documents;
}

static int run(int argc, char **argv)
{
    int details = 0, json = 0, rules = 0;
    const char *path = NULL, *prefix = NULL, *model_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--details"))
            details = 1;
        else if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (!strcmp(argv[i], "--docs") && i + 1 < argc)
            prefix = argv[++i];
        else if (!strcmp(argv[i], "--sent-model") && i + 1 < argc)
            model_path = argv[++i];
        else if (!strcmp(argv[i], "--rules"))
            rules = 1;
        else if (argv[i][0] == '-' && argv[i][1]) {
            cli_error("eval-segment: unknown option '%s'", argv[i]);
            return EXIT_USAGE;
        } else if (!path)
            path = argv[i];
        else {
            cli_error("eval-segment: only one gold file");
            return EXIT_USAGE;
        }
    }
    if (!path) {
        cli_error("eval-segment: a gold CoNLL-U file is needed");
        help(stderr);
        return EXIT_USAGE;
    }
    AvError err;
    AvSegmenter *loaded = NULL;
    if (model_path && !(loaded = av_segmenter_load(model_path, &err))) {
        cli_error("%s", err.msg);
        return EXIT_FAILURE_RUN;
    }
    const AvSegmenter *model = rules ? NULL : loaded ? loaded : av_segmenter_builtin();
    AvReader *r = av_reader_open(path, AV_FORMAT_CONLLU, &err);
    if (!r) {
        cli_error("%s", err.msg);
        av_segmenter_free(loaded);
        return EXIT_FAILURE_RUN;
    }
    AvSegEval total;
    memset(&total, 0, sizeof total);
    AvDocument *doc;
    int rc, status = EXIT_OK;
    while ((rc = av_reader_next(r, &doc, &err)) != 0) {
        if (rc == AV_ERR_RECORD)
            cli_error("%s", err.msg);
        else if (rc < 0) {
            cli_error("%s", err.msg);
            status = EXIT_FAILURE_RUN;
            break;
        }
        if (!doc)
            continue;
        if (prefix && strncmp(doc->id ? doc->id : "", prefix, strlen(prefix)) != 0) {
            av_doc_free(doc);
            continue;
        }
        AvSegEval one;
        memset(&one, 0, sizeof one);
        if (av_eval_segment_doc_with(model, doc, &one, &err) < 0) {
            cli_error("%s: %s", doc->id, err.msg);
            av_doc_free(doc);
            status = EXIT_FAILURE_RUN;
            break;
        }
        if (details)
            print_details(json ? stderr : stdout, doc, &one);
        add_eval(&total, &one);
        av_doc_free(doc);
    }
    av_reader_close(r);
    av_segmenter_free(loaded);
    av_eval_segment_finish(&total);
    if (json)
        print_json(stdout, &total);
    else
        print_table(stdout, &total);
    return status;
}

const AvCommand cmd_eval_segment = {"eval-segment", "score tokenisation and sentence splitting "
                                                    "against gold CoNLL-U",
                                    run, help};
