/*
 * test_enrich_places.c — the gazetteer (compile, mmap load, corrupt files,
 * lookups) and toponym disambiguation on a tiny hand-written gazetteer
 * (tests/data/enrich): Paris, France vs Paris, Texas; Tripoli, Libya vs
 * Lebanon; Georgia the country vs the US state; Gaza, Jerusalem, Ramallah,
 * Amman, Cairo; countries used as actors; the event's place (clause,
 * sentence, dateline).  With the full GeoNames gazetteer built (else that
 * part skips), the same cases on real data.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "avocet.h"
#include "enrich/enrich.h"
#include "data/enrich/simple_tokens.h"

static char index_path[512];

static const char *data_dir(void)
{
    const char *d = getenv("AVOCET_TEST_DATA");
    return d ? d : "tests/data";
}

static int compile_tiny(void **state)
{
    (void)state;
    char places[1024], regions[1024];
    snprintf(places, sizeof places, "%s/enrich/places.tsv", data_dir());
    snprintf(regions, sizeof regions, "%s/enrich/regions.tsv", data_dir());
    snprintf(index_path, sizeof index_path, "/tmp/avocet-test-gaz-%ld.avg", (long)getpid());
    const char *paths[] = {regions, places};
    AvError err;
    if (av_gazetteer_compile(paths, 2, index_path, &err) < 0) {
        fprintf(stderr, "compile: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int remove_tiny(void **state)
{
    (void)state;
    unlink(index_path);
    return 0;
}

static AvGazetteer *tiny(void)
{
    AvError err;
    AvGazetteer *g = av_gazetteer_load(index_path, &err);
    if (!g)
        fail_msg("load: %s", err.msg);
    return g;
}

static void compile_load_lookup(void **state)
{
    (void)state;
    AvGazetteer *g = tiny();
    assert_int_equal(av_gazetteer_size(g), 32);     /* 20 places + 12 countries/regions */
    AvPlace p[8];
    assert_int_equal(av_gazetteer_lookup(g, "PARIS", p, 8), 3);
    assert_string_equal(p[0].country, "FRA");         /* most populous first */
    assert_int_equal(p[0].geonames_id, 2988507);
    assert_string_equal(p[0].precision, "city");
    assert_int_equal(av_gazetteer_lookup(g, "al-quds", p, 8), 1);   /* alternate name */
    assert_string_equal(p[0].name, "Jerusalem");
    assert_int_equal(av_gazetteer_lookup(g, "ile de france", p, 8), 0);
    assert_int_equal(av_gazetteer_lookup(g, "Washington", p, 8), 1); /* regions.tsv alias */
    assert_string_equal(p[0].name, "Washington, D.C.");
    assert_int_equal(av_gazetteer_lookup(g, "Georgia", p, 8), 2);
    assert_int_equal(av_gazetteer_lookup(g, "Libya", p, 8), 1);
    assert_string_equal(p[0].precision, "country");
    assert_true(p[0].lat > 32.8 && p[0].lat < 33.0);  /* the capital's coordinates */
    assert_int_equal(av_gazetteer_lookup(g, "Middle East", p, 8), 1);
    assert_null(p[0].country);
    char key[64];
    assert_true(av_gaz_key("Khān Yūnis", strlen("Khān Yūnis"), key, sizeof key) > 0);
    assert_string_equal(key, "khan yunis");
    av_gazetteer_free(g);
}

static void corrupt_files_are_refused(void **state)
{
    (void)state;
    FILE *f = fopen(index_path, "rb");
    assert_non_null(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    char bad[600];
    snprintf(bad, sizeof bad, "%s.bad", index_path);
    AvError err;
    /* one flipped byte in the body: checksum */
    buf[n - 3] ^= 0x40;
    f = fopen(bad, "wb");
    fwrite(buf, 1, n, f);
    fclose(f);
    assert_null(av_gazetteer_load(bad, &err));
    assert_int_equal(err.code, AV_ERR_CORRUPT);
    assert_non_null(strstr(err.msg, "checksum"));
    /* truncated */
    buf[n - 3] ^= 0x40;
    f = fopen(bad, "wb");
    fwrite(buf, 1, n / 2, f);
    fclose(f);
    assert_null(av_gazetteer_load(bad, &err));
    assert_int_equal(err.code, AV_ERR_CORRUPT);
    /* not a gazetteer, missing file */
    f = fopen(bad, "wb");
    fputs("hello", f);
    fclose(f);
    assert_null(av_gazetteer_load(bad, &err));
    unlink(bad);
    assert_null(av_gazetteer_load(bad, &err));
    assert_int_equal(err.code, AV_ERR_IO);
}

/* The chosen places of a document as "text=ISO3/precision" joined by
 * spaces (qualifiers skipped). */
static void resolve_doc(const AvGazetteer *g, AvDocument *doc, char *out, size_t cap)
{
    AvToponym *t;
    size_t n;
    AvError err;
    assert_int_equal(av_find_toponyms(g, doc, &t, &n, &err), AV_OK);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (t[i].qualifier || t[i].chosen < 0)
            continue;
        AvPlace p;
        av_gaz_place(g, t[i].cands[t[i].chosen].index, &doc->arena, &p);
        const AvSentence *s = &doc->sentences[t[i].sentence];
        size_t len = strlen(out);
        snprintf(out + len, cap - len, "%s%.*s=%s/%s", len ? " " : "",
                 (int)(s->tokens[t[i].last].end - s->tokens[t[i].first].start),
                 doc->text + s->tokens[t[i].first].start, p.country ? p.country : "-",
                 p.precision);
    }
}

