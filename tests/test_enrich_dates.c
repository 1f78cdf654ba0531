/*
 * test_enrich_dates.c — event dates: temporal expressions resolved against
 * the publication date with the clause's tense (past: the day before, future:
 * the day after), month and year roll-over, leap years, datelines, and
 * records whose date is missing or malformed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "avocet.h"
#include "enrich/enrich.h"
#include "data/enrich/simple_tokens.h"

static AvDocument *segment(const char *text, const char *date)
{
    const char *one[] = {text};
    AvDocument *doc = st_document(one, 1, date);
    assert_non_null(doc);
    return doc;
}

static int32_t word_index(const AvSentence *s, const char *form)
{
    for (uint32_t i = 0; i < s->n_tokens; i++)
        if (!strcmp(s->tokens[i].form, form))
            return (int32_t)i;
    fail_msg("no word '%s'", form);
    return -1;
}

/* The date of the first temporal expression of the sentence, as the event
 * triggered by `trigger` would get it: "YYYY-MM-DD/precision" or "none". */
static void resolve(const char *pub, const char *text, const char *trigger, char *out, size_t cap)
{
    AvDocument *doc = segment(text, pub);
    AvDay day = {0, 0, 0};
    if (pub)
        assert_true(av_day_parse(pub, &day));
    const AvSentence *s = &doc->sentences[0];
    AvTense tense = av_clause_tense(s, word_index(s, trigger));
    AvTimex t[4];
    size_t n = av_find_timexes(s, day, tense, t, 4);
    if (n == 0)
        snprintf(out, cap, "none");
    else
        snprintf(out, cap, "%04d-%02d-%02d/%s", t[0].day.y, t[0].day.m, t[0].day.d, t[0].precision);
    av_doc_free(doc);
}

#define EXPECT(pub, text, trigger, want)                                                     \
    do {                                                                                     \
        char got[64];                                                                        \
        resolve(pub, text, trigger, got, sizeof got);                                        \
        if (strcmp(got, want))                                                               \
            fail_msg("'%s' (published %s): got %s, want %s", text, pub ? pub : "-", got, want); \
    } while (0)

static void calendar(void **state)
{
    (void)state;
    AvDay d = {2024, 2, 29};
    assert_int_equal(av_weekday(d), 3);                     /* a Thursday */
    AvDay next = av_day_from_number(av_day_number(d) + 1);
    assert_int_equal(next.m, 3);
    assert_int_equal(next.d, 1);
    assert_int_equal(av_days_in_month(1900, 2), 28);       /* not a leap year */
    assert_int_equal(av_days_in_month(2000, 2), 29);       /* a leap year */
    AvDay bad;
    assert_false(av_day_parse("2023-02-29", &bad));
    assert_false(av_day_parse("2026-13-01", &bad));
    assert_false(av_day_parse("yesterday", &bad));
}

/* 2026-03-18 is a Wednesday. */
static void weekdays_follow_tense(void **state)
{
    (void)state;
    EXPECT("2026-03-18", "Israeli jets struck Gaza on Monday.", "struck", "2026-03-16/day");
    EXPECT("2026-03-18", "The envoy will travel to Cairo by Thursday.", "travel", "2026-03-19/day");
    EXPECT("2026-03-18", "The envoy will travel to Cairo on Monday.", "travel", "2026-03-23/day");
    EXPECT("2026-03-18", "Police arrested the suspects on Wednesday.", "arrested", "2026-03-18/day");
    EXPECT("2026-03-18", "Rebels attacked a convoy last Wednesday.", "attacked", "2026-03-11/day");
    EXPECT("2026-03-18", "The ministers meet again next Wednesday.", "meet", "2026-03-25/day");
    /* a weekday before the publication day of the week, across a month */
    EXPECT("2026-04-01", "Militants shelled the town on Saturday.", "shelled", "2026-03-28/day");
    EXPECT("2026-12-30", "Talks will resume on Friday.", "resume", "2027-01-01/day");
}

