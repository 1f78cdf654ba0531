/*
 * text — the text stage: UTF-8 repair, normalisation for matching,
 * paragraph/sentence segmentation and UD-English tokenisation.
 * Public entry points (av_utf8_repair, av_segment, av_eval_segment_*) are in
 * avocet.h; this header is the stage's internal interface.
 */
#ifndef AV_TEXT_H
#define AV_TEXT_H

#include <stdbool.h>
#include "avocet.h"

/* ---- characters (normalize.c) ---- */

/* Decodes the code point at s[i] (the text is valid UTF-8); sets *len. */
uint32_t av_text_decode(const char *s, size_t n, size_t i, size_t *len);
/* Width in bytes of whitespace at s[i] (ASCII or Unicode spaces, NBSP,
 * zero-width space, BOM), 0 when s[i] is not whitespace. */
size_t av_text_space_at(const char *s, size_t n, size_t i);
/* Letters, digits and marks of any script (utf8proc categories). */
bool av_text_is_wordchar(uint32_t cp);
bool av_text_is_emoji(uint32_t cp);

/* Normalised copy of s[0..n) in the arena: typographic quotes and dashes
 * mapped to ASCII, then NFC.  NULL only when out of memory. */
char *av_text_normalize(AvArena *a, const char *s, size_t n);

/* ---- tokens (tokenize.c) ---- */

/* One word of a surface token: its bytes [start,end) and, when the word is
 * not a plain substring ("cannot" is plain; nothing else differs today), a
 * replacement form. */
typedef struct AvRawWord {
    uint32_t start, end;
} AvRawWord;

#define AV_MAX_WORDS_PER_TOKEN 3

/* A surface token found by the scanner. */
typedef struct AvRawToken {
    uint32_t start, end;
    uint8_t n_words;          /* 1 unless a contraction/clitic was split */
    uint8_t is_abbrev;        /* ends with an abbreviation period ("Mr.") */
    uint8_t is_title_abbrev;  /* "Mr.", "Gen.", "Jan.", initials: never end a sentence */
    AvRawWord words[AV_MAX_WORDS_PER_TOKEN];
} AvRawToken;

/* Scans the surface token that starts at text[i] (not whitespace, i < end).
 * Always consumes at least one byte. */
void av_scan_token(const char *text, size_t end, size_t i, AvRawToken *out);

#endif
