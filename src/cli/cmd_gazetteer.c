/* cmd_gazetteer.c — avocet gazetteer: compile and query the place index. */
#include <string.h>
#include <time.h>
#include "cli.h"

static void help(FILE *out)
{
    fputs("usage: avocet gazetteer build OUT FILE.tsv...\n"
          "       avocet gazetteer lookup [--gazetteer FILE] NAME...\n"
          "       avocet gazetteer info [--gazetteer FILE]\n\n"
          "build   compiles gazetteer TSV files (GeoNames places exported by\n"
          "        scripts/build-gazetteer.sh, data/gazetteer/regions.tsv) into the\n"
          "        binary index that `avocet code` loads (docs/enrich.md)\n"
          "lookup  lists the places a name may be, most populous first\n"
          "info    number of places and the load time\n"
          "The index is $AVOCET_GAZETTEER, else the one the build wrote.\n",
          out);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int build(int argc, char **argv)
{
    if (argc < 4) {
        cli_error("gazetteer build: need OUT and at least one TSV file");
        return EXIT_USAGE;
    }
    AvError err;
    if (av_gazetteer_compile((const char *const *)argv + 3, (size_t)argc - 3, argv[2], &err) < 0) {
        cli_error("%s", err.msg);
        return EXIT_FAILURE_RUN;
    }
    AvGazetteer *g = av_gazetteer_load(argv[2], &err);
    if (!g) {
        cli_error("%s", err.msg);
        return EXIT_FAILURE_RUN;
    }
    fprintf(stderr, "avocet: gazetteer %s: %zu places\n", argv[2], av_gazetteer_size(g));
    av_gazetteer_free(g);
    return EXIT_OK;
}

static void print_place(const AvPlace *p)
{
    printf("%s\t%s\t%s\t%.5f\t%.5f\t%u\t%s\t%s\n", p->name, p->country ? p->country : "-",
           p->admin1 ? p->admin1 : "-", p->lat, p->lon, p->geonames_id, p->feature, p->precision);
}

static int query(int argc, char **argv, int info)
{
    const char *path = NULL;
    int first = 2;
    if (argc > 3 && !strcmp(argv[2], "--gazetteer")) {
        path = argv[3];
        first = 4;
    }
    AvError err;
    double t0 = now_ms();
    AvGazetteer *g = av_gazetteer_load(path, &err);
    double t1 = now_ms();
    if (!g) {
        cli_error("%s", err.msg);
        return EXIT_FAILURE_RUN;
    }
    if (info)
        printf("places\t%zu\nload_ms\t%.1f\n", av_gazetteer_size(g), t1 - t0);
    for (int i = first; !info && i < argc; i++) {
        AvPlace p[32];
        size_t n = av_gazetteer_lookup(g, argv[i], p, 32);
        if (n == 0)
            printf("%s\tnot found\n", argv[i]);
        for (size_t k = 0; k < n && k < 32; k++)
            print_place(&p[k]);
    }
    av_gazetteer_free(g);
    return EXIT_OK;
}

static int run(int argc, char **argv)
{
    if (argc < 2) {
        help(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "build"))
        return build(argc, argv);
    if (!strcmp(argv[1], "lookup"))
        return query(argc, argv, 0);
    if (!strcmp(argv[1], "info"))
        return query(argc, argv, 1);
    cli_error("gazetteer: unknown action '%s' (build, lookup, info)", argv[1]);
    return EXIT_USAGE;
}

const AvCommand cmd_gazetteer = {"gazetteer", "compile and query the place gazetteer", run, help};
