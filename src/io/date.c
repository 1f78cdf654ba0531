/* date.c — recognising publication dates in the common written forms. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "io.h"

static const char *const MONTHS[12] = {"january", "february", "march",     "april",
                                       "may",     "june",     "july",      "august",
                                       "september", "october", "november", "december"};
static const char *const WEEKDAYS[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "sunday"};

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int write_date(int y, int m, int d, char out[11])
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1)
        return 0;
    if (d > days[m - 1] + (m == 2 && is_leap(y)))
        return 0;
    const int parts[3][2] = {{y, 4}, {m, 2}, {d, 2}};
    char *o = out;
    for (int p = 0; p < 3; p++) {
        for (int k = parts[p][1] - 1, v = parts[p][0]; k >= 0; k--, v /= 10)
            o[k] = (char)('0' + v % 10);
        o += parts[p][1];
        *o++ = p < 2 ? '-' : '\0';
    }
    return 1;
}

/* Reads exactly `digits` digits at s[*i]; -1 if they are not there. */
static int read_number(const char *s, size_t n, size_t *i, int digits)
{
    int v = 0;
    for (int k = 0; k < digits; k++, (*i)++) {
        if (*i >= n || !isdigit((unsigned char)s[*i]))
            return -1;
        v = v * 10 + (s[*i] - '0');
    }
    return v;
}

/* 2026-03-14, 2026/03/14, 2026-03-14T08:00:00Z, 2026-03-14 08:00, 20260314 */
static int numeric_date(const char *s, size_t n, char out[11])
{
    size_t i = 0;
    int y = read_number(s, n, &i, 4);
    if (y < 0)
        return 0;
    if (n == 8) {
        int m = read_number(s, n, &i, 2), d = read_number(s, n, &i, 2);
        return m >= 0 && d >= 0 && write_date(y, m, d, out);
    }
    if (i >= n || (s[i] != '-' && s[i] != '/'))
        return 0;
    char sep = s[i++];
    int m = read_number(s, n, &i, 2);
    if (m < 0 || i >= n || s[i++] != sep)
        return 0;
    int d = read_number(s, n, &i, 2);
    if (d < 0)
        return 0;
    /* a time part must start with T or a space and a digit */
    if (i < n && !((s[i] == 'T' || s[i] == ' ') && i + 1 < n && isdigit((unsigned char)s[i + 1])))
        return 0;
    return write_date(y, m, d, out);
}

static int word_index(const char *w, size_t len, const char *const *names, int count)
{
    for (int k = 0; k < count; k++) {
        size_t full = strlen(names[k]);
        if (len == full && !strncasecmp(w, names[k], len))
            return k;
        /* abbreviations: "Mar", "Sept", "Wed" */
        if (len >= 3 && len < full && !strncasecmp(w, names[k], len))
            return k;
    }
    return -1;
}

typedef struct Word {
    const char *s;
    size_t len;
} Word;

/* Splits on spaces, commas and full stops; at most `max` words. */
static int split_words(const char *s, size_t n, Word *w, int max)
{
    int count = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == ',' || s[i] == '.' || s[i] == '\t'))
            i++;
        if (i >= n)
            break;
        if (count == max)
            return -1;
        size_t start = i;
        while (i < n && !(s[i] == ' ' || s[i] == ',' || s[i] == '.' || s[i] == '\t'))
            i++;
        w[count].s = s + start;
        w[count].len = i - start;
        count++;
    }
    return count;
}

static int small_number(const Word *w, int max_digits)
{
    if (w->len == 0 || w->len > (size_t)max_digits)
        return -1;
    int v = 0;
    for (size_t i = 0; i < w->len; i++) {
        if (!isdigit((unsigned char)w->s[i]))
            return -1;
        v = v * 10 + (w->s[i] - '0');
    }
    return v;
}

/* "March 14, 2026", "Mar 14 2026", "14 March 2026", "Saturday, March 14, 2026" */
static int written_date(const char *s, size_t n, char out[11])
{
    Word w[5];
    int count = split_words(s, n, w, 5);
    int first = 0;
    if (count == 4 && word_index(w[0].s, w[0].len, WEEKDAYS, 7) >= 0)
        first = 1;
    if (count - first != 3)
        return 0;
    const Word *a = &w[first], *b = &w[first + 1], *c = &w[first + 2];
    int year = c->len == 4 ? small_number(c, 4) : -1;
    int month = word_index(a->s, a->len, MONTHS, 12);
    int day = small_number(b, 2);
    if (month < 0) {               /* day first */
        month = word_index(b->s, b->len, MONTHS, 12);
        day = small_number(a, 2);
    }
    if (month < 0 || day < 0 || year < 0)
        return 0;
    return write_date(year, month + 1, day, out);
}

int av_io_normalize_date(const char *s, size_t n, char out[11])
{
    while (n > 0 && isspace((unsigned char)*s))
        s++, n--;
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    if (n < 8 || n > 40)
        return 0;
    if (isdigit((unsigned char)s[0]) && numeric_date(s, n, out))
        return 1;
    return written_date(s, n, out);
}
