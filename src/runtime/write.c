/*
 * write.c - the building blocks of the encoders, shared by the generic
 * descriptor-driven writers (json.c, mof.c) and the per-class encoders that
 * mofgen emits: integers and datetimes written by hand (no printf), strings
 * escaped a word at a time, and room reserved once instead of per append.
 *
 * The string scan has a portable path (8 bytes at a time, SWAR) that is
 * always built and tested, and an SSE2 one (16 bytes) used where the
 * compiler targets SSE2 (every x86-64).
 */
#include "mofrt_internal.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* ---- integers ------------------------------------------------------------------ */

static const char digit_pairs[201] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                     "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                     "8081828384858687888990919293949596979899";

/* The digits of `v` written from the end of a scratch block, then `copy`
 * bytes (a constant, so the copy is a few moves, not a call) copied to `p`:
 * `copy` must be at least the number of digits, and `p` must have room for
 * it.  Returns the end of the digits. */
static inline char *put_digits(char *p, uint64_t v, size_t copy)
{
    char tmp[40];
    char *end = tmp + 20, *t = end;
    while (v >= 100) {
        unsigned pair = (unsigned)(v % 100);
        v /= 100;
        t -= 2;
        memcpy(t, digit_pairs + 2 * pair, 2);
    }
    if (v >= 10) {
        t -= 2;
        memcpy(t, digit_pairs + 2 * v, 2);
    } else {
        *--t = (char)('0' + v);
    }
    memcpy(p, t, copy); /* t + copy <= tmp + 40 */
    return p + (end - t);
}

char *mofrt_put_uint(char *p, uint64_t v)
{
    return put_digits(p, v, 20);
}

char *mofrt_put_int(char *p, int64_t v)
{
    if (v >= 0)
        return put_digits(p, (uint64_t)v, 20);
    *p++ = '-';
    return put_digits(p, (uint64_t)0 - (uint64_t)v, 19); /* INT64_MIN too: 19 digits */
}

/* ---- datetimes ------------------------------------------------------------------- */

char *mofrt_put_json_datetime(char *p, const mofrt_datetime *dt)
{
    const char *d = dt->dmtf;
    *p++ = '"';
    int offset = (d[22] - '0') * 100 + (d[23] - '0') * 10 + (d[24] - '0');
    if (!mofrt_datetime_is_complete_timestamp(dt) || offset < 0 || offset >= 6000) {
        char text[MOFRT_DATETIME_TEXT_MAX];
        size_t n = mofrt_datetime_to_text(dt, text);
        memcpy(p, text, n);
        p += n;
    } else { /* yyyy-mm-ddThh:mm:ss.ffffff+hh:mm */
        memcpy(p, d, 4);
        p[4] = '-';
        memcpy(p + 5, d + 4, 2);
        p[7] = '-';
        memcpy(p + 8, d + 6, 2);
        p[10] = 'T';
        memcpy(p + 11, d + 8, 2);
        p[13] = ':';
        memcpy(p + 14, d + 10, 2);
        p[16] = ':';
        memcpy(p + 17, d + 12, 2);
        p[19] = '.';
        memcpy(p + 20, d + 15, 6);
        p[26] = d[21];
        memcpy(p + 27, digit_pairs + 2 * (offset / 60), 2);
        p[29] = ':';
        memcpy(p + 30, digit_pairs + 2 * (offset % 60), 2);
        p += 32;
    }
    *p++ = '"';
    return p;
}

/* ---- JSON strings ------------------------------------------------------------------ */

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* What a plain run of a string stops at besides '"', '\\' and controls. */
enum { STOP_DEL = 1, STOP_HIGH = 2 };

/* Bytes a JSON string takes as they are: not '"', '\\' or a control (and,
 * for MOF, not DEL; for the MOF writer's UTF-8 check, not >= 0x80). */
static size_t plain_tail(const char *s, size_t i, size_t n, unsigned stop)
{
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\' || c < 0x20 || ((stop & STOP_DEL) && c == 0x7F) || ((stop & STOP_HIGH) && c >= 0x80))
            break;
    }
    return i;
}

