/*
 * quantities.c — how many: casualty counts ("at least 12 people were
 * killed"), money ("$3.8 billion", "US $ 235 million", "€1.2bn"), weapons and
 * people ("4,000 rockets", "thousands of protesters"), with qualifiers kept
 * as bounds: "more than 50" -> min 50, "up to 300" -> max 300, "dozens" ->
 * min 24.  Numbers that are dates, years, percentages or parts of names are
 * not quantities.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "enrich.h"

static const char *form_of(const AvSentence *s, uint32_t i)
{
    return i < s->n_tokens && s->tokens[i].form ? s->tokens[i].form : "";
}

static int word_is(const AvSentence *s, uint32_t i, const char *w)
{
    return i < s->n_tokens && !strcasecmp(form_of(s, i), w);
}

/* ---------------------------------------------------------------- numbers */

typedef struct Number {
    double value, min, max;   /* NaN when unknown */
    const char *currency;     /* ISO code from a symbol glued to it, or NULL */
    uint32_t first, last;     /* words used */
} Number;

typedef struct Currency {
    const char *word;
    const char *code;
} Currency;

/* Longest symbols first: "US$" before "$". */
static const Currency SYMBOLS[] = {
    {"US$", "USD"}, {"A$", "AUD"}, {"C$", "CAD"}, {"$", "USD"}, {"\xe2\x82\xac", "EUR"},
    {"\xc2\xa3", "GBP"}, {"\xc2\xa5", "JPY"}, {"\xe2\x82\xaa", "ILS"}, {"\xe2\x82\xb9", "INR"},
    {"\xe2\x82\xbd", "RUB"}, {NULL, NULL}};

static const Currency CURRENCY_WORDS[] = {
    {"dollars", "USD"}, {"dollar", "USD"}, {"dlrs", "USD"}, {"dlr", "USD"},
    {"euros", "EUR"},   {"euro", "EUR"}, {"stg", "GBP"},
    {"pounds", "GBP"},  {"sterling", "GBP"}, {"yen", "JPY"}, {"yuan", "CNY"},
    {"shekels", "ILS"}, {"rupees", "INR"}, {"riyals", "SAR"}, {"dinars", "IQD"},
    {"rubles", "RUB"},  {"roubles", "RUB"}, {"lire", "TRY"}, {"liras", "TRY"},
    {"francs", "CHF"},  {"pesos", "MXN"}, {NULL, NULL}};

static const char *currency_symbol(const char *w, size_t *len)
{
    for (const Currency *c = SYMBOLS; c->word; c++) {
        size_t n = strlen(c->word);
        if (!strncmp(w, c->word, n)) {
            *len = n;
            return c->code;
        }
    }
    return NULL;
}

static const char *currency_word(const char *w)
{
    for (const Currency *c = CURRENCY_WORDS; c->word; c++)
        if (!strcasecmp(w, c->word))
            return c->code;
    return NULL;
}

static double scale_of(const char *w)
{
    static const struct {
        const char *w;
        double v;
    } scales[] = {{"thousand", 1e3}, {"k", 1e3},  {"million", 1e6}, {"mln", 1e6},
                  {"m", 1e6},        {"mn", 1e6}, {"billion", 1e9}, {"bln", 1e9},
                  {"bn", 1e9},       {"b", 1e9},  {"trillion", 1e12}, {"tn", 1e12},
                  {"millions", 1e6}, {"billions", 1e9}, {NULL, 0}};
    for (int k = 0; scales[k].w; k++)
        if (!strcasecmp(w, scales[k].w))
            return scales[k].v;
    return 0;
}

/* "4,000", "3.8", "1.2bn" (suffix scale) -> value; 0 when not a number.
 * Thousands separators must come in groups of three. */
