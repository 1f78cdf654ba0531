/*
 * dates.c — when did it happen?  The publication date (record or dateline)
 * and temporal expressions of a sentence ("on Monday", "last week",
 * "May 24", "in 1967") resolved against it.  Weekdays and dates without a
 * year take the clause's tense: in a past clause the last such day on or
 * before publication, in a future clause the next one on or after it.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "enrich.h"

/* -------------------------------------------------------------- calendar */

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int av_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return days[m - 1] + (m == 2 && is_leap(y));
}

/* Howard Hinnant's days-from-civil algorithm (public domain formula). */
long av_day_number(AvDay day)
{
    long y = day.y - (day.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (day.m + (day.m > 2 ? -3 : 9)) + 2) / 5 + day.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

AvDay av_day_from_number(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    AvDay d;
    d.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.y = (int)(yoe + era * 400 + (d.m <= 2));
    return d;
}

int av_weekday(AvDay day)
{
    long n = av_day_number(day);           /* 1970-01-01 was a Thursday (3) */
    return (int)(((n % 7) + 7 + 3) % 7);
}

int av_day_parse(const char *s, AvDay *out)
{
    if (!s || strlen(s) < 10)
        return 0;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return 0;
    AvDay d = {atoi(s), atoi(s + 5), atoi(s + 8)};
    if (d.y < 1 || d.d < 1 || d.d > av_days_in_month(d.y, d.m))
        return 0;
    *out = d;
    return 1;
}

static AvDay add_days(AvDay d, long n)
{
    return av_day_from_number(av_day_number(d) + n);
}

/* ------------------------------------------------------------ word lists */

static const char *const MONTHS[12] = {"january", "february", "march",     "april",
                                       "may",     "june",     "july",      "august",
                                       "september", "october", "november", "december"};
static const char *const WEEKDAYS[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "sunday"};

static const char *form_of(const AvSentence *s, uint32_t i)
{
    return i < s->n_tokens && s->tokens[i].form ? s->tokens[i].form : "";
}

static int word_is(const AvSentence *s, uint32_t i, const char *w)
{
    return i < s->n_tokens && !strcasecmp(form_of(s, i), w);
}

static int word_in(const AvSentence *s, uint32_t i, const char *const *list)
{
    for (; *list; list++)
        if (word_is(s, i, *list))
            return 1;
    return 0;
}

/* "May", "Sept.", "Sep", "december" -> 1..12; 0 otherwise.  "May" must be
 * capitalised and not a modal verb. */
static int month_of(const AvSentence *s, uint32_t i)
{
    const char *w = form_of(s, i);
    size_t n = strlen(w);
    if (n && w[n - 1] == '.')
        n--;
    if (n < 3)
        return 0;
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(MONTHS[m]);
        int whole = n == full && !strncasecmp(w, MONTHS[m], n);
        int abbrev = (n == 3 || (m == 8 && n == 4)) && !strncasecmp(w, MONTHS[m], n) && m != 4;
        if (!whole && !abbrev)
            continue;
        if (m == 4 && (w[0] != 'M' || (s->tokens[i].xpos && !strcmp(s->tokens[i].xpos, "MD"))))
            return 0;
        return m + 1;
    }
    return 0;
}

static int weekday_of(const AvSentence *s, uint32_t i)
{
    const char *w = form_of(s, i);
    for (int k = 0; k < 7; k++)
        if (!strcasecmp(w, WEEKDAYS[k]) || (strlen(w) >= 3 && strlen(w) <= 4 &&
                                           w[strlen(w) - 1] == '.' &&
                                           !strncasecmp(w, WEEKDAYS[k], 3)))
            return k;
    return -1;
}

/* A plain number 1..max ("24", "24th"); -1 otherwise. */
static int small_number(const AvSentence *s, uint32_t i, int max)
{
    const char *w = form_of(s, i);
    char *end;
    long v = strtol(w, &end, 10);
    if (end == w || v < 1 || v > max)
        return -1;
    if (*end && strcasecmp(end, "st") && strcasecmp(end, "nd") && strcasecmp(end, "rd") &&
        strcasecmp(end, "th"))
        return -1;
    return (int)v;
}

