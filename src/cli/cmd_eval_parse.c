/* cmd_eval_parse.c — avocet eval-parse: tagging and parsing accuracy. */
#include <string.h>
#include "cli.h"

static void help(FILE *out)
{
    fputs("usage: avocet eval-parse GOLD.conllu [--model M] [--raw | --gold-tags]\n\n"
          "Tags and parses the words of GOLD (gold tokenisation) and prints UPOS, XPOS,\n"
          "UFeats, Lemma accuracy, UAS and LAS (CoNLL 2018: LAS compares the universal\n"
          "relation; LAS+sub compares full labels).  With --raw the gold text is\n"
          "segmented by avocet first and words are aligned by character span (F1).\n"
          "With --gold-tags the parser reads the gold UPOS and XPOS: it scores the\n"
          "parser alone.\n"
          "  --model M  model file (default: $AVOCET_MODEL or the shipped model)\n"
          "example: avocet eval-parse ../shared/ud/en_ewt-test.conllu\n",
          out);
}

static int run(int argc, char **argv)
{
    const char *gold = NULL, *model = NULL;
    int raw = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--model") && i + 1 < argc)
            model = argv[++i];
        else if (!strcmp(argv[i], "--raw"))
            raw = AV_EVAL_RAW;
        else if (!strcmp(argv[i], "--gold-tags"))
            raw = AV_EVAL_GOLD_TAGS;
        else if (argv[i][0] == '-') {
            cli_error("eval-parse: unknown option '%s'", argv[i]);
            return EXIT_USAGE;
        } else
            gold = argv[i];
    }
    if (!gold) {
        help(stderr);
        return EXIT_USAGE;
    }
    AvError err;
    AvModel *m = av_model_load(model, &err);
    if (!m) {
        cli_error("%s", err.msg);
        return EXIT_FAILURE_RUN;
    }
    AvParseScores sc;
    int rc = av_eval_parse(m, gold, raw, &sc, &err);
    av_model_free(m);
    if (rc < 0) {
        cli_error("%s", err.msg);
        return EXIT_FAILURE_RUN;
    }
    printf("file      %s (%s)\n", gold, raw ? "raw text, F1" : "gold tokenisation");
    if (raw)
        printf("Tokens    %6.2f\nSentences %6.2f\nWords     %6.2f\n", sc.tokens, sc.sentences,
               sc.words);
    printf("UPOS      %6.2f\nXPOS      %6.2f\nUFeats    %6.2f\nLemma     %6.2f\n"
           "UAS       %6.2f\nLAS       %6.2f\nLAS+sub   %6.2f\n",
           sc.upos, sc.xpos, sc.ufeats, sc.lemma, sc.uas, sc.las, sc.las_subtypes);
    printf("words     %zu gold, %zu system; %zu sentences; tag+parse %.3f s (%.0f words/s)\n",
           sc.gold_words, sc.system_words, sc.n_sentences, sc.seconds,
           sc.seconds > 0 ? sc.system_words / sc.seconds : 0.0);
    return EXIT_OK;
}

const AvCommand cmd_eval_parse = {"eval-parse", "score the tagger and parser on gold CoNLL-U",
                                  run, help};
