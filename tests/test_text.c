/* test_text.c — the text stage: sentences, kinds, tokens, normalisation. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "avocet.h"

static AvDocument *segment(const char *text)
{
    AvDocument *doc = av_doc_new();
    AvError err;
    assert_non_null(doc);
    assert_int_equal(av_doc_set_text(doc, text, strlen(text), &err), AV_OK);
    assert_int_equal(av_segment(doc, &err), AV_OK);
    return doc;
}

/* Word forms of sentence si joined by '|', surface tokens of several words
 * shown as [a+b]. */
static const char *forms(const AvDocument *doc, uint32_t si, char *buf, size_t cap)
{
    const AvSentence *s = &doc->sentences[si];
    size_t o = 0;
    buf[0] = '\0';
    for (uint32_t i = 0; i < s->n_tokens; i++) {
        const AvToken *t = &s->tokens[i];
        bool first_part = i + 1 < s->n_tokens && s->tokens[i + 1].surface == t->surface &&
                          (i == 0 || s->tokens[i - 1].surface != t->surface);
        bool in_group = i > 0 && s->tokens[i - 1].surface == t->surface;
        bool last_part = in_group && (i + 1 == s->n_tokens || s->tokens[i + 1].surface != t->surface);
        o += (size_t)snprintf(buf + o, cap - o, "%s%s%s%s", i && !in_group ? "|" : "",
                              first_part ? "[" : in_group ? "+" : "", t->form, last_part ? "]" : "");
        if (o >= cap)
            break;
    }
    return buf;
}

static const char *sentence_text(const AvDocument *doc, uint32_t si, char *buf, size_t cap)
{
    const AvSentence *s = &doc->sentences[si];
    size_t n = s->end - s->start < cap - 1 ? s->end - s->start : cap - 1;
    memcpy(buf, doc->text + s->start, n);
    buf[n] = '\0';
    return buf;
}

static void abbreviations_do_not_end_sentences(void **state)
{
    (void)state;
    char b[512];
    AvDocument *d = segment("Mr. Smith met Gen. Jones, Lt. Col. Brown and Sen. Reid on Jan. 5 at "
                            "10 a.m. in the U.S. capital, near the U.N. and E.U. offices. Gov. "
                            "Cuomo and Dr. Lee of Acme Inc. and Widget Corp. arrived at 3 p.m. "
                            "on St. Mark's day.");
    assert_int_equal(d->n_sentences, 2);
    assert_string_equal(forms(d, 0, b, sizeof b),
                        "Mr.|Smith|met|Gen.|Jones|,|Lt.|Col.|Brown|and|Sen.|Reid|on|Jan.|5|at|10|"
                        "a.m.|in|the|U.S.|capital|,|near|the|U.N.|and|E.U.|offices|.");
    assert_string_equal(sentence_text(d, 1, b, sizeof b),
                        "Gov. Cuomo and Dr. Lee of Acme Inc. and Widget Corp. arrived at 3 p.m. on "
                        "St. Mark's day.");
    av_doc_free(d);
    d = segment("The order, No. 5, came from Prof. Lee vs. the board, Ltd. firms etc. were "
                "named. Rep. Ross and Mrs. Day agreed.");
    assert_int_equal(d->n_sentences, 2);
    assert_string_equal(forms(d, 0, b, sizeof b),
                        "The|order|,|No.|5|,|came|from|Prof.|Lee|vs.|the|board|,|Ltd.|firms|etc.|"
                        "were|named|.");
    av_doc_free(d);
}

static void abbreviation_can_end_a_sentence(void **state)
{
    (void)state;
    char b[512];
    AvDocument *d = segment("The deal was signed by Acme Corp. The company said it would grow. "
                            "Troops left the U.S. They went home.");
    assert_int_equal(d->n_sentences, 4);
    assert_string_equal(forms(d, 0, b, sizeof b), "The|deal|was|signed|by|Acme|Corp.");
    assert_string_equal(forms(d, 2, b, sizeof b), "Troops|left|the|U.S.");
    av_doc_free(d);
    d = segment("U.S. President Joe Biden met U.N. Secretary-General Antonio Guterres.");
    assert_int_equal(d->n_sentences, 1);
    av_doc_free(d);
}

