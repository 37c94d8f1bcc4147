/*
 * access.c - what generated accessors call beyond the generic instance
 * functions: ValueMap lookups by value and by name, and copying a whole
 * array into an array property.
 */
#include "mofrt.h"

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

int mofrt_enum_value(const mofrt_enum *e, const char *name, uint64_t *bits)
{
    for (size_t i = 0; i < e->count; i++) {
        const mofrt_enum_entry *x = &e->entries[i];
        if (x->kind == MOFRT_ENUM_VALUE && x->name && same_ignoring_case(x->name, name)) {
            *bits = x->low;
            return 0;
        }
    }
    return -1;
}

static size_t element_size(const mofrt_property *p)
{
    switch ((mofrt_type)p->type) {
    case MOFRT_BOOLEAN: return sizeof(bool);
    case MOFRT_UINT8: case MOFRT_SINT8: return 1;
    case MOFRT_UINT16: case MOFRT_SINT16: case MOFRT_CHAR16: return 2;
    case MOFRT_UINT32: case MOFRT_SINT32: return 4;
    case MOFRT_UINT64: case MOFRT_SINT64: return 8;
    case MOFRT_REAL32: return sizeof(float);
    case MOFRT_REAL64: return sizeof(double);
    case MOFRT_DATETIME: return sizeof(mofrt_datetime);
    case MOFRT_INSTANCE: return p->embedded_class ? p->embedded_class->size : sizeof(char *);
    case MOFRT_STRING: case MOFRT_REFERENCE: return sizeof(char *);
    }
    return 0;
}

/* The element widened to 64 bits, for ValueMap checks. */
static uint64_t element_bits(const mofrt_property *p, const void *at)
{
    switch ((mofrt_type)p->type) {
    case MOFRT_UINT8: return *(const uint8_t *)at;
    case MOFRT_SINT8: return (uint64_t)(int64_t)*(const int8_t *)at;
    case MOFRT_UINT16: return *(const uint16_t *)at;
    case MOFRT_SINT16: return (uint64_t)(int64_t)*(const int16_t *)at;
    case MOFRT_UINT32: return *(const uint32_t *)at;
    case MOFRT_SINT32: return (uint64_t)(int64_t)*(const int32_t *)at;
    case MOFRT_UINT64: return *(const uint64_t *)at;
    case MOFRT_SINT64: return (uint64_t)*(const int64_t *)at;
    default: return 0;
    }
}

static bool is_string_type(const mofrt_property *p)
{
    return p->type == MOFRT_STRING || p->type == MOFRT_REFERENCE ||
           (p->type == MOFRT_INSTANCE && !p->embedded_class);
}

int mofrt_property_set_array(const mofrt_class *cls, void *instance, uint32_t index, const void *values,
                             size_t count)
{
    const mofrt_property *p = &cls->properties[index];
    size_t size = element_size(p);
    if (!(p->flags & MOFRT_ARRAY) || (p->type == MOFRT_INSTANCE && p->embedded_class) || size == 0)
        return -1;
    if (p->array_max && count > p->array_max)
        return -1;
    const unsigned char *in = values;
    for (size_t i = 0; i < count; i++) {
        if (p->enumeration && p->enumeration->entries[0].kind != MOFRT_ENUM_STRING &&
            !mofrt_enum_allows(p->enumeration, element_bits(p, in + i * size)))
            return -1;
        if (is_string_type(p) && ((const char *const *)values)[i] == NULL)
            return -1;
    }
    unsigned char *copy = malloc(count ? count * size : 1);
    if (!copy)
        return -1;
    if (is_string_type(p)) {
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
    unsigned char *base = instance;
    memcpy(base + p->offset, &copy, sizeof copy);
    memcpy(base + p->count_offset, &count, sizeof count);
    mofrt_property_mark_present(cls, instance, index);
    return 0;
}
