/*
 * mof.c - MOF instance text in and out:
 *
 *   instance of SMS_DistributionJob
 *   {
 *       JobID = 42;
 *       NALPath = "\\\\dp1\\";
 *   };
 *
 * The writer produces what DSP0004 and mofgen's own parser read.  The
 * reader takes what it writes and what people write by hand: comments,
 * qualifier lists (skipped), "as $alias", adjacent strings, decimal, hex,
 * octal and binary integers, TRUE/FALSE/NULL in any case, CRLF and a BOM.
 */
#include "mofrt_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing --------------------------------------------------------------------- */

static int put(mofrt_buffer *out, const char *s)
{
    return mofrt_buffer_append(out, s, strlen(s));
}

static int indent(mofrt_buffer *out, int level)
{
    size_t n = (size_t)level * 4;
    if (mofrt_buffer_reserve(out, n) != 0)
        return -1;
    memset(out->data + out->length, ' ', n);
    out->length += n;
    out->data[out->length] = '\0';
    return 0;
}

static int write_instance(const mofrt_class *cls, const void *instance, mofrt_buffer *out, int level);

static int write_text(const void *v, mofrt_buffer *out)
{
    const char *s = *(char *const *)v;
    if (!s)
        return put(out, "NULL");
    return mofrt_mof_put_string(out, s, strlen(s));
}

