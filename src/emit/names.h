/*
 * names.h - C identifiers for MOF names.  Whatever a schema calls things
 * (C keywords, '_', non-ASCII letters, Values strings with spaces and
 * digits), the emitted identifiers are valid C and C++ and never collide.
 */
#ifndef MOFGEN_NAMES_H
#define MOFGEN_NAMES_H

#include "arena.h"

#include <stdbool.h>

/* `text` as an identifier: other characters become '_', runs of '_' fold,
 * a leading digit gets a '_' in front, non-ASCII bytes are spelt in hex. */
char *names_c_identifier(arena *a, const char *text);

/* True for C11/C++ keywords and names the generated code reserves. */
bool names_is_reserved(const char *identifier);
/* `identifier` made free to use: a C/C++ keyword gets a '_' after it, a
 * name the implementation reserves (__x, _X) has its leading '_'s made
 * "mof_" (__PATH: mof_PATH). */
char *names_safe(arena *a, const char *identifier);

/* A set of identifiers already used in one scope (struct members, enum
 * constants of one class).  names_claim returns `wanted`, or wanted_2,
 * wanted_3... when taken, and records it. */
typedef struct name_scope name_scope;
name_scope *names_scope_new(arena *a);
/* A scope whose names all get a prefix ("CLASS_" + name): a name the C
 * implementation reserves does not count as taken there, since none is
 * used bare (names_claim still makes its base safe, as everywhere). */
name_scope *names_prefixed_scope_new(arena *a);
/* Room for `names` more names without growing: a class knows roughly how
 * many it will claim, and growing by doubling rehashes them all each time. */
void names_scope_reserve(name_scope *scope, size_t names);
char *names_claim(name_scope *scope, const char *wanted);
/* Claims a family of names at once, each a pattern with one "%s" (such as
 * "get_%s"), all under one base: `wanted` made safe, or wanted_2,
 * wanted_3... when any member of the family is taken.  Returns the base. */
const char *names_claim_family(name_scope *scope, const char *wanted, const char *const *patterns, size_t count);
/* Calls fn for every name claimed in `scope` (in no particular order). */
void names_each(const name_scope *scope, void (*fn)(const char *name, void *context), void *context);

#endif