static void initials(void **state)
{
    (void)state;
    char b[512];
    AvDocument *d = segment("The book by J. K. Rowling sold well. George W. Bush read it.");
    assert_int_equal(d->n_sentences, 2);
    assert_string_equal(forms(d, 0, b, sizeof b), "The|book|by|J.|K.|Rowling|sold|well|.");
    assert_string_equal(forms(d, 1, b, sizeof b), "George|W.|Bush|read|it|.");
    av_doc_free(d);
}

static void decimals_and_amounts(void **state)
{
    (void)state;
    char b[512];
    AvDocument *d = segment("Revenue rose 3.5% to $3.8 billion, or 4,000 units, on 2026-03-14. "
                            "It was 1,234,567.89 dollars at 10:30 on 03/14/2026.");
    assert_int_equal(d->n_sentences, 2);
    assert_string_equal(forms(d, 0, b, sizeof b),
                        "Revenue|rose|3.5|%|to|$|3.8|billion|,|or|4,000|units|,|on|2026-03-14|.");
    assert_string_equal(forms(d, 1, b, sizeof b),
                        "It|was|1,234,567.89|dollars|at|10:30|on|03/14/2026|.");
    av_doc_free(d);
}

static void quotes_end_sentences(void **state)
{
    (void)state;
    char b[512];
    AvDocument *d = segment("\"We will not retreat.\" The minister then left. He said: "
                            "\xE2\x80\x9CWe will fight.\xE2\x80\x9D Talks resumed (briefly.) "
                            "Nobody came.");
    assert_int_equal(d->n_sentences, 5);
    assert_string_equal(forms(d, 0, b, sizeof b), "\"|We|will|not|retreat|.|\"");
    assert_string_equal(forms(d, 2, b, sizeof b), "He|said|:|\"|We|will|fight|.|\"");
    assert_string_equal(sentence_text(d, 2, b, sizeof b),
                        "He said: \xE2\x80\x9CWe will fight.\xE2\x80\x9D");
    assert_string_equal(forms(d, 3, b, sizeof b), "Talks|resumed|(|briefly|.|)");
    av_doc_free(d);
    /* a closing quote typed as an opening one still closes its sentence;
     * one that opens the next sentence does not */
    d = segment("He called it a misguided decision.\xE2\x80\x9C However, the agency will "
                "stay. She said: \xE2\x80\x9CWe stay.\xE2\x80\x9D");
    assert_int_equal(d->n_sentences, 3);
    assert_string_equal(sentence_text(d, 0, b, sizeof b),
                        "He called it a misguided decision.\xE2\x80\x9C");
    assert_string_equal(forms(d, 1, b, sizeof b), "However|,|the|agency|will|stay|.");
    av_doc_free(d);
}

static void ellipses_and_marks(void **state)
{
    (void)state;
    char b[512];
    AvDocument *d = segment("He paused... Then he spoke. It went on... and on \xE2\x80\xA6 and on. "
                            "Really?! Yes!!! Why? Because.");
    assert_int_equal(d->n_sentences, 7);
    assert_string_equal(forms(d, 0, b, sizeof b), "He|paused|...");
    assert_string_equal(forms(d, 2, b, sizeof b),
                        "It|went|on|...|and|on|\xE2\x80\xA6|and|on|.");
    assert_string_equal(forms(d, 3, b, sizeof b), "Really|?!");
    assert_string_equal(forms(d, 4, b, sizeof b), "Yes|!!!");
    av_doc_free(d);
}

static void lists_start_sentences(void **state)
{
    (void)state;
    char b[512];
    AvDocument *d = segment("The demands were:\n- a ceasefire\n- the release of prisoners\n"
                            "1. talks in Cairo\n2. aid");
    assert_int_equal(d->n_sentences, 5);
    assert_string_equal(forms(d, 1, b, sizeof b), "-|a|ceasefire");
    assert_string_equal(forms(d, 3, b, sizeof b), "1|.|talks|in|Cairo");
    av_doc_free(d);
}

