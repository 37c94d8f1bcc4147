/*
 * class.c - instances walked through their class descriptor: init, free,
 * presence (has_ members and pointers), the field cursor, name lookup,
 * validation, and storing decoded values with every check (shared by the
 * JSON and MOF decoders).
 */
#include "mofrt_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- descriptors ------------------------------------------------------------- */

uint32_t mofrt_name_hash(const char *name, size_t length)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        h ^= c;
        h *= 16777619u;
    }
    return h;
}

static bool name_equal(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y || y == 0)
            return false;
    }
    return b[n] == '\0';
}

int mofrt_class_find(const mofrt_class *cls, const char *name, size_t length)
{
    if (cls->lookup_size == 0)
        return -1;
    uint32_t mask = cls->lookup_size - 1;
    for (uint32_t i = mofrt_name_hash(name, length) & mask, probes = 0; probes < cls->lookup_size;
         i = (i + 1) & mask, probes++) {
        uint16_t slot = cls->lookup[i];
        if (slot == 0)
            return -1;
        if (name_equal(name, cls->properties[slot - 1].name, length))
            return slot - 1;
    }
    return -1;
}

bool mofrt_is_text_type(const mofrt_property *p)
{
    return p->type == MOFRT_STRING || p->type == MOFRT_REFERENCE || (p->type == MOFRT_INSTANCE && !p->embedded_class);
}

size_t mofrt_element_size(const mofrt_property *p)
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
    case MOFRT_INSTANCE:
        /* A scalar embedded instance is a pointer; array elements are structs. */
        return p->embedded_class && (p->flags & MOFRT_ARRAY) ? p->embedded_class->size : sizeof(void *);
    case MOFRT_STRING: case MOFRT_REFERENCE: return sizeof(char *);
    }
    return 0;
}

const char *mofrt_type_label(const mofrt_property *p)
{
    static const char *const labels[] = {"boolean", "uint8", "sint8", "uint16", "sint16", "uint32", "sint32", "uint64",
                                         "sint64", "real32", "real64", "char16", "string", "datetime", "reference",
                                         "object"};
    return p->type <= MOFRT_INSTANCE ? labels[p->type] : "?";
}

uint64_t mofrt_integer_get(const void *src, mofrt_type t)
{
    switch (t) {
    case MOFRT_UINT8: return *(const uint8_t *)src;
    case MOFRT_SINT8: return (uint64_t)(int64_t)*(const int8_t *)src;
    case MOFRT_UINT16: return *(const uint16_t *)src;
    case MOFRT_SINT16: return (uint64_t)(int64_t)*(const int16_t *)src;
    case MOFRT_UINT32: return *(const uint32_t *)src;
    case MOFRT_SINT32: return (uint64_t)(int64_t)*(const int32_t *)src;
    case MOFRT_UINT64: return *(const uint64_t *)src;
    case MOFRT_SINT64: return (uint64_t)*(const int64_t *)src;
    default: return 0;
    }
}

const uint64_t mofrt_integer_max[MOFRT_SINT64 + 1] = {
    [MOFRT_UINT8] = UINT8_MAX,   [MOFRT_SINT8] = INT8_MAX,   [MOFRT_UINT16] = UINT16_MAX,
    [MOFRT_SINT16] = INT16_MAX,  [MOFRT_UINT32] = UINT32_MAX, [MOFRT_SINT32] = INT32_MAX,
    [MOFRT_UINT64] = UINT64_MAX, [MOFRT_SINT64] = INT64_MAX,
};

/* ---- instances ----------------------------------------------------------------- */

void mofrt_instance_init(const mofrt_class *cls, void *instance)
{
    memset(instance, 0, cls->size);
}

mofrt_field mofrt_field_at(const mofrt_property *p, const void *instance)
{
    mofrt_field f = {mofrt_field_member(p, instance), NULL, 1, mofrt_element_size(p)};
    if (p->flags & MOFRT_ARRAY) {
        memcpy(&f.items, f.member, sizeof f.items);
        memcpy(&f.count, (const unsigned char *)instance + p->count_offset, sizeof f.count);
    } else {
        f.items = f.member;
    }
    return f;
}

void mofrt_field_set_array(const mofrt_property *p, void *instance, void *items, size_t count)
{
    memcpy(mofrt_field_member(p, instance), &items, sizeof items);
    memcpy((unsigned char *)instance + p->count_offset, &count, sizeof count);
}

