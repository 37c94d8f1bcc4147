/*
 * datetime.c - DMTF datetime values (DSP0004): timestamps
 * "yyyymmddhhmmss.mmmmmmsutc" and intervals "ddddddddhhmmss.mmmmmm:000",
 * kept as their exact 25 characters, checked field by field, and converted
 * to and from RFC 3339 for JSON.
 *
 * Wildcards: a field that is not significant is all '*'; the microseconds
 * may end in '*'s (reduced precision).  The UTC offset is never a wildcard.
 * Seconds run 0-59: DMTF has no leap second.
 */
#include "mofrt_internal.h"

#include <stdio.h>
#include <string.h>

static bool is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(long year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && (year < 0 || is_leap(year)))
        return 29; /* year < 0: a wildcard year, where 29 February may exist */
    return days[month - 1];
}

/* A field of `n` characters: its value, -1 for all '*', -2 when malformed. */
static long field(const char *s, size_t n)
{
    size_t stars = 0;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '*')
            stars++;
        else if (s[i] >= '0' && s[i] <= '9')
            v = v * 10 + (s[i] - '0');
        else
            return -2;
    }
    if (stars == n)
        return -1;
    return stars ? -2 : v;
}

/* Microseconds: digits then optional trailing '*'s. */
static bool valid_micro(const char *s)
{
    size_t i = 0;
    while (i < 6 && s[i] >= '0' && s[i] <= '9')
        i++;
    while (i < 6 && s[i] == '*')
        i++;
    return i == 6;
}

static int check_range(long v, long lo, long hi, const char *what, mofrt_error *err)
{
    if (v == -2) {
        mofrt_fail(err, MOFRT_ERR_DATETIME, NULL, "%s must be digits or all '*'", what);
        return -1;
    }
    if (v >= 0 && (v < lo || v > hi)) {
        mofrt_fail(err, MOFRT_ERR_DATETIME, NULL, "%s %ld is out of range (%ld-%ld)", what, v, lo, hi);
        return -1;
    }
    return 0;
}

static int parse_dmtf(const char *t, mofrt_datetime *out, mofrt_error *err);

