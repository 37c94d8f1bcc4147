/*
 * name_table.c - open addressing with linear probing, kept at most half
 * full, hashed case-insensitively (hash.h) and compared with strcasecmp.
 */
#include "name_table.h"

#include "hash.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct name_slot {
    const char *name;
    void *value;
} name_slot;

struct name_table {
    arena *arena; /* NULL: slots on the heap */
    name_slot *slots;
    size_t size;  /* power of two */
    size_t count;
};

static name_slot *new_slots(arena *a, size_t size)
{
    if (a)
        return arena_alloc(a, size * sizeof(name_slot));
    name_slot *slots = xmalloc(size * sizeof *slots);
    memset(slots, 0, size * sizeof *slots);
    return slots;
}

static name_table *table_new(arena *a)
{
    name_table *t = a ? arena_alloc(a, sizeof *t) : xmalloc(sizeof *t);
    t->arena = a;
    t->size = a ? 64 : 16;
    t->count = 0;
    t->slots = new_slots(a, t->size);
    return t;
}

name_table *name_table_new(arena *a) { return table_new(a); }
name_table *name_table_new_scratch(void) { return table_new(NULL); }

void name_table_free(name_table *t)
{
    if (!t || t->arena)
        return;
    free(t->slots);
    free(t);
}

static size_t slot_of(const name_table *t, const char *name)
{
    size_t mask = t->size - 1;
    size_t i = (size_t)hash_text(name, strlen(name), HASH_FOLD_CASE) & mask;
    while (t->slots[i].name && strcasecmp(t->slots[i].name, name) != 0)
        i = (i + 1) & mask;
    return i;
}

void *name_table_get(const name_table *t, const char *name)
{
    return t->slots[slot_of(t, name)].value;
}

void name_table_put(name_table *t, const char *name, void *value)
{
    if ((t->count + 1) * 2 > t->size) {
        name_slot *old = t->slots;
        size_t old_size = t->size;
        t->size *= 2;
        t->slots = new_slots(t->arena, t->size);
        for (size_t i = 0; i < old_size; i++)
            if (old[i].name)
                t->slots[slot_of(t, old[i].name)] = old[i];
        if (!t->arena)
            free(old);
    }
    size_t i = slot_of(t, name);
    if (!t->slots[i].name)
        t->count++;
    t->slots[i].name = name;
    t->slots[i].value = value;
}
