/*
 * test_encode.c - the encoders' building blocks against the printf-based
 * code they replaced, the SSE2 string scan against the portable one, and the
 * encoder mofgen emits per class (and the MOF writer's escaping) against the generic descriptor-driven
 * mofrt_json_write(): byte for byte, on every subset of properties tried.
 */
#include "AllTypes.h"
#include "mofrt_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static char *copy(const char *s)
{
    char *c = malloc(strlen(s) + 1);
    assert_non_null(c);
    return strcpy(c, s);
}

static uint64_t lcg_state = 12345;
static uint64_t lcg(void)
{
    lcg_state = lcg_state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return lcg_state >> 33;
}

/* The escaping JSON had before the word-at-a-time scan. */
static void reference_escape(mofrt_buffer *out, const char *s, size_t n)
{
    assert_int_equal(mofrt_buffer_append(out, "\"", 1), 0);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        const char *e = NULL;
        if (c == '"') e = "\\\"";
        else if (c == '\\') e = "\\\\";
        else if (c == '\n') e = "\\n";
        else if (c == '\t') e = "\\t";
        else if (c == '\r') e = "\\r";
        else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            e = esc;
        }
        if (e)
            assert_int_equal(mofrt_buffer_append(out, e, strlen(e)), 0);
        else
            assert_int_equal(mofrt_buffer_append(out, s + i, 1), 0);
    }
    assert_int_equal(mofrt_buffer_append(out, "\"", 1), 0);
}

static size_t reference_run(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] != '"' && s[i] != '\\' && (unsigned char)s[i] >= 0x20)
        i++;
    return i;
}

static size_t reference_mof_run(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] != '"' && s[i] != '\\' && (unsigned char)s[i] >= 0x20 && s[i] != 0x7F)
        i++;
    return i;
}

static size_t reference_ascii_run(const char *s, size_t n)
{
    size_t i = reference_mof_run(s, n), j = 0;
    while (j < i && (unsigned char)s[j] < 0x80)
        j++;
    return j;
}

/* The MOF escaping before the word-at-a-time scan. */
static void reference_mof_escape(mofrt_buffer *out, const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        const char *esc = NULL;
        char hex[8];
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\t': esc = "\\t"; break;
        case '\r': esc = "\\r"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        default:
            if (c < 0x20 || c == 0x7F) {
                snprintf(hex, sizeof hex, "\\x%04X", c);
                esc = hex;
            }
        }
        assert_int_equal(esc ? mofrt_buffer_append(out, esc, strlen(esc)) : mofrt_buffer_append(out, text + i, 1), 0);
    }
}

/* Every byte value at every position of strings up to 40 bytes, then random
 * strings over the bytes that matter: both scans stop where the reference
 * does. */
static void test_scans_agree(void **state)
{
    (void)state;
    char s[64];
    for (int c = 0; c < 256; c++)
        for (size_t n = 1; n <= 40; n++)
            for (size_t at = 0; at < n; at++) {
                memset(s, 'a', n);
                s[at] = (char)c;
                size_t want = reference_run(s, n);
                assert_int_equal(mofrt_json_plain_run_portable(s, n), want);
                assert_int_equal(mofrt_json_plain_run(s, n), want);
                want = reference_mof_run(s, n);
                assert_int_equal(mofrt_mof_plain_run_portable(s, n), want);
                assert_int_equal(mofrt_mof_plain_run(s, n), want);
                want = reference_ascii_run(s, n);
                assert_int_equal(mofrt_mof_ascii_run_portable(s, n), want);
                assert_int_equal(mofrt_mof_ascii_run(s, n), want);
            }
    static const unsigned char alphabet[] = {'a', '"', '\\', 0x00, 0x01, 0x1F, 0x20, 0x21, 0x5B, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF};
    for (int k = 0; k < 20000; k++) {
        size_t n = lcg() % 60;
        for (size_t i = 0; i < n; i++)
            s[i] = (char)alphabet[lcg() % (lcg() % 4 ? 1 : sizeof alphabet)];
        size_t want = reference_run(s, n);
        assert_int_equal(mofrt_json_plain_run_portable(s, n), want);
        assert_int_equal(mofrt_json_plain_run(s, n), want);
        want = reference_mof_run(s, n);
        assert_int_equal(mofrt_mof_plain_run_portable(s, n), want);
        assert_int_equal(mofrt_mof_plain_run(s, n), want);
        want = reference_ascii_run(s, n);
        assert_int_equal(mofrt_mof_ascii_run_portable(s, n), want);
        assert_int_equal(mofrt_mof_ascii_run(s, n), want);
    }
}

