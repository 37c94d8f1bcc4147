/*
 * name_table.h - a case-insensitive map from MOF names to pointers.
 *
 * MOF names ignore case (DSP0004), and every kind of declaration needs its
 * names looked up: classes, qualifier declarations, aliases, the members of
 * one class, the parameters of one method.  Lookups are one hash probe, so
 * a class with a million properties is checked in linear time.
 */
#ifndef MOFGEN_NAME_TABLE_H
#define MOFGEN_NAME_TABLE_H

#include "arena.h"

typedef struct name_table name_table;

/* A table whose storage lives in the arena (it lasts the whole run). */
name_table *name_table_new(arena *a);
/* A table on the heap, for names needed only while one declaration is
 * built (the members of a class): name_table_free releases it. */
name_table *name_table_new_scratch(void);
void name_table_free(name_table *t);

/* NULL when `name` is not in the table.  The table keeps `name` itself,
 * not a copy: it must outlive the table. */
void *name_table_get(const name_table *t, const char *name);
void name_table_put(name_table *t, const char *name, void *value); /* replaces */

#endif
