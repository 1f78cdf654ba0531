/* coder_setup.c — loading model + dictionaries for `code` and `validate`. */
#include <stdlib.h>
#include <string.h>
#include "coder_setup.h"

static void print_diag(void *user, const AvDictDiag *d)
{
    CoderSetup *cs = user;
    if (d->is_error)
        cs->dict_errors++;
    if (cs->quiet_dict && !d->is_error)
        return;
    if (cs->dict_diags_shown++ < 20)
        fprintf(stderr, "avocet: %s:%u: %s: %s\n", d->file, d->line,
                d->is_error ? "error" : "warning", d->message);
}

int coder_setup_open(CoderSetup *cs, AvError *err)
{
    AvDictOptions dopt;
    memset(&dopt, 0, sizeof dopt);
    dopt.on_diag = print_diag;
    dopt.user = cs;
    const char *def = av_dict_default_dir();
    const char *const *paths = cs->n_dicts ? cs->dicts : &def;
    size_t n = cs->n_dicts ? cs->n_dicts : 1;
    cs->dict = av_dict_load(paths, n, &dopt, err);
    if (!cs->dict)
        return err->code ? err->code : AV_ERR_IO;
    if (cs->dict_diags_shown > 20)
        fprintf(stderr, "avocet: ... %zu dictionary diagnostics in all ('avocet dict check' lists them)\n",
                cs->dict_diags_shown);
    if (!cs->no_model) {
        cs->model = av_model_load(cs->model_path, err);
        if (!cs->model) {
            av_dict_free(cs->dict);
            cs->dict = NULL;
            return err->code ? err->code : AV_ERR_IO;
        }
    }
    cs->coder = av_coder_new(cs->model, cs->dict, &cs->opt, err);
    if (!cs->coder) {
        coder_setup_close(cs);
        return err->code;
    }
    return AV_OK;
}

void coder_setup_close(CoderSetup *cs)
{
    av_coder_free(cs->coder);
    av_model_free(cs->model);
    av_dict_free(cs->dict);
    cs->coder = NULL;
    cs->model = NULL;
    cs->dict = NULL;
}

int coder_setup_option(CoderSetup *cs, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (!strcmp(a, "--dict") && *i + 1 < argc) {
        if (cs->n_dicts < CODER_MAX_DICTS)
            cs->dicts[cs->n_dicts++] = argv[++*i];
        return 1;
    }
    if (!strcmp(a, "--model") && *i + 1 < argc) {
        cs->model_path = argv[++*i];
        return 1;
    }
    if (!strcmp(a, "--keep-negated")) {
        cs->opt.keep_negated = 1;
        return 1;
    }
    if (!strcmp(a, "--allow-monads")) {
        cs->opt.require_dyad = 0;
        return 1;
    }
    if (!strcmp(a, "--no-nouns")) {
        cs->opt.code_nouns = 0;
        return 1;
    }
    return 0;
}

int coder_setup_threads_option(CoderSetup *cs, int argc, char **argv, int *i)
{
    if (strcmp(argv[*i], "--threads") || *i + 1 >= argc)
        return 0;
    char *end;
    long t = strtol(argv[++*i], &end, 10);
    if (*end || end == argv[*i] || t < 0) {
        cli_error("--threads wants a number >= 0, not '%s'", argv[*i]);
        return -1;
    }
    cs->threads = t == 0 ? -1 : (int)(t > CLI_MAX_THREADS ? CLI_MAX_THREADS : t);
    return 1;
}
