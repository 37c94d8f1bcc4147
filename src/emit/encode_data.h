/*
 * encode_data.h - the data tree's keys for the encoders mofgen emits per
 * class (descriptor.c.tmpl's _to_json and _to_mof): how each property is written and
 * how much room its member takes at most.  emit.c calls in here once per
 * property.
 */
#ifndef MOFGEN_ENCODE_DATA_H
#define MOFGEN_ENCODE_DATA_H

#include "arena.h"
#include "mofrt.h"
#include "template.h"

#include <stdbool.h>

/* Sets on a property's data:
 *   json_uint, json_sint, json_bool, json_datetime, json_string
 *                       the one fast path the encoder takes (all false: the
 *                       runtime's generic mofrt_json_put_member)
 *   json_member         the member's text before its value, `,"Name":`
 *   json_member_length  its length in bytes
 *   json_fixed          an integer, boolean or datetime: it takes at most
 *                       json_reserve bytes, reserved with the object's
 *   json_reserve        the most a fixed-size member takes (0 for strings and
 *                       the generic path, which reserve their own room)
 *   mof_member, mof_member_length
 *                       MOF's line text before the value, "    Name = "
 *   mof_string          a string or reference without a ValueMap: written
 *                       by mofrt_mof_put_member_string
 *   mof_check_enum      an integer with a ValueMap, checked before it is
 *                       written (json_fixed covers the other MOF fast paths)
 *   mof_reserve         the most a fixed-size line takes */
void encode_set_property_keys(arena *a, tmpl_value *pd, mofrt_type rt, bool is_array, bool has_enum, const char *name);

#endif