bool mofrt_property_is_present(const mofrt_class *cls, const void *instance, uint32_t index)
{
    const mofrt_property *p = &cls->properties[index];
    const unsigned char *base = instance;
    if (p->has_offset != MOFRT_NO_HAS)
        return *(const bool *)(base + p->has_offset);
    void *pointer;
    memcpy(&pointer, mofrt_field_member(p, base), sizeof pointer);
    return pointer != NULL;
}

void mofrt_property_mark_present(const mofrt_class *cls, void *instance, uint32_t index)
{
    mofrt_mark_present(&cls->properties[index], instance);
}

void mofrt_element_free(const mofrt_property *p, void *element)
{
    if (mofrt_is_text_type(p)) {
        free(*(char **)element);
    } else if (p->type == MOFRT_INSTANCE && p->embedded_class) {
        if (p->flags & MOFRT_ARRAY) {
            mofrt_instance_free(p->embedded_class, element);
        } else {
            void *inner = *(void **)element;
            if (inner)
                mofrt_instance_free(p->embedded_class, inner);
            free(inner);
        }
    }
}

void mofrt_property_clear(const mofrt_class *cls, void *instance, uint32_t index)
{
    const mofrt_property *p = &cls->properties[index];
    unsigned char *base = instance;
    mofrt_field f = mofrt_field_at(p, instance);
    for (size_t i = 0; f.items && i < f.count; i++)
        mofrt_element_free(p, mofrt_field_item(&f, i));
    if (p->flags & MOFRT_ARRAY) {
        free(f.items);
        mofrt_field_set_array(p, instance, NULL, 0);
    } else {
        memset(f.member, 0, f.size);
    }
    if (p->has_offset != MOFRT_NO_HAS)
        *(bool *)(base + p->has_offset) = false;
}

void mofrt_instance_free(const mofrt_class *cls, void *instance)
{
    /* Only pointers own memory (a has_ scalar owns none): free those, then
     * clear everything at once. */
    for (uint32_t i = 0; i < cls->property_count; i++) {
        const mofrt_property *p = &cls->properties[i];
        void *pointer;
        if (p->has_offset != MOFRT_NO_HAS)
            continue;
        memcpy(&pointer, mofrt_field_member(p, instance), sizeof pointer);
        if (!pointer)
            continue;
        if (!(p->flags & MOFRT_ARRAY) && mofrt_is_text_type(p))
            free(pointer); /* a string, the usual case: cleared below */
        else
            mofrt_property_clear(cls, instance, i);
    }
    mofrt_instance_init(cls, instance);
}


int mofrt_property_set_string(const mofrt_class *cls, void *instance, uint32_t index, const char *value)
{
    const mofrt_property *p = &cls->properties[index];
    if (!mofrt_is_text_type(p) || (p->flags & MOFRT_ARRAY))
        return -1;
    mofrt_error ignored;
    if (value && (!mofrt_utf8_valid(value, NULL) || mofrt_check_string_enum(p, value, &ignored) != 0))
        return -1; /* what the encoders write must read back */
    char *copy = NULL;
    if (value) {
        size_t n = strlen(value) + 1;
        copy = malloc(n);
        if (!copy)
            return -1;
        memcpy(copy, value, n);
    }
    mofrt_property_clear(cls, instance, index);
    if (copy) {
        memcpy(mofrt_field_at(p, instance).member, &copy, sizeof copy);
        mofrt_property_mark_present(cls, instance, index);
    }
    return 0;
}

/* ---- checks shared by decoders and validation ------------------------------------ */

static void describe_value_map(const mofrt_enum *e, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < e->count && used + 16 < size; i++) {
        int n = snprintf(out + used, size - used, "%s%s", i ? ", " : "", e->entries[i].value_map);
        if (n < 0 || (size_t)n >= size - used) {
            snprintf(out + used, size - used, ", ...");
            break;
        }
        used += (size_t)n;
    }
}

/* What check_enum_bits() checks, without the message. */
static bool check_enum_bits_quiet(const mofrt_property *p, uint64_t bits)
{
    return !p->enumeration || p->enumeration->count == 0 || p->enumeration->entries[0].kind == MOFRT_ENUM_STRING ||
           mofrt_enum_allows(p->enumeration, bits);
}

