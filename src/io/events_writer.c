/*
 * events_writer.c — coded events as JSON Lines (the schema in
 * docs/event.schema.json) and as PETRARCH-style event lines.
 */
#include <math.h>
#include <string.h>
#include "io.h"

static void put_key_string(FILE *f, const char *key, const char *v, int comma)
{
    if (comma)
        fputc(',', f);
    fprintf(f, "\"%s\":", key);
    if (v)
        av_json_write_string(f, v, strlen(v));
    else
        fputs("null", f);
}

static void write_actor(FILE *f, const char *key, const AvActor *a)
{
    fprintf(f, ",\"%s\":{", key);
    put_key_string(f, "text", a->text, 0);
    put_key_string(f, "code", a->code, 1);
    put_key_string(f, "country", a->country, 1);
    put_key_string(f, "sector", a->sector, 1);
    put_key_string(f, "entity", a->entity, 1);
    put_key_string(f, "dictionary", a->origin, 1);
    if (a->first >= 0)
        fprintf(f, ",\"offsets\":[%u,%u]", a->start, a->end);
    else
        fputs(",\"offsets\":null", f);
    fputc('}', f);
}

/* ---- enrich stage keys (owner: enrich) ---- */
static void put_number(FILE *f, const char *key, double v)
{
    if (isnan(v))
        fprintf(f, ",\"%s\":null", key);
    else
        fprintf(f, ",\"%s\":%.17g", key, v);
}

static void write_place(FILE *f, const AvPlace *p)
{
    fputc('{', f);
    put_key_string(f, "name", p->name, 0);
    put_key_string(f, "text", p->text, 1);
    put_key_string(f, "country", p->country, 1);
    put_key_string(f, "admin1", p->admin1, 1);
    fprintf(f, ",\"lat\":%.5f,\"lon\":%.5f", p->lat, p->lon);
    if (p->geonames_id)
        fprintf(f, ",\"geonames_id\":%u", p->geonames_id);
    else
        fputs(",\"geonames_id\":null", f);
    put_key_string(f, "feature", p->feature, 1);
    put_key_string(f, "precision", p->precision, 1);
    put_key_string(f, "found", p->found, 1);
    fprintf(f, ",\"offsets\":[%u,%u]}", p->start, p->end);
}

static void write_enrichment(FILE *f, const AvEvent *e)
{
    put_key_string(f, "date_precision", e->date_precision, 1);
    put_key_string(f, "date_origin", e->date_origin, 1);
    put_key_string(f, "date_text", e->date_text, 1);
    fputs(",\"location\":", f);
    if (e->location)
        write_place(f, e->location);
    else
        fputs("null", f);
    fputs(",\"locations\":[", f);
    for (uint32_t k = 0; k < e->n_locations; k++) {
        if (k)
            fputc(',', f);
        write_place(f, &e->locations[k]);
    }
    fputs("],\"quantities\":[", f);
    for (uint32_t k = 0; k < e->n_quantities; k++) {
        const AvQuantity *q = &e->quantities[k];
        fputs(k ? ",{" : "{", f);
        fputs(isnan(q->value) ? "\"value\":null" : "", f);
        if (!isnan(q->value))
            fprintf(f, "\"value\":%.17g", q->value);
        put_number(f, "min", q->min);
        put_number(f, "max", q->max);
        put_key_string(f, "unit", q->unit, 1);
        put_key_string(f, "kind", q->kind, 1);
        put_key_string(f, "qualifier", q->qualifier, 1);
        put_key_string(f, "text", q->text, 1);
        fprintf(f, ",\"offsets\":[%u,%u]}", q->start, q->end);
    }
    fputc(']', f);
}
/* ---- end of enrich stage keys ---- */

int av_write_events_jsonl(FILE *f, const AvDocument *doc, const AvCoderInfo *info, AvError *err)
{
    for (uint32_t i = 0; i < doc->n_events; i++) {
        const AvEvent *e = &doc->events[i];
        const AvSentence *s = e->sentence < doc->n_sentences ? &doc->sentences[e->sentence] : NULL;
        fputc('{', f);
        put_key_string(f, "doc_id", doc->id, 0);
        fputs(",\"sentence\":{", f);
        fprintf(f, "\"index\":%u,", e->sentence);
        fputs("\"text\":", f);
        if (s)
            av_json_write_string(f, doc->text + s->start, s->end - s->start);
        else
            fputs("null", f);
        if (s)
            fprintf(f, ",\"offsets\":[%u,%u]", s->start, s->end);
        fputc('}', f);
        put_key_string(f, "event_id", e->id, 1);
        fprintf(f, ",\"group\":%u", e->group);
        put_key_string(f, "date", e->date, 1);
        write_actor(f, "source", &e->source);
        write_actor(f, "target", &e->target);
        fputs(",\"cameo\":{", f);
        put_key_string(f, "code", e->cameo, 0);
        put_key_string(f, "name", e->cameo_name, 1);
        fprintf(f, ",\"root\":\"%.2s\"", e->cameo ? e->cameo : "");
        fprintf(f, ",\"quad_class\":%d,\"goldstein\":%.1f}", e->quad_class, e->goldstein);
        fputs(",\"plover\":{", f);
        put_key_string(f, "type", e->plover_type, 0);
        put_key_string(f, "mode", e->plover_mode, 1);
        put_key_string(f, "context", e->plover_context, 1);
        fputc('}', f);
        fprintf(f, ",\"negated\":%s", e->negated ? "true" : "false");
        put_key_string(f, "modality", e->modality, 1);
        put_key_string(f, "speaker", e->speaker, 1);
        fprintf(f, ",\"confidence\":%.2f", e->confidence);
        fputs(",\"trigger\":{", f);
        put_key_string(f, "text", e->trigger, 0);
        fprintf(f, ",\"offsets\":[%u,%u]}", e->trigger_start, e->trigger_end);
        put_key_string(f, "pattern", e->pattern, 1);
        fputs(",\"issues\":[", f);
        for (uint32_t k = 0; k < e->n_issues; k++) {
            if (k)
                fputc(',', f);
            av_json_write_string(f, e->issues[k], strlen(e->issues[k]));
        }
        fputc(']', f);
        write_enrichment(f, e);   /* enrich stage: dates, places, quantities */
        fputs(",\"coder\":{", f);
        put_key_string(f, "version", AVOCET_VERSION, 0);
        put_key_string(f, "dictionaries", info ? info->dictionaries : NULL, 1);
        put_key_string(f, "dictionary_version", info ? info->dictionary_version : NULL, 1);
        put_key_string(f, "model", info ? info->model : NULL, 1);
        fputs("}}\n", f);
    }
    if (ferror(f))
        return av_error_set(err, AV_ERR_IO, "write error");
    return AV_OK;
}

/* PETRARCH-style: date<TAB>source<TAB>target<TAB>code<TAB>ids */
int av_write_events_petrarch(FILE *f, const AvDocument *doc, AvError *err)
{
    for (uint32_t i = 0; i < doc->n_events; i++) {
        const AvEvent *e = &doc->events[i];
        char date[9] = "";
        if (e->date && strlen(e->date) >= 10)
            snprintf(date, sizeof date, "%.4s%.2s%.2s", e->date, e->date + 5, e->date + 8);
        fprintf(f, "%s\t%s\t%s\t%s\t%s-%u\t%s\n", date, e->source.code ? e->source.code : "---",
                e->target.code ? e->target.code : "---", e->cameo ? e->cameo : "---",
                doc->id ? doc->id : "", e->sentence, e->id);
    }
    if (ferror(f))
        return av_error_set(err, AV_ERR_IO, "write error");
    return AV_OK;
}
