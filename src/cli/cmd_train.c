/* cmd_train.c — avocet train: trains the tagger and/or the parser. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static void help(FILE *out)
{
    fputs("usage: avocet train tagger|parser|all --train A.conllu[,B.conllu] --dev C.conllu\n"
          "                    -o FILE [--tagger MODEL] [--epochs N] [--patience N] [--seed S]\n"
          "                    [--min-updates N] [--min-updates-moves N] [--jackknife K]\n"
          "                    [--one-pass]\n\n"
          "Trains on gold CoNLL-U and keeps the epoch that scores best on --dev\n"
          "(early stopping after --patience epochs without gain).\n"
          "  tagger  tagger + lemma/feature tables only\n"
          "  parser  adds a parser to the tagger model given by --tagger\n"
          "  all     both, into one model file\n"
          "The tagger makes two passes: the second rescores each word knowing the\n"
          "first pass's tags of the next two words (--one-pass: the first only).\n"
          "The second pass and the parser train on tags predicted by K taggers each\n"
          "trained without one fold of the documents (--jackknife, default 4; 1 = one\n"
          "tagger for all).\n"
          "Weight rows updated fewer than --min-updates times (default 2; parser moves:\n"
          "--min-updates-moves, default 4) are pruned.\n"
          "Deterministic for a given --seed (default 1).  Progress goes to stderr.\n"
          "example: avocet train all --train ../shared/ud/en_ewt-train.conllu,"
          "../shared/ud/gum-train.conllu\n"
          "         --dev ../shared/ud/en_ewt-dev.conllu -o build-nlp/en-ud.avm\n",
          out);
}

static int run(int argc, char **argv)
{
    AvTrainOptions o = {0};
    o.seed = 1;
    o.verbose = 1;
    if (argc < 2) {
        help(stderr);
        return EXIT_USAGE;
    }
    o.what = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--one-pass")) {
            o.one_pass = 1;
            continue;
        }
        if (!v) {
            cli_error("train: option '%s' needs a value", a);
            return EXIT_USAGE;
        }
        if (!strcmp(a, "--train"))
            o.train = v;
        else if (!strcmp(a, "--dev"))
            o.dev = v;
        else if (!strcmp(a, "-o") || !strcmp(a, "--output"))
            o.out = v;
        else if (!strcmp(a, "--tagger"))
            o.tagger = v;
        else if (!strcmp(a, "--epochs"))
            o.epochs = atoi(v);
        else if (!strcmp(a, "--patience"))
            o.patience = atoi(v);
        else if (!strcmp(a, "--jackknife"))
            o.jackknife = atoi(v);
        else if (!strcmp(a, "--min-updates-moves"))
            o.min_updates_moves = atoi(v);
        else if (!strcmp(a, "--min-updates"))
            o.min_updates = atoi(v);
        else if (!strcmp(a, "--seed"))
            o.seed = strtoull(v, NULL, 10);
        else {
            cli_error("train: unknown option '%s'", a);
            return EXIT_USAGE;
        }
        i++;
    }
    if (!o.train || !o.dev || !o.out) {
        cli_error("train: --train, --dev and -o are required");
        return EXIT_USAGE;
    }
    AvError err;
    if (av_train_nlp(&o, &err) < 0) {
        cli_error("%s", err.msg);
        return err.code == AV_ERR_ARG ? EXIT_USAGE : EXIT_FAILURE_RUN;
    }
    fprintf(stderr, "wrote %s\n", o.out);
    return EXIT_OK;
}

const AvCommand cmd_train = {"train", "train the tagger and parser on CoNLL-U", run, help};
