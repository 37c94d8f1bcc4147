/*
 * json.c - JSON in and out, straight between text and struct.
 *
 * The reader is a hand-written recursive-descent decoder that stores each
 * value into the struct as it meets it: no intermediate tree, property names
 * found through the class's hash table, and no allocation beyond the
 * strings, arrays and embedded instances the struct owns.  Positions are
 * computed only when an error is reported.
 */
#include "mofrt_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing ---------------------------------------------------------------- */

static int put(mofrt_buffer *out, const char *s, size_t n)
{
    return mofrt_buffer_append(out, s, n);
}

static int put_json_string(mofrt_buffer *out, const char *s, size_t n)
{
    return mofrt_json_put_string(out, s, n, 0);
}

static int write_text(const void *v, mofrt_buffer *out)
{
    const char *s = *(char *const *)v;
    return s ? put_json_string(out, s, strlen(s)) : put(out, "null", 4);
}

static int write_element(const mofrt_property *p, const void *v, mofrt_buffer *out)
{
    char buf[64];
    mofrt_type t = (mofrt_type)p->type;
    if (mofrt_type_is_integer(t)) {
        uint64_t bits = mofrt_integer_get(v, t);
        char *end = mofrt_type_is_signed(t) ? mofrt_put_int(buf, (int64_t)bits) : mofrt_put_uint(buf, bits);
        return put(out, buf, (size_t)(end - buf));
    }
    switch (t) {
    case MOFRT_BOOLEAN: return *(const bool *)v ? put(out, "true", 4) : put(out, "false", 5);
    case MOFRT_REAL32:
    case MOFRT_REAL64: {
        double d = t == MOFRT_REAL32 ? (double)*(const float *)v : *(const double *)v;
        if (isnan(d))
            return put(out, "\"NaN\"", 5);
        if (isinf(d))
            return d > 0 ? put(out, "\"Infinity\"", 10) : put(out, "\"-Infinity\"", 11);
        size_t n = mofrt_real_format(buf, sizeof buf, d, t == MOFRT_REAL32);
        return put(out, buf, n);
    }
    case MOFRT_CHAR16: {
        size_t n = mofrt_utf8_encode(*(const uint16_t *)v, buf);
        return put_json_string(out, buf, n);
    }
    case MOFRT_DATETIME:
        return put(out, buf, (size_t)(mofrt_put_json_datetime(buf, v) - buf));
    case MOFRT_INSTANCE:
        if (p->embedded_class) {
            const void *inner = (p->flags & MOFRT_ARRAY) ? v : *(void *const *)v;
            return inner ? mofrt_json_write(p->embedded_class, inner, out) : put(out, "null", 4);
        }
        return write_text(v, out); /* an untyped embedded object is its text */
    default:
        return write_text(v, out);
    }
}

static int write_value(const mofrt_property *p, const void *instance, mofrt_buffer *out)
{
    mofrt_field f = mofrt_field_at(p, instance);
    if (!(p->flags & MOFRT_ARRAY))
        return write_element(p, f.items, out);
    if (put(out, "[", 1))
        return -1;
    for (size_t i = 0; i < f.count; i++)
        if ((i && put(out, ",", 1)) || write_element(p, mofrt_field_item(&f, i), out))
            return -1;
    return put(out, "]", 1);
}

int mofrt_json_put_member(const mofrt_class *cls, const void *instance, uint32_t index, mofrt_buffer *out,
                          size_t slack)
{
    const mofrt_property *p = &cls->properties[index];
    size_t n = strlen(p->name);
    if (mofrt_buffer_reserve(out, n + 4) != 0)
        return -1;
    /* A MOF name has nothing a JSON string escapes. */
    char *d = out->data + out->length;
    memcpy(d, ",\"", 2);
    memcpy(d + 2, p->name, n);
    memcpy(d + 2 + n, "\":", 2);
    out->length += n + 4;
    return write_value(p, instance, out) || mofrt_buffer_reserve(out, slack);
}

int mofrt_json_write(const mofrt_class *cls, const void *instance, mofrt_buffer *out)
{
    size_t start = out->length;
    mofrt_error err;
    if (mofrt_instance_check_values(cls, instance, &err) != 0 || mofrt_buffer_reserve(out, 2) != 0)
        return -1;
    for (uint32_t i = 0; i < cls->property_count; i++)
        if (mofrt_property_is_present(cls, instance, i) && mofrt_json_put_member(cls, instance, i, out, 2) != 0)
            return -1;
    return mofrt_json_end_object(out, start, out->data + out->length);
}

/* ---- reading -------------------------------------------------------------------- */