static int parse_dmtf_checked(const char *t, mofrt_datetime *out, mofrt_error *err)
{
    if (t[14] != '.') {
        mofrt_fail(err, MOFRT_ERR_DATETIME, NULL, "a DMTF datetime has '.' at position 15");
        return -1;
    }
    if (!valid_micro(t + 15)) {
        mofrt_fail(err, MOFRT_ERR_DATETIME, NULL, "microseconds must be six digits, possibly ending in '*'");
        return -1;
    }
    long hour = field(t + 8, 2), minute = field(t + 10, 2), second = field(t + 12, 2);
    if (t[21] == ':') {
        if (memcmp(t + 22, "000", 3) != 0) {
            mofrt_fail(err, MOFRT_ERR_DATETIME, NULL, "an interval ends in ':000'");
            return -1;
        }
        if (check_range(field(t, 8), 0, 99999999, "days", err) || check_range(hour, 0, 23, "hours", err) ||
            check_range(minute, 0, 59, "minutes", err) || check_range(second, 0, 59, "seconds", err))
            return -1;
    } else if (t[21] == '+' || t[21] == '-') {
        long year = field(t, 4), month = field(t + 4, 2), day = field(t + 6, 2);
        if (check_range(year, 0, 9999, "year", err) || check_range(month, 1, 12, "month", err) ||
            check_range(hour, 0, 23, "hour", err) || check_range(minute, 0, 59, "minute", err) ||
            check_range(second, 0, 59, "second", err))
            return -1;
        long max_day = month > 0 ? days_in_month(year, (int)month) : 31;
        if (check_range(day, 1, max_day, "day", err))
            return -1;
        if (field(t + 22, 3) < 0) {
            mofrt_fail(err, MOFRT_ERR_DATETIME, NULL, "the UTC offset must be three digits (minutes)");
            return -1;
        }
    } else {
        mofrt_fail(err, MOFRT_ERR_DATETIME, NULL, "expected '+' or '-' (a timestamp) or ':' (an interval) at position 22");
        return -1;
    }
    memcpy(out->dmtf, t, 25);
    out->dmtf[25] = '\0';
    return 0;
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* RFC 3339: 2016-09-20T12:34:56[.fffffff](Z|+hh:mm|-hh:mm). */
static int parse_rfc3339(const char *t, size_t n, mofrt_datetime *out, mofrt_error *err)
{
    if (n < 20 || !digits(t, 4) || t[4] != '-' || !digits(t + 5, 2) || t[7] != '-' || !digits(t + 8, 2) ||
        (t[10] != 'T' && t[10] != 't') || !digits(t + 11, 2) || t[13] != ':' || !digits(t + 14, 2) ||
        t[16] != ':' || !digits(t + 17, 2)) {
        mofrt_fail(err, MOFRT_ERR_DATETIME, NULL, "not a datetime: expected a DMTF value or RFC 3339 (2016-09-20T12:34:56Z)");
        return -1;
    }
    size_t i = 19;
    char micro[7] = "000000";
    if (i < n && t[i] == '.') {
        size_t start = ++i;
        while (i < n && t[i] >= '0' && t[i] <= '9')
            i++;
        /* .NET and OData write 7 digits (100 ns ticks); DMTF keeps
         * microseconds, so a 7th digit is dropped (truncated). */
        if (i == start || i - start > 7) {
            mofrt_fail(err, MOFRT_ERR_DATETIME, NULL,
                       "fractional seconds need 1 to 7 digits (DMTF keeps microseconds; a 7th digit is dropped)");
            return -1;
        }
        memcpy(micro, t + start, i - start > 6 ? 6 : i - start);
    }
    char sign;
    long offset;
    if (i + 1 == n && (t[i] == 'Z' || t[i] == 'z')) {
        sign = '+';
        offset = 0;
    } else if (i + 6 == n && (t[i] == '+' || t[i] == '-') && digits(t + i + 1, 2) && t[i + 3] == ':' &&
               digits(t + i + 4, 2)) {
        sign = t[i];
        long hh = (t[i + 1] - '0') * 10 + (t[i + 2] - '0'), mm = (t[i + 4] - '0') * 10 + (t[i + 5] - '0');
        if (mm > 59 || hh * 60 + mm > 999) {
            mofrt_fail(err, MOFRT_ERR_DATETIME, NULL, "UTC offset out of range (at most 999 minutes)");
            return -1;
        }
        offset = hh * 60 + mm;
    } else {
        mofrt_fail(err, MOFRT_ERR_DATETIME, NULL, "expected 'Z' or a UTC offset such as '+02:00' at the end of the datetime");
        return -1;
    }
    /* Assembled by hand: this runs for every datetime a decoder reads. */
    char dmtf[26];
    memcpy(dmtf, t, 4);
    memcpy(dmtf + 4, t + 5, 2);
    memcpy(dmtf + 6, t + 8, 2);
    memcpy(dmtf + 8, t + 11, 2);
    memcpy(dmtf + 10, t + 14, 2);
    memcpy(dmtf + 12, t + 17, 2);
    dmtf[14] = '.';
    memcpy(dmtf + 15, micro, 6);
    dmtf[21] = sign;
    dmtf[22] = (char)('0' + offset / 100);
    dmtf[23] = (char)('0' + offset / 10 % 10);
    dmtf[24] = (char)('0' + offset % 10);
    dmtf[25] = '\0';
    /* Every field is digits already: when all are in range the DMTF text
     * is done, with no second pass; otherwise parse_dmtf says which is not. */
    int year = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
    int month = (t[5] - '0') * 10 + (t[6] - '0'), day = (t[8] - '0') * 10 + (t[9] - '0');
    int hour = (t[11] - '0') * 10 + (t[12] - '0'), minute = (t[14] - '0') * 10 + (t[15] - '0');
    int second = (t[17] - '0') * 10 + (t[18] - '0');
    if (month >= 1 && month <= 12 && hour <= 23 && minute <= 59 && second <= 59 && day >= 1 &&
        day <= days_in_month(year, month)) {
        memcpy(out->dmtf, dmtf, sizeof out->dmtf);
        return 0;
    }
    return parse_dmtf(dmtf, out, err);
}

/* Eight bytes of s, for the SWAR tests below (unaligned, any byte order:
 * the patterns are loaded the same way). */
static uint64_t load8(const char *s)
{
    uint64_t v;
    memcpy(&v, s, 8);
    return v;
}

/* Whether the eight bytes at s match a template: where `pattern` has '0' a
 * digit, elsewhere the byte of `pattern` after `mask` ('T' and 't' both pass
 * under 0xDF).  A byte with high nibble 3 is a digit when adding 6 leaves
 * the nibble alone (0x30-0x39); no byte carries into the next. */
static bool match8(const char *s, const char *pattern, const char *mask, const char *six)
{
    uint64_t v = load8(s), m = load8(mask), d = load8(six) * 0x28; /* 0x06 * 0x28 = 0xF0 where a digit is */
    return (v & m) == load8(pattern) && ((v + load8(six)) & d) == (load8(pattern) & d);
}

/* The common RFC 3339 form at fixed positions, all in one pass:
 * yyyy-mm-ddThh:mm:ss[.f{1,7}](Z|+hh:mm|-hh:mm) with every field in range.
 * Anything else (a bad character, an out-of-range field) returns -1 without
 * writing, and the full parser below says what is wrong, so the messages
 * are one parser's.  Agreement: tests/test_encode.c
 * test_datetime_fast_path. */
int mofrt_datetime_parse_fast(const char *t, size_t n, mofrt_datetime *out)
{
    if (n < 20 || n > 33 || !match8(t, "0000-00-", "\xF0\xF0\xF0\xF0\xFF\xF0\xF0\xFF", "\6\6\6\6\0\6\6\0") ||
        !match8(t + 8, "00T00:00", "\xF0\xF0\xDF\xF0\xF0\xFF\xF0\xF0", "\6\6\0\6\6\0\6\6") ||
        !match8(t + 11, "00:00:00", "\xF0\xF0\xFF\xF0\xF0\xFF\xF0\xF0", "\6\6\0\6\6\0\6\6"))
        return -1;
    size_t i = 19, frac = 0;
    if (t[19] == '.') {
        /* Six digits, microseconds, is what writers write: tested unrolled. */
        if (n >= 26 && (unsigned)(t[20] - '0') <= 9 && (unsigned)(t[21] - '0') <= 9 && (unsigned)(t[22] - '0') <= 9 &&
            (unsigned)(t[23] - '0') <= 9 && (unsigned)(t[24] - '0') <= 9 && (unsigned)(t[25] - '0') <= 9)
            frac = 6;
        while (20 + frac < n && frac < 8 && (unsigned)(t[20 + frac] - '0') <= 9)
            frac++;
        if (frac == 0 || frac > 7)
            return -1;
        i = 20 + frac;
    }
    char sign = '+';
    int offset = 0;
    if (i + 1 == n && (t[i] | 0x20) == 'z') {
    } else if (i + 6 == n && (t[i] == '+' || t[i] == '-') && t[i + 3] == ':') {
        unsigned h1 = (unsigned)(t[i + 1] - '0'), h2 = (unsigned)(t[i + 2] - '0');
        unsigned m1 = (unsigned)(t[i + 4] - '0'), m2 = (unsigned)(t[i + 5] - '0');
        if (h1 > 9 || h2 > 9 || m1 > 5 || m2 > 9)
            return -1;
        offset = (int)((h1 * 10 + h2) * 60 + m1 * 10 + m2);
        if (offset > 999)
            return -1;
        sign = t[i];
    } else
        return -1;
    int year = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
    int month = (t[5] - '0') * 10 + (t[6] - '0'), day = (t[8] - '0') * 10 + (t[9] - '0');
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || t[11] > '2' ||
        (t[11] == '2' && t[12] > '3') || t[14] > '5' || t[17] > '5')
        return -1;
    char *d = out->dmtf;
    memcpy(d, t, 4);
    memcpy(d + 4, t + 5, 2);
    memcpy(d + 6, t + 8, 2);
    memcpy(d + 8, t + 11, 2);
    memcpy(d + 10, t + 14, 2);
    memcpy(d + 12, t + 17, 2);
    memcpy(d + 14, ".000000", 7);
    if (frac >= 6)
        memcpy(d + 15, t + 20, 6);
    else
        memcpy(d + 15, t + 20, frac);
    d[21] = sign;
    d[22] = (char)('0' + offset / 100);
    d[23] = (char)('0' + offset / 10 % 10);
    d[24] = (char)('0' + offset % 10);
    d[25] = '\0';
    return 0;
}

