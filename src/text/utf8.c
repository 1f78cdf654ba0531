/* utf8.c — validation and repair of UTF-8 input. */
#include "text.h"

static size_t put_replacement(char *dst)
{
    dst[0] = (char)0xEF;
    dst[1] = (char)0xBF;
    dst[2] = (char)0xBD;
    return 3;
}

/* Length of the valid sequence at s (1..4), or 0 if invalid (RFC 3629:
 * no overlongs, no surrogates, nothing above U+10FFFF). */
static size_t valid_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return c ? 1 : 0;
    if (c >= 0xC2 && c <= 0xDF)
        return (n >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0;
        if (c == 0xED && s[1] >= 0xA0)
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0;
        if (c == 0xF4 && s[1] >= 0x90)
            return 0;
        return 4;
    }
    return 0;
}

size_t av_utf8_repair(const char *src, size_t len, char *dst, uint32_t *n_invalid)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t i = 0, o = 0;
    uint32_t bad = 0;
    while (i < len) {
        /* fast path for ASCII runs */
        while (i < len && s[i] && s[i] < 0x80)
            dst[o++] = (char)s[i++];
        if (i >= len)
            break;
        size_t k = valid_seq(s + i, len - i);
        if (k) {
            for (size_t j = 0; j < k; j++)
                dst[o++] = (char)s[i + j];
            i += k;
        } else {
            o += put_replacement(dst + o);
            bad++;
            i++;
        }
    }
    dst[o] = '\0';
    if (n_invalid)
        *n_invalid = bad;
    return o;
}
