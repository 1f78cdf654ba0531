/*
 * dict_load.c — benchmark: time and peak memory of loading dictionaries.
 * Not a test.  Built and run by bench/dict_bench.sh.
 *
 * usage: dict_load [-n RUNS] [-c CACHE] PATH...
 *   prints the fastest run (ms) and the peak RSS of the process (MB); with
 *   -c the first run writes the compiled cache and the others read it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include "avocet.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    int runs = 5, first = 1;
    const char *cache = NULL;
    while (first + 1 < argc && argv[first][0] == '-') {
        if (!strcmp(argv[first], "-n"))
            runs = atoi(argv[first + 1]);
        else if (!strcmp(argv[first], "-c"))
            cache = argv[first + 1];
        first += 2;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: dict_load [-n RUNS] PATH...\n");
        return 2;
    }
    AvDictOptions opt = {.cameo_dir = "", .cache_path = cache};
    if (cache)
        remove(cache);
    double best = 1e12;
    AvDictStats s = {0};
    for (int r = 0; r < runs; r++) {
        AvError err;
        double t0 = now_ms();
        AvDict *d = av_dict_load((const char *const *)argv + first, (size_t)(argc - first), &opt,
                                 &err);
        double ms = now_ms() - t0;
        if (!d) {
            fprintf(stderr, "dict_load: %s\n", err.msg);
            return 1;
        }
        av_dict_stats(d, &s);
        av_dict_free(d);
        if (cache && !s.from_cache)
            continue;   /* the run that wrote the cache */
        if (ms < best)
            best = ms;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%s", cache ? "from_cache\t1\n" : "");
    printf("load_ms_best\t%.1f\nruns\t%d\npeak_rss_mb\t%.1f\nactors\t%zu\nagents\t%zu\n"
           "verbs\t%zu\npatterns\t%zu\nerrors\t%zu\n",
           best, runs, ru.ru_maxrss / 1024.0, s.actors, s.agents, s.verbs, s.patterns, s.errors);
    return 0;
}
