/* coder_setup.h — options and loading shared by `code` and `validate`. */
#ifndef AV_CODER_SETUP_H
#define AV_CODER_SETUP_H

#include "cli.h"

#define CODER_MAX_DICTS 64

typedef struct CoderSetup {
    const char *dicts[CODER_MAX_DICTS];
    size_t n_dicts;
    const char *model_path;     /* NULL = default */
    int no_model;
    int quiet_dict;             /* do not print dictionary warnings */
    size_t dict_errors, dict_diags_shown;
    AvCoderOptions opt;
    AvDict *dict;
    AvModel *model;
    AvCoder *coder;
} CoderSetup;

/* Handles --dict, --model, --keep-negated, --allow-monads, --no-nouns at
 * argv[*i]; returns 1 when consumed (advancing *i past values). */
int coder_setup_option(CoderSetup *cs, int argc, char **argv, int *i);
int coder_setup_open(CoderSetup *cs, AvError *err);
void coder_setup_close(CoderSetup *cs);

#endif