int mofrt_datetime_parse_full(const char *text, size_t length, mofrt_datetime *out, mofrt_error *err)
{
    mofrt_error scratch;
    if (!err)
        err = &scratch;
    if (length == 25 && (text[21] == ':' || ((text[21] == '+' || text[21] == '-') && text[4] != '-')))
        return parse_dmtf(text, out, err);
    return parse_rfc3339(text, length, out, err);
}

/* The fast path never accepts a DMTF value (t[4] is '-') nor a 25-character
 * text with ':' at position 22, so trying it first changes no answer. */
int mofrt_datetime_parse(const char *text, size_t length, mofrt_datetime *out, mofrt_error *err)
{
    if (mofrt_datetime_parse_fast(text, length, out) == 0)
        return 0;
    return mofrt_datetime_parse_full(text, length, out, err);
}

/* A complete DMTF timestamp, yyyymmddhhmmss.mmmmmm(+|-)uuu, every field a
 * digit and in range: what writers write and what every encoder checks
 * before writing, tested in one pass.  Anything else (wildcards,
 * intervals, a bad field) is left to parse_dmtf_checked, which says what is
 * wrong; it accepts all of these too.  Agreement: tests/test_encode.c
 * test_dmtf_fast_path. */
bool mofrt_dmtf_is_plain_timestamp(const char *t)
{
    /* The sign, t[21], is masked out of the third word and tested on its
     * own: no mask of '+' and '-' leaves out every other byte. */
    if (!match8(t, "00000000", "\xF0\xF0\xF0\xF0\xF0\xF0\xF0\xF0", "\6\6\6\6\6\6\6\6") ||
        !match8(t + 8, "000000.0", "\xF0\xF0\xF0\xF0\xF0\xF0\xFF\xF0", "\6\6\6\6\6\6\0\6") ||
        !match8(t + 16, "00000\0" "00", "\xF0\xF0\xF0\xF0\xF0\0\xF0\xF0", "\6\6\6\6\6\0\6\6") ||
        (t[21] != '+' && t[21] != '-') || (unsigned)(t[24] - '0') > 9)
        return false;
    int year = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
    int month = (t[4] - '0') * 10 + (t[5] - '0'), day = (t[6] - '0') * 10 + (t[7] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month) &&
           (t[8] < '2' || (t[8] == '2' && t[9] <= '3')) && t[10] <= '5' && t[12] <= '5';
}

