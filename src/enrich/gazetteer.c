/*
 * gazetteer.c — the compiled gazetteer.
 *
 * Input: TSV files (docs/enrich.md).  "#avocet-gazetteer places" files hold
 * GeoNames rows exported by scripts/build-gazetteer.sh; "#avocet-gazetteer
 * regions" files (data/gazetteer/regions.tsv) hold countries, well-known
 * regions and extra names.  Output: one binary file, mmapped at run time:
 *
 *   header | places[n] | names[n] (sorted by key) | countries[n] | strings
 *
 * Names are looked up by a normalised key (case-folded, accents dropped) with
 * a binary search, so loading costs one mmap and one checksum pass.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>
#include "enrich.h"

#define GAZ_MAGIC "AVGAZET\n"
#define GAZ_VERSION 2u

typedef struct GazHeader {
    char magic[8];
    uint32_t version;
    uint32_t n_places, n_names, n_countries;
    uint64_t strings_size;
    uint64_t body_size;
    uint64_t checksum;       /* word-wise FNV-1a 64 of the body (body_checksum) */
} GazHeader;

typedef struct GazPlaceRec {
    uint32_t geonames_id;
    int32_t lat_e5, lon_e5;
    uint32_t population;
    uint32_t name, admin1, feature;   /* string offsets */
    char iso2[2];
    uint8_t kind;
    uint8_t pad;
} GazPlaceRec;

typedef struct GazNameRec {
    uint32_t key;            /* string offset of the key */
    uint32_t place;
} GazNameRec;

typedef struct GazCountryRec {
    char iso2[3];            /* NUL-terminated */
    char iso3[4];
    uint8_t pad;
    uint32_t place;
} GazCountryRec;

struct AvGazetteer {
    void *map;
    size_t map_size;
    const GazHeader *h;
    const GazPlaceRec *places;
    const GazNameRec *names;
    const GazCountryRec *countries;
    const char *strings;
};

/* FNV-1a over 8-byte words (then the tail bytes): one multiply per word
 * keeps the load of a 10 MB index well under 100 ms. */
static uint64_t body_checksum(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h ^= w;
        h *= 1099511628211ull;
        h ^= h >> 29;
    }
    for (; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* ------------------------------------------------------------------ keys */

/* Letter modifiers used as apostrophes in transliterations (ʼ ʻ ʾ ʿ, ’ ‘). */
static size_t apostrophe_len(const unsigned char *p, size_t left)
{
    if (left >= 2 && p[0] == 0xCA && (p[1] == 0xBB || p[1] == 0xBC || p[1] == 0xBE || p[1] == 0xBF))
        return 2;
    if (left >= 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99))
        return 3;
    return 0;
}

static size_t fold_ascii_pass(const unsigned char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    int space = 1;
    for (size_t i = 0; i < n;) {
        size_t ap = apostrophe_len(s + i, n - i);
        if (ap || s[i] == '\'' || s[i] == '`') {
            i += ap ? ap : 1;
            continue;
        }
        unsigned char c = s[i];
        int keep = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                   (c >= 'A' && c <= 'Z');
        if (keep) {
            if (o + 2 > cap)
                return 0;
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            space = 0;
        } else if (!space) {
            if (o + 2 > cap)
                return 0;
            out[o++] = ' ';
            space = 1;
        }
        i++;
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    return o;
}

size_t av_gaz_key(const char *s, size_t n, char *out, size_t cap)
{
    int ascii = 1;
    for (size_t i = 0; i < n && ascii; i++)
        ascii = (unsigned char)s[i] < 0x80;
    if (ascii)
        return fold_ascii_pass((const unsigned char *)s, n, out, cap);
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &folded,
                                        UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
                                            UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
    if (len < 0)
        return fold_ascii_pass((const unsigned char *)s, n, out, cap);
    size_t o = fold_ascii_pass(folded, (size_t)len, out, cap);
    free(folded);
    return o;
}

/* ------------------------------------------------------------ compiling */

typedef struct Buf {
    char *data;
    size_t len, cap;
} Buf;

static int buf_add(Buf *b, const void *p, size_t n)
{
    if (n == 0)
        return AV_OK;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 1 << 16;
        while (cap < b->len + n)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d)
            return AV_ERR_NOMEM;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return AV_OK;
}

/* Appends a NUL-terminated string, returns its offset (or UINT32_MAX). */
static uint32_t buf_str(Buf *b, const char *s, size_t n)
{
    size_t off = b->len;
    if (off > UINT32_MAX - n - 1 || buf_add(b, s, n) < 0 || buf_add(b, "", 1) < 0)
        return UINT32_MAX;
    return (uint32_t)off;
}