static void test_strings_escape_as_before(void **state)
{
    (void)state;
    mofrt_buffer got = {0}, want = {0};
    char s[300];
    for (int k = 0; k < 5000; k++) {
        size_t n = lcg() % sizeof s;
        for (size_t i = 0; i < n; i++)
            s[i] = (char)(lcg() % 3 ? 'a' + lcg() % 26 : lcg() % 256);
        mofrt_buffer_reset(&got);
        mofrt_buffer_reset(&want);
        assert_int_equal(mofrt_buffer_append(&got, "x", 1), 0);
        assert_int_equal(mofrt_buffer_append(&want, "x", 1), 0);
        assert_int_equal(mofrt_json_put_string(&got, s, n, 7), 0);
        reference_escape(&want, s, n);
        assert_int_equal(got.length, want.length);
        assert_memory_equal(got.data, want.data, want.length + 1);
        assert_true(got.capacity >= got.length + 7 + 1); /* the slack asked for */
        mofrt_buffer_reset(&got);
        mofrt_buffer_reset(&want);
        assert_int_equal(mofrt_buffer_append(&got, "x", 1), 0);
        assert_int_equal(mofrt_buffer_append(&want, "x", 1), 0);
        assert_int_equal(mofrt_mof_escape(&got, s, n), 0);
        reference_mof_escape(&want, s, n);
        assert_int_equal(got.length, want.length);
        assert_memory_equal(got.data, want.data, want.length + 1);
    }
    mofrt_buffer_free(&got);
    mofrt_buffer_free(&want);
}

static void test_integers_print_as_printf(void **state)
{
    (void)state;
    char got[32], want[32];
    uint64_t u = 1;
    for (int k = 0; k < 3000; k++) {
        uint64_t v = k < 64 ? u << k : k < 84 ? u * 0 + (uint64_t)k - 64 : k < 104 ? (u << (k - 84) * 3) - 1
                                                                                    : ((uint64_t)lcg() << 31) ^ lcg();
        if (k == 104)
            v = UINT64_MAX;
        *mofrt_put_uint(got, v) = '\0';
        snprintf(want, sizeof want, "%llu", (unsigned long long)v);
        assert_string_equal(got, want);
        int64_t s = (int64_t)v;
        *mofrt_put_int(got, s) = '\0';
        snprintf(want, sizeof want, "%lld", (long long)s);
        assert_string_equal(got, want);
        *mofrt_put_int(got, -(int64_t)(v >> 1)) = '\0';
        snprintf(want, sizeof want, "%lld", -(long long)(v >> 1));
        assert_string_equal(got, want);
    }
    *mofrt_put_int(got, INT64_MIN) = '\0';
    assert_string_equal(got, "-9223372036854775808");
}

static void test_datetimes_print_as_before(void **state)
{
    (void)state;
    static const char *const values[] = {
        "20160920123456.000001-300", "20160920123456.000001+000", "99991231235959.999999+999",
        "00000101000000.000000-001", "2016092012****.******+000", "00000001000000.000000:000",
        "12345678235959.999999:000", "2016************.******+060",
    };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        mofrt_datetime dt;
        memset(&dt, 0, sizeof dt);
        memcpy(dt.dmtf, values[i], strlen(values[i]) < 25 ? strlen(values[i]) : 25);
        char text[MOFRT_DATETIME_TEXT_MAX], want[MOFRT_DATETIME_TEXT_MAX + 2], got[MOFRT_JSON_DATETIME_MAX + 1];
        mofrt_datetime_to_text(&dt, text);
        snprintf(want, sizeof want, "\"%s\"", text);
        char *end = mofrt_put_json_datetime(got, &dt);
        assert_true(end - got <= MOFRT_JSON_DATETIME_MAX);
        *end = '\0';
        assert_string_equal(got, want);
    }
}

/* all_json of test_runtime.c: every property set. */
static const char all_json[] =
    "{\"Id\":7,\"B\":true,\"U8\":255,\"S8\":-128,\"U16\":65535,\"S16\":-32768,\"U32\":4294967295,"
    "\"S32\":-2147483648,\"U64\":18446744073709551615,\"S64\":-9223372036854775808,\"R32\":1.5,\"R64\":-0.25,"
    "\"C\":\"\xe2\x98\xba\",\"S\":\"tab\\there \\\"quoted\\\" back\\\\slash \\u0001 \xc3\xa9\","
    "\"D\":\"2016-09-20T12:34:56.000001-05:00\",\"Ref\":\"Inner.Id=\\\"a\\\"\",\"Embedded\":{\"Id\":\"e\",\"N\":1},"
    "\"Items\":[{\"Id\":\"x\"},{\"Id\":\"y\",\"N\":2}],\"Tags\":[\"a\",\"\",\"c\"],\"Fixed\":[1,2,3],\"E\":5,"
    "\"Ranged\":-3,\"Letter\":\"b\",\"Untyped\":\"instance of Thing { };\"}";

