/*
 * symbols.h - the checks across classes: every file-scope identifier the
 * classes of one run define, so that two classes cannot define the same
 * one (class Foo's enum Foo_Bar and a class Foo_Bar).
 */
#ifndef MOFGEN_SYMBOLS_H
#define MOFGEN_SYMBOLS_H

#include "arena.h"
#include "diag.h"
#include "model.h"

typedef struct symbol {
    char *name;
    size_t owner; /* index into the model's classes */
} symbol;

typedef struct symbol_table {
    arena *arena;
    symbol *items;
    size_t count, capacity;
    size_t owner;       /* of the names added now */
    const char *prefix; /* the class's C name */
} symbol_table;

/* Names added from now on are class `owner`'s, each `c_name` + '_' + the
 * name added; `c_name` itself is added. */
void symbols_begin_class(symbol_table *t, size_t owner, const char *c_name);
/* A name of the current class (for names_each: `context` is the table). */
void symbols_add(const char *name, void *context);
/* Reports each identifier two classes both define.  0 or -1. */
int symbols_check(symbol_table *t, const model *m, diag_engine *diag);
void symbols_free(symbol_table *t);

#endif