typedef struct json_in {
    const char *s;
    size_t n;
    size_t pos;
    mofrt_error *err;
    unsigned flags;
    int depth;
} json_in;

/* Reports at byte offset `at`; always returns -1. */
static int fail_at(json_in *in, size_t at, mofrt_error_code code, const char *property, const char *message)
{
    mofrt_fail(in->err, code, property, "%s", message);
    mofrt_locate(in->err, in->s, at < in->n ? at : in->n);
    return -1;
}

/* For errors already written into in->err (by the store functions). */
static int locate_at(json_in *in, size_t at)
{
    mofrt_locate(in->err, in->s, at < in->n ? at : in->n);
    return -1;
}

static inline void skip_ws(json_in *in)
{
    if (in->pos < in->n && (unsigned char)in->s[in->pos] > ' ')
        return; /* the usual case: compact JSON */
    while (in->pos < in->n) {
        char c = in->s[in->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        in->pos++;
    }
}

static int hex4(const char *s, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v << 4 | (uint32_t)d;
    }
    *out = v;
    return 0;
}

/* Reads a JSON string at in->pos (the opening quote).  Without escapes the
 * result points into the input (*owned NULL); with escapes it is decoded
 * into `scratch` when it fits, else into *owned (malloc'ed). */
static int read_string(json_in *in, const char *property, char *scratch, size_t scratch_size, const char **text,
                       size_t *length, char **owned)
{
    size_t start = ++in->pos, first_escape = 0;
    bool escaped = false;
    *owned = NULL;
    while (in->pos < in->n) {
        in->pos = mofrt_scan_plain(in->s, in->pos, in->n);
        if (in->pos >= in->n)
            break;
        unsigned char c = (unsigned char)in->s[in->pos];
        if (c == '"')
            break;
        if (c == '\\') {
            if (!escaped)
                first_escape = in->pos;
            escaped = true;
            in->pos = in->pos + 2 < in->n ? in->pos + 2 : in->n;
            continue;
        }
        if (c < 0x20)
            return fail_at(in, in->pos, MOFRT_ERR_STRING, property, "control character in a string (escape it)");
        if (c >= 0x80) {
            uint32_t cp;
            size_t used = mofrt_utf8_decode(in->s + in->pos, in->n - in->pos, &cp);
            if (!used)
                return fail_at(in, in->pos, MOFRT_ERR_STRING, property, "invalid UTF-8 in a string");
            in->pos += used;
            continue;
        }
        in->pos++;
    }
    if (in->pos >= in->n)
        return fail_at(in, start - 1, MOFRT_ERR_SYNTAX, property, "unterminated string");
    size_t end = in->pos++;
    if (!escaped) {
        *text = in->s + start;
        *length = end - start;
        return 0;
    }
    char *out = end - start < scratch_size ? scratch : (*owned = malloc(end - start + 1));
    if (!out)
        return fail_at(in, start, MOFRT_ERR_NO_MEMORY, property, "out of memory");
    /* `s` in a local: stores through `out` could alias in->s, and the
     * compiler would reload it for every byte. */
    const char *s = in->s;
    size_t o = first_escape - start;
    memcpy(out, s + start, o);
    for (size_t i = first_escape; i < end; i++) {
        if (s[i] != '\\') {
            out[o++] = s[i];
            continue;
        }
        size_t escape_at = i;
        char e = s[++i];
        const char *why = "unknown escape (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)";
        mofrt_error_code code = MOFRT_ERR_SYNTAX;
        switch (e) {
        case '"': out[o++] = '"'; break;
        case '\\': out[o++] = '\\'; break;
        case '/': out[o++] = '/'; break;
        case 'b': out[o++] = '\b'; break;
        case 'f': out[o++] = '\f'; break;
        case 'n': out[o++] = '\n'; break;
        case 'r': out[o++] = '\r'; break;
        case 't': out[o++] = '\t'; break;
        case 'u': {
            uint32_t cp, lo;
            why = "\\u needs four hex digits";
            if (i + 4 >= end + 1 || hex4(s + i + 1, &cp))
                goto bad_escape;
            i += 4;
            if (cp >= 0xD800 && cp < 0xDC00) {
                code = MOFRT_ERR_STRING;
                why = "a high surrogate \\uD800-\\uDBFF must be followed by a low one \\uDC00-\\uDFFF";
                if (i + 6 >= end + 1 || s[i + 1] != '\\' || s[i + 2] != 'u' || hex4(s + i + 3, &lo) ||
                    lo < 0xDC00 || lo > 0xDFFF)
                    goto bad_escape;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                code = MOFRT_ERR_STRING;
                why = "a low surrogate \\uDC00-\\uDFFF without a high one before it";
                goto bad_escape;
            } else if (cp == 0) {
                code = MOFRT_ERR_STRING;
                why = "\\u0000 is refused: strings are NUL-terminated in C";
                goto bad_escape;
            }
            o += mofrt_utf8_encode(cp, out + o);
            break;
        }
        default:
            goto bad_escape;
        }
        continue;
    bad_escape:
        free(*owned);
        *owned = NULL;
        return fail_at(in, escape_at, code, property, why);
    }
    out[o] = '\0';
    *text = out;
    *length = o;
    return 0;
}

