/*
 * symbols.c - file-scope identifiers across classes (symbols.h).
 */
#include "symbols.h"
#include "arena.h" /* out_of_memory */

#include <stdlib.h>
#include <string.h>

void symbols_add(const char *name, void *context)
{
    symbol_table *t = context;
    if (t->count == t->capacity) {
        t->capacity = t->capacity ? 2 * t->capacity : 1024;
        t->items = realloc(t->items, t->capacity * sizeof *t->items);
        if (!t->items)
            out_of_memory();
    }
    size_t np = t->prefix ? strlen(t->prefix) : 0, n = strlen(name);
    char *s = arena_alloc(t->arena, np + n + 2);
    if (np) {
        memcpy(s, t->prefix, np);
        s[np++] = '_';
    }
    memcpy(s + np, name, n + 1);
    t->items[t->count++] = (symbol){s, t->owner};
}

static int compare_symbols(const void *a, const void *b)
{
    const symbol *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->owner > y->owner) - (x->owner < y->owner);
}

int symbols_check(symbol_table *t, const model *m, diag_engine *diag)
{
    if (t->count < 2)
        return 0; /* (and qsort may not be given the NULL of an empty table) */
    qsort(t->items, t->count, sizeof *t->items, compare_symbols);
    int rc = 0;
    for (size_t i = 1; i < t->count; i++) {
        const symbol *a = &t->items[i - 1], *b = &t->items[i];
        if (strcmp(a->name, b->name) != 0 || a->owner == b->owner)
            continue;
        const model_class *first = m->classes.items[a->owner], *second = m->classes.items[b->owner];
        diag_error(diag, &second->loc, "the C bindings of class '%s' and of class '%s' would both define '%s'",
                   second->name, first->name, a->name);
        diag_note(diag, &first->loc, "'%s' is declared here; rename one of the classes or the member behind '%s'",
                  first->name, a->name);
        rc = -1;
    }
    return rc;
}

void symbols_begin_class(symbol_table *t, size_t owner, const char *c_name)
{
    t->owner = owner;
    t->prefix = NULL;
    symbols_add(c_name, t);
    t->prefix = arena_strdup(t->arena, c_name);
}

void symbols_free(symbol_table *t)
{
    free(t->items);
    t->items = NULL;
    t->count = t->capacity = 0;
}