static int write_element(const mofrt_property *p, const void *v, mofrt_buffer *out, int level)
{
    char buf[64];
    mofrt_type t = (mofrt_type)p->type;
    if (mofrt_type_is_integer(t)) {
        uint64_t bits = mofrt_integer_get(v, t);
        char *end = mofrt_type_is_signed(t) ? mofrt_put_int(buf, (int64_t)bits) : mofrt_put_uint(buf, bits);
        return mofrt_buffer_append(out, buf, (size_t)(end - buf));
    }
    switch (t) {
    case MOFRT_BOOLEAN: return put(out, *(const bool *)v ? "TRUE" : "FALSE");
    case MOFRT_REAL32:
    case MOFRT_REAL64: {
        double d = t == MOFRT_REAL32 ? (double)*(const float *)v : *(const double *)v;
        if (!isfinite(d)) /* MOF has no literal for these; a string keeps them */
            return put(out, isnan(d) ? "\"NaN\"" : d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        mofrt_real_format(buf, sizeof buf, d, t == MOFRT_REAL32);
        /* A MOF real needs a '.' or an exponent, or it reads as an integer. */
        if (!strpbrk(buf, ".eE"))
            strcat(buf, ".0");
        return put(out, buf);
    }
    case MOFRT_CHAR16: {
        uint16_t c = *(const uint16_t *)v;
        if (c == '\'' || c == '\\')
            snprintf(buf, sizeof buf, "'\\%c'", (char)c);
        else if (c < 0x20 || c == 0x7F)
            snprintf(buf, sizeof buf, "'\\x%04X'", c);
        else {
            size_t n = mofrt_utf8_encode(c, buf + 1);
            buf[0] = '\'';
            buf[n + 1] = '\'';
            buf[n + 2] = '\0';
        }
        return put(out, buf);
    }
    case MOFRT_DATETIME: {
        const char *d = ((const mofrt_datetime *)v)->dmtf;
        const char *nul = memchr(d, '\0', sizeof ((const mofrt_datetime *)v)->dmtf);
        size_t n = nul ? (size_t)(nul - d) : sizeof ((const mofrt_datetime *)v)->dmtf;
        buf[0] = '"';
        memcpy(buf + 1, d, n);
        buf[n + 1] = '"';
        return mofrt_buffer_append(out, buf, n + 2);
    }
    case MOFRT_INSTANCE:
        if (p->embedded_class) {
            const void *inner = (p->flags & MOFRT_ARRAY) ? v : *(void *const *)v;
            return inner ? write_instance(p->embedded_class, inner, out, level) : put(out, "NULL");
        }
        return write_text(v, out); /* an untyped embedded object is a string */
    default:
        return write_text(v, out);
    }
}

int mofrt_mof_put_property(const mofrt_class *cls, const void *instance, uint32_t index, mofrt_buffer *out, int level)
{
    const mofrt_property *p = &cls->properties[index];
    size_t name = strlen(p->name), spaces = (size_t)level * 4;
    if (mofrt_buffer_reserve(out, spaces + name + 3) != 0)
        return -1;
    char *d = out->data + out->length;
    memset(d, ' ', spaces);
    memcpy(d + spaces, p->name, name);
    memcpy(d + spaces + name, " = ", 3);
    out->length += spaces + name + 3;
    mofrt_field f = mofrt_field_at(p, instance);
    if (p->flags & MOFRT_ARRAY) {
        if (put(out, "{"))
            return -1;
        for (size_t k = 0; k < f.count; k++)
            if ((k && put(out, ", ")) || write_element(p, mofrt_field_item(&f, k), out, level))
                return -1;
        if (put(out, "}"))
            return -1;
    } else if (write_element(p, f.items, out, level)) {
        return -1;
    }
    return put(out, ";\n");
}

static int write_instance(const mofrt_class *cls, const void *instance, mofrt_buffer *out, int level)
{
    if (put(out, "instance of ") || put(out, cls->name) || put(out, "\n") || indent(out, level) || put(out, "{\n"))
        return -1;
    for (uint32_t i = 0; i < cls->property_count; i++)
        if (mofrt_property_is_present(cls, instance, i) && mofrt_mof_put_property(cls, instance, i, out, level + 1) != 0)
            return -1;
    return indent(out, level) || put(out, "}");
}

int mofrt_mof_write(const mofrt_class *cls, const void *instance, mofrt_buffer *out)
{
    mofrt_error err;
    if (mofrt_instance_check_values(cls, instance, &err) != 0)
        return -1;
    return write_instance(cls, instance, out, 0) || put(out, ";\n");
}

/* ---- reading: tokens --------------------------------------------------------------- */

typedef enum tok_kind { T_END, T_NAME, T_STRING, T_CHAR, T_NUMBER, T_ALIAS, T_PUNCT, T_BAD } tok_kind;

/* What a string token holds besides plain ASCII: escapes to decode, bytes
 * with the high bit set (UTF-8 to check), NUL bytes (refused).  A token
 * with none of these is its own value. */
enum { S_ESCAPED = 1, S_HIGH = 2, S_NUL = 4 };

typedef struct mof_in {
    const char *s;
    size_t n;
    size_t pos;
    mofrt_error *err;
    unsigned flags;
    int depth;
    /* the current token */
    tok_kind kind;
    unsigned string_flags; /* of a T_STRING: S_* */
    size_t start, end;
} mof_in;

static int fail_at(mof_in *in, size_t at, mofrt_error_code code, const char *property, const char *message)
{
    mofrt_fail(in->err, code, property, "%s", message);
    mofrt_locate(in->err, in->s, at < in->n ? at : in->n);
    return -1;
}

/* Character classes, one load a byte: white space, what may start a name
 * (letters, '_', any byte >= 0x80) and what may continue one (digits too),
 * '.', which continues a number, what starts a number, and the other
 * starts of a token that is not one punctuation character. */
enum { C_SPACE = 1, C_NAME = 2, C_FIRST = 4, C_DOT = 8, C_NUMBER = 16, C_OTHER = 32 };
#define W C_SPACE
#define L (C_NAME | C_FIRST)
#define D C_NAME
#define N C_NUMBER
#define O C_OTHER
#define L16 L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L
static const unsigned char char_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, W, W, W, W, W, 0, 0,     /* \t \n \v \f \r */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    W, 0, O, 0, O, 0, 0, O, 0, 0, 0, N, 0, N, C_DOT | N, 0, /* ' ', '"', '$', '\'', '+', '-', '.' */
    D | N, D | N, D | N, D | N, D | N, D | N, D | N, D | N, D | N, D | N, 0, 0, 0, 0, 0, 0, /* 0-9 */
    0, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,     /* A-O */
    L, L, L, L, L, L, L, L, L, L, L, 0, 0, 0, 0, L,     /* P-Z, '_' */
    0, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,     /* a-o */
    L, L, L, L, L, L, L, L, L, L, L, 0, 0, 0, 0, 0,     /* p-z */
    L16, L16, L16, L16, L16, L16, L16, L16,             /* 0x80-0xFF */
};
#undef W
#undef L
#undef D
#undef N
#undef O
#undef L16

static inline unsigned char_is(char c, unsigned classes)
{
    return char_class[(unsigned char)c] & classes;
}

#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

static ALWAYS_INLINE void skip_space(mof_in *in)
{
    const char *s = in->s;
    size_t pos = in->pos, n = in->n;
    for (;;) {
        while (pos < n && char_is(s[pos], C_SPACE))
            pos++;
        if (pos + 1 < n && s[pos] == '/' && s[pos + 1] == '/') {
            while (pos < n && s[pos] != '\n')
                pos++;
        } else if (pos + 1 < n && s[pos] == '/' && s[pos + 1] == '*') {
            const char *close = NULL;
            for (size_t i = pos + 2; i + 1 < n; i++)
                if (s[i] == '*' && s[i + 1] == '/') {
                    close = s + i;
                    break;
                }
            pos = close ? (size_t)(close - s) + 2 : n;
        } else {
            break;
        }
    }
    in->pos = pos;
}

