/*
 * model.c — the model file: one versioned binary image, mmapped and used in
 * place.
 *
 * Layout (little-endian):
 *   header (48 bytes): magic "AVOCETM1", u32 version, u32 n_sections,
 *     u64 file_size, u64 checksum (of every byte after the header),
 *     u64 reserved x 2
 *   section table: n_sections x {u32 id, u32 flags, u64 offset, u64 size}
 *   payloads, each 64-byte aligned.  flags bit 0: the payload is a zstd frame
 *   (large weight tables, mostly zeros, compress ~5x; they are decompressed
 *   once at load into private memory, everything else is used in place).
 * The checksum is a multiply-rotate hash over 8-byte words (fast enough to
 * verify on every load), so a truncated or corrupted file is refused with a
 * message instead of being read out of bounds.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>
#include "nlp.h"

#define HEADER_BYTES 48
#define ENTRY_BYTES 24
#define SEC_ZSTD 1u
#define COMPRESS_ABOVE 65536
/* Models up to this size are stored raw and used straight from the mmap
 * (fast load); bigger ones get their large sections zstd-compressed. */
#define RAW_MODEL_MAX (30u << 20)
#define ZSTD_LEVEL 6

typedef struct FileHeader {
    char magic[8];
    uint32_t version, n_sections;
    uint64_t file_size, checksum, reserved[2];
} FileHeader;

static uint64_t checksum(const unsigned char *p, size_t n)
{
    uint64_t h = 0x243F6A8885A308D3ULL ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
        h = (h << 29) | (h >> 35);
    }
    for (; i < n; i++)
        h = (h ^ p[i]) * 0x100000001B3ULL;
    return nlp_mix(h, n);
}

/* Compresses big sections; small ones stay raw so they are used in place. */
static int pack_sections(NlpBuf in[SEC_MAX], NlpBuf packed[SEC_MAX], uint32_t flags[SEC_MAX])
{
    size_t total = 0;
    for (int id = 1; id < SEC_MAX; id++)
        total += in[id].len;
    for (int id = 1; id < SEC_MAX; id++) {
        flags[id] = 0;
        if (in[id].len <= COMPRESS_ABOVE || total <= RAW_MODEL_MAX) {
            packed[id] = in[id];
            continue;
        }
        size_t cap = ZSTD_compressBound(in[id].len);
        packed[id].data = malloc(cap);
        if (!packed[id].data)
            return AV_ERR_NOMEM;
        size_t z = ZSTD_compress(packed[id].data, cap, in[id].data, in[id].len, ZSTD_LEVEL);
        if (ZSTD_isError(z))
            return AV_ERR_NOMEM;
        packed[id].len = packed[id].cap = z;
        flags[id] = SEC_ZSTD;
    }
    return AV_OK;
}

int nlp_model_image(NlpBuf raw[SEC_MAX], NlpBuf *out)
{
    NlpBuf sections[SEC_MAX];
    uint32_t flags[SEC_MAX];
    memset(sections, 0, sizeof sections);
    int prc = pack_sections(raw, sections, flags);
    uint32_t n = 0;
    for (int id = 1; id < SEC_MAX; id++)
        n += sections[id].len > 0;
    size_t table_end = HEADER_BYTES + (size_t)n * ENTRY_BYTES;
    NlpBuf img = {0};
    unsigned char zero[HEADER_BYTES] = {0};
    if (prc || nlp_buf_put(&img, zero, HEADER_BYTES))
        goto nomem;
    /* table entries first, offsets filled as payloads are placed */
    size_t off = (table_end + 63) & ~(size_t)63;
    for (int id = 1; id < SEC_MAX; id++) {
        if (!sections[id].len)
            continue;
        uint32_t e32[2] = {(uint32_t)id, flags[id]};
        uint64_t e64[2] = {off, sections[id].len};
        if (nlp_buf_put(&img, e32, 8) || nlp_buf_put(&img, e64, 16))
            goto nomem;
        off = (off + sections[id].len + 63) & ~(size_t)63;
    }
    for (int id = 1; id < SEC_MAX; id++) {
        if (!sections[id].len)
            continue;
        if (nlp_buf_align(&img, 64) || nlp_buf_put(&img, sections[id].data, sections[id].len))
            goto nomem;
    }
    FileHeader h = {.version = NLP_VERSION, .n_sections = n, .file_size = img.len};
    memcpy(h.magic, NLP_MAGIC, 8);
    h.checksum = checksum(img.data + HEADER_BYTES, img.len - HEADER_BYTES);
    memcpy(img.data, &h, sizeof h);
    *out = img;
    for (int id = 1; id < SEC_MAX; id++)
        if (flags[id] & SEC_ZSTD)
            nlp_buf_free(&sections[id]);
    return AV_OK;
nomem:
    for (int id = 1; id < SEC_MAX; id++)
        if (flags[id] & SEC_ZSTD)
            nlp_buf_free(&sections[id]);
    nlp_buf_free(&img);
    return AV_ERR_NOMEM;
}