static int parse_digits(const char *w, double *value)
{
    char buf[64];
    size_t o = 0, i = 0, group = 0;
    int seen_comma = 0, seen_dot = 0;
    if (!isdigit((unsigned char)w[0]))
        return 0;
    for (; w[i] && o + 1 < sizeof buf; i++) {
        char c = w[i];
        if (isdigit((unsigned char)c)) {
            buf[o++] = c;
            group++;
        } else if (c == ',' && !seen_dot && isdigit((unsigned char)w[i + 1])) {
            if ((seen_comma && group != 3) || (!seen_comma && group > 3))
                return 0;
            seen_comma = 1;
            group = 0;
        } else if (c == '.' && !seen_dot && isdigit((unsigned char)w[i + 1])) {
            if (seen_comma && group != 3)
                return 0;
            buf[o++] = '.';
            seen_dot = 1;
            seen_comma = 0;
        } else {
            break;
        }
    }
    if (seen_comma && group != 3)
        return 0;
    buf[o] = '\0';
    double scale = 1;
    if (w[i]) {
        scale = scale_of(w + i);
        if (scale == 0)
            return 0;          /* "3rd", "10:30", "9mm" */
    }
    *value = strtod(buf, NULL) * scale;
    return 1;
}

static int word_number(const char *w)
{
    static const char *const words[] = {"zero", "one", "two", "three", "four", "five", "six",
                                        "seven", "eight", "nine", "ten", "eleven", "twelve",
                                        "thirteen", "fourteen", "fifteen", "sixteen",
                                        "seventeen", "eighteen", "nineteen", "twenty", NULL};
    static const char *const tens[] = {"thirty", "forty", "fifty", "sixty", "seventy",
                                       "eighty", "ninety", NULL};
    for (int k = 1; words[k]; k++)
        if (!strcasecmp(w, words[k]))
            return k;
    for (int k = 0; tens[k]; k++)
        if (!strcasecmp(w, tens[k]))
            return 30 + 10 * k;
    if (!strcasecmp(w, "hundred"))
        return 100;
    return 0;
}

/* Vague amounts: "dozens", "hundreds", "tens of thousands". */
static int vague_number(const AvSentence *s, uint32_t i, Number *n)
{
    static const struct {
        const char *w;
        double min;
    } vague[] = {{"dozens", 24}, {"scores", 40}, {"hundreds", 200}, {"thousands", 2000},
                 {"millions", 2e6}, {NULL, 0}};
    if (word_is(s, i, "tens") && word_is(s, i + 1, "of") && word_is(s, i + 2, "thousands")) {
        n->min = 20000;
        n->last = i + 2;
        return 1;
    }
    if (word_is(s, i, "hundreds") && word_is(s, i + 1, "of") && word_is(s, i + 2, "thousands")) {
        n->min = 200000;
        n->last = i + 2;
        return 1;
    }
    for (int k = 0; vague[k].w; k++)
        if (word_is(s, i, vague[k].w)) {
            n->min = vague[k].min;
            n->last = i;
            return 1;
        }
    if (word_is(s, i, "a") && word_is(s, i + 1, "dozen")) {
        n->value = n->min = n->max = 12;
        n->last = i + 1;
        return 1;
    }
    return 0;
}

/* A number at word i (with a glued or preceding currency symbol and a
 * following scale word); 0 when there is none. */
static int read_number(const AvSentence *s, uint32_t i, Number *n)
{
    n->value = n->min = n->max = NAN;
    n->currency = NULL;
    n->first = n->last = i;
    if (vague_number(s, i, n))
        return 1;
    const char *w = form_of(s, i);
    size_t sym = 0;
    const char *cur = currency_symbol(w, &sym);
    if (cur && w[sym] == '\0') {          /* "$" "3.8": symbol as its own word */
        if (i + 1 >= s->n_tokens)
            return 0;
        if (!read_number(s, i + 1, n) || n->currency || isnan(n->value))
            return 0;
        n->currency = cur;
        n->first = i;
        if (i > 0 && word_is(s, i - 1, "US") && !strcmp(cur, "USD"))
            n->first = i - 1;
        return 1;
    }
    double v;
    if (!parse_digits(w + (cur ? sym : 0), &v)) {
        int k = word_number(w);
        if (!k)
            return 0;
        v = k;
    }
    n->currency = cur;
    double scale = scale_of(form_of(s, i + 1));
    if (scale > 1 && strcasecmp(form_of(s, i + 1), "m") && strcasecmp(form_of(s, i + 1), "b")) {
        v *= scale;
        n->last = i + 1;
    } else if (scale > 1 && cur) {        /* "$3 m": only with a currency */
        v *= scale;
        n->last = i + 1;
    }
    n->value = n->min = n->max = v;
    return 1;
}

/* ------------------------------------------------------------- qualifiers */

typedef struct Qualifier {
    const char *w1, *w2, *w3;
    int bound;               /* 1: lower bound, -1: upper bound, 0: approximate */
} Qualifier;