static int year_at(const AvSentence *s, uint32_t i)
{
    const char *w = form_of(s, i);
    if (strlen(w) != 4)
        return 0;
    for (int k = 0; k < 4; k++)
        if (!isdigit((unsigned char)w[k]))
            return 0;
    int y = atoi(w);
    return y >= 1800 && y <= 2200 ? y : 0;
}

/* ----------------------------------------------------------------- tense */

static const char *const FUTURE_WORDS[] = {"will", "wo", "'ll", "shall", NULL};

static int is_past_tag(const AvToken *t)
{
    return t->xpos && (!strcmp(t->xpos, "VBD") || !strcmp(t->xpos, "VBN"));
}

/* Untagged text: an -ed verb or a common irregular past. */
static int looks_past(const char *w)
{
    static const char *const irregular[] = {"said", "was", "were", "had", "met", "went", "took",
                                            "made", "told", "fled", "held", "began", "fought",
                                            "shot", "struck", "left", "sent", "came", NULL};
    size_t n = strlen(w);
    if (n > 3 && !strcasecmp(w + n - 2, "ed"))
        return 1;
    for (const char *const *p = irregular; *p; p++)
        if (!strcasecmp(w, *p))
            return 1;
    return 0;
}

static int attached_to(const AvSentence *s, uint32_t i, int32_t trigger)
{
    return s->tokens[i].head == trigger + 1;
}

AvTense av_clause_tense(const AvSentence *s, int32_t trigger)
{
    if (trigger < 0 || (uint32_t)trigger >= s->n_tokens)
        return AV_TENSE_PRESENT;
    int parsed = s->tokens[trigger].head >= 0;
    /* auxiliaries of the trigger, or (untagged) the words just before it */
    uint32_t from = (uint32_t)(trigger > 3 ? trigger - 3 : 0);
    for (uint32_t i = parsed ? 0 : from; i < (uint32_t)trigger; i++) {
        if (parsed && !attached_to(s, i, trigger))
            continue;
        if (word_in(s, i, FUTURE_WORDS) || (word_is(s, i, "going") && word_is(s, i + 1, "to")))
            return AV_TENSE_FUTURE;
    }
    const AvToken *t = &s->tokens[trigger];
    if (is_past_tag(t) || (!t->xpos && looks_past(form_of(s, (uint32_t)trigger))))
        return AV_TENSE_PAST;
    for (uint32_t i = parsed ? 0 : from; i < (uint32_t)trigger; i++)
        if ((!parsed || attached_to(s, i, trigger)) &&
            (word_is(s, i, "was") || word_is(s, i, "were") || word_is(s, i, "had") ||
             word_is(s, i, "did")))
            return AV_TENSE_PAST;
    return AV_TENSE_PRESENT;
}

/* ------------------------------------------------------------- resolving */

static void set_timex(AvTimex *t, AvDay day, const char *precision, uint32_t first,
                      uint32_t last, const char *how)
{
    t->day = day;
    t->precision = precision;
    t->first = first;
    t->last = last;
    snprintf(t->how, sizeof t->how, "%s", how);
}

/* The weekday wd nearest pub in the direction of tense ("last"/"next"
 * force one). */
static AvDay resolve_weekday(AvDay pub, int wd, int dir)
{
    int delta = wd - av_weekday(pub);
    if (dir < 0)
        return add_days(pub, delta > 0 ? delta - 7 : delta);
    if (dir > 0)
        return add_days(pub, delta < 0 ? delta + 7 : delta);
    AvDay before = resolve_weekday(pub, wd, -1), after = resolve_weekday(pub, wd, 1);
    long b = av_day_number(pub) - av_day_number(before);
    long a = av_day_number(after) - av_day_number(pub);
    return a < b ? after : before;      /* present tense: the nearest one */
}

/* A month (and day) without a year: the year that puts it on the side of
 * pub that the tense says; Feb 29 goes to the nearest leap year. */
static int infer_year(AvDay pub, int m, int d, AvTense tense)
{
    int y = pub.y;
    int after = m > pub.m || (m == pub.m && d > pub.d);
    int before = m < pub.m || (m == pub.m && d < pub.d);
    if (tense == AV_TENSE_FUTURE && before)
        y++;
    else if (tense != AV_TENSE_FUTURE && after)
        y--;
    int step = tense == AV_TENSE_FUTURE ? 1 : -1;
    for (int k = 0; k < 8 && d > av_days_in_month(y, m); k++)
        y += step;
    return y;
}

