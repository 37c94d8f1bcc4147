/*
 * mofrt_internal.h - what the runtime's files share and users need not see:
 * element sizes and access, error construction, UTF-8, locale-proof reals,
 * and storing a decoded scalar into a property with every check applied
 * (range, ValueMap), so the JSON and MOF decoders validate identically.
 */
#ifndef MOFRT_INTERNAL_H
#define MOFRT_INTERNAL_H

#include "mofrt.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Shared between the runtime's files, never exported from libmofrt.so:
 * only mofrt.h's functions are its interface (see mofrt.map).  A pragma
 * other compilers ignore; PE targets (mingw) have no symbol visibility. */
#if defined(__GNUC__) && !defined(_WIN32)
#pragma GCC visibility push(hidden)
#endif

/* Where property `p` of an instance is: the one place that does the offset
 * arithmetic of the descriptor.  A scalar is one element at `items`; an
 * array's elements are where its pointer member points (NULL when absent),
 * `count` of them.  `member` is the member at p->offset itself. */
typedef struct mofrt_field {
    unsigned char *member;
    unsigned char *items;
    size_t count;
    size_t size; /* of one element */
} mofrt_field;
mofrt_field mofrt_field_at(const mofrt_property *p, const void *instance);
/* Just the member (what a decoder stores into): mofrt_field_at's `member`. */
static inline unsigned char *mofrt_field_member(const mofrt_property *p, const void *instance)
{
    return (unsigned char *)instance + p->offset;
}
/* mofrt_property_mark_present for a descriptor at hand: a decoder marks
 * every value it stores. */
static inline void mofrt_mark_present(const mofrt_property *p, void *instance)
{
    if (p->has_offset != MOFRT_NO_HAS)
        *(bool *)((unsigned char *)instance + p->has_offset) = true;
}
/* Whether the n bytes at a and b are the same: memcmp, inline, for the
 * short names the decoders compare once per property (a call to memcmp
 * costs more than the compare). */
static inline bool mofrt_same_bytes(const char *a, const char *b, size_t n)
{
    uint64_t x, y;
    if (n >= 8) {
        for (; n > 8; a += 8, b += 8, n -= 8) {
            memcpy(&x, a, 8);
            memcpy(&y, b, 8);
            if (x != y)
                return false;
        }
        memcpy(&x, a + n - 8, 8); /* the last 8 bytes, overlapping */
        memcpy(&y, b + n - 8, 8);
        return x == y;
    }
    if (n >= 4) {
        uint32_t u, v, w, z;
        memcpy(&u, a, 4), memcpy(&v, b, 4), memcpy(&w, a + n - 4, 4), memcpy(&z, b + n - 4, 4);
        return u == v && w == z;
    }
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}
/* One escape of a MOF string literal (at most 6 bytes) at `d`, for a byte
 * that needs one: the end of what was written. */
char *mofrt_mof_escape_one(char *d, unsigned char c);
/* The decimal digits at s[i], at most nineteen (they always fit in 64
 * bits) and none at or past s[n]: their value in *value, and the index
 * after them.  Both decoders read integers through it. */
static inline size_t mofrt_scan_digits19(const char *s, size_t i, size_t n, uint64_t *value)
{
    size_t end = n - i < 19 ? n : i + 19;
    uint64_t v = 0;
    while (i < end && (unsigned)(s[i] - '0') <= 9)
        v = v * 10 + (unsigned)(s[i++] - '0');
    *value = v;
    return i;
}
/* The properties an object has named, for both decoders to refuse a
 * duplicate: one word for a class of up to 64 properties, which stays in a
 * register (a store through a byte pointer could alias the reader's state
 * and make every later read of it a reload), bytes beyond: `stack` for up
 * to 512, else the heap.  _begin returns the bytes (NULL: the word alone),
 * and sets *failed when memory ran out. */
static inline unsigned char *mofrt_seen_begin(uint32_t count, unsigned char stack[64], bool *failed)
{
    unsigned char *bytes = count <= 64 ? NULL : count <= 512 ? memset(stack, 0, 64) : calloc(count / 8 + 1, 1);
    *failed = count > 64 && !bytes;
    return bytes;
}
static inline bool mofrt_seen_has(uint64_t word, const unsigned char *bytes, uint32_t i)
{
    return bytes ? (bytes[i / 8] >> (i % 8)) & 1 : (word >> i) & 1;
}
static inline void mofrt_seen_add(uint64_t *word, unsigned char *bytes, uint32_t i)
{
    if (bytes)
        bytes[i / 8] |= (unsigned char)(1u << (i % 8));
    else
        *word |= UINT64_C(1) << i;
}
static inline void mofrt_seen_end(unsigned char *bytes, const unsigned char stack[64])
{
    if (bytes != stack)
        free(bytes);
}
/* Element `i` of the field. */
static inline unsigned char *mofrt_field_item(const mofrt_field *f, size_t i)
{
    return f->items + i * f->size;
}
/* Stores an array's pointer and count (NULL and 0: absent). */
void mofrt_field_set_array(const mofrt_property *p, void *instance, void *items, size_t count);