static const Qualifier QUALIFIERS[] = {
    {"more", "than", NULL, 1},  {"at", "least", NULL, 1},   {"over", NULL, NULL, 1},
    {"upwards", "of", NULL, 1}, {"up", "to", NULL, -1},     {"as", "many", "as", -1},
    {"at", "most", NULL, -1},   {"fewer", "than", NULL, -1}, {"less", "than", NULL, -1},
    {"nearly", NULL, NULL, -1}, {"almost", NULL, NULL, -1}, {"under", NULL, NULL, -1},
    {"about", NULL, NULL, 0},   {"around", NULL, NULL, 0},  {"some", NULL, NULL, 0},
    {"approximately", NULL, NULL, 0}, {"roughly", NULL, NULL, 0},
    {"an", "estimated", NULL, 0}, {"estimated", NULL, NULL, 0},
};

/* A qualifier ending right before word `at`: applies it to n. */
static const char *apply_qualifier(const AvSentence *s, uint32_t at, Number *n, AvArena *a)
{
    for (size_t k = 0; k < sizeof QUALIFIERS / sizeof *QUALIFIERS; k++) {
        const Qualifier *q = &QUALIFIERS[k];
        uint32_t len = q->w3 ? 3 : q->w2 ? 2 : 1;
        if (at < len)
            continue;
        uint32_t from = at - len;
        if (!word_is(s, from, q->w1) || (q->w2 && !word_is(s, from + 1, q->w2)) ||
            (q->w3 && !word_is(s, from + 2, q->w3)))
            continue;
        if (isnan(n->value))
            return NULL;                /* "more than dozens": leave as is */
        if (q->bound > 0)
            n->max = NAN;
        else if (q->bound < 0)
            n->min = NAN;
        else
            n->min = n->max = NAN;
        n->first = from;
        char buf[64];
        snprintf(buf, sizeof buf, "%s%s%s%s%s", q->w1, q->w2 ? " " : "", q->w2 ? q->w2 : "",
                 q->w3 ? " " : "", q->w3 ? q->w3 : "");
        return av_arena_strdup(a, buf);
    }
    return NULL;
}

/* ------------------------------------------------------------ kinds, units */

static int stem_in(const char *w, const char *const *stems)
{
    for (; *stems; stems++)
        if (!strncasecmp(w, *stems, strlen(*stems)))
            return 1;
    return 0;
}

static const char *const WEAPONS[] = {"rocket", "missile", "shell", "mortar", "bomb", "drone",
                                      "grenade", "tank", "rifle", "gun", "warhead", "launcher",
                                      "munition", "round", "jet", "warplane", "aircraft",
                                      "artillery", "mine", "bullet", NULL};
static const char *const PEOPLE[] = {"people", "person", "civilian", "protester", "demonstrator",
                                     "soldier", "troop", "militant", "fighter", "police",
                                     "officer", "child", "women", "woman", "men", "man",
                                     "resident", "refugee", "migrant", "student", "worker",
                                     "journalist", "prisoner", "detainee", "hostage", "rebel",
                                     "insurgent", "member", "supporter", "activist", "family",
                                     "families", "palestinian", "israeli", "villager",
                                     "passenger", "pilgrim", "patient", "victim", "personnel",
                                     "staff", "settler", "gunmen", "gunman", NULL};

typedef struct Casualty {
    const char *stem;
    const char *kind;
} Casualty;

static const Casualty CASUALTIES[] = {
    {"kill", "killed"},     {"dead", "killed"},      {"died", "killed"},
    {"die", "killed"},      {"death", "killed"},     {"toll", "killed"},
    {"massacr", "killed"},  {"slain", "killed"},     {"perish", "killed"},
    {"wound", "wounded"},   {"injur", "wounded"},    {"hurt", "wounded"},
    {"arrest", "arrested"}, {"detain", "arrested"},  {"detention", "arrested"},
    {"round", "arrested"},  {"displac", "displaced"}, {"homeless", "displaced"},
    {"fled", "displaced"},  {"flee", "displaced"},   {"evacuat", "displaced"},
    {"missing", "missing"}, {"unaccounted", "missing"}, {NULL, NULL}};

static const char *casualty_kind(const char *w)
{
    for (const Casualty *c = CASUALTIES; c->stem; c++)
        if (!strncasecmp(w, c->stem, strlen(c->stem)))
            return c->kind;
    return NULL;
}