static int parse_dmtf(const char *t, mofrt_datetime *out, mofrt_error *err)
{
    if (mofrt_dmtf_is_plain_timestamp(t)) {
        memcpy(out->dmtf, t, 25);
        out->dmtf[25] = '\0';
        return 0;
    }
    return parse_dmtf_checked(t, out, err);
}

int mofrt_datetime_parse_dmtf_checked(const char *text, mofrt_datetime *out, mofrt_error *err)
{
    return parse_dmtf_checked(text, out, err);
}

int mofrt_datetime_parse_dmtf(const char *text, size_t length, mofrt_datetime *out, mofrt_error *err)
{
    mofrt_error scratch;
    if (!err)
        err = &scratch;
    if (length != 25) {
        mofrt_fail(err, MOFRT_ERR_DATETIME, NULL, "a DMTF datetime has 25 characters (yyyymmddhhmmss.mmmmmmsutc), not %lu",
                   (unsigned long)length);
        return -1;
    }
    return parse_dmtf(text, out, err);
}

bool mofrt_datetime_is_valid(const mofrt_datetime *dt, mofrt_error *err)
{
    mofrt_datetime copy;
    const char *end = memchr(dt->dmtf, '\0', sizeof dt->dmtf);
    if (!end) {
        if (err)
            mofrt_fail(err, MOFRT_ERR_DATETIME, NULL, "a datetime is not NUL-terminated");
        return false;
    }
    return mofrt_datetime_parse_dmtf(dt->dmtf, (size_t)(end - dt->dmtf), &copy, err) == 0;
}

bool mofrt_datetime_is_interval(const mofrt_datetime *dt)
{
    return dt->dmtf[21] == ':';
}

bool mofrt_datetime_is_complete_timestamp(const mofrt_datetime *dt)
{
    return !mofrt_datetime_is_interval(dt) && strchr(dt->dmtf, '*') == NULL;
}