/* The first offset at or after `pos` (and before `n`) of a byte a JSON
 * string scanner must look at: '"', '\\', a control character (< 0x20) or
 * a byte with the high bit set (UTF-8 to check); `n` when there is none.
 * Eight bytes at a time (SWAR), or sixteen with SSE2 where the compiler
 * has it; mofrt_scan_plain_portable is the SWAR one, always built (tests
 * compare the two). */
size_t mofrt_scan_plain(const char *s, size_t pos, size_t n);
size_t mofrt_scan_plain_portable(const char *s, size_t pos, size_t n);

/* Size of one element (one value of a scalar) of property `p`. */
size_t mofrt_element_size(const mofrt_property *p);
/* Frees what one element owns (strings, embedded instances). */
void mofrt_element_free(const mofrt_property *p, void *element);
/* True when the C representation is an owned char *. */
bool mofrt_is_text_type(const mofrt_property *p);

/* An integer element widened to 64 bits (two's complement for signed). */
uint64_t mofrt_integer_get(const void *src, mofrt_type t);
/* The low bits of `bits` into an integer element of type `t`. */
static inline void mofrt_integer_put(void *dst, mofrt_type t, uint64_t bits)
{
    switch (t) {
    case MOFRT_UINT8: *(uint8_t *)dst = (uint8_t)bits; break;
    case MOFRT_SINT8: *(int8_t *)dst = (int8_t)(int64_t)bits; break;
    case MOFRT_UINT16: *(uint16_t *)dst = (uint16_t)bits; break;
    case MOFRT_SINT16: *(int16_t *)dst = (int16_t)(int64_t)bits; break;
    case MOFRT_UINT32: *(uint32_t *)dst = (uint32_t)bits; break;
    case MOFRT_SINT32: *(int32_t *)dst = (int32_t)(int64_t)bits; break;
    case MOFRT_UINT64: *(uint64_t *)dst = bits; break;
    case MOFRT_SINT64: *(int64_t *)dst = (int64_t)bits; break;
    default: break;
    }
}
/* The largest positive value of each integer type, by mofrt_type. */
extern const uint64_t mofrt_integer_max[MOFRT_SINT64 + 1];
static inline bool mofrt_type_is_integer(mofrt_type t)
{
    return t >= MOFRT_UINT8 && t <= MOFRT_SINT64;
}
static inline bool mofrt_type_is_signed(mofrt_type t)
{
    return t == MOFRT_SINT8 || t == MOFRT_SINT16 || t == MOFRT_SINT32 || t == MOFRT_SINT64;
}