/* The counted noun after the number ("4,000 rockets", "12 Palestinian
 * civilians", "thousands of protesters"); -1 when there is none. */
static int32_t counted_noun(const AvSentence *s, uint32_t after)
{
    uint32_t i = after + 1;
    if (word_is(s, i, "of"))
        i++;
    for (uint32_t k = 0; k < 4 && i + k < s->n_tokens; k++) {
        const AvToken *t = &s->tokens[i + k];
        const char *w = form_of(s, i + k);
        if (!isalpha((unsigned char)w[0]))
            return -1;
        if (stem_in(w, WEAPONS) || stem_in(w, PEOPLE))
            return (int32_t)(i + k);
        if (t->upos && !strcmp(t->upos, "NOUN"))
            return (int32_t)(i + k);
        int modifier = t->upos ? (!strcmp(t->upos, "ADJ") || !strcmp(t->upos, "PROPN") ||
                                  !strcmp(t->upos, "NUM"))
                               : (isupper((unsigned char)w[0]) || k == 0);
        if (!modifier)
            return -1;
    }
    return -1;
}

/* A casualty word near the quantity: after it ("were killed", "dead"),
 * then before it ("killed 12", "death toll rose to 45"). */
static const char *find_casualty(const AvSentence *s, uint32_t first, uint32_t last,
                                 uint32_t *where)
{
    for (uint32_t i = last + 1; i < s->n_tokens && i <= last + 4; i++) {
        const char *w = form_of(s, i);
        if (!strcmp(w, ",") || !strcmp(w, ";") || word_is(s, i, "and") || word_is(s, i, "of"))
            break;
        const char *k = casualty_kind(w);
        if (k && strncasecmp(w, "round", 5) && strncasecmp(w, "toll", 4)) {
            *where = i;
            return k;
        }
    }
    for (uint32_t back = 1; back <= 5 && back <= first; back++) {
        uint32_t i = first - back;
        const char *w = form_of(s, i);
        if (!strcmp(w, ",") || !strcmp(w, ";") || !strcmp(w, "."))
            break;
        const char *k = casualty_kind(w);
        if (k && !(!strncasecmp(w, "round", 5) && !word_is(s, i + 1, "up"))) {
            *where = i;
            return k;
        }
    }
    return NULL;
}

/* ----------------------------------------------------------- exclusions */

static int month_word(const char *w)
{
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul",
                                         "aug", "sep", "oct", "nov", "dec", NULL};
    size_t n = strlen(w);
    if (n < 3)
        return 0;
    for (int k = 0; months[k]; k++)
        if (!strncasecmp(w, months[k], 3) && (n <= 5 || isalpha((unsigned char)w[3])))
            return isupper((unsigned char)w[0]);
    return 0;
}

static int time_unit(const char *w)
{
    static const char *const units[] = {"year", "month", "week", "day", "hour", "minute",
                                        "second", "decade", "time", "century", "centuries",
                                        "am", "pm", "a.m.", "p.m.", "o'clock", NULL};
    size_t n = strlen(w);
    for (const char *const *u = units; *u; u++) {
        size_t k = strlen(*u);
        if (!strncasecmp(w, *u, k) && (n == k || (n == k + 1 && (w[k] == 's' || w[k] == 'S'))))
            return 1;
    }
    return 0;
}

/* Dates, years, percentages, times, "Resolution 242": not quantities.
 * 2: never ("about 5 percent"); 1: unless a qualifier says it is a count. */
static int not_a_quantity(const AvSentence *s, const Number *n)
{
    const char *w = form_of(s, n->first);
    size_t len = strlen(w);
    if (!n->currency && len == 4 && isdigit((unsigned char)w[0]) && !strchr(w, ',') &&
        atoi(w) >= 1800 && atoi(w) <= 2200)
        return 1;                                     /* a year */
    if (month_word(form_of(s, n->first - (n->first > 0))) || month_word(form_of(s, n->last + 1)))
        return 1;                                     /* "May 24", "24 May" */
    const char *next = form_of(s, n->last + 1);
    if (time_unit(next))
        return 2;                                     /* "two years", "three times" */
    if (!strcmp(next, "/") || !strcmp(next, "-") || !strcmp(next, "%") ||
        !strcasecmp(next, "percent") || !strcasecmp(next, "per") || !strcasecmp(next, "pct") ||
        !strcmp(next, ":"))
        return 2;                                     /* fractions, percentages, times */
    static const char *const labels[] = {"resolution", "route", "article", "flight", "highway",
                                         "road", "section", "chapter", "paragraph", "no.",
                                         "number", "phase", "level", "page", "gate", "block",
                                         "unit", "sector", "district", "brigade", "division",
                                         "battalion", "apollo", "boeing", "airbus", "f", NULL};
    if (n->first > 0 && !n->currency)
        for (const char *const *l = labels; *l; l++)
            if (word_is(s, n->first - 1, *l))
                return 1;                             /* "Resolution 242", "Route 60" */
    return 0;
}