size_t mofrt_datetime_to_text(const mofrt_datetime *dt, char out[MOFRT_DATETIME_TEXT_MAX])
{
    const char *d = dt->dmtf;
    if (!mofrt_datetime_is_complete_timestamp(dt)) {
        memcpy(out, d, 25);
        out[25] = '\0';
        return 25;
    }
    int offset = (d[22] - '0') * 100 + (d[23] - '0') * 10 + (d[24] - '0');
    return (size_t)snprintf(out, MOFRT_DATETIME_TEXT_MAX, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2s.%.6s%c%02d:%02d", d, d + 4,
                            d + 6, d + 8, d + 10, d + 12, d + 15, d[21], offset / 60, offset % 60);
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static void civil_from_days(int64_t z, long *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (long)(yoe + era * 400 + (*m <= 2));
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian); the inverse of
 * civil_from_days. */
static int64_t days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Digits of a field known to be digits (the value is valid). */
static long digits_value(const char *s, size_t n)
{
    long v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int mofrt_datetime_to_unix(const mofrt_datetime *dt, int64_t *seconds, uint32_t *microseconds,
                           int *utc_offset_minutes)
{
    if (!mofrt_datetime_is_valid(dt, NULL) || !mofrt_datetime_is_complete_timestamp(dt))
        return -1;
    const char *t = dt->dmtf;
    int offset = (int)digits_value(t + 22, 3) * (t[21] == '-' ? -1 : 1);
    int64_t days = days_from_civil(digits_value(t, 4), (int)digits_value(t + 4, 2), (int)digits_value(t + 6, 2));
    int64_t local = days * 86400 + digits_value(t + 8, 2) * 3600 + digits_value(t + 10, 2) * 60 + digits_value(t + 12, 2);
    *seconds = local - (int64_t)offset * 60;
    if (microseconds)
        *microseconds = (uint32_t)digits_value(t + 15, 6);
    if (utc_offset_minutes)
        *utc_offset_minutes = offset;
    return 0;
}

int mofrt_datetime_interval_parts(const mofrt_datetime *dt, uint32_t *days, unsigned *hours, unsigned *minutes,
                                  unsigned *seconds, uint32_t *microseconds)
{
    const char *t = dt->dmtf;
    if (!mofrt_datetime_is_valid(dt, NULL) || !mofrt_datetime_is_interval(dt) || memchr(t, '*', 21))
        return -1;
    if (days)
        *days = (uint32_t)digits_value(t, 8);
    if (hours)
        *hours = (unsigned)digits_value(t + 8, 2);
    if (minutes)
        *minutes = (unsigned)digits_value(t + 10, 2);
    if (seconds)
        *seconds = (unsigned)digits_value(t + 12, 2);
    if (microseconds)
        *microseconds = (uint32_t)digits_value(t + 15, 6);
    return 0;
}

int mofrt_datetime_from_unix(int64_t seconds, uint32_t microseconds, int utc_offset_minutes, mofrt_datetime *out)
{
    if (microseconds > 999999 || utc_offset_minutes < -999 || utc_offset_minutes > 999)
        return -1;
    if (seconds < -62167219200LL || seconds > 253402300799LL) /* 0000-01-01 .. 9999-12-31 */
        return -1;
    int64_t local = seconds + (int64_t)utc_offset_minutes * 60;
    int64_t days = local / 86400, rest = local % 86400;
    if (rest < 0) {
        rest += 86400;
        days--;
    }
    long year;
    int month, day;
    civil_from_days(days, &year, &month, &day);
    if (year < 0 || year > 9999)
        return -1;
    char text[64];
    snprintf(text, sizeof text, "%04ld%02d%02d%02d%02d%02d.%06u%c%03d", year, month, day, (int)(rest / 3600),
             (int)(rest / 60 % 60), (int)(rest % 60), (unsigned)microseconds, utc_offset_minutes < 0 ? '-' : '+',
             utc_offset_minutes < 0 ? -utc_offset_minutes : utc_offset_minutes);
    return parse_dmtf(text, out, &(mofrt_error){0});
}

int mofrt_datetime_interval(uint32_t days, unsigned hours, unsigned minutes, unsigned seconds, uint32_t microseconds,
                            mofrt_datetime *out)
{
    if (days > 99999999 || hours > 23 || minutes > 59 || seconds > 59 || microseconds > 999999)
        return -1;
    char text[64];
    snprintf(text, sizeof text, "%08u%02u%02u%02u.%06u:000", (unsigned)days, hours, minutes, seconds,
             (unsigned)microseconds);
    return parse_dmtf(text, out, &(mofrt_error){0});
}