/* The emitted AllTypes_to_json and the generic mofrt_json_write (and
 * AllTypes_to_mof and mofrt_mof_write) on the empty instance, each single
 * property, and 3,000 random subsets, appending to a buffer that already
 * holds text. */
static void test_specialised_encoder_matches_generic(void **state)
{
    (void)state;
    uint32_t n = AllTypes_class.property_count;
    mofrt_buffer special = {0}, generic = {0};
    for (int k = -1; k < 3000 + (int)n; k++) {
        AllTypes obj;
        AllTypes_init(&obj);
        mofrt_reader in;
        mofrt_error err;
        mofrt_reader_init(&in, all_json, strlen(all_json));
        assert_int_equal(AllTypes_read_json(&in, &obj, 0, &err), 1);
        for (uint32_t i = 0; i < n; i++) {
            bool keep = k < 0 ? false : k < (int)n ? i == (uint32_t)k : lcg() % 2;
            if (!keep)
                mofrt_property_clear(&AllTypes_class, &obj, i);
        }
        mofrt_buffer_reset(&special);
        mofrt_buffer_reset(&generic);
        assert_int_equal(mofrt_buffer_append(&special, "[", 1), 0);
        assert_int_equal(mofrt_buffer_append(&generic, "[", 1), 0);
        assert_int_equal(AllTypes_to_json(&obj, &special), 0);
        assert_int_equal(mofrt_json_write(&AllTypes_class, &obj, &generic), 0);
        assert_string_equal(special.data, generic.data);
        assert_int_equal(special.length, strlen(special.data));
        if (k < 0)
            assert_string_equal(special.data, "[{}");
        /* The same for MOF instance text: AllTypes_to_mof and mofrt_mof_write. */
        assert_int_equal(AllTypes_to_mof(&obj, &special), 0);
        assert_int_equal(mofrt_mof_write(&AllTypes_class, &obj, &generic), 0);
        assert_string_equal(special.data, generic.data);
        assert_int_equal(special.length, strlen(special.data));
        if (k < 0)
            assert_string_equal(special.data, "[{}instance of AllTypes\n{\n};\n");
        AllTypes_free(&obj);
    }
    mofrt_buffer_free(&special);
    mofrt_buffer_free(&generic);
}

/* Each form written with 0 and 3 records reads back through mofrt_json_stream
 * as the same records, with the nextLink given. */
static void test_many_records_read_back(void **state)
{
    (void)state;
    static const mofrt_json_form forms[] = {MOFRT_JSON_LINES, MOFRT_JSON_ARRAY, MOFRT_JSON_ODATA};
    AllTypes obj, back;
    AllTypes_init(&obj);
    AllTypes_init(&back);
    mofrt_reader in;
    mofrt_error err;
    mofrt_reader_init(&in, all_json, strlen(all_json));
    assert_int_equal(AllTypes_read_json(&in, &obj, 0, &err), 1);
    for (size_t f = 0; f < 3; f++)
        for (size_t count = 0; count <= 3; count += 3) {
            mofrt_buffer out = {0}, again = {0};
            mofrt_json_writer w;
            const char *link = forms[f] == MOFRT_JSON_ODATA ? "https://cm/AdminService/wmi/SMS_DistributionJob?$skip=3" : NULL;
            assert_int_equal(mofrt_json_writer_begin(&w, &out, forms[f], "https://cm/AdminService/wmi/$metadata#SMS_DistributionJob"), 0);
            for (size_t i = 0; i < count; i++) {
                assert_int_equal(mofrt_json_writer_record(&w), 0);
                assert_int_equal(AllTypes_to_json(&obj, &out), 0);
            }
            assert_int_equal(mofrt_json_writer_end(&w, link), 0);
            if (count == 0)
                assert_string_equal(out.data ? out.data : "", forms[f] == MOFRT_JSON_LINES ? "" : forms[f] == MOFRT_JSON_ARRAY ? "[]"
                    : "{\"@odata.context\":\"https://cm/AdminService/wmi/$metadata#SMS_DistributionJob\",\"value\":[],"
                      "\"@odata.nextLink\":\"https://cm/AdminService/wmi/SMS_DistributionJob?$skip=3\"}");
            mofrt_json_stream s;
            mofrt_json_stream_init(&s, out.data ? out.data : "", out.length);
            size_t read = 0;
            int rc;
            while ((rc = mofrt_json_stream_next(&s, &AllTypes_class, &back, 0, &err)) == 1) {
                mofrt_buffer_reset(&again);
                assert_int_equal(AllTypes_to_json(&back, &again), 0);
                assert_string_equal(again.data, all_json);
                read++;
            }
            assert_int_equal(rc, 0);
            assert_int_equal(read, count);
            if (link)
                assert_string_equal(mofrt_json_stream_next_link(&s), link);
            mofrt_json_stream_free(&s);
            mofrt_buffer_free(&out);
            mofrt_buffer_free(&again);
        }
    AllTypes_free(&obj);
    AllTypes_free(&back);
}