static int skip_value(json_in *in);

static bool match_word(json_in *in, const char *word)
{
    size_t n = strlen(word);
    if (in->n - in->pos >= n && memcmp(in->s + in->pos, word, n) == 0) {
        in->pos += n;
        return true;
    }
    return false;
}

/* Scans a JSON number; sets the integer parts when it has no fraction or
 * exponent.  Returns 0, or -1 when it is not a JSON number. */
static int scan_number(json_in *in, bool *integral, bool *negative, uint64_t *magnitude, bool *overflow, size_t *start)
{
    *start = in->pos;
    *negative = false;
    *overflow = false;
    *magnitude = 0;
    if (in->s[in->pos] == '-') {
        *negative = true;
        in->pos++;
    }
    size_t digits = in->pos;
    /* Only the digits after the nineteenth need the overflow test. */
    const char *s = in->s;
    uint64_t v;
    size_t i = mofrt_scan_digits19(s, digits, in->n, &v);
    while (i < in->n && (unsigned)(s[i] - '0') <= 9) {
        unsigned d = (unsigned)(s[i++] - '0');
        if (v > (UINT64_MAX - d) / 10)
            *overflow = true;
        v = v * 10 + d;
    }
    in->pos = i;
    *magnitude = v;
    if (i == digits || (s[digits] == '0' && i - digits > 1))
        return -1;
    *integral = true;
    if (in->pos < in->n && in->s[in->pos] == '.') {
        *integral = false;
        size_t f = ++in->pos;
        while (in->pos < in->n && in->s[in->pos] >= '0' && in->s[in->pos] <= '9')
            in->pos++;
        if (in->pos == f)
            return -1;
    }
    if (in->pos < in->n && (in->s[in->pos] == 'e' || in->s[in->pos] == 'E')) {
        *integral = false;
        in->pos++;
        if (in->pos < in->n && (in->s[in->pos] == '+' || in->s[in->pos] == '-'))
            in->pos++;
        size_t e = in->pos;
        while (in->pos < in->n && in->s[in->pos] >= '0' && in->s[in->pos] <= '9')
            in->pos++;
        if (in->pos == e)
            return -1;
    }
    return 0;
}

static int read_object(json_in *in, const mofrt_class *cls, void *instance);