typedef struct BuildName {
    const char *key;         /* into Compiler.keys (owned per entry) */
    uint32_t place;
    uint32_t population;
} BuildName;

typedef struct Compiler {
    Buf places;              /* GazPlaceRec */
    Buf names;               /* BuildName */
    Buf countries;           /* GazCountryRec */
    Buf strings;
    Buf aliases;             /* pending alias rows: "alias\0target\0iso2\0" */
    AvError *err;
} Compiler;

static uint32_t place_count(const Compiler *c)
{
    return (uint32_t)(c->places.len / sizeof(GazPlaceRec));
}

static GazPlaceRec *place_at(Compiler *c, uint32_t i)
{
    return (GazPlaceRec *)c->places.data + i;
}

static int add_name(Compiler *c, const char *name, size_t n, uint32_t place)
{
    char key[256];
    size_t k = av_gaz_key(name, n, key, sizeof key);
    if (k == 0)
        return AV_OK;
    char *dup = strndup(key, k);
    if (!dup)
        return AV_ERR_NOMEM;
    BuildName bn = {dup, place, place_at(c, place)->population};
    if (buf_add(&c->names, &bn, sizeof bn) < 0) {
        free(dup);
        return AV_ERR_NOMEM;
    }
    return AV_OK;
}

/* Adds every '|'-separated name of list. */
static int add_names(Compiler *c, const char *list, uint32_t place)
{
    while (list && *list) {
        const char *bar = strchr(list, '|');
        size_t n = bar ? (size_t)(bar - list) : strlen(list);
        int rc = add_name(c, list, n, place);
        if (rc < 0)
            return rc;
        list = bar ? bar + 1 : NULL;
    }
    return AV_OK;
}

static int32_t coord_e5(const char *s, int *ok)
{
    char *end;
    double v = strtod(s, &end);
    *ok = end != s && *end == '\0' && isfinite(v) && fabs(v) <= 180.0;
    return (int32_t)lround(v * 1e5);
}

/* Splits a TSV line in place into at most max fields. */
static int split_tabs(char *line, char **f, int max)
{
    int n = 0;
    while (n < max) {
        f[n++] = line;
        char *tab = strchr(line, '\t');
        if (!tab)
            break;
        *tab = '\0';
        line = tab + 1;
    }
    return n;
}

static int new_place(Compiler *c, const GazPlaceRec *rec, const char *name, uint32_t *index)
{
    *index = place_count(c);
    if (buf_add(&c->places, rec, sizeof *rec) < 0)
        return AV_ERR_NOMEM;
    return add_name(c, name, strlen(name), *index);
}

/* id name alts iso2 admin1 feature population lat lon */
static int places_row(Compiler *c, char **f, int nf, const char *where)
{
    if (nf < 9)
        return av_error_set(c->err, AV_ERR_PARSE, "%s: expected 9 fields, got %d", where, nf);
    GazPlaceRec r;
    memset(&r, 0, sizeof r);
    int ok_lat, ok_lon;
    r.geonames_id = (uint32_t)strtoul(f[0], NULL, 10);
    r.lat_e5 = coord_e5(f[7], &ok_lat);
    r.lon_e5 = coord_e5(f[8], &ok_lon);
    if (!ok_lat || !ok_lon || strlen(f[3]) != 2)
        return av_error_set(c->err, AV_ERR_PARSE, "%s: bad coordinates or country", where);
    r.population = (uint32_t)strtoul(f[6], NULL, 10);
    memcpy(r.iso2, f[3], 2);
    r.kind = !strncmp(f[5], "ADM1", 4) ? AV_PLACE_ADMIN1 : AV_PLACE_CITY;
    r.name = buf_str(&c->strings, f[1], strlen(f[1]));
    r.admin1 = buf_str(&c->strings, f[4], strlen(f[4]));
    r.feature = buf_str(&c->strings, f[5], strlen(f[5]));
    if (r.name == UINT32_MAX || r.admin1 == UINT32_MAX || r.feature == UINT32_MAX)
        return av_error_set(c->err, AV_ERR_NOMEM, "out of memory");
    uint32_t idx;
    if (new_place(c, &r, f[1], &idx) < 0 || add_names(c, f[2], idx) < 0)
        return av_error_set(c->err, AV_ERR_NOMEM, "out of memory");
    return AV_OK;
}

