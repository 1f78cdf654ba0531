/*
 * normalize.c — character classes and the normalised form of a token.
 *
 * Token forms are what later stages match against dictionaries, so the
 * typographic variants newsrooms use (curly quotes, en/em dashes, the minus
 * sign) are folded to their ASCII forms and the result is put in NFC.  The
 * byte offsets of a token keep pointing at the original text.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "text.h"

uint32_t av_text_decode(const char *s, size_t n, size_t i, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s + i;
    size_t left = n - i;
    unsigned c = u[0];
    if (c < 0x80 || left < 2) {
        *len = 1;
        return c;
    }
    if (c < 0xE0) {
        *len = 2;
        return ((c & 0x1Fu) << 6) | (u[1] & 0x3Fu);
    }
    if (c < 0xF0 || left < 4) {
        if (left < 3) {
            *len = 1;
            return c;
        }
        *len = 3;
        return ((c & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
    }
    *len = 4;
    return ((c & 0x07u) << 18) | ((u[1] & 0x3Fu) << 12) | ((u[2] & 0x3Fu) << 6) | (u[3] & 0x3Fu);
}

static bool is_unicode_space(uint32_t cp)
{
    return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF ||
           cp == 0x85;
}

size_t av_text_space_at(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80)
        return (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') ? 1 : 0;
    /* every Unicode space we know starts with C2, E1, E2, E3 or EF */
    if (c != 0xC2 && c != 0xE1 && c != 0xE2 && c != 0xE3 && c != 0xEF)
        return 0;
    size_t len;
    uint32_t cp = av_text_decode(s, n, i, &len);
    return is_unicode_space(cp) ? len : 0;
}

bool av_text_is_wordchar(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    switch (cat) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO: case UTF8PROC_CATEGORY_CO:
        return true;
    default:
        return false;
    }
}

bool av_text_is_emoji(uint32_t cp)
{
    return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) ||
           (cp >= 0x2B00 && cp <= 0x2BFF) || cp == 0x200D || cp == 0xFE0F || cp == 0x20E3 ||
           (cp >= 0xE0020 && cp <= 0xE007F);
}

/* The ASCII stand-in for a typographic mark, or 0 to keep the character. */
static char ascii_for(uint32_t cp)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
        return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
        return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
        return '-';
    default:
        return 0;
    }
}

/* NFC of buf[0..n) into the arena (utf8proc allocates; copy and release). */
static char *nfc_into_arena(AvArena *a, const char *buf, size_t n)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)buf, (utf8proc_ssize_t)n, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (m < 0) /* cannot happen on repaired text; keep the mapped bytes */
        return av_arena_strndup(a, buf, n);
    char *r = av_arena_strndup(a, (const char *)out, (size_t)m);
    free(out);
    return r;
}

char *av_text_normalize(AvArena *a, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (unsigned char)s[i] < 0x80)
        i++;
    if (i == n)
        return av_arena_strndup(a, s, n);
    char *buf = av_arena_alloc(a, n + 1);
    if (!buf)
        return NULL;
    size_t o = 0;
    memcpy(buf, s, i);
    o = i;
    while (i < n) {
        size_t len;
        uint32_t cp = av_text_decode(s, n, i, &len);
        char c = ascii_for(cp);
        if (c) {
            buf[o++] = c;
        } else {
            memcpy(buf + o, s + i, len);
            o += len;
        }
        i += len;
    }
    buf[o] = '\0';
    for (size_t k = 0; k < o; k++)
        if ((unsigned char)buf[k] >= 0xCC) /* only then can NFC change anything */
            return nfc_into_arena(a, buf, o);
    return buf;
}
