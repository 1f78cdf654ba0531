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
    int threads;                /* --threads: 0 not given (1), -1 one per core, else N */
    size_t dict_errors, dict_diags_shown;
    AvCoderOptions opt;
    AvDict *dict;
    AvModel *model;
    AvCoder *coder;
} CoderSetup;

#define CLI_MAX_THREADS 64
#define CLI_BATCH_PER_THREAD 16   /* documents read ahead per coding thread */

/* One document to code (code_batch.c): in doc/conllu, out rc/err/undated. */
typedef struct CliCodeJob {
    AvDocument *doc;
    int conllu;          /* code the document's own trees (CoNLL-U input) */
    int rc;              /* <0: the record could not be coded (err says why) */
    int undated;         /* coded, but no usable publication date (err says so) */
    AvError err;
} CliCodeJob;

/* CoderSetup.threads to a count: 0 (not given) 1, -1 one per core, N as
 * given (at most CLI_MAX_THREADS). */
int cli_threads_resolve(int requested);
/* Codes (and enriches, when eopt is not NULL) one job / n jobs on up to
 * `threads` threads; returns when all are done. */
void cli_code_job(const CoderSetup *cs, const AvEnrichOptions *eopt, CliCodeJob *job);
void cli_code_batch(const CoderSetup *cs, const AvEnrichOptions *eopt, CliCodeJob *jobs, int n,
                    int threads);

/* The documents of several files, one after the other, so that a batch
 * may span files (a folder of one-article text files codes in parallel). */
typedef struct CliDocSource {
    const char **files;
    int n_files, next_file;
    AvFormat fmt;
    AvReader *reader;
    int conllu;
} CliDocSource;

/* 1: *doc is the next document (*conllu: code its own trees); 0: no more;
 * AV_ERR_RECORD: a bad record, err says which (*doc, when not NULL, is
 * what could be read of it); other <0: the run cannot go on (a file that
 * does not open, a read error). */
int cli_source_next(CliDocSource *s, AvDocument **doc, int *conllu, AvError *err);
void cli_source_close(CliDocSource *s);

/* Handles --dict, --model, --keep-negated, --allow-monads, --no-nouns at
 * argv[*i]; returns 1 when consumed (advancing *i past values). */
int coder_setup_option(CoderSetup *cs, int argc, char **argv, int *i);
/* Handles --threads N (code, ingest): 1 consumed, 0 not this option, -1 a
 * bad value (after saying so). */
int coder_setup_threads_option(CoderSetup *cs, int argc, char **argv, int *i);
int coder_setup_open(CoderSetup *cs, AvError *err);
void coder_setup_close(CoderSetup *cs);

#endif