/* mofrt_mof_put_member_string writes the member, the literal mofrt_mof_escape
 * would write and ";\n", for strings with every special byte (and valid
 * UTF-8 of each length) at every offset; a string with invalid UTF-8 at any
 * offset is refused with the buffer as it was, as mofrt_utf8_valid says. */
static void test_mof_member_strings(void **state)
{
    (void)state;
    static const char *const specials[] = {"\"", "\\", "\n", "\t", "\x01", "\x7f", "\xc3\xa9", "\xe2\x98\xba",
                                           "\xf0\x9f\x98\x80", "\xc3", "\xff", "\xed\xa0\x80", "\xc0\xaf", "\x80"};
    mofrt_buffer got = {0}, want = {0};
    char s[80];
    for (size_t k = 0; k < sizeof specials / sizeof *specials; k++)
        for (size_t n = 0; n <= 40; n++)
            for (size_t at = 0; at <= n; at++) {
                size_t len = strlen(specials[k]);
                memset(s, 'a', n + len);
                memcpy(s + at, specials[k], len);
                s[n + len] = '\0';
                mofrt_buffer_reset(&got);
                mofrt_buffer_reset(&want);
                assert_int_equal(mofrt_buffer_append(&got, "kept", 4), 0);
                assert_int_equal(mofrt_buffer_append(&want, "kept    Name = \"", 16), 0);
                int rc = mofrt_mof_put_member_string(&got, "    Name = ", 11, s, 5);
                if (!mofrt_utf8_valid(s, NULL)) {
                    assert_int_equal(rc, -1);
                    assert_int_equal(got.length, 4);
                    assert_string_equal(got.data, "kept");
                    continue;
                }
                assert_int_equal(rc, 0);
                reference_mof_escape(&want, s, strlen(s));
                assert_int_equal(mofrt_buffer_append(&want, "\";\n", 3), 0);
                assert_string_equal(got.data, want.data);
                assert_int_equal(got.length, want.length);
                assert_true(got.capacity >= got.length + 5 + 1); /* the slack asked for */
            }
    mofrt_buffer_free(&got);
    mofrt_buffer_free(&want);
}

/* A MOF string body decoded one byte at a time, for the simple escapes. */
static size_t reference_unescape(const char *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i] != '\\') {
            out[o++] = in[i];
            continue;
        }
        char e = in[++i];
        out[o++] = e == 'n' ? '\n' : e == 't' ? '\t' : e;
    }
    return o;
}

/* mofrt_mof_unescape (which copies eight bytes at a time between escapes)
 * agrees with the byte-at-a-time decoding for escapes at every offset of
 * bodies up to 40 bytes, with high bytes around them, and reports a bad
 * escape at its own offset wherever it is. */
static void test_unescape_at_every_offset(void **state)
{
    (void)state;
    static const char *const escapes[] = {"\\\\", "\\\"", "\\n", "\\t", "\\\\\\\"", "\xc3\xa9\\n"};
    char in[64], out[64], want[64];
    mofrt_error err;
    size_t bad;
    for (size_t k = 0; k < sizeof escapes / sizeof *escapes; k++)
        for (size_t n = 0; n <= 40; n++)
            for (size_t at = 0; at <= n; at++) {
                size_t len = strlen(escapes[k]);
                for (size_t i = 0; i < n; i++)
                    in[i] = (char)('a' + i % 26);
                memmove(in + at + len, in + at, n - at);
                memcpy(in + at, escapes[k], len);
                size_t w = reference_unescape(in, n + len, want);
                long got = mofrt_mof_unescape(in, n + len, out, &bad, &err);
                assert_int_equal(got, (long)w);
                assert_memory_equal(out, want, w);
                in[at + len - 1] = 'q'; /* the escape's last character: now \q (or a plain q) */
                if (escapes[k][len - 2] == '\\') {
                    assert_int_equal(mofrt_mof_unescape(in, n + len, out, &bad, &err), -1);
                    assert_int_equal(bad, at + len - 2);
                    assert_string_equal(err.message, "unknown escape sequence '\\q'");
                }
            }
}