/* A "..." token from in->pos (its opening quote): T_STRING ending after the
 * closing quote, or T_BAD at the end of the line or input.  Plain bytes are
 * passed over many at a time (mofrt_scan_plain stops at '"', '\\', controls
 * and high bytes); a '\\' takes the byte after it along (unescaping checks
 * the pair). */
static void scan_string(mof_in *in)
{
    const char *s = in->s;
    size_t pos = in->pos + 1, n = in->n;
    unsigned flags = 0;
    in->kind = T_BAD;
    while ((pos = mofrt_scan_plain(s, pos, n)) < n) {
        unsigned char c = (unsigned char)s[pos];
        if (c == '"') {
            pos++;
            in->kind = T_STRING;
            break;
        }
        if (c == '\\') {
            flags |= S_ESCAPED;
            pos += pos + 1 < n ? 2 : 1;
            continue;
        }
        if (c == '\n')
            break;
        flags |= c >= 0x80 ? S_HIGH : c == 0 ? S_NUL : 0;
        pos++;
    }
    in->pos = pos;
    in->string_flags = flags;
}

/* The token at in->pos, which is not white space. */
static ALWAYS_INLINE void scan_token(mof_in *in)
{
    in->start = in->pos;
    if (in->pos >= in->n) {
        in->kind = T_END;
        in->end = in->pos;
        return;
    }
    const char *s = in->s;
    size_t n = in->n;
    char c = s[in->pos];
    if (!char_is(c, C_FIRST | C_NUMBER | C_OTHER)) { /* ';', '=', '{', '}', ',' ... */
        in->pos++;
        in->kind = T_PUNCT;
    } else if (char_is(c, C_FIRST)) {
        size_t pos = in->pos + 1;
        while (pos < n && char_is(s[pos], C_NAME))
            pos++;
        in->pos = pos;
        in->kind = T_NAME;
    } else if (c == '"') {
        scan_string(in);
    } else if (c == '$') {
        in->pos++;
        while (in->pos < n && char_is(s[in->pos], C_NAME))
            in->pos++;
        in->kind = T_ALIAS;
    } else if (c == '\'') {
        in->pos++;
        while (in->pos < n && s[in->pos] != c && s[in->pos] != '\n')
            in->pos += s[in->pos] == '\\' && in->pos + 1 < n ? 2 : 1;
        if (in->pos < n && s[in->pos] == c) {
            in->pos++;
            in->kind = T_CHAR;
        } else {
            in->kind = T_BAD;
        }
    } else if (char_is(c, C_NUMBER)) {
        size_t pos = in->pos + 1;
        while (pos < n && (char_is(s[pos], C_NAME | C_DOT) ||
                           ((s[pos] == '+' || s[pos] == '-') && (s[pos - 1] == 'e' || s[pos - 1] == 'E'))))
            pos++;
        in->pos = pos;
        in->kind = T_NUMBER;
    } else {
        in->pos++;
        in->kind = T_PUNCT;
    }
    in->end = in->pos;
}

/* Advances to the next token. */
static void next(mof_in *in)
{
    skip_space(in);
    scan_token(in);
}

/* Advances to the next token, as next(), and says whether it is the name of
 * property `expected` (NULL: no name expected), matched without a second
 * pass. */
static bool next_is_name(mof_in *in, const mofrt_property *expected)
{
    skip_space(in);
    if (expected) {
        const char *s = in->s + in->pos;
        size_t left = in->n - in->pos, length = expected->name_length; /* 0: a very long name, not tried */
        if (length > 0 && length <= left && char_is(s[0], C_FIRST) && (length == left || !char_is(s[length], C_NAME)) &&
            mofrt_same_bytes(s, expected->name, length)) {
            in->kind = T_NAME;
            in->start = in->pos;
            in->pos = in->end = in->pos + length;
            return true;
        }
    }
    scan_token(in);
    return false;
}

static bool is_punct(const mof_in *in, char c)
{
    return in->kind == T_PUNCT && in->s[in->start] == c;
}

static inline bool is_word(const mof_in *in, const char *word)
{
    if (in->kind != T_NAME)
        return false;
    size_t n = strlen(word);
    if (in->end - in->start != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = in->s[in->start + i];
        if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != word[i])
            return false;
    }
    return true;
}

