/*
 * codec_data.c - the data tree's keys for presence members and codecs.
 */
#include "codec_data.h"

const char *codec_presence_member(arena *a, name_scope *members, mofrt_type rt, bool is_array, const char *c_name)
{
    if (is_array || rt == MOFRT_STRING || rt == MOFRT_REFERENCE || rt == MOFRT_INSTANCE)
        return NULL;
    return names_claim(members, arena_join3(a, "has_", c_name, ""));
}

void codec_set_presence(tmpl_value *pd, const char *has_name)
{
    tmpl_set_bool(pd, "has_member", has_name != NULL);
    tmpl_set_string_ref(pd, "has_name", has_name ? has_name : "");
}

void codec_set_root_keys(tmpl_value *root)
{
    tmpl_set_stringf(root, "mofrt_abi_version", "%d", MOFRT_ABI_VERSION);
}