static int tense_dir(AvTense tense)
{
    return tense == AV_TENSE_FUTURE ? 1 : tense == AV_TENSE_PAST ? -1 : 0;
}

static AvDay week_start(AvDay d)
{
    return add_days(d, -av_weekday(d));
}

/* "Month Day[,] [Year]" / "Day Month [Year]" / "Month [Year]" at i. */
static int match_month_date(const AvSentence *s, uint32_t i, AvDay pub, AvTense tense,
                            AvTimex *t)
{
    int m = month_of(s, i);
    if (!m)
        return 0;
    uint32_t last = i;
    int d = small_number(s, i + 1, 31), y = 0;
    if (d > 0) {
        last = i + 1;
        uint32_t yi = word_is(s, i + 2, ",") ? i + 3 : i + 2;
        if ((y = year_at(s, yi)) != 0)
            last = yi;
    } else if (i > 0 && (d = small_number(s, i - 1, 31)) > 0) {
        if ((y = year_at(s, i + 1)) != 0)
            last = i + 1;
        i--;
    } else {
        d = 0;
        if ((y = year_at(s, i + 1)) != 0)
            last = i + 1;
        else if (!(i > 0 && word_in(s, i - 1, (const char *const[]){"in", "since", "during",
                                                                    "until", "early", "late",
                                                                    "mid", "last", "next",
                                                                    "this", "of", "from", NULL})))
            return 0;
    }
    if (!y && !pub.y)
        return 0;
    if (!y) {
        int last_next = i > 0 && (word_is(s, i - 1, "last") || word_is(s, i - 1, "next"));
        AvTense tt = last_next ? (word_is(s, i - 1, "next") ? AV_TENSE_FUTURE : AV_TENSE_PAST)
                               : tense;
        y = infer_year(pub, m, d ? d : 1, tt);
        if (!d && !last_next && m == pub.m)
            y = pub.y;
    }
    if (d && d > av_days_in_month(y, m))
        return 0;
    AvDay day = {y, m, d ? d : 1};
    set_timex(t, day, d ? "day" : "month", i, last,
              !pub.y || last > i + (d ? 1u : 0u) ? "explicit date" : "month/day, year from tense");
    return 1;
}

/* "on Monday", "last Friday", "by Thursday" */
static int match_weekday(const AvSentence *s, uint32_t i, AvDay pub, AvTense tense, AvTimex *t)
{
    int wd = weekday_of(s, i);
    if (wd < 0 || !pub.y)
        return 0;
    int dir = tense_dir(tense), forced = 0;
    uint32_t first = i;
    if (i > 0 && (word_is(s, i - 1, "last") || word_is(s, i - 1, "next"))) {
        forced = dir = word_is(s, i - 1, "last") ? -1 : 1;
        first = i - 1;
    }
    AvDay day = resolve_weekday(pub, wd, dir);
    if (forced && av_day_number(day) == av_day_number(pub))
        day = add_days(day, 7 * forced);     /* "last Wednesday" on a Wednesday */
    set_timex(t, day, "day", first, i,
              dir < 0   ? "weekday, on or before publication (past)"
              : dir > 0 ? "weekday, on or after publication (future)"
                        : "weekday, the nearest to publication (present)");
    return 1;
}

typedef struct Relative {
    const char *w1, *w2, *w3;   /* words (NULL = end) */
    int unit;                   /* 0 day, 1 week, 2 month, 3 year */
    int offset;
} Relative;