/* Skips a "[...]" qualifier list, strings and nesting included. */
static int skip_qualifiers(mof_in *in)
{
    size_t at = in->start;
    int level = 0;
    do {
        if (in->kind == T_END || in->kind == T_BAD)
            return fail_at(in, at, MOFRT_ERR_SYNTAX, NULL, "unterminated qualifier list");
        if (is_punct(in, '['))
            level++;
        else if (is_punct(in, ']'))
            level--;
        next(in);
    } while (level > 0);
    return 0;
}

/* ---- reading: values ------------------------------------------------------------------ */

/* An integer token: decimal, 0x hex, 0 octal, 101b binary, with a sign. */
static int parse_integer(const char *s, size_t n, bool *negative, uint64_t *magnitude, bool *overflow)
{
    size_t i = 0;
    *negative = false;
    *overflow = false;
    if ((s[0] >= '1' && s[0] <= '9') || n == 1) { /* the usual case: up to 19 decimal digits cannot overflow */
        uint64_t v;
        i = mofrt_scan_digits19(s, 0, n, &v);
        if (i == n) {
            *magnitude = v;
            return 0;
        }
        i = 0;
    }
    if (i < n && (s[i] == '+' || s[i] == '-'))
        *negative = s[i++] == '-';
    int radix = 10;
    size_t end = n;
    if (n - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
        radix = 16;
        i += 2;
    } else if (n - i > 1 && (s[n - 1] == 'b' || s[n - 1] == 'B')) {
        radix = 2;
        end = n - 1;
    } else if (n - i > 1 && s[i] == '0') {
        radix = 8;
        i++;
    }
    if (i >= end)
        return -1;
    uint64_t v = 0;
    for (; i < end; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
        if (d >= radix)
            return -1;
        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)radix)
            *overflow = true;
        v = v * (uint64_t)radix + (uint64_t)d;
    }
    *magnitude = v;
    return 0;
}

static int read_instance_body(mof_in *in, const mofrt_class *cls, void *instance);

/* Joins adjacent string literals and decodes their escapes, into `scratch`
 * (`size` bytes) while they fit, else into a malloc'ed block the caller
 * frees when it is not `scratch`.  The first literal, its body at `body`
 * (`raw` bytes, S_* `flags`), has been passed already; *all_flags gets the
 * S_* flags of them all.  NULL on error. */
static char *read_strings(mof_in *in, const char *property, size_t body, size_t raw, unsigned flags, char *scratch,
                          size_t size, size_t *length, unsigned *all_flags)
{
    char *text = scratch;
    size_t total = 0;
    *all_flags = 0;
    for (;;) {
        if (total + raw + 1 > size) { /* unescaping never lengthens */
            char *grown = realloc(text == scratch ? NULL : text, total + raw + 1);
            if (!grown) {
                if (text != scratch)
                    free(text);
                fail_at(in, body - 1, MOFRT_ERR_NO_MEMORY, property, "out of memory");
                return NULL;
            }
            if (text == scratch)
                memcpy(grown, scratch, total);
            text = grown;
            size = total + raw + 1;
        }
        size_t bad = 0;
        long n = mofrt_mof_unescape(in->s + body, raw, text + total, &bad, in->err);
        if (n < 0) {
            snprintf(in->err->property, sizeof in->err->property, "%s", property);
            mofrt_locate(in->err, in->s, body + bad);
            if (text != scratch)
                free(text);
            return NULL;
        }
        total += (size_t)n;
        *all_flags |= flags;
        if (in->kind != T_STRING)
            break;
        body = in->start + 1;
        raw = in->end - in->start - 2;
        flags = in->string_flags;
        next(in);
    }
    text[total] = '\0';
    *length = total;
    return text;
}

