/* main.c — the avocet command: dispatches to subcommands. */
#include <string.h>
#include "cli.h"

static const AvCommand *const commands[] = {
    &cmd_segment,
    &cmd_train,
    &cmd_parse,
    &cmd_eval_parse,
    &cmd_dict,
    &cmd_eval_segment,
    &cmd_train_segmenter,
    &cmd_code,
    &cmd_gazetteer,
    &cmd_validate,
    &cmd_ingest,
    &cmd_query,
    &cmd_serve,
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fprintf(out, "avocet %s — political event-data coder\n\n"
                 "usage: avocet <command> [options] [FILES|-]\n\ncommands:\n",
            AVOCET_VERSION);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-14s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(out, "\n'avocet <command> --help' describes one command.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (cli_is_help(argv[1]) || !strcmp(argv[1], "help")) {
        if (argc > 2) {
            for (size_t i = 0; i < N_COMMANDS; i++)
                if (!strcmp(argv[2], commands[i]->name)) {
                    commands[i]->help(stdout);
                    return EXIT_OK;
                }
        }
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
        printf("avocet %s\n", AVOCET_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < N_COMMANDS; i++) {
        if (!strcmp(argv[1], commands[i]->name)) {
            for (int a = 2; a < argc; a++) {
                if (!strcmp(argv[a], "--"))
                    break;
                if (cli_is_help(argv[a])) {
                    commands[i]->help(stdout);
                    return EXIT_OK;
                }
            }
            return commands[i]->run(argc - 1, argv + 1);
        }
    }
    cli_error("unknown command '%s'", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