/* One element (or scalar value) of property `p` into `dst`. */
static int read_element(json_in *in, const mofrt_property *p, void *dst)
{
    size_t at = in->pos;
    if (at >= in->n)
        return fail_at(in, at, MOFRT_ERR_SYNTAX, p->name, "unexpected end of input");
    char c = in->s[at];
    if (c == '"') {
        char scratch[256];
        const char *text;
        size_t length;
        char *owned;
        if (read_string(in, p->name, scratch, sizeof scratch, &text, &length, &owned))
            return -1;
        int rc = mofrt_store_valid_text(p, dst, text, length, in->err); /* read_string checked it */
        free(owned);
        return rc ? locate_at(in, at) : 0;
    }
    if (c >= '0' && c <= '9' && mofrt_type_is_integer((mofrt_type)p->type)) {
        /* The usual number, a short unsigned integer, read in place: up to
         * nineteen digits (they always fit) ended by a byte that cannot
         * continue a number.  Anything else is scanned again below. */
        const char *s = in->s;
        uint64_t v;
        size_t i = mofrt_scan_digits19(s, at, in->n, &v);
        char after = i < in->n ? s[i] : ' ';
        if ((unsigned)(after - '0') > 9 && after != '.' && after != 'e' && after != 'E' && (c != '0' || i == at + 1)) {
            in->pos = i;
            return mofrt_store_integer(p, dst, false, v, in->err) ? locate_at(in, at) : 0;
        }
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        bool integral, negative, overflow;
        uint64_t magnitude;
        size_t start;
        if (scan_number(in, &integral, &negative, &magnitude, &overflow, &start))
            return fail_at(in, at, MOFRT_ERR_SYNTAX, p->name, "malformed number");
        mofrt_type t = (mofrt_type)p->type;
        if (t == MOFRT_REAL32 || t == MOFRT_REAL64) {
            double v;
            if (mofrt_real_parse(in->s + start, in->pos - start, &v))
                return fail_at(in, at, MOFRT_ERR_RANGE, p->name, "number out of range for a real");
            return mofrt_store_real(p, dst, v, in->err) ? locate_at(in, at) : 0;
        }
        if (mofrt_type_is_integer(t) && !integral)
            return fail_at(in, at, MOFRT_ERR_TYPE, p->name, "expected an integer, not a number with a fraction or exponent");
        if (overflow) {
            mofrt_fail(in->err, MOFRT_ERR_RANGE, p->name, "%.*s is out of range for %s", (int)(in->pos - start), in->s + start,
                       mofrt_type_label(p));
            return locate_at(in, at);
        }
        return mofrt_store_integer(p, dst, negative, magnitude, in->err) ? locate_at(in, at) : 0;
    }
    if (c == 't' || c == 'f') {
        if (!match_word(in, c == 't' ? "true" : "false")) {
            mofrt_fail(in->err, MOFRT_ERR_TYPE, p->name, "expected a %s value", mofrt_type_label(p));
            return locate_at(in, at);
        }
        return mofrt_store_boolean(p, dst, c == 't', in->err) ? locate_at(in, at) : 0;
    }
    if (c == '{' && p->type == MOFRT_INSTANCE && p->embedded_class) {
        void *inner = dst;
        if (!(p->flags & MOFRT_ARRAY)) {
            inner = malloc(p->embedded_class->size);
            if (!inner)
                return fail_at(in, at, MOFRT_ERR_NO_MEMORY, p->name, "out of memory");
            mofrt_instance_init(p->embedded_class, inner);
            *(void **)dst = inner;
        } else {
            mofrt_instance_init(p->embedded_class, inner);
        }
        return read_object(in, p->embedded_class, inner);
    }
    if (c == 'n' && match_word(in, "null"))
        return fail_at(in, at, MOFRT_ERR_TYPE, p->name, "array elements cannot be null");
    mofrt_fail(in->err, MOFRT_ERR_TYPE, p->name, "expected a %s value", mofrt_type_label(p));
    return locate_at(in, at);
}

static int read_array(json_in *in, const mofrt_class *cls, void *instance, uint32_t index)
{
    const mofrt_property *p = &cls->properties[index];
    mofrt_elements elements = {.size = mofrt_element_size(p)};
    in->pos++; /* '[' */
    skip_ws(in);
    if (in->pos < in->n && in->s[in->pos] == ']') {
        in->pos++;
        return mofrt_elements_attach(cls, instance, index, &elements) ? fail_at(in, in->pos - 1, MOFRT_ERR_NO_MEMORY, p->name, "out of memory") : 0;
    }
    for (;;) {
        skip_ws(in);
        size_t at = in->pos;
        if (p->array_max && elements.count == p->array_max) {
            mofrt_elements_discard(p, &elements);
            mofrt_fail(in->err, MOFRT_ERR_RANGE, p->name, "more than %lu elements in a fixed-size array", (unsigned long)p->array_max);
            return locate_at(in, at);
        }
        void *slot = mofrt_elements_add(&elements);
        if (!slot || read_element(in, p, slot)) {
            if (!slot)
                fail_at(in, at, MOFRT_ERR_NO_MEMORY, p->name, "out of memory");
            mofrt_elements_discard(p, &elements);
            return -1;
        }
        skip_ws(in);
        if (in->pos < in->n && in->s[in->pos] == ',') {
            in->pos++;
            continue;
        }
        if (in->pos < in->n && in->s[in->pos] == ']') {
            in->pos++;
            break;
        }
        mofrt_elements_discard(p, &elements);
        return fail_at(in, in->pos, MOFRT_ERR_SYNTAX, p->name, "expected ',' or ']' in an array");
    }
    if (mofrt_elements_attach(cls, instance, index, &elements) != 0) {
        mofrt_elements_discard(p, &elements);
        return fail_at(in, in->pos - 1, MOFRT_ERR_NO_MEMORY, p->name, "out of memory");
    }
    return 0;
}