static int read_element(mof_in *in, const mofrt_property *p, void *dst)
{
    size_t at = in->start;
    if (in->kind == T_STRING) {
        size_t body = at + 1, raw = in->end - at - 2;
        unsigned flags = in->string_flags;
        next(in);
        int rc;
        if (flags == 0 && in->kind != T_STRING) {
            /* One literal of plain ASCII without NUL: it is the value. */
            rc = mofrt_store_valid_text(p, dst, in->s + body, raw, in->err);
        } else {
            size_t length;
            char scratch[512];
            char *text = read_strings(in, p->name, body, raw, flags, scratch, sizeof scratch, &length, &flags);
            if (!text)
                return -1;
            /* UTF-8 and NUL are checked only where a literal had a high or NUL
             * byte: escapes decode to neither. */
            rc = flags & (S_HIGH | S_NUL) ? mofrt_store_text(p, dst, text, length, in->err)
                                          : mofrt_store_valid_text(p, dst, text, length, in->err);
            if (text != scratch)
                free(text);
        }
        if (rc)
            mofrt_locate(in->err, in->s, at);
        return rc;
    }
    if (in->kind == T_CHAR) {
        char buf[16];
        size_t bad = 0, raw = in->end - in->start - 2;
        long n = raw < 8 ? mofrt_mof_unescape(in->s + in->start + 1, raw, buf, &bad, in->err) : -1;
        if (n <= 0 || p->type != MOFRT_CHAR16)
            return fail_at(in, at, MOFRT_ERR_TYPE, p->name, p->type != MOFRT_CHAR16 ? "a char16 literal for a non-char16 property"
                                                                      : "a char16 literal holds one character");
        next(in);
        int rc = mofrt_store_text(p, dst, buf, (size_t)n, in->err);
        if (rc)
            mofrt_locate(in->err, in->s, at);
        return rc;
    }
    if (in->kind == T_NUMBER) {
        const char *s = in->s + in->start;
        size_t n = in->end - in->start;
        next(in);
        bool negative, overflow;
        uint64_t magnitude;
        if (parse_integer(s, n, &negative, &magnitude, &overflow) == 0) {
            if (overflow) {
                mofrt_fail(in->err, MOFRT_ERR_RANGE, p->name, "%.*s is out of range for %s", (int)(n > 40 ? 40 : n), s,
                           mofrt_type_label(p));
                mofrt_locate(in->err, in->s, at);
                return -1;
            }
            int rc = mofrt_store_integer(p, dst, negative, magnitude, in->err);
            if (rc)
                mofrt_locate(in->err, in->s, at);
            return rc;
        }
        double v;
        bool real = memchr(s, '.', n) || memchr(s, 'e', n) || memchr(s, 'E', n);
        if (!real || mofrt_real_parse(s, n, &v) != 0) {
            mofrt_fail(in->err, MOFRT_ERR_SYNTAX, p->name, "malformed number '%.*s'%s", (int)(n > 40 ? 40 : n), s,
                       n > 1 && s[0] == '0' && s[1] >= '0' && s[1] <= '9' ? " (a leading 0 makes it octal: digits 0-7)"
                                                                         : "");
            mofrt_locate(in->err, in->s, at);
            return -1;
        }
        if (mofrt_type_is_integer((mofrt_type)p->type))
            return fail_at(in, at, MOFRT_ERR_TYPE, p->name, "expected an integer, not a real number");
        int rc = mofrt_store_real(p, dst, v, in->err);
        if (rc)
            mofrt_locate(in->err, in->s, at);
        return rc;
    }
    if (is_word(in, "true") || is_word(in, "false")) {
        bool v = is_word(in, "true");
        next(in);
        int rc = mofrt_store_boolean(p, dst, v, in->err);
        if (rc)
            mofrt_locate(in->err, in->s, at);
        return rc;
    }
    if (is_word(in, "instance") && p->type == MOFRT_INSTANCE && p->embedded_class) {
        void *inner = dst;
        if (!(p->flags & MOFRT_ARRAY)) {
            inner = malloc(p->embedded_class->size);
            if (!inner)
                return fail_at(in, at, MOFRT_ERR_NO_MEMORY, p->name, "out of memory");
            mofrt_instance_init(p->embedded_class, inner);
            *(void **)dst = inner;
        }
        next(in);
        return read_instance_body(in, p->embedded_class, inner);
    }
    if (in->kind == T_ALIAS)
        return fail_at(in, at, MOFRT_ERR_UNSUPPORTED, p->name, "alias references ($name) are not supported in instance text");
    if (in->kind == T_BAD)
        return fail_at(in, at, MOFRT_ERR_SYNTAX, p->name, in->s[at] == '"' ? "unterminated string (a string ends on its line)"
                                                          : "unterminated char16 literal");
    if (in->kind == T_END) {
        mofrt_fail(in->err, MOFRT_ERR_SYNTAX, p->name, "unexpected end of input: expected a %s value", mofrt_type_label(p));
        mofrt_locate(in->err, in->s, at);
        return -1;
    }
    mofrt_fail(in->err, MOFRT_ERR_TYPE, p->name, "expected a %s value", mofrt_type_label(p));
    mofrt_locate(in->err, in->s, at);
    return -1;
}