/* The encoders write nothing a decoder would refuse: each bad value makes
 * both return -1 with `out` unchanged, and _validate names the property. */
static void test_encoders_refuse_what_decoders_refuse(void **state)
{
    (void)state;
    static const struct {
        const char *property, *message;
    } cases[] = {
        {"E", "3 is not in the ValueMap"},
        {"Ranged", "0 is not in the ValueMap"},
        {"D", "not a valid datetime"},
        {"S", "invalid UTF-8"},
        {"Letter", "not in the ValueMap"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        AllTypes obj;
        AllTypes_init(&obj);
        obj.Id = 1;
        obj.has_Id = true;
        switch (k) {
        case 0: obj.E = 3; obj.has_E = true; break;
        case 1: obj.Ranged = 0; obj.has_Ranged = true; break;
        case 2: memcpy(obj.D.dmtf, "20161320123456.000000+000", 26); obj.has_D = true; break;
        case 3: obj.S = copy("caf\xc3"); break;
        default: obj.Letter = copy("c"); break;
        }
        mofrt_buffer out = {0};
        assert_int_equal(mofrt_buffer_append(&out, "kept", 4), 0);
        assert_int_equal(AllTypes_to_json(&obj, &out), -1);
        assert_int_equal(mofrt_json_write(&AllTypes_class, &obj, &out), -1);
        assert_int_equal(AllTypes_to_mof(&obj, &out), -1);
        assert_string_equal(out.data, "kept");
        mofrt_error err;
        assert_int_equal(AllTypes_validate(&obj, &err), -1);
        assert_string_equal(err.property, cases[k].property);
        if (!strstr(err.message, cases[k].message))
            fail_msg("%s: \"%s\" does not say \"%s\"", cases[k].property, err.message, cases[k].message);
        mofrt_buffer_free(&out);
        AllTypes_free(&obj);
    }
}

/* The JSON decoder's string scanner stops at the first '"', '\\', control or high-bit
 * byte: the SSE2 one (where built) and the portable SWAR one agree at every
 * position and alignment. */
static void test_string_scanners_agree(void **state)
{
    (void)state;
    static const unsigned char specials[] = {'"', '\\', 0x00, 0x1F, 0x80, 0xC3, 0xFF};
    static const unsigned char plain[] = {' ', '!', '#', '[', ']', 'a', 0x7F, '0'};
    char text[64];
    for (size_t k = 0; k < sizeof specials; k++) {
        for (size_t at = 0; at <= sizeof text; at++) {
            for (size_t i = 0; i < sizeof text; i++)
                text[i] = (char)plain[(i * 7 + k) % sizeof plain];
            if (at < sizeof text)
                text[at] = (char)specials[k];
            for (size_t from = 0; from < 9 && from <= at; from++) {
                size_t want = at < sizeof text ? at : sizeof text;
                assert_int_equal(mofrt_scan_plain_portable(text, from, sizeof text), want);
                assert_int_equal(mofrt_scan_plain(text, from, sizeof text), want);
            }
        }
    }
}

/* The one-pass test of a complete DMTF timestamp agrees with the field
 * checks: every text it takes they take, to the same value, and what it
 * leaves they judge (mofrt_datetime_parse_dmtf gives their answer and
 * message).  Each position of a few valid values is replaced by every
 * byte value, and range edges are tried. */
static void test_dmtf_fast_path(void **state)
{
    (void)state;
    static const char *const bases[] = {
        "20160920123456.000001-300", "20000229235959.999999+000", "19000228000000.000000+999",
        "00000101000000.000000-000", "99991231195959.123456+060", "20240229230000.000000+720",
    };
    size_t fast = 0, cases = 0;
    for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++) {
        for (size_t at = 0; at <= 25; at++) {
            for (unsigned k = 1; k < 256; k++) { /* every byte but NUL, at every position */
                char text[26];
                memcpy(text, bases[b], 26);
                if (at < 25)
                    text[at] = (char)k;
                else if (k > 1)
                    break; /* the base itself, once */
                mofrt_datetime a, c;
                mofrt_error ea = {0}, ec = {0};
                int ra = mofrt_datetime_parse_dmtf(text, 25, &a, &ea);
                int rc = mofrt_datetime_parse_dmtf_checked(text, &c, &ec);
                assert_int_equal(ra, rc);
                if (ra == 0)
                    assert_string_equal(a.dmtf, c.dmtf);
                else
                    assert_string_equal(ea.message, ec.message);
                if (mofrt_dmtf_is_plain_timestamp(text)) {
                    assert_int_equal(rc, 0);
                    fast++;
                }
                cases++;
            }
        }
    }
    assert_true(fast > 6 * 25); /* the valid digits at each position took the short way */
    assert_true(cases > fast);
    /* Range edges the short way must refuse (the checks then say why). */
    static const char *const refused[] = {
        "20161301000000.000000+000", "20160001000000.000000+000", "20160100000000.000000+000",
        "20160132000000.000000+000", "20150229000000.000000+000", "21000229000000.000000+000",
        "20160431000000.000000+000", "20160101240000.000000+000", "20160101006000.000000+000",
        "20160101000060.000000+000", "2016****000000.000000+000", "00000001000000.000000:000",
        "20160101000000.00000*+000", "20160101000000.000000*000",
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        assert_false(mofrt_dmtf_is_plain_timestamp(refused[i]));
}

/* A class of `n` uint8 properties P0..P(n-1), built at run time: each
 * value at offset i, its has_ flag at n + i. */
typedef struct wide_class {
    mofrt_class cls;
    mofrt_property *properties;
    uint16_t *lookup;
    char (*names)[16];
} wide_class;

static void wide_class_make(wide_class *w, uint32_t n)
{
    w->properties = calloc(n, sizeof *w->properties);
    w->names = calloc(n, sizeof *w->names);
    uint32_t size = 1;
    while (size < 2 * n)
        size *= 2;
    w->lookup = calloc(size, sizeof *w->lookup);
    assert_non_null(w->properties);
    assert_non_null(w->names);
    assert_non_null(w->lookup);
    for (uint32_t i = 0; i < n; i++) {
        snprintf(w->names[i], sizeof w->names[i], "P%u", (unsigned)i);
        w->properties[i] = (mofrt_property){.name = w->names[i], .type = MOFRT_UINT8,
                                            .name_length = (uint16_t)strlen(w->names[i]), .offset = i,
                                            .has_offset = n + i};
        uint32_t slot = mofrt_name_hash(w->names[i], strlen(w->names[i])) & (size - 1);
        while (w->lookup[slot])
            slot = (slot + 1) & (size - 1);
        w->lookup[slot] = (uint16_t)(i + 1);
    }
    w->cls = (mofrt_class){.name = "Wide", .size = 2 * n, .property_count = n, .properties = w->properties,
                           .lookup_size = size, .lookup = w->lookup};
}

/* Duplicates are refused in classes whose seen-set is a word (64
 * properties), bytes on the stack (65 to 512) and bytes on the heap, by the
 * JSON and the MOF reader. */
static void test_duplicates_in_wide_classes(void **state)
{
    (void)state;
    static const uint32_t widths[] = {1, 63, 64, 65, 512, 513, 600};
    for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
        uint32_t n = widths[w];
        wide_class wc;
        wide_class_make(&wc, n);
        mofrt_buffer json = {0};
        for (int dup = 0; dup < 3; dup++) { /* none, the last again, the first again in another case */
            mofrt_buffer_reset(&json);
            assert_int_equal(mofrt_buffer_append(&json, "{", 1), 0);
            for (uint32_t i = 0; i < n; i++) {
                char member[24];
                int k = snprintf(member, sizeof member, "%s\"P%u\":%u", i ? "," : "", (unsigned)i, (unsigned)(i % 200));
                assert_int_equal(mofrt_buffer_append(&json, member, (size_t)k), 0);
            }
            if (dup == 1) {
                char member[24];
                int k = snprintf(member, sizeof member, ",\"P%u\":1", (unsigned)(n - 1));
                assert_int_equal(mofrt_buffer_append(&json, member, (size_t)k), 0);
            }
            if (dup == 2)
                assert_int_equal(mofrt_buffer_append(&json, ",\"p0\":1", 7), 0);
            assert_int_equal(mofrt_buffer_append(&json, "}", 1), 0);
            unsigned char *instance = calloc(2 * n, 1);
            assert_non_null(instance);
            mofrt_reader in;
            mofrt_error err;
            mofrt_reader_init(&in, json.data, json.length);
            int rc = mofrt_json_read(&in, &wc.cls, instance, 0, &err);
            if (dup == 0) {
                assert_int_equal(rc, 1);
                for (uint32_t i = 0; i < n; i++)
                    assert_true(instance[i] == i % 200 && instance[n + i]);
            } else {
                assert_int_equal(rc, -1);
                assert_int_equal(err.code, MOFRT_ERR_DUPLICATE_PROPERTY);
                assert_string_equal(err.property, dup == 1 ? wc.names[n - 1] : "p0");
            }
            /* The same record as MOF instance text. */
            mofrt_buffer mof = {0};
            assert_int_equal(mofrt_buffer_append(&mof, "instance of Wide {", 18), 0);
            for (uint32_t i = 0; i < n + (dup != 0); i++) {
                char line[32];
                int k = i < n ? snprintf(line, sizeof line, " P%u = %u;", (unsigned)i, (unsigned)(i % 200))
                              : snprintf(line, sizeof line, dup == 1 ? " P%u = 1;" : " p0 = 1;", (unsigned)(n - 1));
                assert_int_equal(mofrt_buffer_append(&mof, line, (size_t)k), 0);
            }
            assert_int_equal(mofrt_buffer_append(&mof, " };", 3), 0);
            memset(instance, 0, 2 * n);
            mofrt_reader_init(&in, mof.data, mof.length);
            rc = mofrt_mof_read(&in, &wc.cls, instance, 0, &err);
            if (dup == 0) {
                assert_int_equal(rc, 1);
                for (uint32_t i = 0; i < n; i++)
                    assert_true(instance[i] == i % 200 && instance[n + i]);
            } else {
                assert_int_equal(rc, -1);
                assert_int_equal(err.code, MOFRT_ERR_DUPLICATE_PROPERTY);
                assert_string_equal(err.property, dup == 1 ? wc.names[n - 1] : "p0");
            }
            mofrt_buffer_free(&mof);
            free(instance);
        }
        mofrt_buffer_free(&json);
        free(wc.properties);
        free(wc.names);
        free(wc.lookup);
    }
}

