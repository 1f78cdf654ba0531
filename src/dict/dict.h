/*
 * dict — the dictionary stage: readers for TABARI / PETRARCH dictionaries,
 * the compiled lookup structures and the CAMEO tables.  The public API is the
 * "dict" section of avocet.h; this header is shared by the files of
 * src/dict/ only.
 *
 * Layout of a loaded dictionary
 *   - every word is interned once (case-folded) and known by a uint32 id;
 *   - each kind of entry has its own phrase trie whose edges live in one
 *     open-addressing hash keyed by (node, word id), so a lookup is one hash
 *     probe per word and the structure never changes after loading;
 *   - entries, restrictions, patterns and strings live in one arena.
 */
#ifndef AV_DICT_H
#define AV_DICT_H

#include "avocet.h"

/* ---- growable arrays (load time only) ---- */
typedef struct DVec {
    void *data;
    size_t n, cap, elem;
} DVec;

void dvec_init(DVec *v, size_t elem);
void *dvec_push(DVec *v);            /* zeroed new element, NULL on OOM */
void *dvec_at(const DVec *v, size_t i);
void dvec_free(DVec *v);

/* ---- word interning ---- */
typedef struct WordTable {
    uint32_t *slots;        /* id + 1, 0 = empty */
    uint32_t *hashes;
    size_t cap;
    DVec words;             /* const char * (arena), by id */
} WordTable;

#define WORD_NONE UINT32_MAX

/* Case-folds s[0..len) into buf (NUL-terminated); returns the length or
 * (size_t)-1 when it does not fit. */
size_t dict_fold(const char *s, size_t len, char *buf, size_t cap);
uint32_t words_find(const WordTable *t, const char *folded, size_t len);
/* The same, with the word's hash given: words_hash(), or built a byte at a
 * time with words_hash_more() from words_hash("", 0) (all prefixes of a
 * word in one pass). */
uint32_t words_find_hashed(const WordTable *t, const char *folded, size_t len, uint32_t h);
uint32_t words_hash(const char *folded, size_t len);
uint32_t words_hash_more(uint32_t h, char c);
/* Interns an already folded word; WORD_NONE on OOM. */
uint32_t words_add(WordTable *t, AvArena *a, const char *folded, size_t len);
const char *words_get(const WordTable *t, uint32_t id);
void words_free(WordTable *t);

/* ---- phrase tries ---- */
#define STEM_BIT 0x80000000u     /* edge word id flag: a TABARI stem word */

typedef struct TrieNode {
    uint32_t payload;       /* head of the payload list + 1, 0 = none */
    uint8_t has_stems;      /* some child edge is a stem edge */
} TrieNode;

typedef struct TriePayload {
    uint32_t entry;
    uint32_t next;          /* next payload + 1 */
} TriePayload;

typedef struct Trie {
    DVec nodes;             /* TrieNode; node 0 is the root */
    DVec payloads;          /* TriePayload */
    uint64_t *keys;         /* (node << 32 | word) + 1, 0 = empty */
    uint32_t *children;
    size_t cap, used;
} Trie;

int trie_init(Trie *t);
void trie_free(Trie *t);
/* Adds a phrase of word ids (STEM_BIT set on stem words) ending in entry. */
int trie_add(Trie *t, const uint32_t *words, size_t n, uint32_t entry);
/* Child of node by word id, or UINT32_MAX. */
uint32_t trie_child(const Trie *t, uint32_t node, uint32_t word);

/* ---- entries ---- */
typedef struct DateRestriction {
    const char *code;       /* NULL = null code */
    uint32_t from, to;      /* inclusive yyyymmdd; 0 / 99999999 for open ends */
    uint8_t kind;           /* '-' range, '<' before, '>' after, 0 default */
    uint32_t line;
} DateRestriction;

typedef struct Phrase {
    const char *text;       /* as written (folded), '_' between words */
    uint32_t line;
} Phrase;

typedef struct ActorEntry {
    const char *file;
    uint32_t line;
    const char *code;       /* default code from the primary line; NULL = none */
    uint8_t has_default;
    uint8_t stems;          /* TABARI file: words not joined by '_' are stems */
    /* Slices of AvDict.phrase_pool / restriction_pool (an entry's lines are
     * consecutive in its file, so its items are consecutive there too). */
    uint32_t first_phrase, n_phrases;     /* primary first, then '+' synonyms */
    uint32_t first_restriction, n_restrictions;
} ActorEntry;

#define ACTOR_PHRASE(d, a, k) ((const Phrase *)dvec_at(&(d)->phrase_pool, (a)->first_phrase + (k)))
#define ACTOR_RESTRICTION(d, a, k) \
    ((const DateRestriction *)dvec_at(&(d)->restriction_pool, (a)->first_restriction + (k)))

typedef struct AgentEntry {
    const char *file;
    uint32_t line;
    const char *phrase;     /* as written (markers already substituted) */
    const char *plurals;    /* "{...}" contents as written, NULL = regular */
    const char *code;
    uint8_t prefix;         /* "CODE~" */
    uint8_t stems;
} AgentEntry;

typedef struct SimpleEntry {    /* issues and discards */
    const char *file;
    uint32_t line;
    const char *text;       /* the line as written (without comment) */
    const char *code;       /* issue code, NULL = ignore phrase; discards: "story"/"sentence" */
} SimpleEntry;

