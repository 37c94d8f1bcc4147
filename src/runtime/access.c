/*
 * access.c - what generated accessors call beyond the generic instance
 * functions: ValueMap lookups by value and by name, and copying a whole
 * array into an array property.
 */
#include "mofrt_internal.h"

#include <stdlib.h>
#include <string.h>

static bool in_entry(const mofrt_enum *e, const mofrt_enum_entry *x, uint64_t bits)
{
    if (x->kind == MOFRT_ENUM_VALUE)
        return x->low == bits;
    if (x->kind != MOFRT_ENUM_RANGE)
        return false;
    if (e->is_signed)
        return (int64_t)bits >= (int64_t)x->low && (int64_t)bits <= (int64_t)x->high;
    return bits >= x->low && bits <= x->high;
}

bool mofrt_enum_allows(const mofrt_enum *e, uint64_t bits)
{
    if (e->open)
        return true;
    for (size_t i = 0; i < e->count; i++)
        if (in_entry(e, &e->entries[i], bits))
            return true;
    return false;
}

const char *mofrt_enum_name(const mofrt_enum *e, uint64_t bits)
{
    for (size_t i = 0; i < e->count; i++)
        if (e->entries[i].kind == MOFRT_ENUM_VALUE && e->entries[i].low == bits)
            return e->entries[i].name;
    return NULL;
}

static bool same_ignoring_case(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a + 32) : *a;
        char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b + 32) : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

bool mofrt_name_equal(const char *a, const char *b) { return a && b && same_ignoring_case(a, b); }

int mofrt_enum_value(const mofrt_enum *e, const char *name, uint64_t *bits)
{
    if (!name)
        return -1;
    for (size_t i = 0; i < e->count; i++) {
        const mofrt_enum_entry *x = &e->entries[i];
        if (x->kind == MOFRT_ENUM_VALUE && x->name && same_ignoring_case(x->name, name)) {
            *bits = x->low;
            return 0;
        }
    }
    return -1;
}

int mofrt_property_set_array(const mofrt_class *cls, void *instance, uint32_t index, const void *values,
                             size_t count)
{
    const mofrt_property *p = &cls->properties[index];
    size_t size = mofrt_element_size(p);
    if (!(p->flags & MOFRT_ARRAY) || (p->type == MOFRT_INSTANCE && p->embedded_class) || size == 0)
        return -1;
    if (p->array_max && count > p->array_max)
        return -1;
    const unsigned char *in = values;
    for (size_t i = 0; i < count; i++) {
        if (p->enumeration && p->enumeration->entries[0].kind != MOFRT_ENUM_STRING &&
            !mofrt_enum_allows(p->enumeration, mofrt_integer_get(in + i * size, (mofrt_type)p->type)))
            return -1;
        if (mofrt_is_text_type(p)) {
            const char *s = ((const char *const *)values)[i];
            mofrt_error ignored;
            if (!s || !mofrt_utf8_valid(s, NULL) || mofrt_check_string_enum(p, s, &ignored) != 0)
                return -1;
        }
    }
    unsigned char *copy = malloc(count ? count * size : 1);
    if (!copy)
        return -1;
    if (mofrt_is_text_type(p)) {
        for (size_t i = 0; i < count; i++) {
            const char *s = ((const char *const *)values)[i];
            size_t n = strlen(s) + 1;
            char *dup = malloc(n);
            if (!dup) {
                for (size_t k = 0; k < i; k++)
                    free(((char **)copy)[k]);
                free(copy);
                return -1;
            }
            ((char **)copy)[i] = memcpy(dup, s, n);
        }
    } else if (count) {
        memcpy(copy, values, count * size);
    }
    mofrt_property_clear(cls, instance, index);
    mofrt_field_set_array(p, instance, copy, count);
    return 0;
}