static void resolve_text(const AvGazetteer *g, const char *const *sent, size_t n,
                         const char *actor_country, char *out, size_t cap)
{
    AvDocument *doc = st_document(sent, n, "2026-03-18");
    assert_non_null(doc);
    if (actor_country) {                /* an actor coded by the dictionaries */
        AvMention *m = av_arena_alloc(&doc->arena, sizeof *m);
        m->sentence = 0;
        m->actor.country = actor_country;
        m->actor.first = m->actor.last = -1;
        doc->mentions = m;
        doc->n_mentions = 1;
    }
    resolve_doc(g, doc, out, cap);
    av_doc_free(doc);
}

#define EXPECT(g, actor, want, ...)                                                 \
    do {                                                                            \
        const char *sent_[] = {__VA_ARGS__};                                        \
        char got_[512];                                                             \
        resolve_text(g, sent_, sizeof sent_ / sizeof *sent_, actor, got_, sizeof got_); \
        if (strcmp(got_, want))                                                     \
            fail_msg("%s\n  got  %s\n  want %s", sent_[0], got_, want);             \
    } while (0)

static void disambiguation(void **state)
{
    (void)state;
    AvGazetteer *g = tiny();
    /* Paris: prominence, qualifiers, country evidence */
    EXPECT(g, NULL, "Paris=FRA/city", "Protesters marched in Paris on Saturday.");
    EXPECT(g, NULL, "Paris=USA/city", "A tornado hit Paris, Texas on Saturday.");
    EXPECT(g, NULL, "Paris=FRA/city", "Farmers blocked roads near Paris, France.");
    EXPECT(g, "USA", "Paris=USA/city Texas=USA/admin1",
           "The sheriff said a gunman opened fire in Paris.", "Officials in Texas sent help.");
    /* Tripoli: the Libyan capital unless the article is about Lebanon */
    EXPECT(g, NULL, "Tripoli=LBY/city", "Militias clashed in Tripoli overnight.");
    EXPECT(g, NULL, "Tripoli=LBY/city Benghazi=LBY/city",
           "Militias clashed in Tripoli overnight.", "Flights from Benghazi were halted.");
    EXPECT(g, NULL, "Tripoli=LBN/city Beirut=LBN/city",
           "Gunmen clashed in Tripoli overnight.", "The army sent troops from Beirut.");
    EXPECT(g, "LBN", "Tripoli=LBN/city", "The Lebanese army deployed in Tripoli.");
    /* Georgia: the country unless the article points at the US state */
    EXPECT(g, NULL, "Georgia=GEO/country Russia=RUS/country",
           "Troops crossed into Georgia from Russia.");
    EXPECT(g, NULL, "Georgia=GEO/country Tbilisi=GEO/city",
           "Protests spread across Georgia.", "Police dispersed crowds in Tbilisi.");
    EXPECT(g, NULL, "Atlanta=USA/city Georgia=USA/admin1",
           "Storms hit Atlanta on Monday.", "Officials in Georgia declared an emergency.");
    /* Cairo: Egypt even with a US actor around; Cairo, Georgia when qualified */
    EXPECT(g, "USA", "U.S.=USA/country Cairo=EGY/city", "The U.S. envoy flew to Cairo.");
    EXPECT(g, NULL, "Cairo=USA/city", "A storm damaged homes in Cairo, Georgia.");
    /* the Israeli-Palestinian places */
    EXPECT(g, NULL, "Gaza=PSE/city Jerusalem=ISR/city Ramallah=PSE/city Amman=JOR/city",
           "Rockets were fired from Gaza toward Jerusalem.",
           "Leaders met in Ramallah and then in Amman.");
    EXPECT(g, NULL, "Gaza Strip=PSE/admin1 West Bank=PSE/region",
           "Violence spread from the Gaza Strip to the West Bank.");
    /* no place: capitalised words that are not places, lower-case words */
    EXPECT(g, NULL, "", "Paris Hilton said nothing about paris.");
    av_gazetteer_free(g);
}

/* Dictionaries code "Tripoli" itself as LBYGOV: that mention must not vote
 * for Libya; the Lebanese actor decides. */
