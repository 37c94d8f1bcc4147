/*
 * text.c - text helpers: UTF-8, DSP0004 string escapes both ways, and reals
 * that do not depend on the C locale (a user program may have called
 * setlocale and made ',' the decimal separator).
 */
#include "mofrt_internal.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t mofrt_utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

bool mofrt_utf8_valid(const char *s, size_t *bad_offset)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t used = (unsigned char)s[i] < 0x80 ? 1 : mofrt_utf8_decode(s + i, n - i, &cp);
        if (used == 0) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += used;
    }
    return true;
}

size_t mofrt_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len;
    uint32_t min, v;
    if (n == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    } else if ((u[0] & 0xE0) == 0xC0) {
        len = 2, min = 0x80, v = u[0] & 0x1F;
    } else if ((u[0] & 0xF0) == 0xE0) {
        len = 3, min = 0x800, v = u[0] & 0x0F;
    } else if ((u[0] & 0xF8) == 0xF0) {
        len = 4, min = 0x10000, v = u[0] & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (u[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

long mofrt_mof_unescape(const char *in, size_t length, char *out, size_t *bad_offset, mofrt_error *err)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);
    size_t o = 0;
    for (size_t i = 0; i < length; i++) {
        /* Eight bytes at a time up to the next '\\' (o <= i, so the copy
         * stays inside the `length` bytes `out` has). */
        while (length - i >= 8) {
            uint64_t v;
            memcpy(&v, in + i, 8);
            uint64_t x = v ^ (ones * '\\');
            if (((x - ones) & ~x) & highs)
                break;
            memcpy(out + o, &v, 8);
            i += 8;
            o += 8;
        }
        while (i < length && in[i] != '\\')
            out[o++] = in[i++];
        if (i == length)
            break;
        size_t at = i++;
        if (i >= length) {
            *bad_offset = at;
            mofrt_fail(err, MOFRT_ERR_SYNTAX, NULL, "'\\' at the end of a string");
            return -1;
        }
        switch (in[i]) {
        case 'b': out[o++] = '\b'; break;
        case 't': out[o++] = '\t'; break;
        case 'n': out[o++] = '\n'; break;
        case 'f': out[o++] = '\f'; break;
        case 'r': out[o++] = '\r'; break;
        case '"': out[o++] = '"'; break;
        case '\'': out[o++] = '\''; break;
        case '\\': out[o++] = '\\'; break;
        case 'x':
        case 'X': {
            uint32_t cp = 0;
            size_t digits = 0;
            while (digits < 4 && i + 1 < length && hex_value(in[i + 1]) >= 0) {
                cp = cp << 4 | (uint32_t)hex_value(in[++i]);
                digits++;
            }
            if (digits == 0) {
                *bad_offset = at;
                mofrt_fail(err, MOFRT_ERR_SYNTAX, NULL, "'\\x' needs 1 to 4 hex digits");
                return -1;
            }
            if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
                *bad_offset = at;
                mofrt_fail(err, MOFRT_ERR_STRING, NULL, "'\\x%04X' is not a character a string can hold", (unsigned)cp);
                return -1;
            }
            o += mofrt_utf8_encode(cp, out + o);
            break;
        }
        default:
            *bad_offset = at;
            mofrt_fail(err, MOFRT_ERR_SYNTAX, NULL, "unknown escape sequence '\\%c'", in[i]);
            return -1;
        }
    }
    return (long)o;
}

char *mofrt_mof_escape_one(char *d, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    *d++ = '\\';
    switch (c) {
    case '"': *d++ = '"'; break;
    case '\\': *d++ = '\\'; break;
    case '\n': *d++ = 'n'; break;
    case '\t': *d++ = 't'; break;
    case '\r': *d++ = 'r'; break;
    case '\b': *d++ = 'b'; break;
    case '\f': *d++ = 'f'; break;
    default: /* a control or DEL: \x00XX */
        memcpy(d, "x00", 3);
        d[3] = hex[c >> 4];
        d[4] = hex[c & 15];
        d += 5;
    }
    return d;
}

