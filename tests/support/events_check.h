/*
 * events_check.h — the coder tests' check that every event record a
 * document gives (av_write_events_jsonl) is valid against
 * docs/event.schema.json.  Header-only, like schema_check.h.
 */
#ifndef AV_TEST_EVENTS_CHECK_H
#define AV_TEST_EVENTS_CHECK_H

#include <stdlib.h>
#include "avocet.h"
#include "schema_check.h"

/* The schema, from $AVOCET_SOURCE/docs (NULL with why set if unreadable). */
static json_t *events_schema(char *why, size_t cap)
{
    const char *src = getenv("AVOCET_SOURCE");
    char path[1024];
    snprintf(path, sizeof path, "%s/docs/event.schema.json", src ? src : ".");
    json_error_t je;
    json_t *schema = json_load_file(path, 0, &je);
    if (!schema)
        snprintf(why, cap, "%.900s: %.100s", path, je.text);
    return schema;
}

/* Writes the document's events as JSON Lines and checks each record.
 * Returns the number of records, or -1 with why naming the problem and
 * the record. */
static int events_check(const json_t *schema, const AvDocument *doc, char *why, size_t cap)
{
    char *out = NULL;
    size_t out_len = 0;
    FILE *f = open_memstream(&out, &out_len);
    if (!f) {
        snprintf(why, cap, "open_memstream failed");
        return -1;
    }
    AvError err;
    AvCoderInfo info = {"test", NULL, NULL};
    int rc = av_write_events_jsonl(f, doc, &info, &err);
    fclose(f);
    if (rc != AV_OK) {
        snprintf(why, cap, "writing events: %s", err.msg);
        free(out);
        return -1;
    }
    int lines = 0;
    char *save = NULL;
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        json_error_t je;
        json_t *rec = json_loads(line, 0, &je);
        char sub[512];
        if (!rec || schema_check(schema, schema, rec, "$", sub, sizeof sub)) {
            snprintf(why, cap, "%s\n%.400s", rec ? sub : je.text, line);
            json_decref(rec);
            free(out);
            return -1;
        }
        json_decref(rec);
        lines++;
    }
    free(out);
    return lines;
}

#endif