static int check_enum_bits(const mofrt_property *p, uint64_t bits, mofrt_error *err)
{
    if (check_enum_bits_quiet(p, bits))
        return 0;
    char allowed[160];
    describe_value_map(p->enumeration, allowed, sizeof allowed);
    if (mofrt_type_is_signed((mofrt_type)p->type))
        mofrt_fail(err, MOFRT_ERR_VALUE_MAP, p->name, "%lld is not in the ValueMap (%s)", (long long)(int64_t)bits, allowed);
    else
        mofrt_fail(err, MOFRT_ERR_VALUE_MAP, p->name, "%llu is not in the ValueMap (%s)", (unsigned long long)bits, allowed);
    return -1;
}

int mofrt_check_string_enum(const mofrt_property *p, const char *text, mofrt_error *err)
{
    const mofrt_enum *e = p->enumeration;
    if (!e || e->count == 0 || e->entries[0].kind != MOFRT_ENUM_STRING || e->open)
        return 0;
    for (size_t i = 0; i < e->count; i++)
        if (strcmp(e->entries[i].value_map, text) == 0)
            return 0;
    char allowed[160];
    describe_value_map(e, allowed, sizeof allowed);
    mofrt_fail(err, MOFRT_ERR_VALUE_MAP, p->name, "\"%s\" is not in the ValueMap (%s)", text, allowed);
    return -1;
}

int mofrt_store_integer_checked(const mofrt_property *p, void *dst, bool negative, uint64_t magnitude, mofrt_error *err)
{
    mofrt_type t = (mofrt_type)p->type;
    if (t == MOFRT_REAL32 || t == MOFRT_REAL64) {
        double v = negative ? -(double)magnitude : (double)magnitude;
        return mofrt_store_real(p, dst, v, err);
    }
    if (!mofrt_type_is_integer(t)) {
        mofrt_fail(err, MOFRT_ERR_TYPE, p->name, "expected a %s value, not a number", mofrt_type_label(p));
        return -1;
    }
    bool is_signed = mofrt_type_is_signed(t);
    uint64_t limit = negative ? (is_signed ? mofrt_integer_max[t] + 1 : 0) : mofrt_integer_max[t];
    if (magnitude > limit) {
        mofrt_fail(err, MOFRT_ERR_RANGE, p->name, "%s%llu is out of range for %s", negative ? "-" : "", (unsigned long long)magnitude,
                   mofrt_type_label(p));
        return -1;
    }
    uint64_t bits = negative ? (uint64_t)0 - magnitude : magnitude;
    if (check_enum_bits(p, bits, err) != 0)
        return -1;
    mofrt_integer_put(dst, t, bits);
    return 0;
}

int mofrt_store_real(const mofrt_property *p, void *dst, double v, mofrt_error *err)
{
    if (p->type == MOFRT_REAL32)
        *(float *)dst = (float)v;
    else if (p->type == MOFRT_REAL64)
        *(double *)dst = v;
    else {
        mofrt_fail(err, MOFRT_ERR_TYPE, p->name, "expected a %s value, not a real number", mofrt_type_label(p));
        return -1;
    }
    return 0;
}

int mofrt_store_boolean(const mofrt_property *p, void *dst, bool v, mofrt_error *err)
{
    if (p->type != MOFRT_BOOLEAN) {
        mofrt_fail(err, MOFRT_ERR_TYPE, p->name, "expected a %s value, not a boolean", mofrt_type_label(p));
        return -1;
    }
    *(bool *)dst = v;
    return 0;
}

static int store_integer_text(const mofrt_property *p, void *dst, const char *text, size_t n, mofrt_error *err)
{
    size_t i = 0;
    bool negative = false;
    if (i < n && text[i] == '-') {
        negative = true;
        i++;
    }
    if (i < n && text[i] >= '0' && text[i] <= '9') {
        uint64_t v = 0;
        for (; i < n; i++) {
            if (text[i] < '0' || text[i] > '9')
                break;
            unsigned d = (unsigned)(text[i] - '0');
            if (v > (UINT64_MAX - d) / 10) {
                mofrt_fail(err, MOFRT_ERR_RANGE, p->name, "\"%.*s\" is out of range for %s", (int)n, text, mofrt_type_label(p));
                return -1;
            }
            v = v * 10 + d;
        }
        if (i == n)
            return mofrt_store_integer(p, dst, negative, v, err);
    }
    /* A Values name stands for its value. */
    uint64_t bits;
    char name[256];
    if (p->enumeration && n < sizeof name) {
        memcpy(name, text, n);
        name[n] = '\0';
        if (mofrt_enum_value(p->enumeration, name, &bits) == 0) {
            mofrt_integer_put(dst, (mofrt_type)p->type, bits);
            return 0;
        }
        mofrt_fail(err, MOFRT_ERR_VALUE_MAP, p->name, "\"%s\" is neither a number nor a name in the Values of %s", name,
                   p->enumeration->name);
        return -1;
    }
    mofrt_fail(err, MOFRT_ERR_TYPE, p->name, "expected a %s value, not the string \"%.*s\"", mofrt_type_label(p), (int)(n > 40 ? 40 : n),
               text);
    return -1;
}