/* The decoders' inline compare of a name in place is memcmp's answer for
 * every length and every position of a difference. */
static void test_same_bytes_is_memcmp(void **state)
{
    (void)state;
    char a[40], b[40];
    for (size_t n = 0; n <= 32; n++) {
        for (size_t differ = 0; differ <= n; differ++) { /* differ == n: none */
            for (size_t i = 0; i < sizeof a; i++)
                a[i] = b[i] = (char)('A' + i % 26);
            if (differ < n)
                b[differ] ^= 0x20;
            b[n] = '#'; /* past the end: never compared */
            assert_int_equal(mofrt_same_bytes(a, b, n), memcmp(a, b, n) == 0);
            assert_int_equal(mofrt_same_bytes(a + 1, b + 1, n), memcmp(a + 1, b + 1, n) == 0);
        }
    }
}

/* mofrt_datetime_parse tries a fixed-position RFC 3339 fast path before the
 * full parser: on every text here the two must agree (same result, same
 * DMTF value), and mofrt_datetime_parse must give the full parser's answer
 * and message.  The valid rows in the common form must take the fast path. */
static void test_datetime_fast_path(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool fast; /* the fast path accepts it */
    } rows[] = {
        {"2016-09-20T12:34:56Z", true},
        {"2016-09-20t12:34:56z", true},
        {"0000-01-01T00:00:00Z", true},
        {"9999-12-31T23:59:59Z", true},
        {"2000-02-29T00:00:00Z", true},
        {"2004-02-29T00:00:00Z", true},
        {"1900-02-29T00:00:00Z", false},
        {"2001-02-29T00:00:00Z", false},
        {"2001-02-28T00:00:00Z", true},
        {"2016-04-30T00:00:00Z", true},
        {"2016-04-31T00:00:00Z", false},
        {"2016-01-31T00:00:00Z", true},
        {"2016-01-32T00:00:00Z", false},
        {"2016-00-01T00:00:00Z", false},
        {"2016-13-01T00:00:00Z", false},
        {"2016-01-00T00:00:00Z", false},
        {"2016-01-01T24:00:00Z", false},
        {"2016-01-01T19:00:00Z", true},
        {"2016-01-01T30:00:00Z", false},
        {"2016-01-01T00:60:00Z", false},
        {"2016-01-01T00:00:60Z", false},
        {"2016-01-01T00:00:59.1Z", true},
        {"2016-01-01T00:00:59.12Z", true},
        {"2016-01-01T00:00:59.123Z", true},
        {"2016-01-01T00:00:59.1234Z", true},
        {"2016-01-01T00:00:59.12345Z", true},
        {"2016-01-01T00:00:59.123456Z", true},
        {"2016-01-01T00:00:59.1234567Z", true},
        {"2016-01-01T00:00:59.12345678Z", false},
        {"2016-01-01T00:00:59.Z", false},
        {"2016-01-01T00:00:59.1234567+16:39", true},
        {"2016-01-01T00:00:59+16:39", true},
        {"2016-01-01T00:00:59-16:39", true},
        {"2016-01-01T00:00:59+16:40", false},
        {"2016-01-01T00:00:59+00:60", false},
        {"2016-01-01T00:00:59+00:00", true},
        {"2016-01-01T00:00:59-05:00", true},
        {"2016-01-01T00:00:59+0500", false},
        {"2016-01-01T00:00:59+05:0", false},
        {"2016-01-01T00:00:59+05:000", false},
        {"2016-01-01T00:00:59", false},
        {"2016-01-01T00:00:59ZZ", false},
        {"2016-01-01T00:00:59.5", false},
        {"2016-01-01", false},
        {"", false},
        {"20160920123456.123456+060", false},
        {"00000001000000.000000:000", false},
        {"2016****123456.123***+060", false},
    };
    /* A wrong character at each position of a valid text: '/' and ':' lie
     * on either side of the digits, 'x' is no separator. */
    const char *base = "2016-09-20T12:34:56.1234567+02:00";
    size_t base_n = strlen(base), cases = 0;
    for (size_t r = 0; r < sizeof rows / sizeof rows[0] + 3 * base_n; r++) {
        char text[64];
        bool expect_fast = false;
        bool known = r < sizeof rows / sizeof rows[0];
        if (known) {
            snprintf(text, sizeof text, "%s", rows[r].text);
            expect_fast = rows[r].fast;
        } else {
            size_t k = r - sizeof rows / sizeof rows[0];
            snprintf(text, sizeof text, "%s", base);
            text[k / 3] = "/:x"[k % 3];
        }
        size_t n = strlen(text);
        mofrt_datetime fast, full, both;
        mofrt_error err_full = {0}, err_both = {0};
        memset(&fast, 0x55, sizeof fast);
        mofrt_datetime untouched = fast;
        int rc_fast = mofrt_datetime_parse_fast(text, n, &fast);
        int rc_full = mofrt_datetime_parse_full(text, n, &full, &err_full);
        int rc_both = mofrt_datetime_parse(text, n, &both, &err_both);
        if (known && (rc_fast == 0) != expect_fast)
            fail_msg("%s: the fast path %s it", text, rc_fast == 0 ? "accepted" : "refused");
        if (rc_fast == 0) {
            if (rc_full != 0)
                fail_msg("%s: the fast path accepted what the full parser refuses (%s)", text, err_full.message);
            assert_string_equal(fast.dmtf, full.dmtf);
        } else
            assert_memory_equal(&fast, &untouched, sizeof fast);
        assert_int_equal(rc_both, rc_full);
        if (rc_full == 0)
            assert_string_equal(both.dmtf, full.dmtf);
        else
            assert_string_equal(err_both.message, err_full.message);
        cases++;
    }
    assert_int_equal(cases, sizeof rows / sizeof rows[0] + 3 * base_n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scans_agree),
        cmocka_unit_test(test_string_scanners_agree),
        cmocka_unit_test(test_same_bytes_is_memcmp),
        cmocka_unit_test(test_duplicates_in_wide_classes),
        cmocka_unit_test(test_strings_escape_as_before),
        cmocka_unit_test(test_integers_print_as_printf),
        cmocka_unit_test(test_datetimes_print_as_before),
        cmocka_unit_test(test_datetime_fast_path),
        cmocka_unit_test(test_dmtf_fast_path),
        cmocka_unit_test(test_specialised_encoder_matches_generic),
        cmocka_unit_test(test_many_records_read_back),
        cmocka_unit_test(test_encoders_refuse_what_decoders_refuse),
        cmocka_unit_test(test_mof_member_strings),
        cmocka_unit_test(test_unescape_at_every_offset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