static const Relative RELATIVE[] = {
    {"yesterday", NULL, NULL, 0, -1},
    {"today", NULL, NULL, 0, 0},
    {"tonight", NULL, NULL, 0, 0},
    {"tomorrow", NULL, NULL, 0, 1},
    {"overnight", NULL, NULL, 0, 0},
    {"last", "night", NULL, 0, -1},
    {"this", "morning", NULL, 0, 0},
    {"this", "afternoon", NULL, 0, 0},
    {"this", "evening", NULL, 0, 0},
    {"earlier", "today", NULL, 0, 0},
    {"last", "week", NULL, 1, -1},
    {"this", "week", NULL, 1, 0},
    {"earlier", "this", "week", 1, 0},
    {"later", "this", "week", 1, 0},
    {"next", "week", NULL, 1, 1},
    {"last", "month", NULL, 2, -1},
    {"this", "month", NULL, 2, 0},
    {"earlier", "this", "month", 2, 0},
    {"later", "this", "month", 2, 0},
    {"next", "month", NULL, 2, 1},
    {"last", "year", NULL, 3, -1},
    {"this", "year", NULL, 3, 0},
    {"earlier", "this", "year", 3, 0},
    {"later", "this", "year", 3, 0},
    {"next", "year", NULL, 3, 1},
};

static const char *const UNIT_NAME[] = {"day", "week", "month", "year"};

static AvDay shift(AvDay pub, int unit, int offset)
{
    if (unit == 0)
        return add_days(pub, offset);
    if (unit == 1)
        return week_start(add_days(pub, 7 * offset));
    if (unit == 2) {
        int months = pub.y * 12 + (pub.m - 1) + offset;
        return (AvDay){months / 12, months % 12 + 1, 1};
    }
    return (AvDay){pub.y + offset, 1, 1};
}

static int match_relative(const AvSentence *s, uint32_t i, AvDay pub, AvTimex *t)
{
    if (!pub.y)
        return 0;
    for (size_t k = 0; k < sizeof RELATIVE / sizeof *RELATIVE; k++) {
        const Relative *r = &RELATIVE[k];
        const char *w[3] = {r->w1, r->w2, r->w3};
        uint32_t n = 0;
        while (n < 3 && w[n] && word_is(s, i + n, w[n]))
            n++;
        if (n == 0 || (n < 3 && w[n]))
            continue;
        set_timex(t, shift(pub, r->unit, r->offset), UNIT_NAME[r->unit], i, i + n - 1,
                  "relative to publication");
        return 1;
    }
    return 0;
}

static int number_word(const AvSentence *s, uint32_t i)
{
    static const char *const words[] = {"one", "two", "three", "four", "five", "six",
                                        "seven", "eight", "nine", "ten", NULL};
    for (int k = 0; words[k]; k++)
        if (word_is(s, i, words[k]))
            return k + 1;
    if (word_is(s, i, "a"))
        return 1;
    return small_number(s, i, 400);
}

/* "three days ago", "two weeks ago" */
static int match_ago(const AvSentence *s, uint32_t i, AvDay pub, AvTimex *t)
{
    int n = number_word(s, i);
    if (n <= 0 || !pub.y || !word_is(s, i + 2, "ago"))
        return 0;
    const char *u = form_of(s, i + 1);
    int unit = !strncasecmp(u, "day", 3) ? 0 : !strncasecmp(u, "week", 4) ? 1
             : !strncasecmp(u, "month", 5) ? 2 : !strncasecmp(u, "year", 4) ? 3 : -1;
    if (unit < 0)
        return 0;
    set_timex(t, shift(pub, unit, -n), UNIT_NAME[unit], i, i + 2, "counted back from publication");
    return 1;
}

/* "in 1967", "since 2014" */
static int match_year(const AvSentence *s, uint32_t i, AvTimex *t)
{
    static const char *const preps[] = {"in", "since", "during", "until", "of", "from",
                                        "by", "before", "after", "through", NULL};
    int y = year_at(s, i);
    if (!y || i == 0 || !word_in(s, i - 1, preps))
        return 0;
    set_timex(t, (AvDay){y, 1, 1}, "year", i - 1, i, "explicit year");
    return 1;
}

size_t av_find_timexes(const AvSentence *s, AvDay pub, AvTense tense, AvTimex *out, size_t max)
{
    size_t n = 0;
    for (uint32_t i = 0; i < s->n_tokens && n < max; i++) {
        AvTimex *t = &out[n];
        memset(t, 0, sizeof *t);
        if (match_relative(s, i, pub, t) || match_ago(s, i, pub, t) ||
            match_weekday(s, i, pub, tense, t) || match_month_date(s, i, pub, tense, t) ||
            match_year(s, i, t)) {
            static const char *const preps[] = {"on", "by", "until", "since", "from", "before",
                                                "after", "in", "during", NULL};
            if (t->first > 0 && word_in(s, t->first - 1, preps))
                t->first--;                  /* "on Monday": the span keeps its preposition */
            i = t->last > i ? t->last : i;
            n++;
        }
    }
    return n;
}