static void news_kinds(void **state)
{
    (void)state;
    char b[512];
    AvDocument *d = segment("2026-03-14\n\nIsrael and Hamas Agree to Gaza Ceasefire\n"
                            "By JANE DOE and JOHN ROE, Reuters\n\n"
                            "JERUSALEM, May 24 (Reuters) - Israel said on Sunday it would halt "
                            "air strikes. Hamas agreed.\n\n"
                            "The truce was brokered\nby Egypt and Qatar.\n\n"
                            "(Reporting by John Roe; Editing by Sam Poe)\n");
    assert_int_equal(d->n_sentences, 8);
    const AvSentenceKind want[] = {AV_SENT_DATE, AV_SENT_HEADLINE, AV_SENT_BYLINE,
                                   AV_SENT_DATELINE, AV_SENT_BODY, AV_SENT_BODY,
                                   AV_SENT_BODY, AV_SENT_BYLINE};
    const uint32_t para[] = {0, 1, 1, 2, 2, 2, 3, 4};
    for (uint32_t i = 0; i < 8; i++) {
        assert_int_equal(d->sentences[i].kind, want[i]);
        assert_int_equal(d->sentences[i].paragraph, para[i]);
        assert_int_equal(d->sentences[i].index, i);
    }
    assert_string_equal(sentence_text(d, 3, b, sizeof b), "JERUSALEM, May 24 (Reuters) -");
    assert_string_equal(sentence_text(d, 4, b, sizeof b),
                        "Israel said on Sunday it would halt air strikes.");
    assert_string_equal(sentence_text(d, 6, b, sizeof b), "The truce was brokered\nby Egypt and Qatar.");
    av_doc_free(d);

    d = segment("March 14, 2026\nCAIRO, March 14 (AFP) \xE2\x80\x94 Egypt opened the crossing.");
    assert_int_equal(d->n_sentences, 3);
    assert_int_equal(d->sentences[0].kind, AV_SENT_DATE);
    assert_int_equal(d->sentences[1].kind, AV_SENT_DATELINE);
    assert_string_equal(sentence_text(d, 1, b, sizeof b), "CAIRO, March 14 (AFP) \xE2\x80\x94");
    assert_int_equal(d->sentences[2].kind, AV_SENT_BODY);
    av_doc_free(d);

    d = segment("SALVADOR, Feb 26 - Showers continued throughout the week in the cocoa zone.\n\n"
                "Photo: Jane Doe/Reuters\n\n(AP Photo/John Roe)");
    assert_int_equal(d->n_sentences, 4);
    assert_int_equal(d->sentences[0].kind, AV_SENT_DATELINE);
    assert_string_equal(sentence_text(d, 0, b, sizeof b), "SALVADOR, Feb 26 -");
    assert_int_equal(d->sentences[1].kind, AV_SENT_BODY);
    assert_int_equal(d->sentences[2].kind, AV_SENT_BYLINE);
    assert_int_equal(d->sentences[3].kind, AV_SENT_BYLINE);
    av_doc_free(d);
}

static void wrapped_first_line_is_not_a_headline(void **state)
{
    (void)state;
    AvDocument *d = segment("The minister said on\nTuesday that talks would resume in Cairo.\n");
    assert_int_equal(d->n_sentences, 1);
    assert_int_equal(d->sentences[0].kind, AV_SENT_BODY);
    av_doc_free(d);
    d = segment("Rockets hit Sderot");
    assert_int_equal(d->n_sentences, 1);
    assert_int_equal(d->sentences[0].kind, AV_SENT_BODY);
    av_doc_free(d);
    /* a capitalised first line that goes on in lower case on the next line
     * (PETRARCH records wrap their one sentence like this) */
    d = segment("Bree Prime Minister Romendacil will meet Eriadori and Calenardhon\n"
                "leaders during a brief private visit to Eriador.\n");
    assert_int_equal(d->n_sentences, 1);
    assert_int_equal(d->sentences[0].kind, AV_SENT_BODY);
    av_doc_free(d);
}

/* A document known to be one sentence (PETRARCH record, sentence="true")
 * is tokenised, never split, however its lines are wrapped. */
static void one_sentence_documents_are_not_split(void **state)
{
    (void)state;
    const char *text = "Gollum centre of a diplomatic row between\nRadagast the Brown called on "
                       "Gondor late Sunday.\n";
    AvDocument *doc = av_doc_new();
    AvError err;
    assert_int_equal(av_doc_set_text(doc, text, strlen(text), &err), AV_OK);
    doc->one_sentence = 1;
    assert_int_equal(av_segment(doc, &err), AV_OK);
    assert_int_equal(doc->n_sentences, 1);
    assert_int_equal(doc->sentences[0].kind, AV_SENT_BODY);
    assert_int_equal(doc->sentences[0].n_tokens, 16);
    av_doc_free(doc);
}