int nlp_model_write(const char *path, NlpBuf sections[SEC_MAX], AvError *err)
{
    NlpBuf img = {0};
    int rc = AV_OK;
    if (nlp_model_image(sections, &img))
        return av_error_set(err, AV_ERR_NOMEM, "out of memory writing model");
    FILE *f = fopen(path, "wb");
    if (!f) {
        rc = av_error_set(err, AV_ERR_IO, "cannot write model '%s'", path);
    } else {
        if (fwrite(img.data, 1, img.len, f) != img.len)
            rc = av_error_set(err, AV_ERR_IO, "cannot write model '%s'", path);
        if (fclose(f) != 0 && rc == AV_OK)
            rc = av_error_set(err, AV_ERR_IO, "cannot write model '%s'", path);
    }
    nlp_buf_free(&img);
    return rc;
}

typedef struct SectionView {
    const unsigned char *p;
    size_t n;
    uint32_t flags;
} SectionView;

static int find_sections(const unsigned char *data, size_t size, SectionView *v, AvError *err)
{
    FileHeader h;
    if (size < HEADER_BYTES)
        return av_error_set(err, AV_ERR_CORRUPT, "model file is truncated (%zu bytes)", size);
    memcpy(&h, data, sizeof h);
    if (memcmp(h.magic, NLP_MAGIC, 8))
        return av_error_set(err, AV_ERR_CORRUPT, "not an avocet model (bad magic)");
    if (h.version < NLP_MIN_VERSION || h.version > NLP_VERSION)
        return av_error_set(err, AV_ERR_CORRUPT, "model version %u, this avocet reads %u to %u",
                            h.version, NLP_MIN_VERSION, NLP_VERSION);
    if (h.file_size != size)
        return av_error_set(err, AV_ERR_CORRUPT,
                            "model file is truncated or padded (%zu bytes, header says %llu)",
                            size, (unsigned long long)h.file_size);
    if (h.n_sections >= SEC_MAX || HEADER_BYTES + (size_t)h.n_sections * ENTRY_BYTES > size)
        return av_error_set(err, AV_ERR_CORRUPT, "model section table is corrupt");
    if (checksum(data + HEADER_BYTES, size - HEADER_BYTES) != h.checksum)
        return av_error_set(err, AV_ERR_CORRUPT, "model checksum mismatch (corrupt file)");
    for (uint32_t i = 0; i < h.n_sections; i++) {
        const unsigned char *e = data + HEADER_BYTES + (size_t)i * ENTRY_BYTES;
        uint32_t id, flags;
        uint64_t off, len;
        memcpy(&id, e, 4);
        memcpy(&flags, e + 4, 4);
        memcpy(&off, e + 8, 8);
        memcpy(&len, e + 16, 8);
        if (id == 0 || id >= SEC_MAX || off % 64 || off > size || len > size - off)
            return av_error_set(err, AV_ERR_CORRUPT, "model section %u is out of bounds", id);
        if (flags & ~SEC_ZSTD)
            return av_error_set(err, AV_ERR_CORRUPT, "model section %u has unknown flags", id);
        v[id].p = data + off;
        v[id].n = len;
        v[id].flags = flags;
    }
    return AV_OK;
}

static int string_at(const AvModel *m, const unsigned char *p, const char **out)
{
    uint32_t off;
    memcpy(&off, p, 4);
    if (off >= m->strings_len)
        return -1;
    *out = m->strings + off;
    return 0;
}

static int read_tags(AvModel *m, SectionView v, AvError *err)
{
    uint32_t n;
    if (v.n < 4 || (memcpy(&n, v.p, 4), n == 0) || n > 4096 || 4 + (size_t)n * 12 > v.n)
        return av_error_set(err, AV_ERR_CORRUPT, "model tag table is corrupt");
    m->tags = calloc(n, sizeof *m->tags);
    if (!m->tags)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    m->n_tags = n;
    for (uint32_t i = 0; i < n; i++) {
        const unsigned char *e = v.p + 4 + (size_t)i * 12;
        if (string_at(m, e, &m->tags[i].upos) || string_at(m, e + 4, &m->tags[i].xpos) ||
            string_at(m, e + 8, &m->tags[i].feats))
            return av_error_set(err, AV_ERR_CORRUPT, "model tag %u names a bad string", i);
    }
    return AV_OK;
}