static size_t plain_run_portable(const char *s, size_t n, unsigned stop)
{
    size_t i = 0;
    uint64_t del = (stop & STOP_DEL) ? ONES * 0x7F : ONES * '"', high = (stop & STOP_HIGH) ? HIGHS : 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t q = x ^ (ONES * '"'), b = x ^ (ONES * '\\'), d = x ^ del;
        /* A byte of q, b or d is zero, or a byte of x is below 0x20 (or,
         * with STOP_HIGH, has its high bit set). */
        if ((((q - ONES) & ~q) | ((b - ONES) & ~b) | ((d - ONES) & ~d) | ((x - ONES * 0x20) & ~x) | (x & high)) & HIGHS)
            break;
    }
    return plain_tail(s, i, n, stop);
}

static size_t plain_run(const char *s, size_t n, unsigned stop)
{
#if defined(__SSE2__)
    size_t i = 0;
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), control = _mm_set1_epi8(0x1F),
                  del = _mm_set1_epi8((stop & STOP_DEL) ? 0x7F : '"'),
                  high = _mm_set1_epi8((stop & STOP_HIGH) ? (char)0x80 : 0);
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
                                   _mm_or_si128(_mm_cmpeq_epi8(_mm_max_epu8(x, control), control),
                                                _mm_cmpeq_epi8(x, del)));
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(hit, _mm_and_si128(x, high)));
        if (mask) /* each test is exact: the lowest bit is the first byte to stop at */
            return i + (size_t)__builtin_ctz(mask);
    }
    return i + plain_run_portable(s + i, n - i, stop);
#else
    return plain_run_portable(s, n, stop);
#endif
}

size_t mofrt_json_plain_run_portable(const char *s, size_t n) { return plain_run_portable(s, n, 0); }
size_t mofrt_json_plain_run(const char *s, size_t n) { return plain_run(s, n, 0); }
size_t mofrt_mof_plain_run_portable(const char *s, size_t n) { return plain_run_portable(s, n, STOP_DEL); }
size_t mofrt_mof_plain_run(const char *s, size_t n) { return plain_run(s, n, STOP_DEL); }
size_t mofrt_mof_ascii_run_portable(const char *s, size_t n) { return plain_run_portable(s, n, STOP_DEL | STOP_HIGH); }
size_t mofrt_mof_ascii_run(const char *s, size_t n) { return plain_run(s, n, STOP_DEL | STOP_HIGH); }

static char *escape_one(char *d, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    *d++ = '\\';
    switch (c) {
    case '"': *d++ = '"'; break;
    case '\\': *d++ = '\\'; break;
    case '\n': *d++ = 'n'; break;
    case '\t': *d++ = 't'; break;
    case '\r': *d++ = 'r'; break;
    default:
        memcpy(d, "u00", 3);
        d[3] = hex[c >> 4];
        d[4] = hex[c & 15];
        d += 5;
    }
    return d;
}

int mofrt_json_put_string(mofrt_buffer *out, const char *s, size_t n, size_t slack)
{
    if (mofrt_buffer_reserve(out, n + 2 + slack) != 0)
        return -1;
    char *d = out->data + out->length;
    *d++ = '"';
    size_t i = 0;
    for (;;) {
        size_t run = mofrt_json_plain_run(s + i, n - i);
        memcpy(d, s + i, run);
        d += run;
        i += run;
        if (i == n)
            break;
        out->length = (size_t)(d - out->data);
        if (mofrt_buffer_reserve(out, 6 + (n - i - 1) + 1 + slack) != 0)
            return -1;
        d = escape_one(out->data + out->length, (unsigned char)s[i++]);
    }
    *d++ = '"';
    out->length = (size_t)(d - out->data);
    out->data[out->length] = '\0';
    return 0;
}

int mofrt_json_put_member_string(mofrt_buffer *out, const char *member, size_t member_length, const char *s,
                                 size_t slack)
{
    if (mofrt_buffer_reserve(out, member_length) != 0)
        return -1;
    memcpy(out->data + out->length, member, member_length);
    out->length += member_length;
    return mofrt_json_put_string(out, s, strlen(s), slack);
}

/* ---- MOF instance text -------------------------------------------------------------- */