static void clitics_are_multiword_tokens(void **state)
{
    (void)state;
    char b[512];
    const char *text = "I don't think they're sure Bush's plan can't work; we cannot wait, "
                       "won't we? I'm gonna go, it's late, we've said you'll see he'd agree.";
    AvDocument *d = segment(text);
    assert_int_equal(d->n_sentences, 2);
    assert_string_equal(forms(d, 0, b, sizeof b),
                        "I|[do+n't]|think|[they+'re]|sure|[Bush+'s]|plan|[ca+n't]|work|;|we|"
                        "[can+not]|wait|,|[wo+n't]|we|?");
    assert_string_equal(forms(d, 1, b, sizeof b),
                        "[I+'m]|[gon+na]|go|,|[it+'s]|late|,|[we+'ve]|said|[you+'ll]|see|[he+'d]|"
                        "agree|.");
    /* each word of "don't" points at its own bytes */
    const AvToken *t = d->sentences[0].tokens;
    assert_int_equal(t[1].surface, t[2].surface);
    assert_int_equal(t[1].start, 2);
    assert_int_equal(t[1].end, 4);
    assert_int_equal(t[2].start, 4);
    assert_int_equal(t[2].end, 7);
    assert_int_equal(t[1].space_after, 0);
    assert_int_equal(t[2].space_after, 1);
    assert_int_equal(t[0].head, -1);
    av_doc_free(d);

    /* curly apostrophe: offsets in the original, form normalised */
    d = segment("Israel\xE2\x80\x99s army didn\xE2\x80\x99t move.");
    assert_string_equal(forms(d, 0, b, sizeof b), "[Israel+'s]|army|[did+n't]|move|.");
    assert_int_equal(d->sentences[0].tokens[1].start, 6);
    assert_int_equal(d->sentences[0].tokens[1].end, 10);
    av_doc_free(d);
}

static void hyphens_follow_ewt(void **state)
{
    (void)state;
    char b[512];
    AvDocument *d = segment("A pro-Western e-mail about the Google-hates-privacy non-profit "
                            "self-defense.");
    assert_string_equal(forms(d, 0, b, sizeof b),
                        "A|pro-Western|e-mail|about|the|Google|-|hates|-|privacy|non-profit|self|"
                        "-|defense|.");
    av_doc_free(d);
}

static void urls_mail_handles_emoji(void **state)
{
    (void)state;
    char b[512];
    AvDocument *d = segment("See https://example.com/a?b=1. Mail jane.doe@example.org or "
                            "@janedoe #Gaza \xF0\x9F\x98\x80\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD now :) "
                            "(www.un.org).");
    assert_int_equal(d->n_sentences, 2);
    assert_string_equal(forms(d, 0, b, sizeof b), "See|https://example.com/a?b=1|.");
    assert_string_equal(forms(d, 1, b, sizeof b),
                        "Mail|jane.doe@example.org|or|@janedoe|#Gaza|\xF0\x9F\x98\x80|"
                        "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD|now|:)|(|www.un.org|)|.");
    av_doc_free(d);
}

static void typographic_normalisation(void **state)
{
    (void)state;
    char b[512];
    /* NBSP and thin space separate tokens; dashes and quotes fold; e + combining acute -> é */
    AvDocument *d = segment("\xE2\x80\x98Peace\xE2\x80\x99 in 2026\xE2\x80\x93" "27\xC2\xA0now"
                            "\xE2\x80\x89\xE2\x80\x94 caf" "e\xCC\x81.");
    assert_string_equal(forms(d, 0, b, sizeof b), "'|Peace|'|in|2026|-|27|now|-|caf\xC3\xA9|.");
    const AvToken *t = d->sentences[0].tokens;
    assert_int_equal(t[1].start, 3);
    assert_int_equal(t[1].end, 8);
    av_doc_free(d);
}