static int read_property(json_in *in, const mofrt_class *cls, void *instance, uint32_t index)
{
    const mofrt_property *p = &cls->properties[index];
    size_t at = in->pos;
    if (at >= in->n)
        return fail_at(in, at, MOFRT_ERR_SYNTAX, p->name, "unexpected end of input");
    if (in->s[at] == 'n' && match_word(in, "null"))
        return 0; /* null: the property stays absent */
    unsigned char *dst = mofrt_field_member(p, instance);
    if (p->flags & MOFRT_ARRAY) {
        if (in->s[at] != '[') {
            mofrt_fail(in->err, MOFRT_ERR_TYPE, p->name, "expected an array of %s", mofrt_type_label(p));
            return locate_at(in, at);
        }
        return read_array(in, cls, instance, index);
    }
    if (in->s[at] == '[' || (in->s[at] == '{' && !(p->type == MOFRT_INSTANCE && p->embedded_class))) {
        mofrt_fail(in->err, MOFRT_ERR_TYPE, p->name, "expected a %s value, not %s", mofrt_type_label(p),
                   in->s[at] == '[' ? "an array" : "an object");
        return locate_at(in, at);
    }
    /* Mark first, so a partly decoded embedded instance is freed on error. */
    int rc = read_element(in, p, dst);
    if (rc == 0 || (p->type == MOFRT_INSTANCE && p->embedded_class && *(void **)dst))
        mofrt_mark_present(p, instance);
    return rc;
}

static int skip_value(json_in *in)
{
    skip_ws(in);
    if (in->pos >= in->n)
        return fail_at(in, in->pos, MOFRT_ERR_SYNTAX, NULL, "unexpected end of input");
    char c = in->s[in->pos];
    if (++in->depth > 64)
        return fail_at(in, in->pos, MOFRT_ERR_SYNTAX, NULL, "values nested too deeply");
    int rc = 0;
    if (c == '"') {
        char scratch[8];
        const char *text;
        size_t length;
        char *owned;
        rc = read_string(in, NULL, scratch, 0, &text, &length, &owned);
        free(owned);
    } else if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        in->pos++;
        skip_ws(in);
        if (in->pos < in->n && in->s[in->pos] == close) {
            in->pos++;
        } else {
            for (;;) {
                if (c == '{') {
                    skip_ws(in);
                    if (in->pos >= in->n || in->s[in->pos] != '"')
                        return fail_at(in, in->pos, MOFRT_ERR_SYNTAX, NULL, "expected a name");
                    if (skip_value(in))
                        return -1;
                    skip_ws(in);
                    if (in->pos >= in->n || in->s[in->pos] != ':')
                        return fail_at(in, in->pos, MOFRT_ERR_SYNTAX, NULL, "expected ':'");
                    in->pos++;
                }
                if (skip_value(in))
                    return -1;
                skip_ws(in);
                if (in->pos < in->n && in->s[in->pos] == ',') {
                    in->pos++;
                    continue;
                }
                if (in->pos < in->n && in->s[in->pos] == close) {
                    in->pos++;
                    break;
                }
                return fail_at(in, in->pos, MOFRT_ERR_SYNTAX, NULL, c == '{' ? "expected ',' or '}'" : "expected ',' or ']'");
            }
        }
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        bool integral, negative, overflow;
        uint64_t magnitude;
        size_t start;
        if (scan_number(in, &integral, &negative, &magnitude, &overflow, &start))
            rc = fail_at(in, start, MOFRT_ERR_SYNTAX, NULL, "malformed number");
    } else if (!match_word(in, "true") && !match_word(in, "false") && !match_word(in, "null")) {
        rc = fail_at(in, in->pos, MOFRT_ERR_SYNTAX, NULL, "invalid JSON value");
    }
    in->depth--;
    return rc;
}

/* An OData (JSON format, v4) instance annotation: "@Namespace.term", or a
 * property annotation "Prop@Namespace.term".  No MOF name holds '@', so
 * one can never hide a property. */
static bool is_annotation(const char *name, size_t length)
{
    const char *at = memchr(name, '@', length);
    if (!at)
        return false;
    size_t rest = length - (size_t)(at - name) - 1;
    const char *dot = memchr(at + 1, '.', rest);
    return dot && dot > at + 1 && dot < name + length - 1;
}