static void place_names_coded_as_actors_do_not_vote(void **state)
{
    (void)state;
    AvGazetteer *g = tiny();
    const char *sent[] = {"Lebanese troops arrested 15 gunmen in Tripoli last week."};
    AvDocument *doc = st_document(sent, 1, "2026-03-18");
    AvMention *m = av_arena_alloc(&doc->arena, 2 * sizeof *m);
    m[0].actor.country = "LBN";
    m[0].actor.first = m[0].actor.last = 0;
    m[1].actor.country = "LBY";
    m[1].actor.first = m[1].actor.last = 6;     /* "Tripoli" */
    doc->mentions = m;
    doc->n_mentions = 2;
    char got[256];
    resolve_doc(g, doc, got, sizeof got);
    assert_string_equal(got, "Tripoli=LBN/city");
    av_doc_free(doc);
    av_gazetteer_free(g);
}

/* The event's places: countries as actors are not places; the clause
 * first, then the sentence, then the dateline. */
static void event_locations(void **state)
{
    (void)state;
    AvGazetteer *g = tiny();
    const char *sent[] = {"CAIRO, March 14 (Reuters) -",
                          "Israel said its jets struck Gaza and Tel Aviv on Monday.",
                          "Egypt condemned the strikes."};
    AvDocument *doc = st_document(sent, 3, "2026-03-14");
    AvEvent *e = av_arena_alloc(&doc->arena, 2 * sizeof *e);
    AvMention *m = av_arena_alloc(&doc->arena, 2 * sizeof *m);
    const AvSentence *s1 = &doc->sentences[1], *s2 = &doc->sentences[2];
    /* "Israel" is the source actor of "struck"; "Egypt" of "condemned" */
    m[0].sentence = 1;
    m[0].actor.country = "ISR";
    m[0].actor.first = m[0].actor.last = 0;
    m[1].sentence = 2;
    m[1].actor.country = "EGY";
    m[1].actor.first = m[1].actor.last = 0;
    doc->mentions = m;
    doc->n_mentions = 2;
    e[0].sentence = 1;
    e[0].source = m[0].actor;
    e[0].target.first = -1;
    e[0].trigger_start = s1->tokens[4].start;   /* struck */
    e[0].trigger_end = s1->tokens[4].end;
    e[1].sentence = 2;
    e[1].source = m[1].actor;
    e[1].target.first = -1;
    e[1].trigger_start = s2->tokens[1].start;   /* condemned */
    e[1].trigger_end = s2->tokens[1].end;
    doc->events = e;
    doc->n_events = 2;
    AvEnrichOptions opt = {g, NULL};
    AvError err;
    assert_int_equal(av_enrich_document(&opt, doc, &err), AV_OK);
    assert_int_equal(e[0].n_locations, 2);
    assert_string_equal(e[0].location->name, "Gaza");
    assert_string_equal(e[0].location->country, "PSE");
    assert_string_equal(e[0].locations[1].name, "Tel Aviv");
    assert_string_equal(e[0].date, "2026-03-09");
    /* "Egypt condemned": Egypt is the actor; the place is the dateline's */
    assert_int_equal(e[1].n_locations, 1);
    assert_string_equal(e[1].location->name, "Cairo");
    assert_string_equal(e[1].location->country, "EGY");
    assert_string_equal(e[1].location->found, "dateline");
    assert_string_equal(e[1].date_origin, "publication");
    av_doc_free(doc);
    av_gazetteer_free(g);
}

/* The built GeoNames gazetteer (skips when the set-up step did not run). */
static void full_gazetteer(void **state)
{
    (void)state;
    AvError err;
    AvGazetteer *g = av_gazetteer_load(NULL, &err);
    if (!g)
        skip();
    assert_true(av_gazetteer_size(g) >= 100000);
    EXPECT(g, NULL, "Paris=FRA/city", "Protesters marched in Paris on Saturday.");
    EXPECT(g, NULL, "Paris=USA/city", "A tornado hit Paris, Texas on Saturday.");
    EXPECT(g, NULL, "Tripoli=LBY/city", "Militias clashed in Tripoli overnight.");
    EXPECT(g, "LBN", "Tripoli=LBN/city", "The Lebanese army deployed in Tripoli.");
    EXPECT(g, NULL, "Georgia=GEO/country Russia=RUS/country",
           "Troops crossed into Georgia from Russia.");
    EXPECT(g, NULL, "Atlanta=USA/city Georgia=USA/admin1",
           "Storms hit Atlanta on Monday.", "Officials in Georgia declared an emergency.");
    EXPECT(g, NULL, "Gaza=PSE/city Jerusalem=ISR/city Ramallah=PSE/city Amman=JOR/city Cairo=EGY/city",
           "Rockets were fired from Gaza toward Jerusalem.",
           "Leaders met in Ramallah, then in Amman and Cairo.");
    EXPECT(g, NULL, "Khan Younis=PSE/city Donbas=UKR/region Kiev=UKR/city",
           "Strikes hit Khan Younis.", "Fighting raged in the Donbas.", "Talks in Kiev stalled.");
    av_gazetteer_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compile_load_lookup),
        cmocka_unit_test(corrupt_files_are_refused),
        cmocka_unit_test(disambiguation),
        cmocka_unit_test(place_names_coded_as_actors_do_not_vote),
        cmocka_unit_test(event_locations),
        cmocka_unit_test(full_gazetteer),
    };
    return cmocka_run_group_tests(tests, compile_tiny, remove_tiny);
}
