/*
 * cli.h — the avocet command's subcommands.  Each lives in its own
 * cmd_*.c file, uses only include/avocet.h, and is listed in main.c.
 */
#ifndef AV_CLI_H
#define AV_CLI_H

#include <stdio.h>
#include "avocet.h"

typedef struct AvCommand {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);   /* argv[0] is the subcommand name */
    void (*help)(FILE *out);
} AvCommand;

/* Exit statuses of the avocet command. */
enum {
    EXIT_OK = 0,
    EXIT_FAILURE_RUN = 1,   /* could not run at all (bad file, model, ...) */
    EXIT_USAGE = 2,         /* bad command line */
    EXIT_SKIPPED = 3        /* ran to the end but some records were skipped */
};

/* Shared helpers (cli_util.c). */
int cli_is_help(const char *arg);
/* Prints "avocet: <msg>" to stderr. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Progress line on stderr, only when stderr is a terminal. */
typedef struct CliProgress {
    int enabled;
    double start, last;
    uint64_t docs, sentences, bytes;
} CliProgress;
void cli_progress_init(CliProgress *p);
void cli_progress_update(CliProgress *p, const AvDocument *doc);
void cli_progress_done(CliProgress *p);

/* The subcommands. */
extern const AvCommand cmd_segment;
extern const AvCommand cmd_train;       /* nlp */
extern const AvCommand cmd_parse;       /* nlp */
extern const AvCommand cmd_eval_parse;  /* nlp */
extern const AvCommand cmd_dict;
extern const AvCommand cmd_eval_segment;
extern const AvCommand cmd_train_segmenter;  /* text */
extern const AvCommand cmd_code;        /* code */
extern const AvCommand cmd_gazetteer;   /* enrich */
extern const AvCommand cmd_validate;    /* code */
extern const AvCommand cmd_ingest;      /* store */
extern const AvCommand cmd_query;       /* store */
extern const AvCommand cmd_serve;       /* serve */

#endif