static int read_object(json_in *in, const mofrt_class *cls, void *instance)
{
    if (++in->depth > 64)
        return fail_at(in, in->pos, MOFRT_ERR_SYNTAX, NULL, "objects nested too deeply");
    uint64_t seen_word = 0; /* which properties were named (mofrt_seen_begin) */
    unsigned char stack_seen[64];
    bool no_memory;
    unsigned char *seen = mofrt_seen_begin(cls->property_count, stack_seen, &no_memory);
    if (no_memory) {
        in->depth--;
        return fail_at(in, in->pos, MOFRT_ERR_NO_MEMORY, NULL, "out of memory");
    }
    int rc = 0;
    uint32_t next = 0; /* the property expected next */
    in->pos++; /* '{' */
    skip_ws(in);
    if (in->pos < in->n && in->s[in->pos] == '}') {
        if (!(in->flags & MOFRT_ALLOW_MISSING) && mofrt_check_required(cls, instance, in->err) != 0)
            rc = locate_at(in, in->pos);
        else
            in->pos++;
        goto done;
    }
    for (;;) {
        skip_ws(in);
        size_t key_at = in->pos;
        if (in->pos >= in->n || in->s[in->pos] != '"') {
            rc = fail_at(in, in->pos, MOFRT_ERR_SYNTAX, NULL, in->pos >= in->n ? "unexpected end of input" : "expected a property name");
            goto done;
        }
        char scratch[256];
        const char *name;
        size_t length;
        char *owned = NULL;
        int index;
        /* Records usually list properties in declaration order, so the one
         * after the last is tried first, as the bytes "Name" in place: a
         * MOF name holds no quote, backslash, control or non-ASCII byte, so
         * read_string would have taken them as they are.  Anything else
         * (another name, another case, an escape) goes the long way. */
        const mofrt_property *expected = next < cls->property_count ? &cls->properties[next] : NULL;
        size_t expected_length = expected ? expected->name_length : 0;
        if (expected_length && in->n - in->pos > expected_length + 1 && in->s[in->pos + 1 + expected_length] == '"' &&
            mofrt_same_bytes(in->s + in->pos + 1, expected->name, expected_length)) {
            name = in->s + in->pos + 1;
            length = expected_length;
            in->pos += expected_length + 2;
            index = (int)next;
        } else {
            if ((rc = read_string(in, NULL, scratch, sizeof scratch, &name, &length, &owned)) != 0)
                goto done;
            index = mofrt_class_find(cls, name, length);
        }
        /* The name is formatted for a message only when there is one. */
        char shown[128];
#define SHOWN() \
    (snprintf(shown, sizeof shown, "%.*s", (int)(length < 120 ? length : 120), name), free(owned), owned = NULL, shown)
        skip_ws(in);
        if (in->pos >= in->n || in->s[in->pos] != ':') {
            rc = fail_at(in, in->pos, MOFRT_ERR_SYNTAX, SHOWN(), "expected ':' after the property name");
            goto done;
        }
        in->pos++;
        skip_ws(in);
        if (index < 0 && is_annotation(name, length)) {
            free(owned); /* OData's "@odata.etag", "Prop@odata.type": not properties */
            owned = NULL;
            if ((rc = skip_value(in)) != 0)
                goto done;
        } else if (index < 0) {
            if (!(in->flags & MOFRT_IGNORE_UNKNOWN)) {
                if (length == 0)
                    mofrt_fail(in->err, MOFRT_ERR_UNKNOWN_PROPERTY, NULL, "unknown property \"\" (an empty name) of class %s", cls->name);
                else
                    mofrt_fail(in->err, MOFRT_ERR_UNKNOWN_PROPERTY, SHOWN(), "unknown property of class %s", cls->name);
                free(owned);
                rc = locate_at(in, key_at);
                goto done;
            }
            free(owned);
            if ((rc = skip_value(in)) != 0)
                goto done;
        } else {
            uint32_t bit = (uint32_t)index;
            if (mofrt_seen_has(seen_word, seen, bit)) {
                mofrt_fail(in->err, MOFRT_ERR_DUPLICATE_PROPERTY, SHOWN(), "duplicate property (names ignore case)");
                rc = locate_at(in, key_at);
                goto done;
            }
#undef SHOWN
            if (owned)
                free(owned);
            mofrt_seen_add(&seen_word, seen, bit);
            next = (uint32_t)index + 1;
            if ((rc = read_property(in, cls, instance, (uint32_t)index)) != 0)
                goto done;
        }
        skip_ws(in);
        if (in->pos < in->n && in->s[in->pos] == ',') {
            in->pos++;
            continue;
        }
        if (in->pos < in->n && in->s[in->pos] == '}') {
            if (!(in->flags & MOFRT_ALLOW_MISSING) && mofrt_check_required(cls, instance, in->err) != 0) {
                rc = locate_at(in, in->pos);
                goto done;
            }
            in->pos++;
            break;
        }
        rc = fail_at(in, in->pos, MOFRT_ERR_SYNTAX, NULL, in->pos >= in->n ? "unexpected end of input" : "expected ',' or '}'");
        goto done;
    }
done:
    mofrt_seen_end(seen, stack_seen);
    in->depth--;
    return rc;
}

void mofrt_reader_init(mofrt_reader *r, const char *text, size_t length)
{
    r->text = text;
    r->length = length;
    r->position = 0;
}