/* kind name aliases iso2 iso3 lat lon geonames_id */
static int regions_row(Compiler *c, char **f, int nf, const char *where)
{
    if (nf < 5)
        return av_error_set(c->err, AV_ERR_PARSE, "%s: expected at least 5 fields", where);
    if (!strcmp(f[0], "alias")) {
        const char *parts[3] = {f[1], f[2], f[3]};
        for (int k = 0; k < 3; k++)
            if (buf_add(&c->aliases, parts[k], strlen(parts[k]) + 1) < 0)
                return av_error_set(c->err, AV_ERR_NOMEM, "out of memory");
        return AV_OK;
    }
    int is_country = !strcmp(f[0], "country");
    if (!is_country && strcmp(f[0], "region"))
        return av_error_set(c->err, AV_ERR_PARSE, "%s: unknown kind '%s'", where, f[0]);
    GazPlaceRec r;
    memset(&r, 0, sizeof r);
    r.kind = is_country ? AV_PLACE_COUNTRY : AV_PLACE_REGION;
    int ok_lat = 0, ok_lon = 0;
    if (nf >= 7 && f[5][0] && f[6][0]) {
        r.lat_e5 = coord_e5(f[5], &ok_lat);
        r.lon_e5 = coord_e5(f[6], &ok_lon);
        if (!ok_lat || !ok_lon)
            return av_error_set(c->err, AV_ERR_PARSE, "%s: bad coordinates", where);
    } else if (!is_country) {
        return av_error_set(c->err, AV_ERR_PARSE, "%s: a region needs coordinates", where);
    } else {
        r.lat_e5 = INT32_MIN;    /* filled from the capital at the end */
    }
    if (nf >= 8)
        r.geonames_id = (uint32_t)strtoul(f[7], NULL, 10);
    if (strlen(f[3]) == 2)
        memcpy(r.iso2, f[3], 2);
    r.name = buf_str(&c->strings, f[1], strlen(f[1]));
    r.admin1 = buf_str(&c->strings, "", 0);
    r.feature = buf_str(&c->strings, is_country ? "PCLI" : "RGN", is_country ? 4 : 3);
    uint32_t idx;
    if (new_place(c, &r, f[1], &idx) < 0 || add_names(c, f[2], idx) < 0)
        return av_error_set(c->err, AV_ERR_NOMEM, "out of memory");
    if (is_country) {
        GazCountryRec cr;
        memset(&cr, 0, sizeof cr);
        if (strlen(f[3]) != 2 || strlen(f[4]) != 3)
            return av_error_set(c->err, AV_ERR_PARSE, "%s: country needs ISO2 and ISO3", where);
        memcpy(cr.iso2, f[3], 2);
        memcpy(cr.iso3, f[4], 3);
        cr.place = idx;
        if (buf_add(&c->countries, &cr, sizeof cr) < 0)
            return av_error_set(c->err, AV_ERR_NOMEM, "out of memory");
    }
    return AV_OK;
}