static int read_labels(AvModel *m, SectionView v, AvError *err)
{
    uint32_t n;
    if (v.n < 4 || (memcpy(&n, v.p, 4), n == 0) || n > 4096 || 4 + (size_t)n * 4 > v.n)
        return av_error_set(err, AV_ERR_CORRUPT, "model label table is corrupt");
    m->labels = calloc(n, sizeof *m->labels);
    if (!m->labels)
        return av_error_set(err, AV_ERR_NOMEM, "out of memory");
    m->n_labels = n;
    m->root_label = NLP_MISSING;
    for (uint32_t i = 0; i < n; i++) {
        if (string_at(m, v.p + 4 + (size_t)i * 4, &m->labels[i]))
            return av_error_set(err, AV_ERR_CORRUPT, "model label %u names a bad string", i);
        if (!strcmp(m->labels[i], "root"))
            m->root_label = i;
    }
    if (m->root_label == NLP_MISSING)
        return av_error_set(err, AV_ERR_CORRUPT, "model has no 'root' label");
    return AV_OK;
}

static int check_string_map(const AvModel *m, const NlpMap *map)
{
    for (uint32_t i = 0; i < map->n_slots; i++)
        if (map->slots[2 * i] && map->slots[2 * i + 1] >= m->strings_len)
            return -1;
    return 0;
}

static int view_map(const AvModel *m, SectionView v, NlpMap *map, const char *what, AvError *err)
{
    if (!v.n)
        return AV_OK;   /* optional */
    if (!nlp_map_view(map, v.p, v.n) || (map != &m->tagdict && check_string_map(m, map)))
        return av_error_set(err, AV_ERR_CORRUPT, "model %s table is corrupt", what);
    return AV_OK;
}

static int view_weights(SectionView v, NlpWeights *w, uint32_t n_classes, const char *what,
                        AvError *err)
{
    if (!nlp_weights_view(w, v.p, v.n) || w->n_classes != n_classes)
        return av_error_set(err, AV_ERR_CORRUPT, "model %s weights are corrupt", what);
    return AV_OK;
}

#define MAX_SECTION_BYTES ((unsigned long long)1 << 31)

static int inflate_sections(AvModel *m, SectionView *v, AvError *err)
{
    for (int id = 1; id < SEC_MAX; id++) {
        if (!(v[id].flags & SEC_ZSTD))
            continue;
        unsigned long long n = ZSTD_getFrameContentSize(v[id].p, v[id].n);
        if (n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN || n == 0 ||
            n > MAX_SECTION_BYTES)
            return av_error_set(err, AV_ERR_CORRUPT, "model section %d: bad zstd frame", id);
        m->owned[id] = malloc((size_t)n);
        if (!m->owned[id])
            return av_error_set(err, AV_ERR_NOMEM, "out of memory loading the model");
        size_t got = ZSTD_decompress(m->owned[id], (size_t)n, v[id].p, v[id].n);
        if (ZSTD_isError(got) || got != n)
            return av_error_set(err, AV_ERR_CORRUPT, "model section %d does not decompress", id);
        v[id].p = m->owned[id];
        v[id].n = (size_t)n;
    }
    return AV_OK;
}

int nlp_model_open_image(AvModel *m, const unsigned char *data, size_t size, AvError *err)
{
    SectionView v[SEC_MAX];
    memset(v, 0, sizeof v);
    m->base = data;
    m->size = size;
    int rc = find_sections(data, size, v, err);
    if (!rc)
        rc = inflate_sections(m, v, err);
    if (rc)
        return rc;
    for (int id = 0; id < SEC_MAX; id++) {
        m->sec_p[id] = v[id].p;
        m->sec_n[id] = v[id].n;
    }
    if (!v[SEC_STRINGS].n || v[SEC_STRINGS].p[v[SEC_STRINGS].n - 1] != '\0')
        return av_error_set(err, AV_ERR_CORRUPT, "model string pool is missing or corrupt");
    m->strings = (const char *)v[SEC_STRINGS].p;
    m->strings_len = v[SEC_STRINGS].n;
    if (v[SEC_TAGGER].n) {
        if ((rc = read_tags(m, v[SEC_TAGS], err)) ||
            (rc = view_weights(v[SEC_TAGGER], &m->tagger, m->n_tags, "tagger", err)) ||
            (rc = view_map(m, v[SEC_TAGDICT], &m->tagdict, "tag dictionary", err)) ||
            (rc = view_map(m, v[SEC_LEMMAS], &m->lemmas, "lemma", err)) ||
            (rc = view_map(m, v[SEC_FEATS], &m->feats, "features", err)))
            return rc;
        for (uint32_t i = 0; i < m->tagdict.n_slots; i++)
            if (m->tagdict.slots[2 * i] && m->tagdict.slots[2 * i + 1] >= m->n_tags)
                return av_error_set(err, AV_ERR_CORRUPT, "model tag dictionary is corrupt");
        m->has_tagger = 1;
        if (v[SEC_TAGGER2].n) {
            if ((rc = view_weights(v[SEC_TAGGER2], &m->tagger2, m->n_tags, "second tagger", err)))
                return rc;
            m->has_tagger2 = 1;
        }
    }
    if (v[SEC_MOVES].n) {
        if ((rc = read_labels(m, v[SEC_LABELS], err)) ||
            (rc = view_weights(v[SEC_MOVES], &m->moves, N_MOVES, "parser", err)) ||
            (rc = view_weights(v[SEC_ARCLABELS], &m->arclabels, 2 * m->n_labels, "label", err)))
            return rc;
        m->has_parser = 1;
    }
    if (!m->has_tagger)
        return av_error_set(err, AV_ERR_CORRUPT, "model has no tagger");
    return AV_OK;
}