/* ------------------------------------------------------------- datelines */

typedef struct Dateline {
    uint32_t place_start, place_end;   /* byte span of "CAIRO" */
    int y, m, d;                       /* 0 when absent */
} Dateline;

static size_t skip_spaces(const char *t, size_t i, size_t n)
{
    while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
        i++;
    return i;
}

static int read_int(const char *t, size_t *i, size_t n, int max_digits)
{
    int v = 0, k = 0;
    while (*i < n && k < max_digits && isdigit((unsigned char)t[*i])) {
        v = v * 10 + (t[*i] - '0');
        (*i)++;
        k++;
    }
    return k ? v : -1;
}

/* "March 14, 2026" / "Mar 14" / "14 March 2026" at t[*i]. */
static int read_text_date(const char *t, size_t *i, size_t n, Dateline *dl)
{
    size_t w = *i;
    while (w < n && isalpha((unsigned char)t[w]))
        w++;
    size_t len = w - *i;
    int month = 0;
    for (int m = 0; m < 12 && len >= 3 && !month; m++)
        if (!strncasecmp(t + *i, MONTHS[m], len) && (len == 3 || len == 4 || len == strlen(MONTHS[m])))
            month = m + 1;
    if (!month)
        return 0;
    if (w < n && t[w] == '.')
        w++;
    w = skip_spaces(t, w, n);
    int day = read_int(t, &w, n, 2);
    if (day < 1 || day > 31)
        return 0;
    dl->m = month;
    dl->d = day;
    size_t k = w;
    if (k < n && t[k] == ',')
        k++;
    k = skip_spaces(t, k, n);
    size_t before = k;
    int year = read_int(t, &k, n, 4);
    if (year >= 1800 && k - before == 4) {
        dl->y = year;
        w = k;
    }
    *i = w;
    return 1;
}

/* "CAIRO, March 14 (Reuters) -" at the start of the body. */
static int parse_dateline(const AvDocument *doc, Dateline *dl)
{
    memset(dl, 0, sizeof *dl);
    const char *t = doc->text;
    size_t n = doc->text_len, i = doc->title_len ? doc->title_len + 2 : 0;
    if (i >= n)
        return 0;
    i = skip_spaces(t, i, n);
    size_t start = i;
    int upper = 0, lower = 0;
    while (i < n && i - start < 48 && t[i] != ',' && t[i] != '\n' &&
           (isalpha((unsigned char)t[i]) || t[i] == ' ' || t[i] == '.' || t[i] == '-' ||
            t[i] == '\'' || (unsigned char)t[i] >= 0x80)) {
        upper += isupper((unsigned char)t[i]) != 0;
        lower += islower((unsigned char)t[i]) != 0;
        i++;
    }
    if (i >= n || t[i] != ',' || !isupper((unsigned char)t[start]) || upper == 0)
        return 0;
    dl->place_start = (uint32_t)start;
    dl->place_end = (uint32_t)i;
    size_t k = skip_spaces(t, i + 1, n);
    int dated = read_text_date(t, &k, n, dl);
    k = skip_spaces(t, k, n);
    int agency = k < n && t[k] == '(';
    /* "Cairo, Egypt" in running text is no dateline: ask for capitals,
     * a date or an agency */
    return dated || agency || lower == 0;
}

int av_dateline_place(const AvDocument *doc, uint32_t *start, uint32_t *end)
{
    Dateline dl;
    if (!parse_dateline(doc, &dl))
        return 0;
    *start = dl.place_start;
    *end = dl.place_end;
    return 1;
}

int av_dateline_date(const AvDocument *doc, AvDay hint, AvDay *out)
{
    Dateline dl;
    if (!parse_dateline(doc, &dl) || !dl.m)
        return 0;
    int y = dl.y ? dl.y : hint.y ? infer_year(hint, dl.m, dl.d, AV_TENSE_PAST) : 0;
    if (!y || dl.d > av_days_in_month(y, dl.m))
        return 0;
    *out = (AvDay){y, dl.m, dl.d};
    return 1;
}
