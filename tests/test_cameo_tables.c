/*
 * test_cameo_tables.c — data/cameo/cameo.tsv (CAMEO codebook) and
 * data/cameo/cameo_plover.tsv (CAMEO -> PLOVER) are complete and coherent,
 * the library serves them, and — when ../shared/plover holds the published
 * conversion table — the PLOVER event types agree with it.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "avocet.h"

#define MAX_ROWS 512

typedef struct Row {
    char code[8], name[160], type[16], mode[40], context[40];
    int quad;
    double goldstein;
} Row;

static const char *source_dir(void)
{
    const char *s = getenv("AVOCET_SOURCE");
    return s ? s : ".";
}

/* Splits a TSV line in place; returns the number of fields. */
static int split_tabs(char *line, char **f, int max)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

static int load_codebook(Row *rows)
{
    char path[1024], line[512];
    snprintf(path, sizeof path, "%.900s/data/cameo/cameo.tsv", source_dir());
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    assert_non_null(fgets(line, sizeof line, fp));
    assert_int_equal(strncmp(line, "code\tname\tquad_class\tgoldstein", 30), 0);
    int n = 0;
    while (fgets(line, sizeof line, fp) && n < MAX_ROWS) {
        char *f[8];
        assert_int_equal(split_tabs(line, f, 8), 4);
        Row *r = &rows[n++];
        memset(r, 0, sizeof *r);
        snprintf(r->code, sizeof r->code, "%.7s", f[0]);
        snprintf(r->name, sizeof r->name, "%.159s", f[1]);
        r->quad = atoi(f[2]);
        r->goldstein = atof(f[3]);
    }
    fclose(fp);
    return n;
}

static Row *find(Row *rows, int n, const char *code)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(rows[i].code, code))
            return &rows[i];
    return NULL;
}

static void codebook_is_complete(void **state)
{
    (void)state;
    static Row rows[MAX_ROWS];
    int n = load_codebook(rows);
    assert_true(n >= 300);
    for (int i = 0; i < n; i++) {
        const char *c = rows[i].code;
        size_t len = strlen(c);
        assert_true(len >= 2 && len <= 4);
        for (size_t k = 0; k < len; k++)
            assert_true(isdigit((unsigned char)c[k]));
        assert_true(rows[i].name[0] != '\0');
        for (int j = 0; j < i; j++)
            assert_string_not_equal(rows[j].code, c);
        /* the parent code exists: 0211 -> 021 -> 02 */
        if (len > 2) {
            char parent[8];
            snprintf(parent, sizeof parent, "%.*s", (int)len - 1, c);
            assert_non_null(find(rows, n, parent));
        }
        int root = atoi((char[3]){c[0], c[1], 0});
        int quad = root <= 5 ? 1 : root <= 8 ? 2 : root <= 13 ? 3 : 4;
        assert_int_equal(rows[i].quad, quad);
        assert_true(rows[i].goldstein >= -10.0 && rows[i].goldstein <= 10.0);
    }
    for (int root = 1; root <= 20; root++) {
        char code[4];
        snprintf(code, sizeof code, "%02d", root);
        assert_non_null(find(rows, n, code));
        snprintf(code, sizeof code, "%02d0", root);
        assert_non_null(find(rows, n, code));   /* "not specified below" */
    }
}

static const char *const PLOVER_TYPES[] = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "DROPPED", NULL};

static void plover_table_covers_every_code(void **state)
{
    (void)state;
    static Row rows[MAX_ROWS];
    int n = load_codebook(rows);
    char path[1024], line[512];
    snprintf(path, sizeof path, "%.900s/data/cameo/cameo_plover.tsv", source_dir());
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    assert_non_null(fgets(line, sizeof line, fp));
    assert_int_equal(strncmp(line, "cameo\tplover_type\tmode\tcontext", 30), 0);
    int mapped = 0;
    while (fgets(line, sizeof line, fp)) {
        char *f[8];
        assert_int_equal(split_tabs(line, f, 8), 4);
        Row *r = find(rows, n, f[0]);
        assert_non_null(r);                 /* no code outside the codebook */
        assert_true(r->type[0] == '\0');    /* mapped once */
        int known = 0;
        for (int k = 0; PLOVER_TYPES[k]; k++)
            known |= !strcmp(f[1], PLOVER_TYPES[k]);
        if (!known)
            fail_msg("%s: unknown PLOVER type '%s'", f[0], f[1]);
        snprintf(r->type, sizeof r->type, "%.15s", f[1]);
        mapped++;
    }
    fclose(fp);
    assert_int_equal(mapped, n);            /* every codebook code is mapped */

    /* and the library serves both tables */
    const char *dir = av_dict_default_dir();
    AvDictOptions o;
    memset(&o, 0, sizeof o);
    AvError err;
    AvDict *d = av_dict_load(&dir, 1, &o, &err);
    assert_non_null(d);
    for (int i = 0; i < n; i++) {
        assert_non_null(av_dict_cameo_name(d, rows[i].code));
        assert_int_equal(av_dict_cameo_quad(d, rows[i].code), rows[i].quad);
        const AvPlover *p = av_dict_plover(d, rows[i].code);
        assert_non_null(p);
        assert_string_equal(p->type, rows[i].type);
    }
    av_dict_free(d);
}

/* The published CAMEO -> PLOVER table ("0311: AGREE, , economic # ..."),
 * read from ../shared for comparison only. */
static void types_agree_with_published_table(void **state)
{
    (void)state;
    const char *shared = getenv("AVOCET_SHARED");
    char path[1024], line[512];
    snprintf(path, sizeof path, "%.900s/plover/CAMEO2PLOVER-2021.txt", shared ? shared : "../shared");
    FILE *fp = fopen(path, "r");
    if (!fp)
        skip();
    static Row rows[MAX_ROWS];
    int n = load_codebook(rows);
    char ppath[1024];
    snprintf(ppath, sizeof ppath, "%.900s/data/cameo/cameo_plover.tsv", source_dir());
    FILE *pp = fopen(ppath, "r");
    assert_non_null(pp);
    while (fgets(line, sizeof line, pp)) {
        char *f[8];
        if (split_tabs(line, f, 8) == 4 && find(rows, n, f[0]))
            snprintf(find(rows, n, f[0])->type, sizeof rows[0].type, "%.15s", f[1]);
    }
    fclose(pp);
    int compared = 0, agree = 0, missing = 0;
    while (fgets(line, sizeof line, fp)) {
        char code[8], type[32];
        if (sscanf(line, " %7[0-9] : %31[A-Za-z]", code, type) != 2)
            continue;
        Row *r = find(rows, n, code);
        if (!r) {
            fprintf(stderr, "published code %s missing from cameo.tsv\n", code);
            missing++;
            continue;
        }
        compared++;
        for (char *t = type; *t; t++)
            *t = (char)toupper((unsigned char)*t);
        if (!strcmp(r->type, type))
            agree++;
        else
            fprintf(stderr, "%s: avocet %s, published %s\n", code, r->type, type);
    }
    fclose(fp);
    fprintf(stderr, "PLOVER types: %d of %d codes agree with the published table\n", agree, compared);
    assert_int_equal(missing, 0);
    assert_true(compared >= 250);
    assert_true(agree * 100 >= compared * 98);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(codebook_is_complete),
        cmocka_unit_test(plover_table_covers_every_code),
        cmocka_unit_test(types_agree_with_published_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