/* Fills `err` (property may be NULL); the position is set by the caller. */
void mofrt_fail(mofrt_error *err, mofrt_error_code code, const char *property, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Sets err->line/column from a byte offset into `text` (code points, tab = 1). */
void mofrt_locate(mofrt_error *err, const char *text, size_t offset);


/* The length of the longest prefix of `s` (n bytes) a JSON string holds
 * unescaped; the dispatching one uses SSE2 where the compiler offers it, the
 * portable one (8 bytes at a time) is always built and tested. */
size_t mofrt_json_plain_run(const char *s, size_t n);
size_t mofrt_json_plain_run_portable(const char *s, size_t n);
/* The same for a MOF string literal, which escapes DEL (0x7F) too. */
size_t mofrt_mof_plain_run(const char *s, size_t n);
size_t mofrt_mof_plain_run_portable(const char *s, size_t n);
/* Appends `s` (n bytes) as a quoted MOF string literal. */
int mofrt_mof_put_string(mofrt_buffer *out, const char *s, size_t n);
/* The length of the longest prefix of `s` (n bytes) a MOF string literal
 * holds as it is and that is ASCII: mofrt_mof_plain_run() that stops at
 * bytes >= 0x80 too (the writer checks their UTF-8 as it copies them). */
size_t mofrt_mof_ascii_run(const char *s, size_t n);
size_t mofrt_mof_ascii_run_portable(const char *s, size_t n);
/* Writes property `index` of `instance` as one "NAME = value;\n" line at
 * nesting `level` (the generic MOF writer's). */
int mofrt_mof_put_property(const mofrt_class *cls, const void *instance, uint32_t index, mofrt_buffer *out, int level);

/* Reals, independent of the C locale's decimal separator.  Formatting
 * gives the shortest text that reads back to the same value. */
size_t mofrt_real_format(char *out, size_t size, double v, bool is_real32);
int mofrt_real_parse(const char *text, size_t length, double *out);

/* ---- storing decoded values; each returns 0 or -1 with err->message set ---- */

/* An integer given as sign and magnitude: checks the type's range and the
 * ValueMap, then stores it at `dst`. */
int mofrt_store_integer_checked(const mofrt_property *p, void *dst, bool negative, uint64_t magnitude, mofrt_error *err);
/* What mofrt_store_integer_checked does, with the usual case inline: a
 * property without a ValueMap and a value in range for its type.  The
 * decoders call it once per integer; the rest (reals, negatives, ValueMaps,
 * every error) stays in one place. */
static inline int mofrt_store_integer(const mofrt_property *p, void *dst, bool negative, uint64_t magnitude, mofrt_error *err)
{
    mofrt_type t = (mofrt_type)p->type;
    if (!negative && !p->enumeration && mofrt_type_is_integer(t) && magnitude <= mofrt_integer_max[t]) {
        mofrt_integer_put(dst, t, magnitude);
        return 0;
    }
    return mofrt_store_integer_checked(p, dst, negative, magnitude, err);
}
/* A string for any property: text types copy it, datetimes parse it, integer
 * types accept decimal digits or a Values name, reals NaN/Infinity, char16
 * one character, booleans nothing. */
int mofrt_store_text(const mofrt_property *p, void *dst, const char *text, size_t length, mofrt_error *err);
/* The same for text already known to be UTF-8 without NUL (the JSON
 * scanner checked it): no second pass over it. */
int mofrt_store_valid_text(const mofrt_property *p, void *dst, const char *text, size_t length, mofrt_error *err);
int mofrt_store_real(const mofrt_property *p, void *dst, double v, mofrt_error *err);
/* The key and Required properties all have values: 0, or -1 naming the
 * first that does not. */
int mofrt_check_required(const mofrt_class *cls, const void *instance, mofrt_error *err);
/* mofrt_instance_check_values() for property `index` alone (present or not). */
int mofrt_property_check_values(const mofrt_class *cls, const void *instance, uint32_t index, mofrt_error *err);
/* A string ValueMap allows `text` (0), or -1 with `err` set. */
int mofrt_check_string_enum(const mofrt_property *p, const char *text, mofrt_error *err);
int mofrt_store_boolean(const mofrt_property *p, void *dst, bool v, mofrt_error *err);

/* A growable array of elements being decoded. */
typedef struct mofrt_elements {
    unsigned char *data;
    size_t count;
    size_t capacity;
    size_t size;
} mofrt_elements;
void *mofrt_elements_add(mofrt_elements *e); /* zeroed slot, NULL when out of memory */
/* Moves the elements into array property `index`, which is then present
 * (an empty one gets a one-element allocation, so it is not NULL): 0, or -1
 * when out of memory (the elements are then left as they were). */
int mofrt_elements_attach(const mofrt_class *cls, void *instance, uint32_t index, mofrt_elements *e);
void mofrt_elements_discard(const mofrt_property *p, mofrt_elements *e);

/* The name of a mofrt_type for messages ("uint32", "datetime", ...). */
const char *mofrt_type_label(const mofrt_property *p);

/* mofrt_datetime_parse in two halves, for tests/test_encode.c to show they
 * agree: the fixed-position RFC 3339 fast path (0, or -1 leaving `out`
 * alone: the full parser decides) and the full parser, every message. */
int mofrt_datetime_parse_fast(const char *text, size_t length, mofrt_datetime *out);
int mofrt_datetime_parse_full(const char *text, size_t length, mofrt_datetime *out, mofrt_error *err);
/* The same for 25-character DMTF text: the one-pass test of a complete
 * timestamp, and the field-by-field checks with their messages. */
bool mofrt_dmtf_is_plain_timestamp(const char *text);
int mofrt_datetime_parse_dmtf_checked(const char *text, mofrt_datetime *out, mofrt_error *err);

#if defined(__GNUC__) && !defined(_WIN32)
#pragma GCC visibility pop
#endif

#endif
