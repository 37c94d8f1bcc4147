/*
 * spellings.h - how the generated C spells what the emitter computes: the
 * table of templates/c_spellings.tmpl (C types, runtime type constants,
 * property flags, literals), read once per run.  The emitter names a
 * spelling by its constant, never by text, so the table a user edits is
 * checked for exactly the names mofgen uses.
 */
#ifndef MOFGEN_SPELLINGS_H
#define MOFGEN_SPELLINGS_H

#include "arena.h"
#include "diag.h"
#include "mofrt.h"
#include "template_load.h"

/* Every name the table must give, and how many "%s" its text has. */
#define MOFGEN_SPELLINGS(X)                                                                                      \
    X(TYPE_BOOLEAN, "type.boolean", 0) X(TYPE_UINT8, "type.uint8", 0) X(TYPE_SINT8, "type.sint8", 0)              \
    X(TYPE_UINT16, "type.uint16", 0) X(TYPE_SINT16, "type.sint16", 0) X(TYPE_UINT32, "type.uint32", 0)            \
    X(TYPE_SINT32, "type.sint32", 0) X(TYPE_UINT64, "type.uint64", 0) X(TYPE_SINT64, "type.sint64", 0)            \
    X(TYPE_REAL32, "type.real32", 0) X(TYPE_REAL64, "type.real64", 0) X(TYPE_CHAR16, "type.char16", 0)            \
    X(TYPE_STRING, "type.string", 0) X(TYPE_DATETIME, "type.datetime", 0) X(TYPE_OBJECT, "type.object", 1)        \
    X(PARAM_STRING, "param.string", 0) X(PARAM_DATETIME, "param.datetime", 0) X(PARAM_OBJECT, "param.object", 1)  \
    X(ARRAY_MEMBER, "array.member", 1) X(ARRAY_MEMBER_OF_POINTERS, "array.member_of_pointers", 1)                 \
    X(ARRAY_GET, "array.get", 1) X(ARRAY_GET_POINTERS, "array.get_pointers", 1) X(ARRAY_SET, "array.set", 1)      \
    X(ARRAY_SET_POINTERS, "array.set_pointers", 1)                                                               \
    X(RUNTIME_BOOLEAN, "runtime.boolean", 0) X(RUNTIME_UINT8, "runtime.uint8", 0)                                 \
    X(RUNTIME_SINT8, "runtime.sint8", 0) X(RUNTIME_UINT16, "runtime.uint16", 0)                                   \
    X(RUNTIME_SINT16, "runtime.sint16", 0) X(RUNTIME_UINT32, "runtime.uint32", 0)                                 \
    X(RUNTIME_SINT32, "runtime.sint32", 0) X(RUNTIME_UINT64, "runtime.uint64", 0)                                 \
    X(RUNTIME_SINT64, "runtime.sint64", 0) X(RUNTIME_REAL32, "runtime.real32", 0)                                 \
    X(RUNTIME_REAL64, "runtime.real64", 0) X(RUNTIME_CHAR16, "runtime.char16", 0)                                 \
    X(RUNTIME_STRING, "runtime.string", 0) X(RUNTIME_DATETIME, "runtime.datetime", 0)                             \
    X(RUNTIME_REFERENCE, "runtime.reference", 0) X(RUNTIME_INSTANCE, "runtime.instance", 0)                       \
    X(FLAG_KEY, "flag.key", 0) X(FLAG_READ, "flag.read", 0) X(FLAG_WRITE, "flag.write", 0)                        \
    X(FLAG_ARRAY, "flag.array", 0) X(FLAG_REQUIRED, "flag.required", 0) X(FLAG_JOIN, "flag.join", 0)              \
    X(FLAG_NONE, "flag.none", 0)                                                                                 \
    X(BOUND_UNSIGNED, "bound.unsigned", 1) X(BOUND_NEGATIVE, "bound.negative", 1)                                 \
    X(BOUND_INT64_MIN, "bound.int64_min", 0)                                                                     \
    X(LITERAL_TRUE, "literal.true", 0) X(LITERAL_FALSE, "literal.false", 0)                                       \
    X(LITERAL_UNSIGNED, "literal.unsigned", 1) X(LITERAL_NEGATIVE, "literal.negative", 1)                         \
    X(LITERAL_INT64_MIN, "literal.int64_min", 0) X(LITERAL_REAL, "literal.real", 1)

typedef enum spelling_id {
#define MOFGEN_SPELLING_ENUM(id, name, placeholders) SPELL_##id,
    MOFGEN_SPELLINGS(MOFGEN_SPELLING_ENUM)
#undef MOFGEN_SPELLING_ENUM
    SPELLING_COUNT
} spelling_id;

typedef struct spellings spellings;

/* The built-in c_spellings.tmpl, then the user's copy (ts->paths) over it,
 * so a copy may change a few names only.  NULL after reporting. */
spellings *spellings_load(const template_source *ts, diag_engine *diag);
void spellings_free(spellings *sp);

/* The text of `id`, with `arg` in place of its "%s" (NULL: none); in `a`
 * when it has a "%s", else the table's own. */
const char *spell(arena *a, const spellings *sp, spelling_id id, const char *arg);
/* "type.X" and "runtime.X" of a runtime type. */
const char *spell_type(const spellings *sp, mofrt_type t);
const char *spell_runtime(const spellings *sp, mofrt_type t);

#endif