static void tags_decide_the_tense(void **state)
{
    (void)state;
    const char *text = "Negotiators meet in Doha on Friday.";
    /* untagged present: the nearest Friday (2 days ahead, not 5 back) */
    EXPECT("2026-03-18", text, "meet", "2026-03-20/day");
    AvDocument *doc = segment(text, "2026-03-18");
    AvSentence *s = &doc->sentences[0];
    s->tokens[word_index(s, "meet")].xpos = "VBD";          /* a tagger says: past */
    AvDay pub = {2026, 3, 18};
    AvTimex t[2];
    assert_int_equal(av_clause_tense(s, word_index(s, "meet")), AV_TENSE_PAST);
    assert_int_equal(av_find_timexes(s, pub, AV_TENSE_PAST, t, 2), 1);
    assert_int_equal(t[0].day.d, 13);
    s->tokens[word_index(s, "meet")].xpos = "VB";
    s->tokens[word_index(s, "Negotiators")].xpos = "NNS";
    av_doc_free(doc);
    doc = segment("Negotiators will meet in Doha on Friday.", "2026-03-18");
    s = &doc->sentences[0];
    s->tokens[word_index(s, "will")].xpos = "MD";
    s->tokens[word_index(s, "will")].head = word_index(s, "meet") + 1;
    s->tokens[word_index(s, "meet")].head = 0;
    assert_int_equal(av_clause_tense(s, word_index(s, "meet")), AV_TENSE_FUTURE);
    av_doc_free(doc);
}

static void relative_days_weeks_months(void **state)
{
    (void)state;
    EXPECT("2026-03-18", "Gunmen killed two guards yesterday.", "killed", "2026-03-17/day");
    EXPECT("2026-03-01", "Gunmen killed two guards yesterday.", "killed", "2026-02-28/day");
    EXPECT("2024-03-01", "Gunmen killed two guards yesterday.", "killed", "2024-02-29/day");
    EXPECT("2026-01-01", "Gunmen killed two guards yesterday.", "killed", "2025-12-31/day");
    EXPECT("2026-03-18", "Troops withdrew overnight.", "withdrew", "2026-03-18/day");
    EXPECT("2026-03-18", "Protesters gathered this morning.", "gathered", "2026-03-18/day");
    EXPECT("2026-03-18", "The army said it shelled the area last week.", "shelled",
           "2026-03-09/week");
    EXPECT("2026-03-18", "The two leaders met earlier this month.", "met", "2026-03-01/month");
    EXPECT("2026-01-10", "The two leaders met last month.", "met", "2025-12-01/month");
    EXPECT("2026-03-18", "Rebels seized the town three days ago.", "seized", "2026-03-15/day");
    EXPECT("2026-03-18", "Exports rose last year.", "rose", "2025-01-01/year");
}

static void month_dates_and_years(void **state)
{
    (void)state;
    EXPECT("2026-06-01", "Israeli forces raided Jenin on May 24.", "raided", "2026-05-24/day");
    EXPECT("2026-06-01", "Israeli forces raided Jenin on May 24, 2021.", "raided",
           "2021-05-24/day");
    EXPECT("2026-06-01", "Israeli forces raided Jenin on 24 May 2021.", "raided", "2021-05-24/day");
    /* past, without a year, after the publication day: last year */
    EXPECT("2026-01-03", "Protesters clashed with police on Dec. 28.", "clashed", "2025-12-28/day");
    /* future, before the publication day: next year */
    EXPECT("2026-12-30", "Talks will resume on January 5.", "resume", "2027-01-05/day");
    EXPECT("2026-06-01", "The parliament will vote in September.", "vote", "2026-09-01/month");
    EXPECT("2026-06-01", "Fighting broke out in September.", "broke", "2025-09-01/month");
    /* leap day: a past Feb. 29 without a year is the last leap year's */
    EXPECT("2025-03-10", "Rockets hit the city on Feb. 29.", "hit", "2024-02-29/day");
    EXPECT("2024-03-10", "Rockets hit the city on Feb. 29.", "hit", "2024-02-29/day");
    EXPECT("2026-06-01", "Israel occupied the West Bank in 1967.", "occupied", "1967-01-01/year");
    EXPECT("2026-06-01", "Russia has occupied Crimea since 2014.", "occupied", "2014-01-01/year");
    /* explicit dates need no publication date */
    EXPECT(NULL, "Israeli forces raided Jenin on May 24, 2021.", "raided", "2021-05-24/day");
    EXPECT(NULL, "Israeli forces raided Jenin on Monday.", "raided", "none");
}

