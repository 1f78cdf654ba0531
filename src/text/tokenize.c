/*
 * tokenize.c — the surface-token scanner (UD English EWT conventions).
 *
 * Punctuation is split off; numbers keep their commas and decimals ("4,000",
 * "3.8"), currency and percent signs are tokens of their own ("$ 3.8", "3.5
 * %"), most hyphenated compounds are split ("Google - hates - privacy")
 * except after prefixes EWT keeps ("e-mail", "non-profit"), abbreviations
 * keep their period ("Mr.", "U.S."), and URLs, e-mail addresses, @handles,
 * #hashtags, emoticons and emoji are single tokens.  Contractions and
 * clitics become multiword tokens ("don't" = "do" + "n't", "Bush's" = "Bush"
 * + "'s", "cannot" = "can" + "not", "gonna" = "gon" + "na").
 *
 * The scanner looks at most a bounded distance ahead except inside one
 * token, so a whole document is scanned in linear time.
 */
#include <string.h>
#include <strings.h>
#include "text.h"

#define EMAIL_LOOKAHEAD 256

static bool is_ascii_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_ascii_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool wordchar_at(const char *t, size_t end, size_t i)
{
    if (i >= end)
        return false;
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80)
        return is_ascii_alnum(c);
    size_t len;
    return av_text_is_wordchar(av_text_decode(t, end, i, &len));
}

static bool space_or_end(const char *t, size_t end, size_t i)
{
    return i >= end || av_text_space_at(t, end, i) > 0;
}