int mofrt_json_read(mofrt_reader *r, const mofrt_class *cls, void *instance, unsigned flags, mofrt_error *err)
{
    json_in in = {.s = r->text, .n = r->length, .pos = r->position, .err = err, .flags = flags};
    if (in.pos == 0 && in.n >= 3 && memcmp(in.s, "\xEF\xBB\xBF", 3) == 0)
        in.pos = 3; /* a UTF-8 byte order mark, as Windows tools write one */
    skip_ws(&in);
    if (in.pos >= in.n) {
        r->position = in.pos;
        return 0; /* the instance is left as it was */
    }
    mofrt_instance_free(cls, instance);
    int rc = in.s[in.pos] == '{' ? read_object(&in, cls, instance)
                                 : fail_at(&in, in.pos, MOFRT_ERR_SYNTAX, NULL, "expected '{' to start an instance");
    if (rc != 0) {
        mofrt_instance_free(cls, instance);
        /* Resume after the bad line, so a caller may choose to go on. */
        while (in.pos < in.n && in.s[in.pos] != '\n')
            in.pos++;
        r->position = in.pos;
        return -1;
    }
    r->position = in.pos;
    return 1;
}

/* ---- record streams: JSON Lines, a top-level array, an OData envelope ---- */

enum { STREAM_START, STREAM_LINES, STREAM_ARRAY, STREAM_ENVELOPE, STREAM_ENVELOPE_VALUE, STREAM_END, STREAM_STOPPED };

void mofrt_json_stream_init(mofrt_json_stream *s, const char *text, size_t length)
{
    memset(s, 0, sizeof *s);
    mofrt_reader_init(&s->reader, text, length);
}

void mofrt_json_stream_free(mofrt_json_stream *s)
{
    free(s->next_link);
    s->next_link = NULL;
}

const char *mofrt_json_stream_next_link(const mofrt_json_stream *s)
{
    return s->next_link;
}

/* The first member name of the object at in->pos is an annotation
 * ("@odata.context") or "value" holding an array: an OData envelope. */
static bool starts_envelope(json_in *in)
{
    json_in peek = *in;
    mofrt_error ignored;
    peek.err = &ignored;
    peek.pos++;
    skip_ws(&peek);
    if (peek.pos >= peek.n || peek.s[peek.pos] != '"')
        return false;
    char scratch[64];
    const char *name;
    size_t length;
    char *owned;
    if (read_string(&peek, NULL, scratch, sizeof scratch, &name, &length, &owned) != 0)
        return false;
    bool annotation = length > 0 && name[0] == '@' && is_annotation(name, length);
    bool value = length == 5 && memcmp(name, "value", 5) == 0;
    free(owned);
    skip_ws(&peek);
    if (peek.pos >= peek.n || peek.s[peek.pos] != ':')
        return false;
    peek.pos++;
    skip_ws(&peek);
    return annotation || (value && peek.pos < peek.n && peek.s[peek.pos] == '[');
}

/* Envelope members up to "value"'s array or the end: annotations are
 * skipped, "@odata.nextLink" kept.  Leaves the state ENVELOPE_VALUE (at
 * the first element) or END. */
static int envelope_members(mofrt_json_stream *st, json_in *in)
{
    for (;;) {
        skip_ws(in);
        if (in->pos < in->n && in->s[in->pos] == '}') {
            in->pos++;
            st->state = STREAM_END;
            return 0;
        }
        if (st->members++ > 0) {
            if (in->pos >= in->n || in->s[in->pos] != ',')
                return fail_at(in, in->pos, MOFRT_ERR_SYNTAX, NULL, "expected ',' or '}' in the OData envelope");
            in->pos++;
            skip_ws(in);
        }
        if (in->pos >= in->n || in->s[in->pos] != '"')
            return fail_at(in, in->pos, MOFRT_ERR_SYNTAX, NULL, "expected a member name in the OData envelope");
        size_t key_at = in->pos;
        char scratch[64];
        const char *name;
        size_t length;
        char *owned;
        if (read_string(in, NULL, scratch, sizeof scratch, &name, &length, &owned) != 0)
            return -1;
        bool value = length == 5 && memcmp(name, "value", 5) == 0;
        bool next_link = length == 15 && memcmp(name, "@odata.nextLink", 15) == 0;
        bool annotation = is_annotation(name, length);
        free(owned);
        skip_ws(in);
        if (in->pos >= in->n || in->s[in->pos] != ':')
            return fail_at(in, in->pos, MOFRT_ERR_SYNTAX, NULL, "expected ':' in the OData envelope");
        in->pos++;
        skip_ws(in);
        if (value) {
            if (in->pos >= in->n || in->s[in->pos] != '[')
                return fail_at(in, in->pos, MOFRT_ERR_TYPE, "value", "the OData envelope's \"value\" must be an array");
            in->pos++;
            st->state = STREAM_ENVELOPE_VALUE;
            st->elements = 0;
            return 0;
        }
        if (next_link && in->pos < in->n && in->s[in->pos] == '"') {
            char *link_owned;
            const char *link;
            size_t link_length;
            if (read_string(in, NULL, NULL, 0, &link, &link_length, &link_owned) != 0)
                return -1;
            char *copy = link_owned ? link_owned : malloc(link_length + 1);
            if (!copy)
                return fail_at(in, key_at, MOFRT_ERR_NO_MEMORY, NULL, "out of memory");
            if (!link_owned) {
                memcpy(copy, link, link_length);
                copy[link_length] = '\0';
            }
            free(st->next_link);
            st->next_link = copy;
            continue;
        }
        if (!annotation)
            return fail_at(in, key_at, MOFRT_ERR_UNKNOWN_PROPERTY, NULL,
                           "an OData envelope holds \"value\" and @-annotations only");
        if (skip_value(in) != 0)
            return -1;
    }
}