static int read_array(mof_in *in, const mofrt_class *cls, void *instance, uint32_t index)
{
    const mofrt_property *p = &cls->properties[index];
    mofrt_elements elements = {.size = mofrt_element_size(p)};
    next(in); /* '{' */
    while (!is_punct(in, '}')) {
        size_t at = in->start;
        if (p->array_max && elements.count == p->array_max) {
            mofrt_elements_discard(p, &elements);
            return fail_at(in, at, MOFRT_ERR_RANGE, p->name, "too many elements for the fixed-size array");
        }
        if (is_word(in, "null")) {
            mofrt_elements_discard(p, &elements);
            return fail_at(in, at, MOFRT_ERR_TYPE, p->name, "array elements cannot be NULL");
        }
        void *slot = mofrt_elements_add(&elements);
        if (!slot || read_element(in, p, slot)) {
            if (!slot)
                fail_at(in, at, MOFRT_ERR_NO_MEMORY, p->name, "out of memory");
            mofrt_elements_discard(p, &elements);
            return -1;
        }
        if (is_punct(in, ','))
            next(in);
        else if (!is_punct(in, '}')) {
            mofrt_elements_discard(p, &elements);
            return fail_at(in, in->start, MOFRT_ERR_SYNTAX, p->name, "expected ',' or '}' in an array");
        }
    }
    size_t end = in->start;
    next(in);
    if (mofrt_elements_attach(cls, instance, index, &elements) != 0) {
        mofrt_elements_discard(p, &elements);
        return fail_at(in, end, MOFRT_ERR_NO_MEMORY, p->name, "out of memory");
    }
    return 0;
}

static int read_property(mof_in *in, const mofrt_class *cls, void *instance, uint32_t index)
{
    const mofrt_property *p = &cls->properties[index];
    size_t at = in->start;
    if (is_word(in, "null")) {
        next(in);
        return 0;
    }
    if (p->flags & MOFRT_ARRAY) {
        if (!is_punct(in, '{')) {
            mofrt_fail(in->err, MOFRT_ERR_TYPE, p->name, "expected an array {...} of %s", mofrt_type_label(p));
            mofrt_locate(in->err, in->s, at);
            return -1;
        }
        return read_array(in, cls, instance, index);
    }
    unsigned char *dst = mofrt_field_member(p, instance);
    int rc = read_element(in, p, dst);
    if (p->has_offset != MOFRT_NO_HAS) { /* a pointer is present once it is set */
        if (rc == 0)
            *(bool *)((unsigned char *)instance + p->has_offset) = true;
    }
    return rc;
}

/* The value after a property's '=' (in->pos is just past it) when it is
 * one of the two usual kinds: a decimal integer of up to 19 digits, or one
 * string literal of plain ASCII (no escape, no other literal after it), each
 * stored as read_property() would store it, with the same checks and
 * messages, and without building its token first.  1 when it was read (the
 * current token is then the one after it), -1 on an error in it, 0 when the
 * value is of another kind (nothing is consumed: read_property() reads it
 * after next()), 2 when it is another kind of string (its token is the
 * current one: read_property() reads it). */
static int read_plain_value(mof_in *in, const mofrt_class *cls, void *instance, uint32_t index)
{
    const mofrt_property *p = &cls->properties[index];
    const char *s = in->s;
    size_t n = in->n, after = in->pos, at = after;
    if (p->flags & MOFRT_ARRAY)
        return 0;
    while (at < n && char_is(s[at], C_SPACE))
        at++;
    if (at >= n)
        return 0;
    unsigned char *dst = mofrt_field_member(p, instance);
    size_t end;
    int rc;
    if (s[at] >= '0' && s[at] <= '9') {
        uint64_t v = 0;
        end = s[at] == '0' ? at + 1 : mofrt_scan_digits19(s, at, n, &v); /* a leading 0 is one digit */
        if (end < n && char_is(s[end], C_NAME | C_DOT))
            return 0; /* more of the number: hex, octal, binary, a real, 20 digits */
        rc = mofrt_store_integer(p, dst, false, v, in->err);
    } else if (s[at] == '"') {
        in->pos = at;
        scan_string(in);
        end = in->pos;
        size_t next_at = end;
        while (next_at < n && char_is(s[next_at], C_SPACE))
            next_at++;
        if (in->kind != T_STRING || in->string_flags != 0 || (next_at < n && (s[next_at] == '"' || s[next_at] == '/'))) {
            in->start = at; /* escapes, UTF-8, or a literal joined to this one: */
            in->end = end;  /* the token is the value's, for read_property() */
            return 2;
        }
        rc = mofrt_store_valid_text(p, dst, s + at + 1, end - at - 2, in->err);
    } else {
        return 0;
    }
    if (rc != 0) {
        mofrt_locate(in->err, s, at);
        return -1;
    }
    if (p->has_offset != MOFRT_NO_HAS)
        *(bool *)((unsigned char *)instance + p->has_offset) = true;
    /* The token after the value, usually the ';' right after it. */
    if (end < n && s[end] == ';') {
        in->kind = T_PUNCT;
        in->start = end;
        in->pos = in->end = end + 1;
    } else {
        in->pos = end;
        next(in);
    }
    return 1;
}