int mofrt_mof_escape(mofrt_buffer *out, const char *text, size_t length)
{
    if (mofrt_buffer_reserve(out, length) != 0)
        return -1;
    size_t i = 0;
    for (;;) {
        size_t run = mofrt_mof_plain_run(text + i, length - i);
        memcpy(out->data + out->length, text + i, run);
        out->length += run;
        i += run;
        if (i == length)
            break;
        if (mofrt_buffer_reserve(out, 7 + (length - i - 1)) != 0)
            return -1;
        char *d = mofrt_mof_escape_one(out->data + out->length, (unsigned char)text[i++]);
        out->length = (size_t)(d - out->data);
    }
    out->data[out->length] = '\0';
    return 0;
}

int mofrt_mof_put_string(mofrt_buffer *out, const char *s, size_t n)
{
    if (mofrt_buffer_reserve(out, n + 2) != 0)
        return -1;
    out->data[out->length++] = '"';
    if (mofrt_mof_escape(out, s, n) != 0 || mofrt_buffer_reserve(out, 1) != 0)
        return -1;
    out->data[out->length++] = '"';
    out->data[out->length] = '\0';
    return 0;
}

/* The C library formats and parses reals with the locale's separator; make
 * it '.' either way. */
static char locale_point(void)
{
    const char *p = localeconv()->decimal_point;
    return p && p[0] ? p[0] : '.';
}

size_t mofrt_real_format(char *out, size_t size, double v, bool is_real32)
{
    char point = locale_point();
    int n = 0;
    for (int precision = 1; precision <= 17; precision++) {
        n = snprintf(out, size, "%.*g", precision, v);
        double back = strtod(out, NULL);
        if (is_real32 ? (float)back == (float)v : back == v)
            break;
    }
    for (int i = 0; i < n; i++)
        if (out[i] == point)
            out[i] = '.';
    /* JSON and MOF both need a digit before any exponent: "1e+20" is fine. */
    return (size_t)n;
}

int mofrt_real_parse(const char *text, size_t length, double *out)
{
    char buf[128];
    if (length == 0 || length >= sizeof buf)
        return -1;
    char point = locale_point();
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == 'e' || c == 'E' || c == '.'))
            return -1;
        buf[i] = c == '.' ? point : c;
    }
    buf[length] = '\0';
    char *end;
    *out = strtod(buf, &end);
    return (*end == '\0' && isfinite(*out)) ? 0 : -1;
}

/* ---- scanning JSON string bodies ------------------------------------------------ */

static bool is_special(unsigned char c)
{
    return c == '"' || c == '\\' || c < 0x20 || c >= 0x80;
}

size_t mofrt_scan_plain_portable(const char *s, size_t pos, size_t n)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);
    while (n - pos >= 8) {
        uint64_t v;
        memcpy(&v, s + pos, 8);
        /* A byte is flagged when it is zero after the XOR, below 0x20, or
         * has its high bit set; a borrow may flag a later byte too, so the
         * bytes of a flagged word are looked at one by one. */
        uint64_t quote = v ^ (ones * '"'), backslash = v ^ (ones * '\\');
        uint64_t hit = ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | ((v - ones * 0x20) & ~v) | v;
        if (hit & highs)
            break;
        pos += 8;
    }
    while (pos < n && !is_special((unsigned char)s[pos]))
        pos++;
    return pos;
}

#if defined(__SSE2__)
#include <emmintrin.h>

size_t mofrt_scan_plain(const char *s, size_t pos, size_t n)
{
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
    while (n - pos >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + pos));
        /* Signed compare: bytes >= 0x80 are negative, so below 0x20 too. */
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                   _mm_cmplt_epi8(v, space));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask)
            return pos + (size_t)__builtin_ctz(mask);
        pos += 16;
    }
    return mofrt_scan_plain_portable(s, pos, n);
}
#else
size_t mofrt_scan_plain(const char *s, size_t pos, size_t n)
{
    return mofrt_scan_plain_portable(s, pos, n);
}
#endif
