/*
 * encode_data.c - the data tree's keys for the per-class encoders.
 */
#include "encode_data.h"

#include <string.h>

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
    size_t member = strlen(name) + 4;
    tmpl_set_string(pd, "json_member", arena_printf(a, ",\"%s\":", name));
    tmpl_set_stringf(pd, "json_member_length", "%zu", member);
    size_t value = integer ? 20 : boolean ? 5 : datetime ? MOFRT_JSON_DATETIME_MAX : 0;
    tmpl_set_bool(pd, "json_fixed", value != 0);
    tmpl_set_stringf(pd, "json_reserve", "%zu", value ? member + value : 0);
    /* MOF: one line per property, "    Name = " value ";\n"; a string with a
     * ValueMap and an integer with one are checked against it. */
    size_t line = strlen(name) + 7;
    tmpl_set_string(pd, "mof_member", arena_printf(a, "    %s = ", name));
    tmpl_set_stringf(pd, "mof_member_length", "%zu", line);
    tmpl_set_bool(pd, "mof_string", string && !has_enum);
    tmpl_set_bool(pd, "mof_check_enum", integer && has_enum);
    size_t mof_value = integer ? 20 : boolean ? 5 : datetime ? 27 : 0; /* a datetime: 25 characters, quoted */
    tmpl_set_stringf(pd, "mof_reserve", "%zu", mof_value ? line + mof_value + 2 : 0);
}