/* Skips a value of an unknown property: up to the ';' at its level. */
static int skip_value(mof_in *in)
{
    int level = 0;
    while (!(level == 0 && is_punct(in, ';'))) {
        if (in->kind == T_END || in->kind == T_BAD)
            return fail_at(in, in->start, MOFRT_ERR_SYNTAX, NULL, "unterminated value");
        if (is_punct(in, '{'))
            level++;
        else if (is_punct(in, '}'))
            level--;
        next(in);
    }
    return 0;
}

/* The first 120 bytes of a property name, for err->property. */
static const char *shown_name(char shown[128], const char *name, size_t n)
{
    memcpy(shown, name, n < 120 ? n : 120); /* a name token: no NUL in it */
    shown[n < 120 ? n : 120] = '\0';
    return shown;
}

/* From after "instance" to the closing '}' (the caller reads any ';'):
 *   of NAME [as $alias] { [quals] NAME = value; ... } */
static int read_instance_body(mof_in *in, const mofrt_class *cls, void *instance)
{
    if (++in->depth > 32)
        return fail_at(in, in->start, MOFRT_ERR_SYNTAX, NULL, "instances nested too deeply");
    if (!is_word(in, "of"))
        return fail_at(in, in->start, MOFRT_ERR_SYNTAX, NULL, "expected 'of' after 'instance'");
    next(in);
    if (in->kind != T_NAME)
        return fail_at(in, in->start, MOFRT_ERR_SYNTAX, NULL, "expected a class name after 'instance of'");
    size_t name_len = in->end - in->start;
    bool same = name_len == strlen(cls->name);
    if (same && !mofrt_same_bytes(in->s + in->start, cls->name, name_len)) /* not as declared: ignoring case */
        for (size_t i = 0; same && i < name_len; i++) {
            char a = in->s[in->start + i], b = cls->name[i];
            same = (a >= 'A' && a <= 'Z' ? a + 32 : a) == (b >= 'A' && b <= 'Z' ? b + 32 : b);
        }
    if (!same) {
        mofrt_fail(in->err, MOFRT_ERR_WRONG_CLASS, NULL, "an instance of %.*s where %s was expected", (int)(name_len > 100 ? 100 : name_len),
                   in->s + in->start, cls->name);
        mofrt_locate(in->err, in->s, in->start);
        return -1;
    }
    next(in);
    if (is_word(in, "as")) {
        next(in);
        if (in->kind != T_ALIAS)
            return fail_at(in, in->start, MOFRT_ERR_SYNTAX, NULL, "expected an alias ($name) after 'as'");
        next(in);
    }
    if (!is_punct(in, '{'))
        return fail_at(in, in->start, MOFRT_ERR_SYNTAX, NULL, "expected '{'");
    /* Records usually list properties in declaration order: the name after
     * the last one read is tried first (exact bytes), then the hash. */
    uint32_t next_index = 0;
    bool matched = next_is_name(in, cls->property_count ? &cls->properties[0] : NULL);
    uint64_t seen_word = 0; /* which properties were named (mofrt_seen_begin) */
    unsigned char stack_seen[64];
    bool no_memory;
    unsigned char *seen = mofrt_seen_begin(cls->property_count, stack_seen, &no_memory);
    if (no_memory) {
        in->depth--;
        return fail_at(in, in->start, MOFRT_ERR_NO_MEMORY, NULL, "out of memory");
    }
    int rc = 0;
    char shown[128]; /* a property's name for a message, made only for one */
    while (rc == 0 && !is_punct(in, '}')) {
        if (is_punct(in, '[')) {
            if ((rc = skip_qualifiers(in)) != 0)
                break;
            matched = false;
        }
        size_t at = in->start;
        if (in->kind != T_NAME) {
            rc = fail_at(in, at, MOFRT_ERR_SYNTAX, NULL, in->kind == T_END ? "unexpected end of input: missing '}'" : "expected a property name");
            break;
        }
        const char *name = in->s + at;
        size_t n = in->end - at;
        int index = matched ? (int)next_index : mofrt_class_find(cls, name, n);
        /* The '=' after the name, usually after plain spaces. */
        size_t pos = in->end;
        while (pos < in->n && char_is(in->s[pos], C_SPACE))
            pos++;
        if (pos < in->n && in->s[pos] == '=') {
            in->kind = T_PUNCT;
            in->start = pos;
            in->pos = in->end = pos + 1;
        } else {
            next(in);
        }
        if (!is_punct(in, '=')) {
            rc = fail_at(in, in->start, MOFRT_ERR_SYNTAX, shown_name(shown, name, n), "expected '=' after the property name");
            break;
        }
        if (index < 0) {
            next(in);
            if (!(in->flags & MOFRT_IGNORE_UNKNOWN)) {
                mofrt_fail(in->err, MOFRT_ERR_UNKNOWN_PROPERTY, shown_name(shown, name, n), "unknown property of class %s",
                           cls->name);
                mofrt_locate(in->err, in->s, at);
                rc = -1;
                break;
            }
            rc = skip_value(in);
        } else if (mofrt_seen_has(seen_word, seen, (uint32_t)index)) {
            mofrt_fail(in->err, MOFRT_ERR_DUPLICATE_PROPERTY, shown_name(shown, name, n), "duplicate property (names ignore case)");
            mofrt_locate(in->err, in->s, at);
            rc = -1;
        } else {
            mofrt_seen_add(&seen_word, seen, (uint32_t)index);
            next_index = (uint32_t)index + 1;
            int fast = read_plain_value(in, cls, instance, (uint32_t)index);
            if (fast == 0 || fast == 2) {
                if (fast == 0)
                    next(in);
                rc = read_property(in, cls, instance, (uint32_t)index);
            } else {
                rc = fast < 0 ? -1 : 0;
            }
        }
        if (rc == 0 && !is_punct(in, ';'))
            rc = fail_at(in, in->start, MOFRT_ERR_SYNTAX, shown_name(shown, name, n), "expected ';' after the value");
        if (rc == 0)
            matched = next_is_name(in, next_index < cls->property_count ? &cls->properties[next_index] : NULL);
    }
    mofrt_seen_end(seen, stack_seen);
    if (rc == 0 && !(in->flags & MOFRT_ALLOW_MISSING) && mofrt_check_required(cls, instance, in->err) != 0) {
        mofrt_locate(in->err, in->s, in->start);
        rc = -1;
    }
    if (rc == 0)
        next(in); /* '}' */
    in->depth--;
    return rc;
}

