/*
 * encode_data.c - the data tree's keys for the per-class encoders.
 */
#include "encode_data.h"

#include <string.h>

/* before + name + after, in the arena (without printf: this runs for
 * every property of every class). */
static char *wrap(arena *a, const char *before, const char *name, size_t name_length, const char *after)
{
    size_t b = strlen(before), f = strlen(after);
    char *out = arena_alloc(a, b + name_length + f + 1);
    memcpy(out, before, b);
    memcpy(out + b, name, name_length);
    memcpy(out + b + name_length, after, f + 1);
    return out;
}

void encode_set_property_keys(arena *a, tmpl_value *pd, mofrt_type rt, bool is_array, bool has_enum, const char *name)
{
    bool integer = !is_array && rt >= MOFRT_UINT8 && rt <= MOFRT_SINT64;
    bool is_signed = rt == MOFRT_SINT8 || rt == MOFRT_SINT16 || rt == MOFRT_SINT32 || rt == MOFRT_SINT64;
    bool boolean = !is_array && rt == MOFRT_BOOLEAN;
    bool datetime = !is_array && rt == MOFRT_DATETIME;
    bool string = !is_array && (rt == MOFRT_STRING || rt == MOFRT_REFERENCE);
    tmpl_set_bool(pd, "json_uint", integer && !is_signed);
    tmpl_set_bool(pd, "json_sint", integer && is_signed);
    tmpl_set_bool(pd, "json_bool", boolean);
    tmpl_set_bool(pd, "json_datetime", datetime);
    tmpl_set_bool(pd, "json_string", string);
    /* A MOF name has nothing a JSON string escapes: `,"` name `":`. */
    size_t name_length = strlen(name), member = name_length + 4;
    tmpl_set_stringn_ref(pd, "json_member", wrap(a, ",\"", name, name_length, "\":"), member);
    tmpl_set_unsigned(pd, "json_member_length", member);
    size_t value = integer ? 20 : boolean ? 5 : datetime ? MOFRT_JSON_DATETIME_MAX : 0;
    tmpl_set_bool(pd, "json_fixed", value != 0);
    tmpl_set_unsigned(pd, "json_reserve", value ? member + value : 0);
    /* MOF: one line per property, "    Name = " value ";\n"; a string with a
     * ValueMap and an integer with one are checked against it. */
    size_t line = name_length + 7;
    tmpl_set_stringn_ref(pd, "mof_member", wrap(a, "    ", name, name_length, " = "), line);
    tmpl_set_unsigned(pd, "mof_member_length", line);
    tmpl_set_bool(pd, "mof_string", string && !has_enum);
    tmpl_set_bool(pd, "mof_check_enum", integer && has_enum);
    size_t mof_value = integer ? 20 : boolean ? 5 : datetime ? 27 : 0; /* a datetime: 25 characters, quoted */
    tmpl_set_unsigned(pd, "mof_reserve", mof_value ? line + mof_value + 2 : 0);
}
