/*
 * cmd_validate.c — avocet validate: codes PETRARCH validation / unit-test
 * records from their text (avocet's own parser; the stored <Parse> is
 * ignored) and compares the events with their <EventCoding> expectations.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "coder_setup.h"

#define MAX_CATEGORIES 64

typedef struct CategoryScore {
    char name[48];
    int passed, failed;
} CategoryScore;

static void help(FILE *out)
{
    fputs("usage: avocet validate FILE.xml [--dict DIR|FILE]... [--model FILE]\n"
          "                       [--failures] [--min-pass PCT]\n\n"
          "Codes each <Sentence> of a PETRARCH validation file from its <Text> and\n"
          "compares the events with its <EventCoding> expectations: a record passes when\n"
          "the set of (source, target, event code) produced equals the set expected (no\n"
          "missing, no extra events; noevents=\"True\" expects none).  Records with an\n"
          "error= expectation or without expectations are not counted.  <Config\n"
          "option=\"require_dyad\"> in the file is honoured.\n\n"
          "  --failures     print only the records that fail\n"
          "  --min-pass P   exit 1 when fewer than P percent of the records pass\n\n"
          "Prints one line per record, a table per category and a closing line\n"
          "'N passed, M failed'.\n"
          "example: avocet validate ../shared/petrarch/PETR.UnitTest.records.xml \\\n"
          "           --dict ../shared/petrarch/PETR.Validate.actors.txt \\\n"
          "           --dict ../shared/petrarch/PETR.Validate.agents.txt \\\n"
          "           --dict ../shared/petrarch/PETR.Validate.verbs.txt\n",
          out);
}

static const char *or_dash(const char *s)
{
    return s && *s ? s : "---";
}

/* "GOV" alone is written "---GOV" by PETRARCH. */
static void petrarch_code(const AvActor *a, char *buf, size_t cap)
{
    const char *c = a->code ? a->code : "---";
    snprintf(buf, cap, "%s", c);
}

static int event_matches(const AvEvent *e, const AvExpectation *x)
{
    char s[64], t[64];
    petrarch_code(&e->source, s, sizeof s);
    petrarch_code(&e->target, t, sizeof t);
    return !strcmp(s, or_dash(x->source)) && !strcmp(t, or_dash(x->target)) &&
           e->cameo && x->event && !strcmp(e->cameo, x->event);
}

/* Exact match of the event set (duplicates of one event count once). */
static int record_passes(const AvDocument *doc)
{
    int expect_none = 0, n_expect = 0;
    for (uint32_t k = 0; k < doc->n_expectations; k++) {
        if (doc->expectations[k].noevents)
            expect_none = 1;
        else if (doc->expectations[k].event)
            n_expect++;
    }
    if (expect_none || n_expect == 0)
        return doc->n_events == 0;
    for (uint32_t k = 0; k < doc->n_expectations; k++) {
        const AvExpectation *x = &doc->expectations[k];
        if (!x->event)
            continue;
        int found = 0;
        for (uint32_t i = 0; i < doc->n_events && !found; i++)
            found = event_matches(&doc->events[i], x);
        if (!found)
            return 0;
    }
    for (uint32_t i = 0; i < doc->n_events; i++) {
        int expected = 0;
        for (uint32_t k = 0; k < doc->n_expectations && !expected; k++)
            expected = doc->expectations[k].event && event_matches(&doc->events[i], &doc->expectations[k]);
        if (!expected)
            return 0;
    }
    return 1;
}

static int counts(const AvDocument *doc)
{
    for (uint32_t k = 0; k < doc->n_expectations; k++)
        if (doc->expectations[k].error)
            return 0;
    return doc->n_expectations > 0;
}

static void print_record(const AvDocument *doc, int pass)
{
    printf("%s\t%s\t%s\texpected:", pass ? "PASS" : "FAIL", doc->id ? doc->id : "?",
           doc->category ? doc->category : "-");
    for (uint32_t k = 0; k < doc->n_expectations; k++) {
        const AvExpectation *x = &doc->expectations[k];
        if (x->noevents)
            printf(" (none)");
        else
            printf(" %s>%s:%s", or_dash(x->source), or_dash(x->target), or_dash(x->event));
    }
    printf("\tproduced:");
    if (doc->n_events == 0)
        printf(" (none)");
    for (uint32_t i = 0; i < doc->n_events; i++) {
        char s[64], t[64];
        petrarch_code(&doc->events[i].source, s, sizeof s);
        petrarch_code(&doc->events[i].target, t, sizeof t);
        printf(" %s>%s:%s", s, t, or_dash(doc->events[i].cameo));
    }
    putchar('\n');
}