int mofrt_store_text(const mofrt_property *p, void *dst, const char *text, size_t n, mofrt_error *err)
{
    if (mofrt_is_text_type(p)) {
        if (memchr(text, '\0', n)) {
            mofrt_fail(err, MOFRT_ERR_STRING, p->name, "strings cannot hold the NUL character");
            return -1;
        }
        /* Both decoders come here, so MOF text is held to UTF-8 like JSON. */
        for (size_t i = 0; i < n;) {
            uint32_t cp;
            size_t used = (unsigned char)text[i] < 0x80 ? 1 : mofrt_utf8_decode(text + i, n - i, &cp);
            if (used == 0) {
                mofrt_fail(err, MOFRT_ERR_STRING, p->name, "invalid UTF-8 in a string");
                return -1;
            }
            i += used;
        }
    }
    return mofrt_store_valid_text(p, dst, text, n, err);
}

int mofrt_store_valid_text(const mofrt_property *p, void *dst, const char *text, size_t n, mofrt_error *err)
{
    mofrt_type t = (mofrt_type)p->type;
    if (mofrt_is_text_type(p)) {
        char *copy = malloc(n + 1);
        if (!copy) {
            mofrt_fail(err, MOFRT_ERR_NO_MEMORY, p->name, "out of memory");
            return -1;
        }
        memcpy(copy, text, n);
        copy[n] = '\0';
        if (mofrt_check_string_enum(p, copy, err) != 0) {
            free(copy);
            return -1;
        }
        *(char **)dst = copy;
        return 0;
    }
    if (t == MOFRT_DATETIME) {
        if (mofrt_datetime_parse(text, n, dst, err) != 0) {
            snprintf(err->property, sizeof err->property, "%s", p->name);
            return -1;
        }
        return 0;
    }
    if (mofrt_type_is_integer(t))
        return store_integer_text(p, dst, text, n, err);
    if (t == MOFRT_REAL32 || t == MOFRT_REAL64) {
        double v;
        if (n == 3 && memcmp(text, "NaN", 3) == 0)
            v = (double)NAN;
        else if (n == 8 && memcmp(text, "Infinity", 8) == 0)
            v = (double)INFINITY;
        else if (n == 9 && memcmp(text, "-Infinity", 9) == 0)
            v = -(double)INFINITY;
        else if (mofrt_real_parse(text, n, &v) != 0) {
            mofrt_fail(err, MOFRT_ERR_TYPE, p->name, "expected a number, \"NaN\", \"Infinity\" or \"-Infinity\"");
            return -1;
        }
        return mofrt_store_real(p, dst, v, err);
    }
    if (t == MOFRT_CHAR16) {
        uint32_t cp;
        size_t used = mofrt_utf8_decode(text, n, &cp);
        if (used == 0 || used != n || cp > 0xFFFF || cp == 0) {
            mofrt_fail(err, MOFRT_ERR_TYPE, p->name, "a char16 value is exactly one character (U+0001..U+FFFF)");
            return -1;
        }
        *(uint16_t *)dst = (uint16_t)cp;
        return 0;
    }
    mofrt_fail(err, MOFRT_ERR_TYPE, p->name, "expected a %s value, not a string", mofrt_type_label(p));
    return -1;
}

/* ---- arrays being decoded ------------------------------------------------------- */

void *mofrt_elements_add(mofrt_elements *e)
{
    if (e->count == e->capacity) {
        size_t capacity = e->capacity ? e->capacity * 2 : 4;
        unsigned char *data = realloc(e->data, capacity * e->size);
        if (!data)
            return NULL;
        e->data = data;
        e->capacity = capacity;
    }
    void *slot = e->data + e->count++ * e->size;
    memset(slot, 0, e->size);
    return slot;
}

