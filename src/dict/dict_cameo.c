/*
 * dict_cameo.c — the CAMEO codebook (cameo.tsv: code, name, quad_class,
 * goldstein) and the CAMEO -> PLOVER table (cameo_plover.tsv: cameo,
 * plover_type, mode, context).  Both are optional: when absent a warning
 * says so and the lookups answer "unknown".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "dict.h"

/* Splits a TSV line in place into at most max fields. */
static int split_tabs(char *s, char **f, int max)
{
    int n = 0;
    f[n++] = s;
    for (char *p = s; *p && n < max; p++)
        if (*p == '\t') {
            *p = 0;
            f[n++] = p + 1;
        }
    for (int i = 0; i < n; i++)
        f[i] = dict_trim(f[i]);
    return n;
}

static int cmp_row_code(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

typedef int (*RowFn)(AvDict *d, const char *file, uint32_t line, char **f, int n);

static int read_tsv(AvDict *d, const char *path, RowFn row)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        dict_diag(d, path, 0, 0, "cannot open (%s): CAMEO lookups and codebook checks "
                  "are unavailable", strerror(errno));
        return AV_OK;
    }
    const char *file = av_arena_strdup(&d->arena, path);
    const char **src = dvec_push(&d->sources);
    if (src)
        *src = file;
    char buf[2048];
    uint32_t line = 0;
    int rc = AV_OK;
    while (rc == AV_OK && fgets(buf, sizeof buf, fp)) {
        line++;
        buf[strcspn(buf, "\r\n")] = 0;
        if (line == 1 || !buf[0] || buf[0] == '#')
            continue;   /* the header */
        char *f[8];
        int n = split_tabs(buf, f, 8);
        rc = row(d, file, line, f, n);
    }
    fclose(fp);
    return rc;
}

static int cameo_row(AvDict *d, const char *file, uint32_t line, char **f, int n)
{
    char *end;
    if (n < 4) {
        dict_diag(d, file, line, 1, "want 4 tab-separated fields, got %d", n);
        return AV_OK;
    }
    long quad = strtol(f[2], &end, 10);
    if (*end || quad < 0 || quad > 4) {
        dict_diag(d, file, line, 1, "bad quad class '%s'", f[2]);
        return AV_OK;
    }
    double g = strtod(f[3], &end);
    if (*end || g < -10 || g > 10) {
        dict_diag(d, file, line, 1, "bad Goldstein score '%s'", f[3]);
        return AV_OK;
    }
    CameoRow *r = dvec_push(&d->cameo);
    if (!r)
        return AV_ERR_NOMEM;
    r->code = av_arena_strdup(&d->arena, f[0]);
    r->name = av_arena_strdup(&d->arena, f[1]);
    r->quad = (int)quad;
    r->goldstein = g;
    return AV_OK;
}

static int plover_row(AvDict *d, const char *file, uint32_t line, char **f, int n)
{
    if (n < 2 || !*f[1]) {
        dict_diag(d, file, line, 1, "want cameo<TAB>plover_type[<TAB>mode<TAB>context]");
        return AV_OK;
    }
    PloverRow *r = dvec_push(&d->plover);
    if (!r)
        return AV_ERR_NOMEM;
    r->code = av_arena_strdup(&d->arena, f[0]);
    r->p.type = av_arena_strdup(&d->arena, f[1]);
    r->p.mode = av_arena_strdup(&d->arena, n > 2 ? f[2] : "");
    r->p.context = av_arena_strdup(&d->arena, n > 3 ? f[3] : "");
    return AV_OK;
}

int dict_load_cameo(AvDict *d, const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/cameo.tsv", dir);
    int rc = read_tsv(d, path, cameo_row);
    snprintf(path, sizeof path, "%s/cameo_plover.tsv", dir);
    if (rc == AV_OK)
        rc = read_tsv(d, path, plover_row);
    /* Sorted by code for binary search; both rows start with the code. */
    if (d->cameo.n)
        qsort(d->cameo.data, d->cameo.n, sizeof(CameoRow), cmp_row_code);
    if (d->plover.n)
        qsort(d->plover.data, d->plover.n, sizeof(PloverRow), cmp_row_code);
    return rc;
}

static const void *find_code(const DVec *v, const char *code)
{
    if (!code || !v->n)
        return NULL;
    return bsearch(&code, v->data, v->n, v->elem, cmp_row_code);
}

const char *av_dict_cameo_name(const AvDict *d, const char *code)
{
    const CameoRow *r = d ? find_code(&d->cameo, code) : NULL;
    return r ? r->name : NULL;
}

int av_dict_cameo_quad(const AvDict *d, const char *code)
{
    const CameoRow *r = d ? find_code(&d->cameo, code) : NULL;
    return r ? r->quad : -1;
}

int av_dict_cameo_goldstein(const AvDict *d, const char *code, double *out)
{
    const CameoRow *r = d ? find_code(&d->cameo, code) : NULL;
    if (!r)
        return AV_ERR_ARG;
    *out = r->goldstein;
    return AV_OK;
}

const AvPlover *av_dict_plover(const AvDict *d, const char *code)
{
    const PloverRow *r = d ? find_code(&d->plover, code) : NULL;
    return r ? &r->p : NULL;
}