static int read_tsv(Compiler *c, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return av_error_set(c->err, AV_ERR_IO, "%s: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned long lineno = 0;
    int kind = -1, rc = AV_OK;
    while (rc == AV_OK && (len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (lineno == 1) {
            kind = !strcmp(line, "#avocet-gazetteer places")    ? 0
                   : !strcmp(line, "#avocet-gazetteer regions") ? 1
                                                                : -1;
            if (kind < 0)
                rc = av_error_set(c->err, AV_ERR_FORMAT,
                                  "%s: first line must be '#avocet-gazetteer places|regions'", path);
            continue;
        }
        if (len == 0 || line[0] == '#')
            continue;
        char where[600];
        snprintf(where, sizeof where, "%s:%lu", path, lineno);
        char *fields[10];
        int nf = split_tabs(line, fields, 10);
        rc = kind == 0 ? places_row(c, fields, nf, where) : regions_row(c, fields, nf, where);
    }
    free(line);
    fclose(f);
    return rc;
}

/* Countries without coordinates take their capital's (PPLC). */
static void place_countries(Compiler *c)
{
    uint32_t n = place_count(c);
    for (uint32_t i = 0; i < n; i++) {
        GazPlaceRec *p = place_at(c, i);
        if (p->kind != AV_PLACE_COUNTRY || p->lat_e5 != INT32_MIN)
            continue;
        p->lat_e5 = 0;
        for (uint32_t k = 0; k < n; k++) {
            const GazPlaceRec *q = place_at(c, k);
            if (q->kind == AV_PLACE_CITY && !memcmp(q->iso2, p->iso2, 2) &&
                !strcmp(c->strings.data + q->feature, "PPLC")) {
                p->lat_e5 = q->lat_e5;
                p->lon_e5 = q->lon_e5;
                break;
            }
        }
    }
}

/* "Kiev -> Kyiv (UA)": the most populous place of that name and country. */
static int resolve_aliases(Compiler *c)
{
    const char *p = c->aliases.data, *end = p + c->aliases.len;
    while (p && p < end) {
        const char *alias = p, *target = alias + strlen(alias) + 1;
        const char *iso2 = target + strlen(target) + 1;
        p = iso2 + strlen(iso2) + 1;
        char want[256], have[256];
        if (!av_gaz_key(target, strlen(target), want, sizeof want))
            continue;
        uint32_t best = UINT32_MAX;
        for (uint32_t i = 0; i < place_count(c); i++) {
            const GazPlaceRec *q = place_at(c, i);
            if ((iso2[0] && memcmp(q->iso2, iso2, 2)) ||
                (best != UINT32_MAX && place_at(c, best)->population >= q->population))
                continue;
            const char *nm = c->strings.data + q->name;
            if (av_gaz_key(nm, strlen(nm), have, sizeof have) && !strcmp(have, want))
                best = i;
        }
        if (best != UINT32_MAX && add_name(c, alias, strlen(alias), best) < 0)
            return av_error_set(c->err, AV_ERR_NOMEM, "out of memory");
    }
    return AV_OK;
}

static int cmp_build_name(const void *a, const void *b)
{
    const BuildName *x = a, *y = b;
    int k = strcmp(x->key, y->key);
    if (k)
        return k;
    if (x->population != y->population)
        return x->population > y->population ? -1 : 1;
    return x->place < y->place ? -1 : x->place > y->place;
}

/* Sorted, duplicate-free name records with keys appended to strings. */
static int finish_names(Compiler *c, Buf *out)
{
    size_t n = c->names.len / sizeof(BuildName);
    BuildName *bn = (BuildName *)c->names.data;
    if (n)
        qsort(bn, n, sizeof *bn, cmp_build_name);
    uint32_t last_key = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        int same_key = i > 0 && !strcmp(bn[i].key, bn[i - 1].key);
        if (same_key && bn[i].place == bn[i - 1].place)
            continue;
        if (!same_key)
            last_key = buf_str(&c->strings, bn[i].key, strlen(bn[i].key));
        GazNameRec r = {last_key, bn[i].place};
        if (last_key == UINT32_MAX || buf_add(out, &r, sizeof r) < 0)
            return av_error_set(c->err, AV_ERR_NOMEM, "out of memory");
    }
    return AV_OK;
}

static int write_index(Compiler *c, const Buf *names, const char *out)
{
    GazHeader h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, GAZ_MAGIC, 8);
    h.version = GAZ_VERSION;
    h.n_places = place_count(c);
    h.n_names = (uint32_t)(names->len / sizeof(GazNameRec));
    h.n_countries = (uint32_t)(c->countries.len / sizeof(GazCountryRec));
    h.strings_size = c->strings.len;
    Buf body = {0};
    if (buf_add(&body, c->places.data, c->places.len) < 0 ||
        buf_add(&body, names->data, names->len) < 0 ||
        buf_add(&body, c->countries.data, c->countries.len) < 0 ||
        buf_add(&body, c->strings.data, c->strings.len) < 0) {
        free(body.data);
        return av_error_set(c->err, AV_ERR_NOMEM, "out of memory");
    }
    h.body_size = body.len;
    h.checksum = body_checksum((const unsigned char *)body.data, body.len);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    FILE *f = fopen(tmp, "wb");
    int ok = f && fwrite(&h, sizeof h, 1, f) == 1 &&
             (body.len == 0 || fwrite(body.data, body.len, 1, f) == 1);
    ok = f && fclose(f) == 0 && ok;
    free(body.data);
    if (!ok || rename(tmp, out) != 0) {
        unlink(tmp);
        return av_error_set(c->err, AV_ERR_IO, "%s: cannot write the gazetteer", out);
    }
    return AV_OK;
}

static void compiler_free(Compiler *c)
{
    BuildName *bn = (BuildName *)c->names.data;
    for (size_t i = 0; i < c->names.len / sizeof(BuildName); i++)
        free((char *)bn[i].key);
    free(c->places.data);
    free(c->names.data);
    free(c->countries.data);
    free(c->strings.data);
    free(c->aliases.data);
}

