/*
 * enrich — when, where and how many: event dates, places and quantities.
 *
 *   dates.c       publication date (record or dateline) and temporal
 *                 expressions resolved against it, with precision and tense;
 *   gazetteer.c   the compiled gazetteer: TSV -> binary index, mmap, lookup;
 *   places.c      toponyms in sentences and their disambiguation;
 *   quantities.c  casualty counts, money, weapons and people counts;
 *   enrich.c      ties them to events (the event's clause first) and explains.
 */
#ifndef AV_ENRICH_H
#define AV_ENRICH_H

#include "avocet.h"

/* ---- calendar ---- */
typedef struct AvDay {
    int y, m, d;             /* y == 0: unknown */
} AvDay;

int av_days_in_month(int y, int m);
/* Days since 1970-01-01 and back. */
long av_day_number(AvDay day);
AvDay av_day_from_number(long n);
int av_weekday(AvDay day);   /* 0 = Monday .. 6 = Sunday */
/* "YYYY-MM-DD" -> day; 0 when not such a date. */
int av_day_parse(const char *s, AvDay *out);

/* ---- dates ---- */
typedef enum AvTense { AV_TENSE_PRESENT = 0, AV_TENSE_PAST, AV_TENSE_FUTURE } AvTense;

typedef struct AvTimex {
    AvDay day;               /* first day of the period */
    const char *precision;   /* "day", "week", "month", "year" */
    uint32_t first, last;    /* word indexes in the sentence (inclusive) */
    char how[96];            /* how it was resolved, for --explain */
} AvTimex;

/* Tense of the clause around word `trigger` (xpos VBD/VBN, "will"/MD,
 * with word-list fallbacks when the sentence is not tagged). */
AvTense av_clause_tense(const AvSentence *s, int32_t trigger);
/* Finds temporal expressions in s, resolved against pub (which may be
 * unknown: then only expressions carrying a year resolve).  Returns the
 * number found (at most max are written). */
size_t av_find_timexes(const AvSentence *s, AvDay pub, AvTense tense, AvTimex *out, size_t max);
/* Publication date from a dateline ("CAIRO, March 14 (Reuters) -",
 * "JERUSALEM, May 24, 2021") at the start of the text: 1 when found.
 * A dateline without year takes the year of `hint` (or fails when unknown). */
int av_dateline_date(const AvDocument *doc, AvDay hint, AvDay *out);
/* Byte span of the dateline's place words ("CAIRO"), 1 when found. */
int av_dateline_place(const AvDocument *doc, uint32_t *start, uint32_t *end);

/* ---- gazetteer internals ---- */
enum { AV_PLACE_CITY = 0, AV_PLACE_ADMIN1, AV_PLACE_COUNTRY, AV_PLACE_REGION };

typedef struct AvGazEntry {
    uint32_t index;          /* place index in the gazetteer */
    int kind;                /* AV_PLACE_* */
    uint32_t population;
    char iso2[3];
    const char *admin1;      /* points into the mmapped file */
    const char *feature;
    const char *name;
} AvGazEntry;

/* Normalised lookup key of a name (case-folded, accents and apostrophes
 * dropped, other punctuation = one space).  Returns the length written
 * (cap includes the NUL), 0 when empty or too long. */
size_t av_gaz_key(const char *s, size_t n, char *out, size_t cap);
/* Places whose key is exactly `key` (already normalised). */
size_t av_gaz_find(const AvGazetteer *g, const char *key, AvGazEntry *out, size_t max);
/* 1 when some key starts with `key` followed by a space (longer names). */
int av_gaz_has_longer(const AvGazetteer *g, const char *key);
/* Fills a place from entry index (strings copied into the arena). */
int av_gaz_place(const AvGazetteer *g, uint32_t index, AvArena *a, AvPlace *out);
const char *av_gaz_iso3(const AvGazetteer *g, const char *iso2);   /* NULL if unknown */
const char *av_gaz_iso2(const AvGazetteer *g, const char *iso3);

/* ---- places ---- */
typedef struct AvToponym {
    uint32_t sentence;
    uint32_t first, last;    /* words */
    int locative;            /* after in/at/near/from/to/... */
    int qualifier;           /* "Texas" in "Paris, Texas": a qualifier, not a place */
    int n_cands;
    AvGazEntry cands[16];
    int chosen;              /* index into cands, -1 none */
    char how[128];
} AvToponym;

/* Finds toponyms in every sentence and disambiguates them with the
 * article's context (actor countries, other places, qualifiers).
 * *out is allocated in the document arena. */
int av_find_toponyms(const AvGazetteer *g, AvDocument *doc, AvToponym **out, size_t *n,
                     AvError *err);

/* ---- quantities ---- */
typedef struct AvQuantityHit {
    AvQuantity q;
    uint32_t first, last;    /* words */
    uint32_t anchor;         /* the word that ties it to a clause (number or noun) */
} AvQuantityHit;

size_t av_find_quantities(AvDocument *doc, const AvSentence *s, AvQuantityHit *out, size_t max);

#endif