static CategoryScore *category(CategoryScore *cats, int *n, const char *name)
{
    if (!name)
        name = "-";
    for (int i = 0; i < *n; i++)
        if (!strcmp(cats[i].name, name))
            return &cats[i];
    if (*n == MAX_CATEGORIES)
        return &cats[MAX_CATEGORIES - 1];
    CategoryScore *c = &cats[(*n)++];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    return c;
}

/* require_dyad after the <Config> elements that precede the record. */
static int config_require_dyad(const AvDocument *doc, int dflt)
{
    for (uint32_t k = 0; k < doc->n_config; k++)
        if (doc->config[k].name && !strcasecmp(doc->config[k].name, "require_dyad"))
            dflt = doc->config[k].value && !strcasecmp(doc->config[k].value, "true");
    return dflt;
}

static int run(int argc, char **argv)
{
    CoderSetup cs;
    memset(&cs, 0, sizeof cs);
    av_coder_options_init(&cs.opt);
    cs.quiet_dict = 1;
    const char *file = NULL;
    int failures_only = 0;
    double min_pass = -1;
    for (int i = 1; i < argc; i++) {
        if (coder_setup_option(&cs, argc, argv, &i))
            continue;
        if (!strcmp(argv[i], "--failures"))
            failures_only = 1;
        else if (!strcmp(argv[i], "--min-pass") && i + 1 < argc)
            min_pass = atof(argv[++i]);
        else if (argv[i][0] == '-' && argv[i][1]) {
            cli_error("validate: unknown option '%s'", argv[i]);
            return EXIT_USAGE;
        } else
            file = argv[i];
    }
    if (!file) {
        cli_error("validate: which file? (avocet validate --help)");
        return EXIT_USAGE;
    }
    AvError err;
    if (coder_setup_open(&cs, &err) < 0) {
        cli_error("%s", err.msg);
        return EXIT_FAILURE_RUN;
    }
    AvReader *r = av_reader_open(file, AV_FORMAT_PETRARCH_XML, &err);
    if (!r) {
        cli_error("%s", err.msg);
        coder_setup_close(&cs);
        return EXIT_FAILURE_RUN;
    }
    CategoryScore cats[MAX_CATEGORIES];
    int n_cats = 0, passed = 0, failed = 0, skipped = 0;
    AvDocument *doc;
    int rc;
    AvCoder *relaxed = NULL;
    int require_dyad = 1;
    AvCoderOptions ropt = cs.opt;
    ropt.require_dyad = 0;
    relaxed = av_coder_new(cs.model, cs.dict, &ropt, &err);
    while ((rc = av_reader_next(r, &doc, &err)) != 0) {
        if (rc < 0) {
            cli_error("%s", err.msg);
            skipped++;
            if (rc != AV_ERR_RECORD)
                break;
            if (!doc)
                continue;
        }
        /* a <Config> holds from where it stands until it is changed */
        require_dyad = config_require_dyad(doc, require_dyad);
        if (!counts(doc)) {
            av_doc_free(doc);
            continue;
        }
        const AvCoder *coder = require_dyad ? cs.coder : relaxed;
        int pass = 0;
        if (av_code_document(coder, doc, &err) < 0)
            cli_error("%s: %s", doc->id, err.msg);
        else
            pass = record_passes(doc);
        CategoryScore *c = category(cats, &n_cats, doc->category);
        if (pass) {
            passed++;
            c->passed++;
        } else {
            failed++;
            c->failed++;
        }
        if (!pass || !failures_only)
            print_record(doc, pass);
        av_doc_free(doc);
    }
    av_reader_close(r);
    av_coder_free(relaxed);
    coder_setup_close(&cs);
    printf("\ncategory\tpassed\tfailed\tpass%%\n");
    for (int i = 0; i < n_cats; i++) {
        int t = cats[i].passed + cats[i].failed;
        printf("%s\t%d\t%d\t%.1f\n", cats[i].name, cats[i].passed, cats[i].failed,
               t ? 100.0 * cats[i].passed / t : 0.0);
    }
    int total = passed + failed;
    double pct = total ? 100.0 * passed / total : 0.0;
    printf("all\t%d\t%d\t%.1f\n\n", passed, failed, pct);
    printf("%d passed, %d failed\n", passed, failed);
    if (skipped)
        cli_error("%d record(s) could not be read", skipped);
    if (min_pass >= 0 && pct < min_pass) {
        cli_error("validate: %.1f%% passed, below the required %.1f%%", pct, min_pass);
        return EXIT_FAILURE_RUN;
    }
    return skipped ? EXIT_SKIPPED : EXIT_OK;
}

const AvCommand cmd_validate = {"validate", "code PETRARCH validation records and score them", run,
                                help};