static void not_dates(void **state)
{
    (void)state;
    EXPECT("2026-06-01", "Israel may strike Iran.", "strike", "none");
    EXPECT("2026-06-01", "Militants fired 1967 rockets.", "fired", "none");
    EXPECT("2026-06-01", "The May Day rally drew thousands.", "drew", "none");
}

/* A fake event on sentence si whose trigger is the word `trigger`. */
static void add_event(AvDocument *doc, uint32_t si, const char *trigger)
{
    AvEvent *e = av_arena_alloc(&doc->arena, sizeof *e);
    assert_non_null(e);
    const AvSentence *s = &doc->sentences[si];
    int32_t w = word_index(s, trigger);
    e->sentence = si;
    e->trigger_start = s->tokens[w].start;
    e->trigger_end = s->tokens[w].end;
    e->trigger = trigger;
    e->date = doc->date;
    e->source.first = e->target.first = -1;
    snprintf(e->id, sizeof e->id, "%016x", si);
    doc->events = e;
    doc->n_events = 1;
}

static void publication_dates_and_warnings(void **state)
{
    (void)state;
    AvEnrichOptions opt = {NULL, NULL};
    AvError err;
    /* no record date: the dateline gives it */
    const char *two[] = {"CAIRO, March 14, 2026 (Reuters) -",
                         "Egyptian police arrested dozens of protesters on Friday."};
    AvDocument *doc = st_document(two, 2, NULL);
    add_event(doc, 1, "arrested");
    assert_int_equal(av_enrich_document(&opt, doc, &err), AV_OK);
    assert_string_equal(err.msg, "");
    assert_string_equal(doc->date, "2026-03-14");
    assert_string_equal(doc->events[0].date, "2026-03-13");
    assert_string_equal(doc->events[0].date_origin, "text");
    assert_string_equal(doc->events[0].date_text, "on Friday");
    av_doc_free(doc);

    /* a malformed record date: one warning, no crash, dates from text only */
    doc = segment("Egyptian police arrested dozens of protesters on May 24, 2021.", "2026-13-45");
    add_event(doc, 0, "arrested");
    assert_int_equal(av_enrich_document(&opt, doc, &err), AV_OK);
    assert_non_null(strstr(err.msg, "malformed publication date"));
    assert_string_equal(doc->events[0].date, "2021-05-24");
    av_doc_free(doc);

    /* no date at all: a warning, and the event has no date */
    doc = segment("Egyptian police arrested dozens of protesters on Friday.", NULL);
    add_event(doc, 0, "arrested");
    assert_int_equal(av_enrich_document(&opt, doc, &err), AV_OK);
    assert_non_null(strstr(err.msg, "no publication date"));
    assert_null(doc->events[0].date);
    av_doc_free(doc);

    /* no expression: the publication date, marked as such */
    doc = segment("Egyptian police arrested dozens of protesters.", "2026-03-18");
    add_event(doc, 0, "arrested");
    assert_int_equal(av_enrich_document(&opt, doc, &err), AV_OK);
    assert_string_equal(err.msg, "");
    assert_string_equal(doc->events[0].date, "2026-03-18");
    assert_string_equal(doc->events[0].date_origin, "publication");
    assert_string_equal(doc->events[0].date_precision, "day");
    av_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(calendar),
        cmocka_unit_test(weekdays_follow_tense),
        cmocka_unit_test(tags_decide_the_tense),
        cmocka_unit_test(relative_days_weeks_months),
        cmocka_unit_test(month_dates_and_years),
        cmocka_unit_test(not_dates),
        cmocka_unit_test(publication_dates_and_warnings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