void nlp_model_close_image(AvModel *m)
{
    free(m->tags);
    free(m->labels);
    m->tags = NULL;
    m->labels = NULL;
    for (int id = 0; id < SEC_MAX; id++) {
        free(m->owned[id]);
        m->owned[id] = NULL;
    }
}

int nlp_model_section(const AvModel *m, int id, const unsigned char **p, size_t *n)
{
    if (id <= 0 || id >= SEC_MAX)
        return AV_ERR_ARG;
    *p = m->sec_p[id];
    *n = m->sec_n[id];
    return AV_OK;
}

const char *av_model_default_path(void)
{
    const char *env = getenv("AVOCET_MODEL");
    return env && *env ? env : AV_MODEL_DEFAULT_PATH;
}

static void release(AvModel *m)
{
    nlp_model_close_image(m);
    if (m->base && m->mapped)
        munmap((void *)m->map_base, m->map_len);
    free(m);
}

#define HUGE_PAGE ((size_t)2 << 20)

/* The file is read into anonymous memory backed by 2 MiB pages when the
 * kernel allows it: lookups in the weight tables are random, and with 4 KiB
 * pages nearly every one is also a TLB miss.  Falls back to mmapping the
 * file itself. */
static void *map_model(int fd, size_t size, size_t *map_len, size_t *offset)
{
    size_t len = (size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE + HUGE_PAGE;
    unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p != MAP_FAILED) {
        size_t skip = (HUGE_PAGE - (uintptr_t)p % HUGE_PAGE) % HUGE_PAGE;
#ifdef MADV_HUGEPAGE
        madvise(p + skip, len - skip, MADV_HUGEPAGE);
#endif
        size_t got = 0;
        while (got < size) {
            ssize_t k = read(fd, p + skip + got, size - got);
            if (k <= 0)
                break;
            got += (size_t)k;
        }
        if (got == size && mprotect(p, len, PROT_READ) == 0) {
            *map_len = len;
            *offset = skip;
            return p;
        }
        munmap(p, len);
    }
    void *f = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    *map_len = size;
    *offset = 0;
    return f;
}

AvModel *av_model_load(const char *path, AvError *err)
{
    if (!path)
        path = av_model_default_path();
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        av_error_set(err, AV_ERR_IO, "cannot open model '%s'", path);
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size <= 0) {
        close(fd);
        av_error_set(err, AV_ERR_CORRUPT, "model '%s' is empty (truncated)", path);
        return NULL;
    }
    size_t map_len, offset;
    unsigned char *p = map_model(fd, (size_t)st.st_size, &map_len, &offset);
    close(fd);
    if (p == MAP_FAILED) {
        av_error_set(err, AV_ERR_IO, "cannot map model '%s'", path);
        return NULL;
    }
    AvModel *m = calloc(1, sizeof *m);
    if (!m) {
        munmap(p, map_len);
        av_error_set(err, AV_ERR_NOMEM, "out of memory");
        return NULL;
    }
    m->mapped = 1;
    m->map_base = p;
    m->map_len = map_len;
    if (nlp_model_open_image(m, p + offset, (size_t)st.st_size, err)) {
        if (err) {
            char msg[sizeof err->msg];
            memcpy(msg, err->msg, sizeof msg);
            av_error_set(err, err->code, "%.200s: %.300s", path, msg);
        }
        release(m);
        return NULL;
    }
    return m;
}

void av_model_free(AvModel *m)
{
    if (m)
        release(m);
}

int av_model_has_parser(const AvModel *m)
{
    return m && m->has_parser;
}