typedef struct VerbBlock {
    const char *name;
    const char *code;
    const char *file;
    uint32_t line;
    uint8_t implicit;       /* TABARI: one block per verb line */
    DVec patterns;          /* AvVerbPattern */
} VerbBlock;

typedef struct VerbEntry {
    AvVerb pub;             /* patterns filled at finalisation */
    const char *forms;      /* "{...}" contents as written, NULL = regular */
    const char *own_code;   /* "[code]" on the verb line, NULL = none */
    uint8_t has_own_code;
} VerbEntry;

typedef struct Synset {
    const char *name;       /* without '&' */
    const char *file;
    uint32_t line;
    uint8_t no_plurals;     /* name ends with '_' */
    DVec members;           /* const char * as written */
} Synset;

typedef struct Transformation {
    const char *text;
    const char *file;
    uint32_t line;
} Transformation;

typedef struct CameoRow {
    const char *code, *name;
    int quad;
    double goldstein;
} CameoRow;

typedef struct PloverRow {
    const char *code;
    AvPlover p;
} PloverRow;

struct AvDict {
    AvArena arena;
    WordTable words;
    Trie tries[6];          /* by AvDictKind (AUTO unused) */
    Trie synset_trie;       /* payload: synset id */
    DVec actors, agents, issues, discards;  /* *Entry */
    DVec phrase_pool, restriction_pool;     /* Phrase, DateRestriction of actors */
    DVec verbs, blocks, synsets, transformations;
    DVec agent_subs;        /* const char *: "!PERSON! = MAN, MEN" lines as written */
    DVec diags;             /* AvDictDiag */
    DVec sources;           /* const char *: every file read, for the cache key */
    int from_cache;
    DVec cameo, plover;     /* sorted by code */
    size_t files, errors, warnings, actor_phrases, restrictions;
    size_t agent_phrases, verb_forms, issue_phrases;
    const AvDictOptions *opt;   /* during load only */
    int failed;                 /* strict mode: an error was seen */
};

/* ---- load-time helpers (dict_load.c) ---- */
/* Records a diagnostic; returns AV_ERR_PARSE in strict mode after an error. */
void dict_diag(AvDict *d, const char *file, uint32_t line, int is_error, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* Splits a phrase ("A_B C", '_' or blank separated) into folded word ids,
 * interning them; marks stems (words without a trailing '_') when stems is
 * set.  Returns the word count, 0 for an empty phrase, -1 on error. */
int dict_phrase_ids(AvDict *d, const char *phrase, size_t len, int stems, uint32_t *ids,
                    size_t max);
/* The same without interning (for lookups after loading): a word that is
 * not interned gives -1. */
int dict_phrase_ids_ro(const AvDict *d, const char *phrase, size_t len, int stems,
                       uint32_t *ids, size_t max);
/* The trie node a phrase ends at, UINT32_MAX if none. */
uint32_t trie_find(const Trie *t, const uint32_t *words, size_t n);
/* Adds a phrase of `kind` to its trie (dict_phrase_ids + trie_add). */
int dict_add_phrase(AvDict *d, AvDictKind kind, const char *phrase, size_t len, int stems,
                    uint32_t entry, const char *file, uint32_t line);
/* Date "YYMMDD" or "YYYYMMDD" -> yyyymmdd; 0 when malformed.  Two-digit
 * years below 30 are 20YY, the others 19YY (the convention of the
 * CountryInfo-derived files, whose dates run 1897-2029). */
uint32_t dict_parse_date(const char *s, size_t len);

/* ---- readers (dict_read.c, dict_verbs.c) ---- */
typedef struct LineReader {
    const char *file;
    char *buf;
    size_t len, pos;
    uint32_t line;
    int in_xml_comment;
} LineReader;

int dict_read_actors(AvDict *d, LineReader *lr, int tabari);
int dict_read_agents(AvDict *d, LineReader *lr, int tabari);
int dict_read_issues(AvDict *d, LineReader *lr);
int dict_read_discards(AvDict *d, LineReader *lr, int tabari);
int dict_read_verbs(AvDict *d, LineReader *lr, int tabari);
/* Next logical line with comments removed (NULL at the end); *raw_indent is
 * set when the raw line starts with a tab or blank. */
char *line_next(LineReader *lr, int *indented);
/* Trims blanks at both ends in place. */
char *dict_trim(char *s);

/* Regular English forms. */
int dict_plural(const char *word, char *buf, size_t cap);
/* Writes the 3sg, past and -ing forms; returns how many (0..3). */
int dict_verb_forms(const char *word, char out[3][128]);

int dict_load_cameo(AvDict *d, const char *dir);

/* The files of a folder that a load reads (char *, malloc'd), sorted. */
int dict_list_dir(const char *dir, AvDictKind forced, DVec *names);
void dict_free_names(DVec *names);

/* ---- compiled cache (dict_cache.c) ---- */
/* Key of a load request: the paths, the options and, for folders, the
 * names of the files they hold (a file added or removed changes the key;
 * changed contents are caught by the stored sizes and mtimes). */
uint64_t dict_request_key(const char *const *paths, size_t n, const AvDictOptions *opt);
/* A dictionary from the cache, or NULL when it is missing, stale or bad. */
AvDict *dict_cache_read(const char *path, uint64_t key);
/* Writes the cache atomically; AV_OK or a negative status. */
int dict_cache_write(const AvDict *d, const char *path, uint64_t key, AvError *err);
AvDict *dict_new(void);
/* Points each verb at its block's patterns, name and code. */
void dict_attach_patterns(AvDict *d);

#endif