int av_gazetteer_compile(const char *const *tsv_paths, size_t n, const char *out, AvError *err)
{
    Compiler c;
    memset(&c, 0, sizeof c);
    c.err = err;
    int rc = buf_str(&c.strings, "", 0) == 0 ? AV_OK : AV_ERR_NOMEM;
    for (size_t i = 0; i < n && rc == AV_OK; i++)
        rc = read_tsv(&c, tsv_paths[i]);
    Buf names = {0};
    if (rc == AV_OK) {
        place_countries(&c);
        rc = resolve_aliases(&c);
    }
    if (rc == AV_OK)
        rc = finish_names(&c, &names);
    if (rc == AV_OK)
        rc = write_index(&c, &names, out);
    free(names.data);
    compiler_free(&c);
    return rc;
}

/* --------------------------------------------------------------- loading */

const char *av_gazetteer_default_path(void)
{
    const char *env = getenv("AVOCET_GAZETTEER");
    if (env && *env)
        return env;
#ifdef AVOCET_GAZETTEER_PATH
    return AVOCET_GAZETTEER_PATH;
#else
    return AVOCET_DATA_DIR "/../build/gazetteer/places.avg";
#endif
}

static int check_records(const AvGazetteer *g, AvError *err)
{
    const GazHeader *h = g->h;
    if (h->strings_size == 0 || g->strings[h->strings_size - 1] != '\0')
        return av_error_set(err, AV_ERR_CORRUPT, "gazetteer: strings not terminated");
    for (uint32_t i = 0; i < h->n_places; i++) {
        const GazPlaceRec *p = &g->places[i];
        if (p->name >= h->strings_size || p->admin1 >= h->strings_size ||
            p->feature >= h->strings_size || p->kind > AV_PLACE_REGION)
            return av_error_set(err, AV_ERR_CORRUPT, "gazetteer: bad place record %u", i);
    }
    for (uint32_t i = 0; i < h->n_names; i++)
        if (g->names[i].key >= h->strings_size || g->names[i].place >= h->n_places)
            return av_error_set(err, AV_ERR_CORRUPT, "gazetteer: bad name record %u", i);
    for (uint32_t i = 0; i < h->n_countries; i++)
        if (g->countries[i].place >= h->n_places || g->countries[i].iso2[2] ||
            g->countries[i].iso3[3])
            return av_error_set(err, AV_ERR_CORRUPT, "gazetteer: bad country record %u", i);
    return AV_OK;
}

static int map_sections(AvGazetteer *g, AvError *err)
{
    if (g->map_size < sizeof(GazHeader))
        return av_error_set(err, AV_ERR_CORRUPT, "gazetteer: file too short");
    const GazHeader *h = g->map;
    if (memcmp(h->magic, GAZ_MAGIC, 8))
        return av_error_set(err, AV_ERR_CORRUPT, "gazetteer: not a gazetteer index");
    if (h->version != GAZ_VERSION)
        return av_error_set(err, AV_ERR_CORRUPT, "gazetteer: version %u, expected %u (rebuild it)",
                            h->version, GAZ_VERSION);
    uint64_t need = (uint64_t)h->n_places * sizeof(GazPlaceRec) +
                    (uint64_t)h->n_names * sizeof(GazNameRec) +
                    (uint64_t)h->n_countries * sizeof(GazCountryRec) + h->strings_size;
    if (need != h->body_size || h->body_size != g->map_size - sizeof(GazHeader))
        return av_error_set(err, AV_ERR_CORRUPT, "gazetteer: truncated or wrong sizes");
    const unsigned char *body = (const unsigned char *)g->map + sizeof(GazHeader);
    if (body_checksum(body, h->body_size) != h->checksum)
        return av_error_set(err, AV_ERR_CORRUPT, "gazetteer: checksum mismatch");
    g->h = h;
    g->places = (const GazPlaceRec *)body;
    g->names = (const GazNameRec *)(g->places + h->n_places);
    g->countries = (const GazCountryRec *)(g->names + h->n_names);
    g->strings = (const char *)(g->countries + h->n_countries);
    return check_records(g, err);
}