/* Is text[i..] an apostrophe (ASCII or U+2019)?  Returns its width. */
static size_t apostrophe_at(const char *t, size_t end, size_t i)
{
    if (i < end && t[i] == '\'')
        return 1;
    if (i + 2 < end && (unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
        (unsigned char)t[i + 2] == 0x99)
        return 3;
    return 0;
}

static bool word_in(const char *w, size_t n, const char *const *list, bool nocase)
{
    for (size_t k = 0; list[k]; k++)
        if (strlen(list[k]) == n && (nocase ? !strncasecmp(w, list[k], n) : !memcmp(w, list[k], n)))
            return true;
    return false;
}

/* Prefixes that EWT keeps attached to the word after their hyphen. */
static const char *const HYPHEN_PREFIXES[] = {
    "e", "non", "pre", "anti", "re", "mid", "post", "co", "pro", "multi", "ex", "sub", "semi",
    "neo", "cross", "vice", "un", "socio", "micro", "intra", "inter", "counter", "pseudo", "psycho",
    "ultra", "mega", "mini", NULL};

/* Abbreviations after which a sentence never ends (titles, months,
 * "No. 5"-style references). */
static const char *const TITLE_ABBREVS[] = {
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Sen", "Sens", "Rep", "Reps", "Gov", "Prof",
    "St", "Capt", "Sgt", "Maj", "Adm", "Cmdr", "Rev", "Hon", "Pres", "Supt", "Det", "Insp",
    "Messrs", "Mt", "Ft", "Brig", "Cpl", "Pvt", "Amb", "Atty", "Gens", "Drs", "Jan", "Feb", "Mar",
    "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", NULL};

/* Abbreviations that only count before a number ("No. 10", "Art. 5"). */
static const char *const NUMBER_ABBREVS[] = {"No", "Nos", "Art", "Vol", "Fig", "Ch", "pp", "p", NULL};

/* Abbreviations that may also end a sentence ("... Microsoft Corp. The ..."). */
static const char *const OTHER_ABBREVS[] = {
    "Inc", "Corp", "Ltd", "Co", "Jr", "Sr", "Bros", "Dept", "Univ", "Assn", "Ave", "Blvd", "Rd",
    "Calif", "Fla", "Mass", "Wash", "Ill", "Pa", "Va", "Ga", "Ariz", "Colo", "Conn", "Del", "Ind",
    "Kan", "Ky", "La", "Md", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore",
    "Tenn", "Tex", "Vt", "Wis", "Wyo", "Ala", "Ark", "Ont", "Mon", "Tue", "Tues", "Wed", "Thu",
    "Thur", "Thurs", "Fri", "Sat", "etc", "vs", "approx", "cf", "viz", "esp", "incl", "misc",
    "est", "govt", "dept", "Govt", "Intl", "Natl", "Cos", NULL};

/* "U.S", "a.m", "e.g", "Ph.D": letters in groups of one or two between dots. */
static bool is_dotted_abbrev(const char *w, size_t n)
{
    size_t run = 0, dots = 0;
    for (size_t k = 0; k < n; k++) {
        if (w[k] == '.') {
            if (run == 0)
                return false;
            run = 0;
            dots++;
        } else if (is_ascii_alpha((unsigned char)w[k]) && run < 2) {
            run++;
        } else {
            return false;
        }
    }
    return dots > 0 && run > 0;
}

/* Skips whitespace to the first byte of the next token. */
static size_t next_nonspace(const char *t, size_t end, size_t i)
{
    size_t w;
    while (i < end && (w = av_text_space_at(t, end, i)) > 0)
        i += w;
    return i;
}

/* Classifies "w." where w = t[s..j): 0 no abbreviation, 1 abbreviation
 * that may end a sentence, 2 one that never does. */
static int abbrev_class(const char *t, size_t end, size_t s, size_t j)
{
    const char *w = t + s;
    size_t n = j - s;
    if (n == 1 && w[0] >= 'A' && w[0] <= 'Z')
        return 2; /* an initial: "J. K. Rowling" */
    if (word_in(w, n, TITLE_ABBREVS, false))
        return 2;
    if (word_in(w, n, NUMBER_ABBREVS, false)) {
        size_t k = next_nonspace(t, end, j + 1);
        return (k < end && is_digit((unsigned char)t[k])) ? 2 : 0;
    }
    if (word_in(w, n, OTHER_ABBREVS, false) || is_dotted_abbrev(w, n))
        return 1;
    return 0;
}

/* May a word continue across the punctuation byte at t[j]? */
static bool word_continues(const char *t, size_t end, size_t s, size_t j)
{
    unsigned char c = (unsigned char)t[j];
    unsigned char prev = (unsigned char)t[j - 1];
    unsigned char next = j + 1 < end ? (unsigned char)t[j + 1] : 0;
    switch (c) {
    case '.':
        return is_ascii_alnum(next);
    case ',':
        /* thousands separator: 4,000 and 1,234,567 but not "2,3" */
        return is_digit(prev) && j + 3 < end + 0 && is_digit(next) &&
               is_digit((unsigned char)t[j + 2]) && is_digit((unsigned char)t[j + 3]) &&
               !(j + 4 < end && is_digit((unsigned char)t[j + 4]));
    case ':':
    case '/':
        return is_digit(prev) && is_digit(next);
    case '-':
        if (is_digit(prev) && is_digit(next))
            return true;
        return wordchar_at(t, end, j + 1) && word_in(t + s, j - s, HYPHEN_PREFIXES, true);
    case '&':
        return prev >= 'A' && prev <= 'Z' && next >= 'A' && next <= 'Z';
    case '_':
        return wordchar_at(t, end, j + 1);
    default:
        return false;
    }
}

static void one_word(AvRawToken *out, size_t s, size_t e)
{
    out->start = (uint32_t)s;
    out->end = (uint32_t)e;
    out->n_words = 1;
    out->words[0].start = (uint32_t)s;
    out->words[0].end = (uint32_t)e;
}

static void split_at(AvRawToken *out, size_t cut)
{
    out->n_words = 2;
    out->words[0].end = (uint32_t)cut;
    out->words[1].start = (uint32_t)cut;
    out->words[1].end = out->end;
}

/* Negations and clitics written without an apostrophe, as EWT splits them. */
static const char *const BARE_NT[] = {
    "dont", "didnt", "doesnt", "isnt", "wasnt", "werent", "arent", "cant", "wont", "couldnt",
    "wouldnt", "shouldnt", "havent", "hasnt", "hadnt", "aint", NULL};

/* Splits a word token into its syntactic words (contractions, clitics). */
static void split_clitics(const char *t, AvRawToken *out)
{
    size_t s = out->start, e = out->end, n = e - s;
    const char *w = t + s;
    if (n == 6 && !strncasecmp(w, "cannot", 6)) {
        split_at(out, s + 3);
        return;
    }
    if (n == 5 && (!strncasecmp(w, "gonna", 5) || !strncasecmp(w, "wanna", 5) ||
                   !strncasecmp(w, "gotta", 5))) {
        split_at(out, s + 3);
        return;
    }
    if (n >= 4 && n <= 8 && (w[n - 1] | 0x20) == 't' && (w[n - 2] | 0x20) == 'n' &&
        word_in(w, n, BARE_NT, true)) {
        split_at(out, e - 2);
        return;
    }
    if (n == 2 && (!memcmp(w, "im", 2) || !memcmp(w, "Im", 2))) {
        split_at(out, s + 1);
        return;
    }
    /* the last apostrophe decides: 's 'm 'd 'll 're 've n't */
    size_t k = e, ap = 0;
    while (k > s + 1 && !ap)
        ap = apostrophe_at(t, e, --k);
    if (!ap || k == s)
        return;
    const char *suf = t + k + ap;
    size_t sn = e - (k + ap);
    if (sn == 1 && (strchr("smdSMD", suf[0]))) {
        split_at(out, k);
    } else if (sn == 2 && (!strncasecmp(suf, "ll", 2) || !strncasecmp(suf, "re", 2) ||
                           !strncasecmp(suf, "ve", 2))) {
        split_at(out, k);
    } else if (sn == 1 && (suf[0] == 't' || suf[0] == 'T') && k - s >= 2 &&
               (t[k - 1] == 'n' || t[k - 1] == 'N')) {
        split_at(out, k - 1);
    } else if (sn == 0 && (t[k - 1] == 's' || t[k - 1] == 'S')) {
        split_at(out, k); /* possessive plural: "Edwards'" */
    }
}

/* A word: letters/digits with the inner punctuation numbers, abbreviations
 * and contractions allow. */
static void scan_word(const char *t, size_t end, size_t s, AvRawToken *out)
{
    size_t j = s;
    while (j < end) {
        unsigned char c = (unsigned char)t[j];
        if (c < 0x80) {
            if (is_ascii_alnum(c)) {
                j++;
                continue;
            }
            if (c == '\'' && wordchar_at(t, end, j + 1)) {
                j++;
                continue;
            }
            if (word_continues(t, end, s, j)) {
                j++;
                continue;
            }
            break;
        }
        size_t ap = apostrophe_at(t, end, j);
        if (ap && wordchar_at(t, end, j + ap)) {
            j += ap;
            continue;
        }
        size_t len;
        uint32_t cp = av_text_decode(t, end, j, &len);
        if (!av_text_is_wordchar(cp))
            break;
        j += len;
    }
    /* possessive plural "Edwards' " keeps its apostrophe */
    if (j < end && j > s && (t[j - 1] == 's' || t[j - 1] == 'S')) {
        size_t ap = apostrophe_at(t, end, j);
        if (ap && space_or_end(t, end, j + ap) && j - s > 2)
            j += ap;
    }
    one_word(out, s, j);
    if (j < end && t[j] == '.') {
        int cls = abbrev_class(t, end, s, j);
        if (cls) {
            one_word(out, s, j + 1);
            out->is_abbrev = 1;
            out->is_title_abbrev = cls == 2;
            return;
        }
    }
    split_clitics(t, out);
}

static bool starts_with_nocase(const char *t, size_t end, size_t i, const char *p)
{
    size_t n = strlen(p);
    return i + n <= end && !strncasecmp(t + i, p, n);
}

/* URLs run to the next space, minus trailing punctuation that belongs to
 * the sentence. */
static void scan_url(const char *t, size_t end, size_t s, AvRawToken *out)
{
    size_t j = s;
    int parens = 0;
    while (j < end && !av_text_space_at(t, end, j)) {
        unsigned char c = (unsigned char)t[j];
        if (c == '"' || c == '<' || c == '>' || (c == 0xE2 && j + 1 < end && (unsigned char)t[j + 1] == 0x80))
            break;
        parens += c == '(';
        parens -= c == ')';
        j++;
    }
    while (j > s + 1 && strchr(".,;:!?'])}", t[j - 1])) {
        if (t[j - 1] == ')' && parens >= 0)
            break;
        if (t[j - 1] == ')')
            parens++;
        j--;
    }
    one_word(out, s, j);
}

static bool email_char(unsigned char c)
{
    return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

/* "jane.doe@example.com": the end of the address starting at s, or 0. */
static size_t email_end(const char *t, size_t end, size_t s)
{
    size_t limit = end - s > EMAIL_LOOKAHEAD ? s + EMAIL_LOOKAHEAD : end;
    size_t j = s;
    while (j < limit && email_char((unsigned char)t[j]))
        j++;
    if (j == s || j >= limit || t[j] != '@' || !is_ascii_alnum((unsigned char)t[j + 1 < end ? j + 1 : j]))
        return 0;
    size_t k = j + 1, dot = 0;
    while (k < limit && (is_ascii_alnum((unsigned char)t[k]) || t[k] == '.' || t[k] == '-')) {
        if (t[k] == '.' && k + 1 < end && is_ascii_alnum((unsigned char)t[k + 1]))
            dot = 1;
        k++;
    }
    while (k > j + 1 && (t[k - 1] == '.' || t[k - 1] == '-'))
        k--;
    return dot ? k : 0;
}

/* ":)", ":-(", ";D", ":P" */
static size_t emoticon_len(const char *t, size_t end, size_t s)
{
    size_t j = s + 1;
    if (j < end && t[j] == '-')
        j++;
    if (j >= end || !strchr(")(DPp/|", t[j]))
        return 0;
    j++;
    if (j < end && !av_text_space_at(t, end, j) && strchr("abcdefghijklmnopqrstuvwxyz", t[j]))
        return 0;
    return j - s;
}

/* One emoji with its modifiers, joiners and variation selectors. */
static size_t emoji_len(const char *t, size_t end, size_t s)
{
    size_t len, j = s;
    uint32_t cp = av_text_decode(t, end, j, &len);
    j += len;
    bool flag = cp >= 0x1F1E6 && cp <= 0x1F1FF;
    while (j < end) {
        cp = av_text_decode(t, end, j, &len);
        if (cp == 0xFE0F || cp == 0x20E3 || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
            (cp >= 0xE0020 && cp <= 0xE007F)) {
            j += len;
        } else if (cp == 0x200D && j + len < end) {
            j += len;
            av_text_decode(t, end, j, &len);
            j += len;
        } else if (flag && cp >= 0x1F1E6 && cp <= 0x1F1FF) {
            j += len;
            flag = false;
        } else {
            break;
        }
    }
    return j - s;
}

/* Runs of the same mark are one token: "...", "!!!", "?!", "--". */
static size_t punct_run(const char *t, size_t end, size_t s)
{
    unsigned char c = (unsigned char)t[s];
    size_t j = s + 1;
    if (c == '.' || c == '!' || c == '?') {
        while (j < end && (t[j] == '.' || t[j] == '!' || t[j] == '?'))
            j++;
    } else if (c == '-' || c == '*' || c == '=' || c == '_') {
        while (j < end && (unsigned char)t[j] == c)
            j++;
    }
    return j - s;
}

void av_scan_token(const char *t, size_t end, size_t i, AvRawToken *out)
{
    memset(out, 0, sizeof *out);
    unsigned char c = (unsigned char)t[i];
    unsigned char lc = c | 0x20;
    if ((lc == 'h' || lc == 'f' || lc == 'w') && (starts_with_nocase(t, end, i, "http://") || starts_with_nocase(t, end, i, "https://") ||
        starts_with_nocase(t, end, i, "ftp://") || starts_with_nocase(t, end, i, "www."))) {
        scan_url(t, end, i, out);
        return;
    }
    if (is_ascii_alnum(c)) {
        size_t e = email_end(t, end, i);
        if (e) {
            one_word(out, i, e);
            return;
        }
        scan_word(t, end, i, out);
        return;
    }
    if ((c == '@' || c == '#') && wordchar_at(t, end, i + 1)) {
        size_t j = i + 1, len;
        while (j < end && (wordchar_at(t, end, j) || t[j] == '_')) {
            av_text_decode(t, end, j, &len);
            j += len;
        }
        one_word(out, i, j);
        return;
    }
    if (c == ':' || c == ';') {
        size_t n = emoticon_len(t, end, i);
        one_word(out, i, i + (n ? n : 1));
        return;
    }
    if (c < 0x80) {
        one_word(out, i, i + punct_run(t, end, i));
        return;
    }
    size_t len;
    uint32_t cp = av_text_decode(t, end, i, &len);
    if (av_text_is_wordchar(cp)) {
        scan_word(t, end, i, out);
        return;
    }
    if (av_text_is_emoji(cp)) {
        one_word(out, i, i + emoji_len(t, end, i));
        return;
    }
    one_word(out, i, i + len);
}
