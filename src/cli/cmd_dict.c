/* cmd_dict.c — avocet dict: check, look up and count dictionaries. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"

#define MAX_PATHS 64
#define MAX_WORDS 64

static void help(FILE *out)
{
    fputs("usage: avocet dict check [--strict] [--syntax] [--cameo DIR] [--kind K] [FILES|DIRS]\n"
          "       avocet dict lookup PHRASE [--date YYYY-MM-DD] [--dict PATH]...\n"
          "       avocet dict stats [--dict PATH]...\n"
          "       avocet dict write KIND [--dict PATH]...\n\n"
          "Reads TABARI and PETRARCH dictionaries (actors, agents, verbs, issues,\n"
          "discards).  Without FILES or --dict, avocet's own data/dict/ is used.\n\n"
          "  check   syntax errors (file:line: message), duplicate and conflicting\n"
          "          entries, overlapping date ranges, codes missing from the CAMEO\n"
          "          codebook; exit 0 when there is no error (--strict: no warning;\n"
          "          --syntax: reading errors only, no lint)\n"
          "  lookup  every match of the phrase's words and the code chosen for the\n"
          "          date (actor + agent composed, e.g. \"Israeli police\" -> ISRCOP)\n"
          "  stats   counts of entries, phrases, patterns, CAMEO codes covered, and\n"
          "          the load time\n"
          "  write   one kind (actors, agents, verbs, issues, discards) in canonical form\n\n"
          "  --dict PATH   a dictionary file or folder (repeatable)\n"
          "  --cameo DIR   folder of cameo.tsv / cameo_plover.tsv (default data/cameo)\n"
          "  --cache FILE  compiled cache: used when up to date, else (re)written\n"
          "  --kind K      read every file as kind K instead of guessing from its name\n"
          "  --date D      YYYY-MM-DD or YYYYMMDD for date-restricted actor codes\n"
          "example: avocet dict lookup \"Benjamin Netanyahu\" --date 2021-05-24\n",
          out);
}

typedef struct DictArgs {
    const char *paths[MAX_PATHS];
    int n_paths;
    const char *positional[MAX_PATHS];
    int n_positional;
    const char *date, *cameo, *cache;
    AvDictKind kind;
    int strict, syntax_only;
} DictArgs;

static AvDictKind kind_by_name(const char *s)
{
    for (int k = AV_DICT_ACTORS; k <= AV_DICT_DISCARDS; k++)
        if (!strcmp(s, av_dict_kind_name((AvDictKind)k)))
            return (AvDictKind)k;
    return AV_DICT_AUTO;
}

static int parse_args(int argc, char **argv, DictArgs *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 2; i < argc; i++) {
        const char *opt = argv[i];
        int has_val = i + 1 < argc;
        if (!strcmp(opt, "--dict") && has_val && a->n_paths < MAX_PATHS) {
            a->paths[a->n_paths++] = argv[++i];
        } else if (!strcmp(opt, "--date") && has_val) {
            a->date = argv[++i];
        } else if (!strcmp(opt, "--cache") && has_val) {
            a->cache = argv[++i];
        } else if (!strcmp(opt, "--cameo") && has_val) {
            a->cameo = argv[++i];
        } else if (!strcmp(opt, "--kind") && has_val) {
            if (!(a->kind = kind_by_name(argv[++i]))) {
                cli_error("dict: unknown kind '%s'", argv[i]);
                return -1;
            }
        } else if (!strcmp(opt, "--syntax")) {
            a->syntax_only = 1;
        } else if (!strcmp(opt, "--strict")) {
            a->strict = 1;
        } else if (opt[0] == '-' && opt[1]) {
            cli_error("dict: unknown option '%s'", opt);
            return -1;
        } else if (a->n_positional < MAX_PATHS) {
            a->positional[a->n_positional++] = opt;
        }
    }
    return 0;
}

typedef struct DiagCount {
    size_t errors, warnings;
    int quiet;
} DiagCount;

static void print_diag(void *user, const AvDictDiag *dg)
{
    DiagCount *c = user;
    if (dg->is_error)
        c->errors++;
    else
        c->warnings++;
    if (!c->quiet)
        fprintf(stderr, "%s:%u: %s: %s\n", dg->file, (unsigned)dg->line,
                dg->is_error ? "error" : "warning", dg->message);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static AvDict *load(const DictArgs *a, const char *const *paths, int n, DiagCount *dc,
                    double *ms)
{
    const char *def = av_dict_default_dir();
    if (n == 0) {
        paths = &def;
        n = 1;
    }
    AvDictOptions opt = {.strict = a->strict, .on_diag = print_diag, .user = dc,
                         .cameo_dir = a->cameo, .kind = a->kind, .cache_path = a->cache};
    AvError err;
    double t0 = now_ms();
    AvDict *d = av_dict_load(paths, (size_t)n, &opt, &err);
    if (ms)
        *ms = now_ms() - t0;
    if (!d)
        cli_error("%s", err.msg);
    return d;
}

static int run_check(const DictArgs *a)
{
    DiagCount dc = {0};
    const char *const *paths = a->n_positional ? a->positional : a->paths;
    int n = a->n_positional ? a->n_positional : a->n_paths;
    AvDict *d = load(a, paths, n, &dc, NULL);
    if (!d)
        return EXIT_FAILURE_RUN;
    if (!a->syntax_only)
        av_dict_lint(d, print_diag, &dc);
    AvDictStats s;
    av_dict_stats(d, &s);
    fprintf(stderr, "avocet dict check: %zu file(s), %zu error(s), %zu warning(s)\n", s.files,
            dc.errors, dc.warnings);
    av_dict_free(d);
    return dc.errors || (a->strict && dc.warnings) ? EXIT_FAILURE_RUN : EXIT_OK;
}

static void print_actor_codes(const AvDict *d, uint32_t entry)
{
    AvDictDateCode codes[32];
    size_t n = av_dict_actor_codes(d, entry, codes, 32);
    for (size_t i = 0; i < n && i < 32; i++) {
        const char *c = codes[i].code ? codes[i].code : "---";
        if (!codes[i].kind)
            printf("      [%s] default\n", c);
        else if (codes[i].kind == '<')
            printf("      [%s <%08u]\n", c, (unsigned)codes[i].to);
        else if (codes[i].kind == '>')
            printf("      [%s >%08u]\n", c, (unsigned)codes[i].from);
        else
            printf("      [%s %08u-%08u]\n", c, (unsigned)codes[i].from, (unsigned)codes[i].to);
    }
}

static void print_matches(const AvDict *d, const char *const *w, size_t n, const char *date)
{
    AvDictMatch m[64];
    for (size_t pos = 0; pos < n; pos++)
        for (int k = AV_DICT_ACTORS; k <= AV_DICT_DISCARDS; k++) {
            size_t found = av_dict_match_all(d, (AvDictKind)k, w, n, pos, date, m, 64);
            for (size_t i = 0; i < found && i < 64; i++) {
                char shown[96];
                const char *c = m[i].code ? m[i].code : "---";
                if (k == AV_DICT_AGENTS)
                    snprintf(shown, sizeof shown, m[i].agent_prefix ? "%s~" : "~%s", c);
                else
                    snprintf(shown, sizeof shown, "%s", c);
                printf("%-8s words %zu-%zu  %-36s %-12s %s:%u\n", av_dict_kind_name(m[i].kind),
                       pos, pos + m[i].length - 1, m[i].phrase, shown, m[i].file,
                       (unsigned)m[i].line);
                if (k == AV_DICT_ACTORS)
                    print_actor_codes(d, m[i].entry);
            }
        }
}

static int run_lookup(const DictArgs *a)
{
    if (a->n_positional < 1) {
        cli_error("dict lookup: give a phrase");
        return EXIT_USAGE;
    }
    DiagCount dc = {.quiet = 1};
    AvDict *d = load(a, a->paths, a->n_paths, &dc, NULL);
    if (!d)
        return EXIT_FAILURE_RUN;
    char text[2048] = "";
    for (int i = 0; i < a->n_positional; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s", i ? " " : "",
                 a->positional[i]);
    const char *w[MAX_WORDS];
    size_t n = 0;
    char *save = NULL;
    for (char *t = strtok_r(text, " \t", &save); t && n < MAX_WORDS; t = strtok_r(NULL, " \t", &save))
        w[n++] = t;
    AvDictMatch probe;
    if (av_dict_match(d, AV_DICT_ACTORS, w, n, 0, a->date, &probe) < 0) {
        cli_error("dict lookup: bad date '%s' (want YYYY-MM-DD or YYYYMMDD)", a->date);
        av_dict_free(d);
        return EXIT_USAGE;
    }
    printf("date: %s\n", a->date ? a->date : "(none: default codes)");
    print_matches(d, w, n, a->date);
    char code[128];
    AvDictMatch actor, agent;
    int rc = av_dict_code_phrase(d, w, n, a->date, code, sizeof code, &actor, &agent);
    if (rc == 1)
        printf("chosen: %s (actor %s, agent %s)\n", code,
               actor.length ? actor.phrase : "none", agent.length ? agent.phrase : "none");
    else
        printf("chosen: none\n");
    av_dict_free(d);
    return EXIT_OK;
}

static int run_stats(const DictArgs *a)
{
    DiagCount dc = {.quiet = 1};
    double ms;
    const char *const *paths = a->n_paths ? a->paths : a->positional;
    int n = a->n_paths ? a->n_paths : a->n_positional;
    AvDict *d = load(a, paths, n, &dc, &ms);
    if (!d)
        return EXIT_FAILURE_RUN;
    AvDictStats s;
    av_dict_stats(d, &s);
    printf("files\t%zu\nerrors\t%zu\nwarnings\t%zu\nactors\t%zu\nactor_phrases\t%zu\n"
           "date_restrictions\t%zu\nagents\t%zu\nagent_phrases\t%zu\nverbs\t%zu\n"
           "verb_forms\t%zu\nverb_blocks\t%zu\npatterns\t%zu\nsynsets\t%zu\n"
           "transformations\t%zu\nissues\t%zu\nissue_phrases\t%zu\ndiscards\t%zu\n"
           "cameo_codes\t%zu\nplover_codes\t%zu\ncameo_roots_covered\t%zu\n"
           "cameo_subcodes_covered\t%zu\nwords\t%zu\nmemory_bytes\t%zu\nfrom_cache\t%d\n"
           "load_ms\t%.1f\n",
           s.files, s.errors, s.warnings, s.actors, s.actor_phrases, s.date_restrictions,
           s.agents, s.agent_phrases, s.verbs, s.verb_forms, s.verb_blocks, s.patterns,
           s.synsets, s.transformations, s.issues, s.issue_phrases, s.discards, s.cameo_codes,
           s.plover_codes, s.cameo_roots_covered, s.cameo_subcodes_covered, s.words,
           s.memory_bytes, s.from_cache, ms);
    av_dict_free(d);
    return EXIT_OK;
}

static int run_write(const DictArgs *a)
{
    AvDictKind kind = a->n_positional ? kind_by_name(a->positional[0]) : AV_DICT_AUTO;
    if (!kind) {
        cli_error("dict write: give a kind: actors, agents, verbs, issues or discards");
        return EXIT_USAGE;
    }
    DiagCount dc = {0};
    AvDict *d = load(a, a->paths, a->n_paths, &dc, NULL);
    if (!d)
        return EXIT_FAILURE_RUN;
    AvError err;
    int rc = av_dict_write(d, kind, stdout, &err);
    if (rc < 0)
        cli_error("%s", err.msg);
    av_dict_free(d);
    return rc < 0 ? EXIT_FAILURE_RUN : EXIT_OK;
}

static int run(int argc, char **argv)
{
    if (argc < 2) {
        help(stderr);
        return EXIT_USAGE;
    }
    DictArgs a;
    if (parse_args(argc, argv, &a) < 0)
        return EXIT_USAGE;
    const char *sub = argv[1];
    if (!strcmp(sub, "check"))
        return run_check(&a);
    if (!strcmp(sub, "lookup"))
        return run_lookup(&a);
    if (!strcmp(sub, "stats"))
        return run_stats(&a);
    if (!strcmp(sub, "write"))
        return run_write(&a);
    cli_error("dict: unknown subcommand '%s' (check, lookup, stats, write)", sub);
    return EXIT_USAGE;
}

const AvCommand cmd_dict = {
    .name = "dict",
    .summary = "check, look up and count TABARI/PETRARCH dictionaries",
    .run = run,
    .help = help,
};