/* The next element of an array: 1 with in->pos at its '{', 0 at the ']'
 * (consumed). */
static int array_element(mofrt_json_stream *st, json_in *in)
{
    skip_ws(in);
    if (in->pos < in->n && in->s[in->pos] == ']') {
        in->pos++;
        return 0;
    }
    if (st->elements > 0) {
        if (in->pos >= in->n || in->s[in->pos] != ',')
            return fail_at(in, in->pos, MOFRT_ERR_SYNTAX, NULL,
                           in->pos >= in->n ? "unexpected end of input" : "expected ',' or ']' between records");
        in->pos++;
        skip_ws(in);
    }
    if (in->pos >= in->n || in->s[in->pos] != '{')
        return fail_at(in, in->pos, MOFRT_ERR_SYNTAX, NULL, "expected '{' to start an instance");
    return 1;
}

int mofrt_json_stream_next(mofrt_json_stream *st, const mofrt_class *cls, void *instance, unsigned flags,
                           mofrt_error *err)
{
    mofrt_reader *r = &st->reader;
    json_in in = {.s = r->text, .n = r->length, .pos = r->position, .err = err, .flags = flags};
    int rc;
    if (st->state == STREAM_STOPPED) {
        mofrt_fail(err, MOFRT_ERR_SYNTAX, NULL, "the stream stopped at an earlier error");
        return -1;
    }
    if (st->state == STREAM_START) {
        if (in.pos == 0 && in.n >= 3 && memcmp(in.s, "\xEF\xBB\xBF", 3) == 0)
            in.pos = 3;
        skip_ws(&in);
        if (in.pos < in.n && in.s[in.pos] == '[') {
            in.pos++;
            st->state = STREAM_ARRAY;
        } else if (in.pos < in.n && in.s[in.pos] == '{' && starts_envelope(&in)) {
            in.pos++;
            st->state = STREAM_ENVELOPE;
        } else {
            st->state = STREAM_LINES;
        }
        r->position = in.pos;
    }
    if (st->state == STREAM_LINES)
        return mofrt_json_read(r, cls, instance, flags, err);
    for (;;) {
        if (st->state == STREAM_ENVELOPE && envelope_members(st, &in) != 0)
            goto stop;
        if (st->state == STREAM_END) {
            skip_ws(&in);
            r->position = in.pos;
            if (in.pos < in.n) {
                fail_at(&in, in.pos, MOFRT_ERR_SYNTAX, NULL, "text after the end of the records");
                goto stop;
            }
            return 0;
        }
        rc = array_element(st, &in);
        if (rc < 0)
            goto stop;
        if (rc == 1)
            break;
        st->state = st->state == STREAM_ARRAY ? STREAM_END : STREAM_ENVELOPE;
    }
    /* One record. */
    mofrt_instance_free(cls, instance);
    size_t record_at = in.pos;
    st->elements++;
    if (read_object(&in, cls, instance) == 0) {
        r->position = in.pos;
        return 1;
    }
    mofrt_instance_free(cls, instance);
    /* A bad record that is still well-formed JSON is skipped, so the caller
     * may report it and go on; broken JSON ends the stream. */
    mofrt_error saved = *err, ignored;
    json_in skip = in;
    skip.pos = record_at;
    skip.depth = 0;
    skip.err = &ignored;
    if (skip_value(&skip) == 0) {
        r->position = skip.pos;
        *err = saved;
        return -1;
    }
    *err = saved;
stop:
    st->state = STREAM_STOPPED;
    r->position = in.pos;
    return -1;
}
