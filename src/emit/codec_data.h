/*
 * codec_data.h - what the templates need to emit the codecs and the
 * presence members of generated structs, kept apart from the rest of the
 * class data tree (emit.c calls in here).
 */
#ifndef MOFGEN_CODEC_DATA_H
#define MOFGEN_CODEC_DATA_H

#include "arena.h"
#include "mofrt.h"
#include "names.h"
#include "template.h"

#include <stdbool.h>

/* The keys every class's tree has at its root: `mofrt_abi_version`, the
 * MOFRT_ABI_VERSION the generated header checks for. */
void codec_set_root_keys(tmpl_value *root);

/* Presence in plain sight: a property whose C type cannot say "absent" (a
 * scalar that is not a pointer) gets a `bool has_NAME;` member beside it;
 * pointers and arrays are absent when NULL.  Claims the member's name in
 * `members` (so it must be called in the same order wherever a struct's
 * member names are worked out) and returns it, or NULL when the property
 * has no such member. */
const char *codec_presence_member(arena *a, name_scope *members, mofrt_type rt, bool is_array, const char *c_name);

/* Sets `has_member` and `has_name` on a property's (or an instance
 * member's) data. */
void codec_set_presence(tmpl_value *pd, const char *has_name);

#endif
