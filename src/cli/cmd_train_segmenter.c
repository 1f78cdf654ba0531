/* cmd_train_segmenter.c — avocet train-segmenter: trains the sentence-
 * boundary classifier of the text stage on gold CoNLL-U. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static void help(FILE *out)
{
    fputs("usage: avocet train-segmenter --train A.conllu[,B.conllu] --dev C.conllu[,D.conllu]\n"
          "                              -o FILE [--epochs N] [--hash-bits B] [--seed S]\n\n"
          "Trains the sentence-boundary classifier (an averaged perceptron over the\n"
          "tokens the rules produce) on the raw text of gold CoNLL-U files, keeps the\n"
          "epoch with the best sentence F1 on --dev, tunes its decision threshold on\n"
          "--dev and writes the model (format: docs/text.md).  Progress goes to stderr.\n"
          "  --epochs N  at most N epochs (default 12; stops after 3 without gain)\n"
          "  --hash-bits B  2^B weights in the model (default 18: 512 KiB)\n"
          "  --seed S    document order shuffling (default 1); same seed, same model\n"
          "Exit status: 0 ok, 1 could not run, 2 usage.\n"
          "example: avocet train-segmenter --train ../shared/ud/en_ewt-train.conllu,"
          "../shared/ud/gum-train.conllu\n"
          "         --dev ../shared/ud/en_ewt-dev.conllu,../shared/ud/gum-dev.conllu"
          " -o data/models/en-sent.avm\n",
          out);
}

static int run(int argc, char **argv)
{
    AvSegTrainOptions o = {0};
    o.seed = 1;
    o.verbose = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) {
            cli_error("train-segmenter: option '%s' needs a value", a);
            return EXIT_USAGE;
        }
        if (!strcmp(a, "--train"))
            o.train = v;
        else if (!strcmp(a, "--dev"))
            o.dev = v;
        else if (!strcmp(a, "-o") || !strcmp(a, "--output"))
            o.out = v;
        else if (!strcmp(a, "--epochs"))
            o.epochs = atoi(v);
        else if (!strcmp(a, "--hash-bits"))
            o.hash_bits = (uint32_t)atoi(v);
        else if (!strcmp(a, "--seed"))
            o.seed = strtoull(v, NULL, 10);
        else {
            cli_error("train-segmenter: unknown option '%s'", a);
            return EXIT_USAGE;
        }
        i++;
    }
    if (!o.train || !o.dev || !o.out) {
        cli_error("train-segmenter: --train, --dev and -o are required");
        return EXIT_USAGE;
    }
    AvError err;
    if (av_train_segmenter(&o, &err) < 0) {
        cli_error("%s", err.msg);
        return err.code == AV_ERR_ARG ? EXIT_USAGE : EXIT_FAILURE_RUN;
    }
    fprintf(stderr, "wrote %s\n", o.out);
    return EXIT_OK;
}

const AvCommand cmd_train_segmenter = {"train-segmenter",
                                       "train the sentence-boundary classifier on CoNLL-U", run,
                                       help};