int mofrt_elements_attach(const mofrt_class *cls, void *instance, uint32_t index, mofrt_elements *e)
{
    if (!e->data && !(e->data = calloc(1, e->size))) /* present and empty: not NULL */
        return -1;
    mofrt_field_set_array(&cls->properties[index], instance, e->data, e->count);
    e->data = NULL;
    e->count = e->capacity = 0;
    return 0;
}

void mofrt_elements_discard(const mofrt_property *p, mofrt_elements *e)
{
    for (size_t i = 0; i < e->count; i++)
        mofrt_element_free(p, e->data + i * e->size);
    free(e->data);
    e->data = NULL;
    e->count = e->capacity = 0;
}

/* ---- validation --------------------------------------------------------------------- */

static int validate_element(const mofrt_property *p, const void *element, mofrt_error *err)
{
    if (mofrt_type_is_integer((mofrt_type)p->type))
        return check_enum_bits(p, mofrt_integer_get(element, (mofrt_type)p->type), err);
    if (mofrt_is_text_type(p)) {
        const char *s = *(char *const *)element;
        size_t bad;
        if (!s) {
            mofrt_fail(err, MOFRT_ERR_STRING, p->name, "a string element is NULL");
            return -1;
        }
        if (!mofrt_utf8_valid(s, &bad)) {
            mofrt_fail(err, MOFRT_ERR_STRING, p->name, "invalid UTF-8 at byte %lu of the string", (unsigned long)bad);
            return -1;
        }
        return mofrt_check_string_enum(p, s, err);
    }
    if (p->type == MOFRT_DATETIME) {
        mofrt_error why;
        if (mofrt_datetime_is_valid(element, &why))
            return 0;
        mofrt_fail(err, MOFRT_ERR_DATETIME, p->name, "not a valid datetime: %s", why.message);
        return -1;
    }
    if (p->type == MOFRT_CHAR16) {
        uint16_t c = *(const uint16_t *)element;
        if (c == 0 || (c >= 0xD800 && c <= 0xDFFF)) {
            mofrt_fail(err, MOFRT_ERR_TYPE, p->name, "a char16 value is exactly one character (U+0001..U+FFFF, no surrogate)");
            return -1;
        }
        return 0;
    }
    if (p->type == MOFRT_INSTANCE && p->embedded_class) {
        const void *inner = (p->flags & MOFRT_ARRAY) ? element : *(void *const *)element;
        return inner ? mofrt_instance_validate(p->embedded_class, inner, err) : 0;
    }
    return 0;
}

int mofrt_check_required(const mofrt_class *cls, const void *instance, mofrt_error *err)
{
    for (uint32_t i = 0; i < cls->property_count; i++) {
        const mofrt_property *p = &cls->properties[i];
        if ((p->flags & MOFRT_REQUIRED) && !mofrt_property_is_present(cls, instance, i)) {
            mofrt_fail(err, MOFRT_ERR_MISSING_PROPERTY, p->name, "missing: %s property must have a value",
                       (p->flags & MOFRT_KEY) ? "a key" : "a Required");
            return -1;
        }
    }
    return 0;
}

int mofrt_instance_validate(const mofrt_class *cls, const void *instance, mofrt_error *err)
{
    if (mofrt_check_required(cls, instance, err) != 0)
        return -1;
    return mofrt_instance_check_values(cls, instance, err);
}

int mofrt_property_check_values(const mofrt_class *cls, const void *instance, uint32_t index, mofrt_error *err)
{
    const mofrt_property *p = &cls->properties[index];
    mofrt_field f = mofrt_field_at(p, instance);
    if (p->array_max && f.count > p->array_max) {
        mofrt_fail(err, MOFRT_ERR_RANGE, p->name, "%llu elements, but the array holds at most %lu",
                   (unsigned long long)f.count, (unsigned long)p->array_max);
        return -1;
    }
    for (size_t k = 0; k < f.count; k++)
        if (validate_element(p, mofrt_field_item(&f, k), err) != 0)
            return -1;
    return 0;
}

int mofrt_instance_check_values(const mofrt_class *cls, const void *instance, mofrt_error *err)
{
    for (uint32_t i = 0; i < cls->property_count; i++)
        if (mofrt_property_is_present(cls, instance, i) && mofrt_property_check_values(cls, instance, i, err) != 0)
            return -1;
    return 0;
}

bool mofrt_property_allows(const mofrt_property *p, uint64_t bits)
{
    return check_enum_bits_quiet(p, bits);
}