int mofrt_mof_put_member_string(mofrt_buffer *out, const char *member, size_t member_length, const char *s,
                                size_t slack)
{
    size_t start = out->length, n = strlen(s);
    /* The member, the quotes, ";\n" and `slack`; each escape asks for more. */
    if (mofrt_buffer_reserve(out, member_length + n + 4 + slack) != 0)
        return -1;
    char *d = out->data + start;
    memcpy(d, member, member_length);
    d += member_length;
    *d++ = '"';
    size_t i = 0;
    for (;;) {
        size_t run = mofrt_mof_ascii_run(s + i, n - i);
        memcpy(d, s + i, run);
        d += run;
        i += run;
        if (i == n)
            break;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) { /* what mofrt_utf8_valid() accepts, copied as it is */
            uint32_t cp;
            size_t used = mofrt_utf8_decode(s + i, n - i, &cp);
            if (used == 0) {
                out->length = start;
                out->data[start] = '\0';
                return -1;
            }
            memcpy(d, s + i, used);
            d += used;
            i += used;
            continue;
        }
        size_t used = (size_t)(d - out->data), need = 6 + (n - i - 1) + 3 + slack;
        if (used + need + 1 > out->capacity) {
            out->length = used;
            if (mofrt_buffer_reserve(out, need) != 0) {
                out->length = start;
                out->data[start] = '\0';
                return -1;
            }
            d = out->data + used;
        }
        d = mofrt_mof_escape_one(d, c);
        i++;
    }
    memcpy(d, "\";\n", 3);
    out->length = (size_t)(d + 3 - out->data);
    out->data[out->length] = '\0';
    return 0;
}

int mofrt_mof_put_member(const mofrt_class *cls, const void *instance, uint32_t index, mofrt_buffer *out, size_t slack)
{
    size_t start = out->length;
    mofrt_error err;
    if (mofrt_property_check_values(cls, instance, index, &err) != 0)
        return -1;
    if (mofrt_mof_put_property(cls, instance, index, out, 1) != 0 || mofrt_buffer_reserve(out, slack) != 0) {
        out->length = start;
        if (out->data)
            out->data[start] = '\0';
        return -1;
    }
    return 0;
}

int mofrt_json_end_object(mofrt_buffer *out, size_t start, char *end)
{
    out->length = (size_t)(end - out->data);
    if (out->length == start) {
        memcpy(end, "{}", 2);
        out->length += 2;
    } else {
        out->data[start] = '{'; /* the first member's ',' */
        out->data[out->length++] = '}';
    }
    out->data[out->length] = '\0';
    return 0;
}

/* ---- many records: JSON Lines, a top-level array, an OData v4 envelope -------------- */

int mofrt_json_writer_begin(mofrt_json_writer *w, mofrt_buffer *out, mofrt_json_form form, const char *context)
{
    w->out = out;
    w->form = form;
    w->records = 0;
    switch (form) {
    case MOFRT_JSON_ARRAY: return mofrt_buffer_append(out, "[", 1);
    case MOFRT_JSON_ODATA:
        if (!context)
            return mofrt_buffer_append(out, "{\"value\":[", 10);
        return mofrt_buffer_append(out, "{\"@odata.context\":", 18) ||
               mofrt_json_put_string(out, context, strlen(context), 0) ||
               mofrt_buffer_append(out, ",\"value\":[", 10);
    default: return 0;
    }
}

int mofrt_json_writer_record(mofrt_json_writer *w)
{
    if (w->records++ == 0)
        return 0;
    return mofrt_buffer_append(w->out, w->form == MOFRT_JSON_LINES ? "\n" : ",", 1);
}

int mofrt_json_writer_end(mofrt_json_writer *w, const char *next_link)
{
    mofrt_buffer *out = w->out;
    switch (w->form) {
    case MOFRT_JSON_ARRAY: return mofrt_buffer_append(out, "]", 1);
    case MOFRT_JSON_ODATA:
        if (mofrt_buffer_append(out, "]", 1))
            return -1;
        if (next_link && (mofrt_buffer_append(out, ",\"@odata.nextLink\":", 19) ||
                          mofrt_json_put_string(out, next_link, strlen(next_link), 0)))
            return -1;
        return mofrt_buffer_append(out, "}", 1);
    default: return w->records ? mofrt_buffer_append(out, "\n", 1) : 0;
    }
}