AvGazetteer *av_gazetteer_load(const char *path, AvError *err)
{
    if (!path)
        path = av_gazetteer_default_path();
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        av_error_set(err, AV_ERR_IO, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    AvGazetteer *g = calloc(1, sizeof *g);
    if (!g || fstat(fd, &st) != 0 || st.st_size <= 0) {
        av_error_set(err, g ? AV_ERR_CORRUPT : AV_ERR_NOMEM, "%s: empty or unreadable", path);
        close(fd);
        free(g);
        return NULL;
    }
    g->map_size = (size_t)st.st_size;
    g->map = mmap(NULL, g->map_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (g->map == MAP_FAILED) {
        av_error_set(err, AV_ERR_IO, "%s: mmap: %s", path, strerror(errno));
        free(g);
        return NULL;
    }
    if (map_sections(g, err) < 0) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
        av_error_set(err, AV_ERR_CORRUPT, "%.200s: %.300s", path, msg);
        av_gazetteer_free(g);
        return NULL;
    }
    return g;
}

void av_gazetteer_free(AvGazetteer *g)
{
    if (!g)
        return;
    if (g->map && g->map != MAP_FAILED)
        munmap(g->map, g->map_size);
    free(g);
}

size_t av_gazetteer_size(const AvGazetteer *g)
{
    return g ? g->h->n_places : 0;
}

/* --------------------------------------------------------------- lookups */

static size_t lower_bound(const AvGazetteer *g, const char *key)
{
    size_t lo = 0, hi = g->h->n_names;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(g->strings + g->names[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void fill_entry(const AvGazetteer *g, uint32_t place, AvGazEntry *e)
{
    const GazPlaceRec *p = &g->places[place];
    e->index = place;
    e->kind = p->kind;
    e->population = p->population;
    e->iso2[0] = p->iso2[0];
    e->iso2[1] = p->iso2[1];
    e->iso2[2] = '\0';
    e->admin1 = g->strings + p->admin1;
    e->feature = g->strings + p->feature;
    e->name = g->strings + p->name;
}

size_t av_gaz_find(const AvGazetteer *g, const char *key, AvGazEntry *out, size_t max)
{
    size_t i = lower_bound(g, key), count = 0;
    for (; i < g->h->n_names && !strcmp(g->strings + g->names[i].key, key); i++, count++)
        if (count < max)
            fill_entry(g, g->names[i].place, &out[count]);
    return count;
}

int av_gaz_has_longer(const AvGazetteer *g, const char *key)
{
    char probe[264];
    int n = snprintf(probe, sizeof probe, "%s ", key);
    if (n < 0 || (size_t)n >= sizeof probe)
        return 0;
    size_t i = lower_bound(g, probe);
    return i < g->h->n_names && !strncmp(g->strings + g->names[i].key, probe, (size_t)n);
}

static const char *PRECISION[] = {"city", "admin1", "country", "region"};

int av_gaz_place(const AvGazetteer *g, uint32_t index, AvArena *a, AvPlace *out)
{
    const GazPlaceRec *p = &g->places[index];
    memset(out, 0, sizeof *out);
    char iso2[3] = {p->iso2[0], p->iso2[1], '\0'};
    out->name = g->strings + p->name;      /* the mapping outlives documents */
    const char *admin1 = g->strings + p->admin1;
    out->admin1 = *admin1 ? admin1 : NULL;
    out->feature = g->strings + p->feature;
    out->country = iso2[0] ? av_gaz_iso3(g, iso2) : NULL;
    out->lat = p->lat_e5 / 1e5;
    out->lon = p->lon_e5 / 1e5;
    out->geonames_id = p->geonames_id;
    out->precision = PRECISION[p->kind];
    (void)a;
    return AV_OK;
}

const char *av_gaz_iso3(const AvGazetteer *g, const char *iso2)
{
    for (uint32_t i = 0; i < g->h->n_countries; i++)
        if (!strncmp(g->countries[i].iso2, iso2, 2))
            return g->countries[i].iso3;
    return NULL;
}

const char *av_gaz_iso2(const AvGazetteer *g, const char *iso3)
{
    for (uint32_t i = 0; i < g->h->n_countries; i++)
        if (!strncmp(g->countries[i].iso3, iso3, 3))
            return g->countries[i].iso2;
    return NULL;
}

size_t av_gazetteer_lookup(const AvGazetteer *g, const char *name, AvPlace *out, size_t max)
{
    char key[256];
    AvGazEntry e[64];
    if (!g || !av_gaz_key(name, strlen(name), key, sizeof key))
        return 0;
    size_t n = av_gaz_find(g, key, e, 64);
    for (size_t i = 0; i < n && i < max && i < 64; i++)
        av_gaz_place(g, e[i].index, NULL, &out[i]);
    return n;
}
