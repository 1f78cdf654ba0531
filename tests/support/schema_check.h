/*
 * schema_check.h — a small JSON Schema checker for the tests (the subset
 * docs/<name>.schema.json use: type, required, properties, items, enum,
 * minimum, maximum, minItems, maxItems, pattern, oneOf, local $ref).
 * Header-only so each test that needs it includes it.
 */
#ifndef AV_TEST_SCHEMA_CHECK_H
#define AV_TEST_SCHEMA_CHECK_H

#include <jansson.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>

static const char *schema_type_of(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "object";
    case JSON_ARRAY: return "array";
    case JSON_STRING: return "string";
    case JSON_INTEGER: return "integer";
    case JSON_REAL: return "number";
    case JSON_TRUE:
    case JSON_FALSE: return "boolean";
    default: return "null";
    }
}

static int schema_type_ok(const json_t *v, const char *want)
{
    const char *t = schema_type_of(v);
    return !strcmp(t, want) || (!strcmp(want, "number") && !strcmp(t, "integer"));
}

/* Returns 0 when v is valid; otherwise writes the first problem to why. */
static int schema_check(const json_t *root, const json_t *schema, const json_t *v, const char *path,
                        char *why, size_t cap)
{
    const json_t *ref = json_object_get(schema, "$ref");
    if (json_is_string(ref)) {
        const char *r = json_string_value(ref);
        if (strncmp(r, "#/$defs/", 8)) {
            snprintf(why, cap, "%s: unsupported $ref %s", path, r);
            return 1;
        }
        const json_t *target = json_object_get(json_object_get(root, "$defs"), r + 8);
        if (!target) {
            snprintf(why, cap, "%s: unknown $ref %s", path, r);
            return 1;
        }
        return schema_check(root, target, v, path, why, cap);
    }
    const json_t *type = json_object_get(schema, "type");
    if (type) {
        int ok = 0;
        if (json_is_string(type))
            ok = schema_type_ok(v, json_string_value(type));
        else {
            size_t i;
            const json_t *t;
            json_array_foreach(type, i, t) ok |= schema_type_ok(v, json_string_value(t));
        }
        if (!ok) {
            snprintf(why, cap, "%s: type %s not allowed", path, schema_type_of(v));
            return 1;
        }
    }
    const json_t *en = json_object_get(schema, "enum");
    if (en) {
        int ok = 0;
        size_t i;
        const json_t *e;
        json_array_foreach(en, i, e) ok |= json_equal((json_t *)e, (json_t *)v);
        if (!ok) {
            snprintf(why, cap, "%s: value not in enum", path);
            return 1;
        }
    }
    const json_t *one = json_object_get(schema, "oneOf");
    if (one) {
        int n_ok = 0;
        size_t i;
        const json_t *s;
        char tmp[256];
        json_array_foreach(one, i, s) n_ok += schema_check(root, s, v, path, tmp, sizeof tmp) == 0;
        if (n_ok != 1) {
            snprintf(why, cap, "%s: matches %d of oneOf", path, n_ok);
            return 1;
        }
    }
    if (json_is_number(v)) {
        const json_t *mn = json_object_get(schema, "minimum"), *mx = json_object_get(schema, "maximum");
        double x = json_number_value(v);
        if ((mn && x < json_number_value(mn)) || (mx && x > json_number_value(mx))) {
            snprintf(why, cap, "%s: %g out of range", path, x);
            return 1;
        }
    }
    if (json_is_string(v)) {
        const json_t *pat = json_object_get(schema, "pattern");
        if (pat) {
            regex_t re;
            if (regcomp(&re, json_string_value(pat), REG_EXTENDED | REG_NOSUB)) {
                snprintf(why, cap, "%s: bad pattern in schema", path);
                return 1;
            }
            int m = regexec(&re, json_string_value(v), 0, NULL, 0);
            regfree(&re);
            if (m) {
                snprintf(why, cap, "%s: '%s' does not match %s", path, json_string_value(v),
                         json_string_value(pat));
                return 1;
            }
        }
    }
    if (json_is_array(v)) {
        const json_t *mn = json_object_get(schema, "minItems"), *mx = json_object_get(schema, "maxItems");
        size_t n = json_array_size(v);
        if ((mn && (json_int_t)n < json_integer_value(mn)) || (mx && (json_int_t)n > json_integer_value(mx))) {
            snprintf(why, cap, "%s: %zu items", path, n);
            return 1;
        }
        const json_t *items = json_object_get(schema, "items");
        if (items) {
            size_t i;
            const json_t *it;
            json_array_foreach(v, i, it)
            {
                char sub[256];
                snprintf(sub, sizeof sub, "%s[%zu]", path, i);
                if (schema_check(root, items, it, sub, why, cap))
                    return 1;
            }
        }
    }
    if (json_is_object(v)) {
        const json_t *req = json_object_get(schema, "required");
        size_t i;
        const json_t *r;
        json_array_foreach(req, i, r) if (!json_object_get(v, json_string_value(r)))
        {
            snprintf(why, cap, "%s: missing %s", path, json_string_value(r));
            return 1;
        }
        const json_t *props = json_object_get(schema, "properties");
        const char *key;
        const json_t *val;
        json_object_foreach((json_t *)v, key, val)
        {
            const json_t *ps = json_object_get(props, key);
            char sub[256];
            snprintf(sub, sizeof sub, "%s.%s", path, key);
            if (ps && schema_check(root, ps, val, sub, why, cap))
                return 1;
        }
    }
    return 0;
}

#endif
