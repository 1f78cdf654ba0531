/*
 * dict_write.c — writes a loaded dictionary back in canonical PETRARCH
 * form: one entry per record, 8-digit dates, explicit verb blocks, pattern
 * words upper-case.  Reading the output again gives the same entries, which
 * is what the round-trip tests check.
 */
#include <string.h>
#include "dict.h"

static void put_upper(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc(*s >= 'a' && *s <= 'z' ? *s - 32 : *s, f);
}

static void write_restriction(FILE *f, const DateRestriction *r)
{
    fprintf(f, "\t[%s", r->code ? r->code : "---");
    if (r->kind == '<')
        fprintf(f, " <%08u]\n", (unsigned)r->to);
    else if (r->kind == '>')
        fprintf(f, " >%08u]\n", (unsigned)r->from);
    else
        fprintf(f, " %08u-%08u]\n", (unsigned)r->from, (unsigned)r->to);
}

static void write_actors(const AvDict *d, FILE *f)
{
    for (size_t i = 0; i < d->actors.n; i++) {
        const ActorEntry *a = dvec_at(&d->actors, i);
        fputs(ACTOR_PHRASE(d, a, 0)->text, f);
        if (a->has_default)
            fprintf(f, "  [%s]", a->code ? a->code : "---");
        fputc('\n', f);
        for (size_t k = 1; k < a->n_phrases; k++)
            fprintf(f, "+%s\n", ACTOR_PHRASE(d, a, k)->text);
        for (size_t k = 0; k < a->n_restrictions; k++)
            write_restriction(f, ACTOR_RESTRICTION(d, a, k));
        fputc('\n', f);
    }
}

static void write_agents(const AvDict *d, FILE *f)
{
    for (size_t i = 0; i < d->agent_subs.n; i++)
        fprintf(f, "%s\n", *(const char **)dvec_at(&d->agent_subs, i));
    if (d->agent_subs.n)
        fputc('\n', f);
    for (size_t i = 0; i < d->agents.n; i++) {
        const AgentEntry *a = dvec_at(&d->agents, i);
        fputs(a->phrase, f);
        if (a->plurals)
            fprintf(f, " {%s}", a->plurals);
        fprintf(f, a->prefix ? " [%s~]\n" : " [~%s]\n", a->code);
    }
}

static void write_pattern(FILE *f, const AvVerbPattern *p)
{
    static const char marks[] = "  $+%^*(){}|";
    fputs("- ", f);
    for (uint32_t i = 0; i < p->n_elems; i++) {
        const AvPatElem *e = &p->elems[i];
        if (e->kind == AV_PAT_WORD) {
            put_upper(f, e->word);
            if (e->stem)
                fputc('~', f);
        } else if (e->kind == AV_PAT_SYNSET) {
            fprintf(f, "&%s", e->word);
        } else {
            fputc(marks[e->kind], f);
        }
        int next_close = i + 1 < p->n_elems && (p->elems[i + 1].kind == AV_PAT_PREP_CLOSE ||
                                                p->elems[i + 1].kind == AV_PAT_NP_CLOSE);
        int open = e->kind == AV_PAT_PREP_OPEN || e->kind == AV_PAT_NP_OPEN;
        if (e->joined)
            fputc('_', f);
        else if (i + 1 < p->n_elems && !next_close && !open)
            fputc(' ', f);
    }
    if (p->code2)
        fprintf(f, "  [%s:%s]\n", p->code ? p->code : "", p->code2);
    else
        fprintf(f, "  [%s]\n", p->code ? p->code : "---");
}

static void write_synsets(const AvDict *d, FILE *f)
{
    for (size_t i = 0; i < d->synsets.n; i++) {
        const Synset *s = dvec_at(&d->synsets, i);
        fprintf(f, "&%s%s\n", s->name, s->no_plurals ? "_" : "");
        for (size_t k = 0; k < s->members.n; k++)
            fprintf(f, "+%s\n", *(const char **)dvec_at(&s->members, k));
        fputc('\n', f);
    }
}

static void write_verbs(const AvDict *d, FILE *f)
{
    write_synsets(d, f);
    for (size_t b = 0; b < d->blocks.n; b++) {
        const VerbBlock *blk = dvec_at(&d->blocks, b);
        fprintf(f, "--- %s [%s] ---\n", blk->name, blk->code ? blk->code : "---");
        for (size_t i = 0; i < d->verbs.n; i++) {
            const VerbEntry *v = dvec_at(&d->verbs, i);
            if (v->pub.block_id != b)
                continue;
            fputs(v->pub.phrase, f);
            if (v->forms)
                fprintf(f, " {%s}", v->forms);
            if (v->has_own_code)
                fprintf(f, " [%s]", v->own_code ? v->own_code : "---");
            fputc('\n', f);
        }
        for (size_t i = 0; i < blk->patterns.n; i++)
            write_pattern(f, dvec_at(&blk->patterns, i));
        fputc('\n', f);
    }
    for (size_t i = 0; i < d->transformations.n; i++)
        fprintf(f, "%s\n", ((const Transformation *)dvec_at(&d->transformations, i))->text);
}

static void write_simple(const DVec *v, FILE *f)
{
    for (size_t i = 0; i < v->n; i++)
        fprintf(f, "%s\n", ((const SimpleEntry *)dvec_at(v, i))->text);
}

int av_dict_write(const AvDict *d, AvDictKind kind, FILE *f, AvError *err)
{
    if (!d || !f)
        return av_error_set(err, AV_ERR_ARG, "av_dict_write: no dictionary or file");
    fprintf(f, "# avocet-dict: %s\n# written by avocet %s (canonical form)\n\n",
            av_dict_kind_name(kind), AVOCET_VERSION);
    switch (kind) {
    case AV_DICT_ACTORS: write_actors(d, f); break;
    case AV_DICT_AGENTS: write_agents(d, f); break;
    case AV_DICT_VERBS: write_verbs(d, f); break;
    case AV_DICT_ISSUES: write_simple(&d->issues, f); break;
    case AV_DICT_DISCARDS: write_simple(&d->discards, f); break;
    default: return av_error_set(err, AV_ERR_ARG, "av_dict_write: bad kind");
    }
    if (ferror(f))
        return av_error_set(err, AV_ERR_IO, "write error");
    return AV_OK;
}