/* After a bad instance starting at `start`: the position just past it, so
 * a caller may go on with the next one.  Tokens are walked from `start`
 * (strings and comments skipped whole) to the ';' after the '}' that
 * closes its body, or to the next "instance" outside any braces. */
static size_t resynchronise(const char *s, size_t n, size_t start)
{
    mof_in in = {.s = s, .n = n, .pos = start};
    next(&in); /* the bad instance's first token, passed over: progress is certain */
    long depth = 0;
    bool closed = false;
    for (next(&in); in.kind != T_END; next(&in)) {
        if (depth == 0 && closed && is_punct(&in, ';'))
            return in.end;
        if (depth == 0 && in.kind == T_NAME && is_word(&in, "instance"))
            return in.start;
        closed = false;
        if (is_punct(&in, '{'))
            depth++;
        else if (is_punct(&in, '}') && depth > 0)
            closed = --depth == 0;
    }
    return n;
}

int mofrt_mof_read(mofrt_reader *r, const mofrt_class *cls, void *instance, unsigned flags, mofrt_error *err)
{
    mof_in in = {.s = r->text, .n = r->length, .pos = r->position, .err = err, .flags = flags};
    if (in.pos == 0 && in.n >= 3 && memcmp(in.s, "\xEF\xBB\xBF", 3) == 0)
        in.pos = 3;
    next(&in);
    if (in.kind == T_END) {
        r->position = in.pos;
        return 0; /* the instance is left as it was */
    }
    mofrt_instance_free(cls, instance);
    size_t first = in.start;
    int rc = 0;
    if (is_punct(&in, '['))
        rc = skip_qualifiers(&in);
    if (rc == 0 && !is_word(&in, "instance"))
        rc = fail_at(&in, in.start, MOFRT_ERR_SYNTAX, NULL, "expected 'instance of'");
    if (rc == 0) {
        next(&in);
        rc = read_instance_body(&in, cls, instance);
    }
    if (rc == 0) {
        if (!is_punct(&in, ';'))
            rc = fail_at(&in, in.start, MOFRT_ERR_SYNTAX, NULL, "expected ';' after the instance");
        else
            r->position = in.end;
    }
    if (rc != 0) {
        mofrt_instance_free(cls, instance);
        r->position = resynchronise(in.s, in.n, first);
        return -1;
    }
    return 1;
}