/* ------------------------------------------------------------------ main */

static void fill_text(AvDocument *doc, const AvSentence *s, AvQuantityHit *h)
{
    const AvToken *a = &s->tokens[h->first], *b = &s->tokens[h->last];
    h->q.start = a->start;
    h->q.end = b->end;
    h->q.text = av_arena_strndup(&doc->arena, doc->text + a->start, b->end - a->start);
}

/* "between 20 and 30 people" */
static int read_between(const AvSentence *s, uint32_t i, Number *n)
{
    if (!word_is(s, i, "between"))
        return 0;
    Number lo, hi;
    if (!read_number(s, i + 1, &lo) || isnan(lo.value) || !word_is(s, lo.last + 1, "and") ||
        !read_number(s, lo.last + 2, &hi) || isnan(hi.value))
        return 0;
    *n = hi;
    n->first = i;
    n->min = lo.value;
    n->max = hi.value;
    n->value = NAN;
    n->currency = lo.currency ? lo.currency : hi.currency;
    return 1;
}

static int classify(AvDocument *doc, const AvSentence *s, Number *n, const char *qualifier,
                    AvQuantityHit *h)
{
    memset(h, 0, sizeof *h);
    h->q.value = n->value;
    h->q.min = n->min;
    h->q.max = n->max;
    h->q.qualifier = qualifier;
    h->first = n->first;
    h->last = n->last;
    h->anchor = n->last;
    const char *cur = n->currency ? n->currency : currency_word(form_of(s, n->last + 1));
    if (cur) {
        if (!n->currency)
            h->last = n->last + 1;
        h->q.unit = cur;
        h->q.kind = "money";
        fill_text(doc, s, h);
        return 1;
    }
    int32_t noun = counted_noun(s, n->last);
    if (noun >= 0 && time_unit(form_of(s, (uint32_t)noun)))
        return 0;                    /* "about two years": a duration */
    uint32_t cw = 0;
    const char *kind = find_casualty(s, n->first, noun >= 0 ? (uint32_t)noun : n->last, &cw);
    if (noun < 0 && !kind)
        return 0;
    if (noun >= 0) {
        h->last = (uint32_t)noun;
        h->anchor = (uint32_t)noun;
        h->q.unit = av_arena_strdup(&doc->arena, form_of(s, (uint32_t)noun));
    } else {
        h->q.unit = "people";
    }
    if (kind)
        h->q.kind = kind;
    else if (stem_in(h->q.unit, WEAPONS))
        h->q.kind = "weapons";
    else if (stem_in(h->q.unit, PEOPLE))
        h->q.kind = "people";
    else
        h->q.kind = "count";
    if (kind && cw > h->last && cw <= h->last + 4)
        h->last = cw;                /* "12 people were killed": keep the verb */
    fill_text(doc, s, h);
    return 1;
}

size_t av_find_quantities(AvDocument *doc, const AvSentence *s, AvQuantityHit *out, size_t max)
{
    size_t count = 0;
    for (uint32_t i = 0; i < s->n_tokens && count < max; i++) {
        Number n;
        const char *qualifier = NULL;
        if (read_between(s, i, &n))
            qualifier = "between";
        else if (!read_number(s, i, &n))
            continue;
        else
            qualifier = apply_qualifier(s, n.first, &n, &doc->arena);
        int excluded = not_a_quantity(s, &n);
        if (excluded == 2 || (excluded && !qualifier)) {
            i = n.last;
            continue;
        }
        if (classify(doc, s, &n, qualifier, &out[count]))
            count++;
        i = n.last;
    }
    return count;
}
