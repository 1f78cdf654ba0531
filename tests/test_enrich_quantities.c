/*
 * test_enrich_quantities.c — casualty counts, money, weapons and people
 * counts with their qualifiers, numbers that are not quantities, and the
 * clause a quantity is attached to.
 */
#include <math.h>
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

static void num(char *buf, size_t cap, double v)
{
    if (isnan(v))
        snprintf(buf, cap, "-");
    else
        snprintf(buf, cap, "%.15g", v);
}

/* Quantities of one sentence as "kind value/min/max unit [qualifier] 'text'"
 * joined by "; ". */
static void quantities(const char *text, char *out, size_t cap)
{
    const char *one[] = {text};
    AvDocument *doc = st_document(one, 1, "2026-03-18");
    assert_non_null(doc);
    AvQuantityHit h[8];
    size_t n = av_find_quantities(doc, &doc->sentences[0], h, 8);
    out[0] = '\0';
    for (size_t i = 0; i < n && i < 8; i++) {
        char v[32], lo[32], hi[32];
        num(v, sizeof v, h[i].q.value);
        num(lo, sizeof lo, h[i].q.min);
        num(hi, sizeof hi, h[i].q.max);
        size_t len = strlen(out);
        snprintf(out + len, cap - len, "%s%s %s/%s/%s %s%s%s%s '%s'", len ? "; " : "",
                 h[i].q.kind, v, lo, hi, h[i].q.unit, h[i].q.qualifier ? " [" : "",
                 h[i].q.qualifier ? h[i].q.qualifier : "", h[i].q.qualifier ? "]" : "",
                 h[i].q.text);
    }
    av_doc_free(doc);
}

#define EXPECT(text, want)                                                 \
    do {                                                                   \
        char got[1024];                                                    \
        quantities(text, got, sizeof got);                                 \
        if (strcmp(got, want))                                             \
            fail_msg("'%s':\n  got  %s\n  want %s", text, got, want);      \
    } while (0)

static void casualties(void **state)
{
    (void)state;
    EXPECT("At least 12 people were killed and 40 wounded.",
           "killed 12/12/- people [at least] 'At least 12 people were killed'; "
           "wounded 40/40/40 people '40 wounded'");
    EXPECT("An air strike killed 7 civilians in Khan Younis.",
           "killed 7/7/7 civilians '7 civilians'");
    EXPECT("The death toll rose to 45.", "killed 45/45/45 people '45'");
    EXPECT("Five soldiers were injured in the blast.",
           "wounded 5/5/5 soldiers 'Five soldiers were injured'");
    EXPECT("Police detained 15 activists overnight.", "arrested 15/15/15 activists '15 activists'");
    EXPECT("More than 200 protesters were arrested.",
           "arrested 200/200/- protesters [more than] 'More than 200 protesters were arrested'");
    EXPECT("The fighting displaced 10,000 residents.",
           "displaced 10000/10000/10000 residents '10,000 residents'");
    EXPECT("Up to 300 migrants are missing.",
           "missing 300/-/300 migrants [up to] 'Up to 300 migrants are missing'");
    EXPECT("Dozens were killed.", "killed -/24/- people 'Dozens were killed'");
    EXPECT("Nearly 30 dead after the storm.", "killed 30/-/30 people [nearly] 'Nearly 30 dead'");
}

static void money(void **state)
{
    (void)state;
    EXPECT("The World Bank approved $3.8 billion in aid.", "money 3800000000/3800000000/3800000000 USD '$3.8 billion'");
    EXPECT("Washington pledged US $ 235 million to Jordan.",
           "money 235000000/235000000/235000000 USD 'US $ 235 million'");
    EXPECT("The EU offered €1.2bn to Turkey.", "money 1200000000/1200000000/1200000000 EUR '€1.2bn'");
    EXPECT("Israel will pay 50 million shekels.", "money 50000000/50000000/50000000 ILS '50 million shekels'");
    EXPECT("Iran seized about $2 million in cash.", "money 2000000/-/- USD [about] 'about $2 million'");
}

static void weapons_and_people(void **state)
{
    (void)state;
    EXPECT("Hamas fired more than 4,000 rockets.",
           "weapons 4000/4000/- rockets [more than] 'more than 4,000 rockets'");
    EXPECT("Thousands of protesters marched on the palace.",
           "people -/2000/- protesters 'Thousands of protesters'");
    EXPECT("Hundreds of troops crossed the border.", "people -/200/- troops 'Hundreds of troops'");
    EXPECT("Tens of thousands of refugees fled.", "displaced -/20000/- refugees 'Tens of thousands of refugees fled'");
    EXPECT("The army deployed 3 tanks and between 20 and 30 drones.",
           "weapons 3/3/3 tanks '3 tanks'; weapons -/20/30 drones [between] 'between 20 and 30 drones'");
}

static void not_quantities(void **state)
{
    (void)state;
    EXPECT("Israel occupied the West Bank in 1967.", "");
    EXPECT("The raid took place on May 24.", "");
    EXPECT("Inflation rose 5 percent.", "");
    EXPECT("The council passed Resolution 242.", "");
    EXPECT("The talks began at 10:30.", "");
}

/* A quantity goes to the event of its clause (here: nearest trigger, the
 * sentence being unparsed), and every event of that clause. */
static void attached_to_the_events_clause(void **state)
{
    (void)state;
    const char *one[] = {"Militants fired 40 rockets and Israel arrested 12 suspects."};
    AvDocument *doc = st_document(one, 1, "2026-03-18");
    AvEvent *e = av_arena_alloc(&doc->arena, 2 * sizeof *e);
    const AvSentence *s = &doc->sentences[0];
    const char *triggers[2] = {"fired", "arrested"};
    for (int k = 0; k < 2; k++) {
        for (uint32_t i = 0; i < s->n_tokens; i++)
            if (!strcmp(s->tokens[i].form, triggers[k])) {
                e[k].trigger_start = s->tokens[i].start;
                e[k].trigger_end = s->tokens[i].end;
            }
        e[k].source.first = e[k].target.first = -1;
        e[k].trigger = triggers[k];
    }
    doc->events = e;
    doc->n_events = 2;
    AvEnrichOptions opt = {NULL, NULL};
    AvError err;
    assert_int_equal(av_enrich_document(&opt, doc, &err), AV_OK);
    assert_int_equal(e[0].n_quantities, 1);
    assert_string_equal(e[0].quantities[0].kind, "weapons");
    assert_int_equal(e[1].n_quantities, 1);
    assert_string_equal(e[1].quantities[0].kind, "arrested");
    assert_true(e[1].quantities[0].value == 12);

    /* with a parse, the clause decides, not the distance: "12" hangs
     * under "arrested" although "fired" is as close */
    av_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(casualties),
        cmocka_unit_test(money),
        cmocka_unit_test(weapons_and_people),
        cmocka_unit_test(not_quantities),
        cmocka_unit_test(attached_to_the_events_clause),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