static void invalid_utf8_and_nul(void **state)
{
    (void)state;
    char b[512];
    const char raw[] = "Bad \xFF\xFE bytes\0here. Fine \xC3\x28.";
    AvDocument *doc = av_doc_new();
    AvError err;
    assert_int_equal(av_doc_set_text(doc, raw, sizeof raw - 1, &err), AV_OK);
    assert_int_equal(doc->invalid_bytes, 4);
    assert_int_equal(av_segment(doc, &err), AV_OK);
    assert_int_equal(doc->n_sentences, 2);
    assert_string_equal(forms(doc, 0, b, sizeof b),
                        "Bad|\xEF\xBF\xBD|\xEF\xBF\xBD|bytes|\xEF\xBF\xBD|here|.");
    av_doc_free(doc);
}

static void empty_and_degenerate_text(void **state)
{
    (void)state;
    AvDocument *d = segment("");
    assert_int_equal(d->n_sentences, 0);
    av_doc_free(d);
    d = segment(" \n\n\t \r\n ");
    assert_int_equal(d->n_sentences, 0);
    av_doc_free(d);
    d = segment("?!.,;:-)(\"'");
    assert_true(d->n_sentences >= 1);
    uint32_t covered = 0;
    for (uint32_t s = 0; s < d->n_sentences; s++)
        for (uint32_t i = 0; i < d->sentences[s].n_tokens; i++)
            covered += d->sentences[s].tokens[i].end - d->sentences[s].tokens[i].start;
    assert_int_equal(covered, 11);
    av_doc_free(d);
}

/* 50 MB without a newline: realistic words, then no whitespace at all. */
static void huge_single_line(void **state)
{
    (void)state;
    size_t size = getenv("AVOCET_SANITIZED") ? 5u << 20 : 50u << 20;
    const char *unit = "The army fired 3.5 shells at the U.S. base and officials didn't say why ";
    size_t ul = strlen(unit);
    char *text = malloc(size + 1);
    assert_non_null(text);
    for (size_t i = 0; i < size; i++)
        text[i] = unit[i % ul];
    text[size] = '\0';
    AvDocument *d = segment(text);
    assert_true(d->n_sentences > 0);
    const AvSentence *last = &d->sentences[d->n_sentences - 1];
    assert_true(last->end <= size && last->end > size - ul);
    for (uint32_t s = 0; s < d->n_sentences; s++)
        assert_true(d->sentences[s].n_tokens <= 1000);
    av_doc_free(d);

    memset(text, 'x', size);
    for (size_t i = 1000; i < size; i += 4096)
        text[i] = '-';
    d = segment(text);
    assert_true(d->n_sentences > 0);
    av_doc_free(d);
    free(text);
}

static void segment_replaces_sentences_and_title(void **state)
{
    (void)state;
    AvDocument *d = av_doc_new();
    AvError err;
    const char *text = "Rebels seize town?\n\nRebels seized the town. Nobody was hurt.";
    assert_int_equal(av_doc_set_text(d, text, strlen(text), &err), AV_OK);
    d->title_len = 18;
    assert_int_equal(av_segment(d, &err), AV_OK);
    assert_int_equal(av_segment(d, &err), AV_OK);
    assert_int_equal(d->n_sentences, 3);
    assert_int_equal(d->sentences[0].kind, AV_SENT_HEADLINE);
    assert_int_equal(d->sentences[1].kind, AV_SENT_BODY);
    av_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(abbreviations_do_not_end_sentences),
        cmocka_unit_test(abbreviation_can_end_a_sentence),
        cmocka_unit_test(initials),
        cmocka_unit_test(decimals_and_amounts),
        cmocka_unit_test(quotes_end_sentences),
        cmocka_unit_test(ellipses_and_marks),
        cmocka_unit_test(lists_start_sentences),
        cmocka_unit_test(news_kinds),
        cmocka_unit_test(wrapped_first_line_is_not_a_headline),
        cmocka_unit_test(one_sentence_documents_are_not_split),
        cmocka_unit_test(clitics_are_multiword_tokens),
        cmocka_unit_test(hyphens_follow_ewt),
        cmocka_unit_test(urls_mail_handles_emoji),
        cmocka_unit_test(typographic_normalisation),
        cmocka_unit_test(invalid_utf8_and_nul),
        cmocka_unit_test(empty_and_degenerate_text),
        cmocka_unit_test(huge_single_line),
        cmocka_unit_test(segment_replaces_sentences_and_title),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
