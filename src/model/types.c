/*
 * types.c - a property's type for the runtime, for messages and for a
 * did-you-mean (model.h): written once, for the model, the checks, the
 * dumps and the emitter.
 */
#include "model.h"

#include "suggest.h"

#include <string.h>
#include <strings.h>

mofrt_type model_runtime_type(const model_property *p)
{
    if (p->is_reference)
        return MOFRT_REFERENCE;
    if (p->embedded)
        return MOFRT_INSTANCE;
    switch (p->type) {
    case CIM_BOOLEAN: return MOFRT_BOOLEAN;
    case CIM_UINT8: return MOFRT_UINT8;
    case CIM_SINT8: return MOFRT_SINT8;
    case CIM_UINT16: return MOFRT_UINT16;
    case CIM_SINT16: return MOFRT_SINT16;
    case CIM_UINT32: return MOFRT_UINT32;
    case CIM_SINT32: return MOFRT_SINT32;
    case CIM_UINT64: return MOFRT_UINT64;
    case CIM_SINT64: return MOFRT_SINT64;
    case CIM_REAL32: return MOFRT_REAL32;
    case CIM_REAL64: return MOFRT_REAL64;
    case CIM_CHAR16: return MOFRT_CHAR16;
    case CIM_DATETIME: return MOFRT_DATETIME;
    case CIM_STRING:
    case CIM_NONE: break;
    }
    return MOFRT_STRING;
}

const char *model_type_text(arena *a, const model_property *p, bool array_size)
{
    const char *base = p->is_reference ? arena_join3(a, p->class_name ? p->class_name : "object", " REF", "")
                       : p->embedded   ? (p->class_name ? p->class_name : "object")
                                       : cim_type_name(p->type);
    if (p->array == ARRAY_FIXED && array_size)
        return arena_printf(a, "%s[%llu]", base, (unsigned long long)p->array_size);
    return p->array != ARRAY_NONE ? arena_join3(a, base, "[]", "") : base;
}

const char *model_type_phrase(const model_property *p)
{
    return p->is_reference ? "a reference" : p->embedded ? "an object" : cim_type_name(p->type);
}

const char *model_type_suggestion(const char *name)
{
    static const char *const types[] = {"Boolean", "UInt8", "SInt8", "UInt16", "SInt16", "UInt32", "SInt32",
                                        "UInt64", "SInt64", "Real32", "Real64", "Char16", "String", "DateTime"};
    suggestion s;
    suggest_begin(&s, name);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        /* "Bool" for "Boolean": a prefix of at least four letters counts. */
        if (strlen(name) >= 4 && strncasecmp(name, types[i], strlen(name)) == 0)
            suggest_consider_at(&s, types[i], 1);
        else
            suggest_consider(&s, types[i]);
    }
    return suggest_result(&s);
}
