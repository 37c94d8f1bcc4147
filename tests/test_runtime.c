/*
 * test_runtime.c - the runtime (mofrt) through generated bindings that have
 * a property of every kind: datetime rules, JSON and MOF both ways for all
 * types, escapes, integer boundaries, and the decoders' errors.
 */
#include "AllTypes.h"
#include "Inner.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- datetime ---------------------------------------------------------------- */

static const char *parse_error(const char *text)
{
    static mofrt_error err;
    mofrt_datetime dt;
    if (mofrt_datetime_parse(text, strlen(text), &dt, &err) == 0)
        return NULL;
    return err.message;
}

static void test_datetime_valid(void **state)
{
    (void)state;
    static const char *const valid[] = {
        "20160920123456.000001-300", "20000229000000.000000+000", "99991231235959.999999+999",
        "00000001020304.000005:000", "********123456.******+000", "2016****123456.123***+060",
        "20160920******.******-000", "99999999235959.999999:000",
    };
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        mofrt_datetime dt;
        mofrt_error err;
        if (mofrt_datetime_parse(valid[i], 25, &dt, &err) != 0)
            fprintf(stderr, "%s: %s\n", valid[i], err.message);
        assert_int_equal(mofrt_datetime_parse(valid[i], 25, &dt, &err), 0);
        assert_string_equal(dt.dmtf, valid[i]); /* kept exactly */
    }
}

static void test_datetime_invalid(void **state)
{
    (void)state;
    assert_non_null(strstr(parse_error("20150229000000.000000+000"), "day 29 is out of range (1-28)"));
    assert_non_null(strstr(parse_error("21000229000000.000000+000"), "day 29"));
    assert_non_null(strstr(parse_error("20161301000000.000000+000"), "month 13"));
    assert_non_null(strstr(parse_error("20160101240000.000000+000"), "hour 24"));
    assert_non_null(strstr(parse_error("20160101235960.000000+000"), "second 60"));
    assert_non_null(strstr(parse_error("20160101000000.000000+0x0"), "UTC offset"));
    assert_non_null(strstr(parse_error("20160101000000.*12345+000"), "microseconds"));
    assert_non_null(strstr(parse_error("2016*101000000.000000+000"), "month must be digits or all '*'"));
    assert_non_null(strstr(parse_error("00000001240000.000000:000"), "hours 24"));
    assert_non_null(strstr(parse_error("00000001000000.000000:001"), "':000'"));
    assert_non_null(strstr(parse_error("2016-09-20T12:34:56.00000012Z"), "1 to 7 digits"));
    assert_non_null(strstr(parse_error("2016-09-20T12:34:56+17:00"), "out of range"));
    assert_non_null(strstr(parse_error("2016-09-20 12:34:56Z"), "RFC 3339"));
    assert_non_null(parse_error(""));
}

static void test_datetime_rfc3339(void **state)
{
    (void)state;
    mofrt_datetime dt;
    mofrt_error err;
    char text[MOFRT_DATETIME_TEXT_MAX];
    const char *rfc = "2016-09-20T12:34:56.000001-05:00";
    assert_int_equal(mofrt_datetime_parse(rfc, strlen(rfc), &dt, &err), 0);
    assert_string_equal(dt.dmtf, "20160920123456.000001-300");
    assert_true(mofrt_datetime_is_complete_timestamp(&dt));
    mofrt_datetime_to_text(&dt, text);
    assert_string_equal(text, rfc);
    assert_int_equal(mofrt_datetime_parse("2016-09-20t12:34:56.5z", 22, &dt, &err), 0);
    assert_string_equal(dt.dmtf, "20160920123456.500000+000");
    /* Wildcards and intervals have no RFC 3339 form: JSON keeps DMTF. */
    assert_int_equal(mofrt_datetime_parse("2016****123456.123***+060", 25, &dt, &err), 0);
    assert_false(mofrt_datetime_is_complete_timestamp(&dt));
    mofrt_datetime_to_text(&dt, text);
    assert_string_equal(text, "2016****123456.123***+060");
    assert_int_equal(mofrt_datetime_interval(1, 2, 3, 4, 5, &dt), 0);
    assert_true(mofrt_datetime_is_interval(&dt));
    assert_string_equal(dt.dmtf, "00000001020304.000005:000");
    assert_int_equal(mofrt_datetime_from_unix(0, 0, 0, &dt), 0);
    assert_string_equal(dt.dmtf, "19700101000000.000000+000");
    assert_int_equal(mofrt_datetime_from_unix(-1, 999999, 60, &dt), 0);
    assert_string_equal(dt.dmtf, "19700101005959.999999+060");
    assert_int_equal(mofrt_datetime_from_unix(951782400, 0, -300, &dt), 0); /* 2000-02-29T00:00Z */
    assert_string_equal(dt.dmtf, "20000228190000.000000-300");
    assert_int_equal(mofrt_datetime_from_unix(0, 1000000, 0, &dt), -1);

    /* Back to seconds since the epoch: the inverse of from_unix over the
     * whole DMTF range, offsets and leap days included. */
    const int64_t instants[] = {0, -1, 951782400, -62167219200LL, 253402300799LL, 1474392896};
    const int offsets[] = {0, 60, -300, 999, -999};
    for (size_t i = 0; i < sizeof instants / sizeof instants[0]; i++)
        for (size_t k = 0; k < sizeof offsets / sizeof offsets[0]; k++) {
            if (mofrt_datetime_from_unix(instants[i], 123456, offsets[k], &dt) != 0)
                continue; /* outside years 0000-9999 in that offset */
            int64_t seconds = 0;
            uint32_t micro = 0;
            int offset = 0;
            assert_int_equal(mofrt_datetime_to_unix(&dt, &seconds, &micro, &offset), 0);
            assert_int_equal(seconds, instants[i]);
            assert_int_equal(micro, 123456);
            assert_int_equal(offset, offsets[k]);
        }
    int64_t seconds;
    assert_int_equal(mofrt_datetime_parse(rfc, strlen(rfc), &dt, &err), 0);
    assert_int_equal(mofrt_datetime_to_unix(&dt, &seconds, NULL, NULL), 0);
    assert_int_equal(seconds, 1474392896); /* 2016-09-20T17:34:56Z */
    assert_int_equal(mofrt_datetime_parse("2016****123456.123***+060", 25, &dt, &err), 0);
    assert_int_equal(mofrt_datetime_to_unix(&dt, &seconds, NULL, NULL), -1);
    uint32_t days, micro;
    unsigned h, m, sec;
    assert_int_equal(mofrt_datetime_interval_parts(&dt, &days, &h, &m, &sec, &micro), -1);
    assert_int_equal(mofrt_datetime_interval(12, 3, 4, 5, 6, &dt), 0);
    assert_int_equal(mofrt_datetime_to_unix(&dt, &seconds, NULL, NULL), -1);
    assert_int_equal(mofrt_datetime_interval_parts(&dt, &days, &h, &m, &sec, &micro), 0);
    assert_true(days == 12 && h == 3 && m == 4 && sec == 5 && micro == 6);
    /* Only the parts asked for, as with to_unix. */
    days = 0;
    assert_int_equal(mofrt_datetime_interval_parts(&dt, &days, NULL, NULL, NULL, NULL), 0);
    assert_int_equal(days, 12);
    /* A datetime that was never set (an absent property's zeroes) is no instant. */
    memset(&dt, 0, sizeof dt);
    assert_int_equal(mofrt_datetime_to_unix(&dt, &seconds, NULL, NULL), -1);
    assert_int_equal(mofrt_datetime_interval_parts(&dt, &days, &h, &m, &sec, &micro), -1);
}

/* ---- JSON and MOF for every type ----------------------------------------------------- */

static const char *all_json =
    "{\"Id\":7,\"B\":true,\"U8\":255,\"S8\":-128,\"U16\":65535,\"S16\":-32768,\"U32\":4294967295,"
    "\"S32\":-2147483648,\"U64\":18446744073709551615,\"S64\":-9223372036854775808,\"R32\":0.1,\"R64\":-2.5e-300,"
    "\"C\":\"\xe2\x98\xba\",\"S\":\"tab\\there \\\"quoted\\\" back\\\\slash \\u0001 \xc3\xa9\","
    "\"D\":\"2016-09-20T12:34:56.000001-05:00\",\"Ref\":\"Inner.Id=\\\"a\\\"\",\"Embedded\":{\"Id\":\"e\",\"N\":1},"
    "\"Items\":[{\"Id\":\"x\"},{\"Id\":\"y\",\"N\":2}],\"Tags\":[\"a\",\"\",\"c\"],\"Fixed\":[1,2,3],\"E\":5,"
    "\"Ranged\":-3,\"Letter\":\"b\",\"Untyped\":\"instance of Thing { };\"}";

static int read_json(const char *text, AllTypes *obj, unsigned flags, mofrt_error *err)
{
    mofrt_reader in;
    mofrt_reader_init(&in, text, strlen(text));
    return AllTypes_read_json(&in, obj, flags, err);
}

static void test_all_types_round_trip(void **state)
{
    (void)state;
    AllTypes a, b;
    AllTypes_init(&a);
    AllTypes_init(&b);
    mofrt_error err;
    if (read_json(all_json, &a, 0, &err) != 1)
        fprintf(stderr, "%lu:%lu %s: %s\n", err.line, err.column, err.property, err.message);
    assert_int_equal(read_json(all_json, &a, 0, &err), 1);
    assert_true(AllTypes_get_S64(&a) == INT64_MIN);
    assert_int_equal(AllTypes_get_C(&a), 0x263A);
    size_t n;
    const Inner *items = AllTypes_get_Items(&a, &n);
    assert_int_equal(n, 2);
    assert_string_equal(Inner_get_Id(&items[1]), "y");
    assert_string_equal(Inner_get_Id(AllTypes_get_Embedded(&a)), "e");
    assert_int_equal(AllTypes_validate(&a, &err), 0);

    mofrt_buffer mof = {0}, json = {0};
    assert_int_equal(AllTypes_to_mof(&a, &mof), 0);
    assert_non_null(strstr(mof.data, "    Embedded = instance of Inner\n    {\n        Id = \"e\";\n"));
    assert_non_null(strstr(mof.data, "S = \"tab\\there \\\"quoted\\\" back\\\\slash \\x0001 \xc3\xa9\";"));
    assert_non_null(strstr(mof.data, "B = TRUE;"));
    assert_non_null(strstr(mof.data, "Fixed = {1, 2, 3};"));
    mofrt_reader in;
    mofrt_reader_init(&in, mof.data, mof.length);
    if (AllTypes_read_mof(&in, &b, 0, &err) != 1)
        fprintf(stderr, "%s\n%lu:%lu %s: %s\n", mof.data, err.line, err.column, err.property, err.message);
    mofrt_reader_init(&in, mof.data, mof.length);
    assert_int_equal(AllTypes_read_mof(&in, &b, 0, &err), 1);
    assert_int_equal(AllTypes_to_json(&b, &json), 0);
    assert_string_equal(json.data, all_json);
    mofrt_buffer_free(&mof);
    mofrt_buffer_free(&json);
    AllTypes_free(&a);
    AllTypes_free(&b);
}

static void test_accessors_for_arrays_and_reals(void **state)
{
    (void)state;
    AllTypes obj;
    AllTypes_init(&obj);
    const char *tags[] = {"one", "two"};
    assert_int_equal(AllTypes_set_Tags(&obj, tags, 2), 0);
    size_t n;
    char *const *got = AllTypes_get_Tags(&obj, &n);
    assert_int_equal(n, 2);
    assert_ptr_not_equal(got[0], tags[0]); /* copied */
    assert_string_equal(got[1], "two");
    uint8_t four[] = {1, 2, 3, 4};
    assert_int_equal(AllTypes_set_Fixed(&obj, four, 4), -1); /* Fixed[3] */
    assert_int_equal(AllTypes_set_Fixed(&obj, four, 3), 0);
    assert_int_equal(AllTypes_set_E(&obj, 3), -1);
    assert_int_equal(AllTypes_set_Ranged(&obj, 0x15), 0);
    assert_int_equal(AllTypes_set_Ranged(&obj, 0), -1);
    assert_string_equal(AllTypes_Ranged_name(100), "Hundred");
    assert_int_equal(AllTypes_set_R64(&obj, NAN), 0);
    mofrt_buffer json = {0};
    assert_int_equal(AllTypes_to_json(&obj, &json), 0);
    assert_string_equal(json.data, "{\"R64\":\"NaN\",\"Tags\":[\"one\",\"two\"],\"Fixed\":[1,2,3],\"Ranged\":21}");
    mofrt_buffer_free(&json);
    AllTypes_free(&obj);
}

/* Presence of arrays is their pointer: an empty array read from JSON or MOF
 * is present (non-NULL, count 0) and written back as such; null is absent. */
static void test_empty_arrays_are_present(void **state)
{
    (void)state;
    static const char *const inputs[][2] = {
        {"{\"Tags\": [], \"Fixed\": null}", "json"},
        {"instance of AllTypes { Tags = {}; Fixed = NULL; };", "mof"},
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        AllTypes obj;
        AllTypes_init(&obj);
        mofrt_reader r;
        mofrt_error err;
        mofrt_reader_init(&r, inputs[i][0], strlen(inputs[i][0]));
        int rc = inputs[i][1][0] == 'j' ? AllTypes_read_json(&r, &obj, MOFRT_ALLOW_MISSING, &err)
                                        : AllTypes_read_mof(&r, &obj, MOFRT_ALLOW_MISSING, &err);
        assert_int_equal(rc, 1);
        assert_non_null(obj.Tags);
        assert_int_equal(obj.Tags_count, 0);
        assert_true(AllTypes_has_Tags(&obj));
        assert_null(obj.Fixed);
        assert_false(AllTypes_has_Fixed(&obj));
        mofrt_buffer json = {0};
        assert_int_equal(AllTypes_to_json(&obj, &json), 0);
        assert_string_equal(json.data, "{\"Tags\":[]}");
        mofrt_buffer_free(&json);
        AllTypes_free(&obj);
        assert_null(obj.Tags);
    }
    /* A char16 the decoders refuse is refused by the encoders' check too. */
    AllTypes obj;
    AllTypes_init(&obj);
    obj.C = 0xD800;
    obj.has_C = true;
    mofrt_error err;
    assert_int_equal(mofrt_instance_check_values(&AllTypes_class, &obj, &err), -1);
    assert_string_equal(err.property, "C");
    obj.C = 0x263A;
    assert_int_equal(mofrt_instance_check_values(&AllTypes_class, &obj, &err), 0);
}

/* mofrt_error.code says what kind of error it was, beside the text. */
static void test_error_codes(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        mofrt_error_code code;
    } cases[] = {
        {"{\"Id\": 1,}", MOFRT_ERR_SYNTAX},
        {"{\"Id\": \"x\"}", MOFRT_ERR_TYPE},
        {"{\"Id\": 1, \"U8\": 256}", MOFRT_ERR_RANGE},
        {"{\"Id\": 1, \"Fixed\": [1, 2, 3, 4]}", MOFRT_ERR_RANGE},
        {"{\"Id\": 1, \"E\": 3}", MOFRT_ERR_VALUE_MAP},
        {"{\"Id\": 1, \"Letter\": \"c\"}", MOFRT_ERR_VALUE_MAP},
        {"{\"Id\": 1, \"D\": \"2016-13-01T00:00:00Z\"}", MOFRT_ERR_DATETIME},
        {"{\"Id\": 1, \"S\": \"\\u0000\"}", MOFRT_ERR_STRING},
        {"{\"Id\": 1, \"Nope\": 1}", MOFRT_ERR_UNKNOWN_PROPERTY},
        {"{\"Id\": 1, \"id\": 2}", MOFRT_ERR_DUPLICATE_PROPERTY},
        {"{\"U8\": 1}", MOFRT_ERR_MISSING_PROPERTY},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        AllTypes obj;
        AllTypes_init(&obj);
        mofrt_error err = {.code = MOFRT_OK};
        assert_int_equal(read_json(cases[i].json, &obj, 0, &err), -1);
        if (err.code != cases[i].code)
            fprintf(stderr, "%s: code %d (%s)\n", cases[i].json, (int)err.code, err.message);
        assert_int_equal(err.code, cases[i].code);
    }
    mofrt_reader in;
    AllTypes obj;
    AllTypes_init(&obj);
    mofrt_error err = {.code = MOFRT_OK};
    const char *mof = "instance of Inner { Id = \"x\"; };";
    mofrt_reader_init(&in, mof, strlen(mof));
    assert_int_equal(AllTypes_read_mof(&in, &obj, 0, &err), -1);
    assert_int_equal(err.code, MOFRT_ERR_WRONG_CLASS);
}

typedef struct bad_json {
    const char *json;
    const char *property;
    unsigned long column;
    const char *message;
} bad_json;

static void test_json_errors(void **state)
{
    (void)state;
    static const bad_json cases[] = {
        {"{\"U8\": 256}", "U8", 8, "out of range for uint8"},
        {"{\"S8\": -129}", "S8", 8, "out of range for sint8"},
        {"{\"U64\": 18446744073709551616}", "U64", 9, "out of range"},
        {"{\"U32\": 1.5}", "U32", 9, "not a number with a fraction"},
        {"{\"U32\": \"12x\"}", "U32", 9, "not the string"},
        {"{\"E\": \"Six\"}", "E", 7, "neither a number nor a name in the Values"},
        {"{\"E\": 3}", "E", 7, "not in the ValueMap (1, 2, 5)"},
        {"{\"Ranged\": 99}", "Ranged", 12, "not in the ValueMap (-5..-1, 0x10..0x1F, 100)"},
        {"{\"Letter\": \"c\"}", "Letter", 12, "\"c\" is not in the ValueMap (a, b)"},
        {"{\"B\": 1}", "B", 7, "expected a boolean value"},
        {"{\"C\": \"ab\"}", "C", 7, "exactly one character"},
        {"{\"D\": 20160920}", "D", 7, "expected a datetime value"},
        {"{\"Tags\": \"a\"}", "Tags", 10, "expected an array of string"},
        {"{\"Tags\": [\"a\", null]}", "Tags", 16, "cannot be null"},
        {"{\"Fixed\": [1, 2, 3, 4]}", "Fixed", 21, "more than 3 elements"},
        {"{\"S\": [1]}", "S", 7, "not an array"},
        {"{\"Embedded\": {\"Id\": \"a\", \"Bogus\": 1}}", "Bogus", 26, "unknown property of class Inner"},
        {"{\"S\": \"bad \\u0000\"}", "S", 12, "\\u0000 is refused"},
        {"{\"S\": \"bad \\ud800\"}", "S", 12, "a high surrogate \\uD800-\\uDBFF must be followed by a low one"},
        {"{\"S\": \"bad \\udc00\"}", "S", 12, "a low surrogate \\uDC00-\\uDFFF without a high one"},
        {"{\"S\": \"bad \\x41\"}", "S", 12, "unknown escape (JSON has"},
        {"{\"S\": \"bad \\u12\"}", "S", 12, "\\u needs four hex digits"},
        {"{\"U8\": tru}", "U8", 8, "expected a uint8 value"},
        {"{\"Id\": 1, \"\": 1}", "", 11, "unknown property \"\" (an empty name)"},
        {"{\"S\": \"unterminated}", "S", 7, "unterminated string"},
        {"{\"S\": \"a\" \"b\"}", NULL, 11, "expected ',' or '}'"},
        {"{\"U8\" 1}", "U8", 7, "expected ':'"},
        {"[1]", NULL, 1, "expected '{'"},
        {"{\"S\": \"x\"", NULL, 10, "unexpected end of input"},
        {"{\"S\": \"\x80\"}", "S", 8, "invalid UTF-8"},
        /* names near the expected next one leave its fast path for the same errors */
        {"{\"Id\": 1, \"Bx\": true}", "Bx", 11, "unknown property of class AllTypes"},
        {"{\"Id\": 1, \"Id\": 2}", "Id", 11, "duplicate property"},
        {"{\"Id\": 1, \"id\": 2}", "id", 11, "duplicate property"},
        {"{\"Id\": 1, \"B", NULL, 11, "unterminated string"},
        /* integers: the digits past the nineteenth are the ones checked for overflow */
        {"{\"U64\": 99999999999999999999}", "U64", 9, "out of range"},
        {"{\"U64\": 123456789012345678901}", "U64", 9, "out of range"},
        {"{\"S64\": -9223372036854775809}", "S64", 9, "out of range for sint64"},
        {"{\"S64\": 9223372036854775808}", "S64", 9, "out of range for sint64"},
        {"{\"U32\": 4294967296}", "U32", 9, "out of range for uint32"},
        {"{\"S16\": 32768}", "S16", 9, "out of range for sint16"},
        {"{\"U16\": -1}", "U16", 9, "out of range for uint16"},
        {"{\"U32\": 007}", "U32", 9, "malformed number"},
        /* found by fuzz/fuzz_decoders: a '\\' ending the input inside a skipped value */
        {"{\"Zz\": {\"a\\", NULL, 9, "unterminated string"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        AllTypes obj;
        AllTypes_init(&obj);
        mofrt_error err;
        int rc = read_json(cases[i].json, &obj, cases[i].property ? 0 : MOFRT_IGNORE_UNKNOWN, &err);
        bool ok = rc == -1 && strcmp(err.property, cases[i].property ? cases[i].property : "") == 0 &&
                  err.line == 1 && err.column == cases[i].column && strstr(err.message, cases[i].message);
        if (!ok)
            fprintf(stderr, "case %zu %s: rc %d property '%s' %lu:%lu %s\n", i, cases[i].json, rc, err.property, err.line,
                    err.column, err.message);
        assert_true(ok);
        assert_false(AllTypes_has_S(&obj)); /* nothing half-decoded is left */
        AllTypes_free(&obj);
    }
}

/* The decoder's fast paths (the expected next name compared in place, the
 * first nineteen digits without overflow tests, runs before an escape
 * copied at once) give what the long ways give. */
static void test_json_fast_paths_agree(void **state)
{
    (void)state;
    static const char *const same[] = {
        "{\"Id\": 1, \"B\": true, \"U8\": 7, \"S\": \"a\\\"b\"}",       /* declared order */
        "{\"id\": 1, \"b\": true, \"u8\": 7, \"s\": \"a\\u0022b\"}",      /* another case */
        "{\"I\\u0064\": 1, \"\\u0042\": true, \"U\\u0038\": 7, \"S\": \"a\\\"b\"}", /* escaped names */
        "{\"S\": \"a\\\"b\", \"U8\": 7, \"B\": true, \"Id\": 1}",       /* reversed */
    };
    char first[256] = "";
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        AllTypes obj;
        AllTypes_init(&obj);
        mofrt_error err;
        assert_int_equal(read_json(same[i], &obj, 0, &err), 1);
        assert_int_equal(AllTypes_get_U8(&obj), 7);
        assert_string_equal(AllTypes_get_S(&obj), "a\"b");
        mofrt_buffer out = {0};
        assert_int_equal(AllTypes_to_json(&obj, &out), 0);
        if (i == 0)
            snprintf(first, sizeof first, "%s", out.data);
        assert_string_equal(out.data, first);
        mofrt_buffer_free(&out);
        AllTypes_free(&obj);
    }
    static const struct {
        const char *json;
        uint64_t u64;
        int64_t s64;
    } integers[] = {
        {"{\"Id\": 1, \"U64\": 18446744073709551615, \"S64\": -9223372036854775808}", UINT64_MAX, INT64_MIN},
        {"{\"Id\": 1, \"U64\": 1234567890123456789, \"S64\": 9223372036854775807}", 1234567890123456789u, INT64_MAX},
        {"{\"Id\": 1, \"U64\": 10000000000000000000, \"S64\": -0}", 10000000000000000000u, 0},
        {"{\"Id\": 1, \"U64\": 0, \"S64\": -1}", 0, -1},
    };
    for (size_t i = 0; i < sizeof integers / sizeof integers[0]; i++) {
        AllTypes obj;
        AllTypes_init(&obj);
        mofrt_error err;
        assert_int_equal(read_json(integers[i].json, &obj, 0, &err), 1);
        assert_true(AllTypes_get_U64(&obj) == integers[i].u64);
        assert_true(AllTypes_get_S64(&obj) == integers[i].s64);
        AllTypes_free(&obj);
    }
    /* Escapes first, last, side by side, and after a long plain run. */
    static const struct {
        const char *json, *text;
    } strings[] = {
        {"{\"Id\": 1, \"S\": \"\\\\x\"}", "\\x"},
        {"{\"Id\": 1, \"S\": \"x\\n\"}", "x\n"},
        {"{\"Id\": 1, \"S\": \"\\t\\\\\\/\\u00e9\"}", "\t\\/\xc3\xa9"},
        {"{\"Id\": 1, \"S\": \"0123456789abcdefghijklmnopqrstuvwxyz\\\"end\"}", "0123456789abcdefghijklmnopqrstuvwxyz\"end"},
    };
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        AllTypes obj;
        AllTypes_init(&obj);
        mofrt_error err;
        assert_int_equal(read_json(strings[i].json, &obj, 0, &err), 1);
        assert_string_equal(AllTypes_get_S(&obj), strings[i].text);
        AllTypes_free(&obj);
    }
}

/* What the encoders write must read back: keys are there, strings are
 * UTF-8, datetimes are DMTF, values are in their ValueMap.  The decoders,
 * the setters and validate() all hold to that. */
static void test_keys_utf8_and_datetimes_enforced(void **state)
{
    (void)state;
    AllTypes obj;
    AllTypes_init(&obj);
    mofrt_error err;
    assert_int_equal(read_json("{\"U8\": 1}", &obj, 0, &err), -1);
    assert_string_equal(err.property, "Id");
    assert_int_equal(err.column, 9); /* at the '}' */
    assert_non_null(strstr(err.message, "missing: a key property must have a value"));
    assert_int_equal(read_json("{}", &obj, 0, &err), -1);
    assert_string_equal(err.property, "Id");
    assert_int_equal(read_json("{\"Id\": 1, \"Embedded\": {\"N\": 1}}", &obj, 0, &err), -1);
    assert_string_equal(err.property, "Id"); /* the embedded Inner's key */
    assert_int_equal(err.column, 30);
    assert_int_equal(read_json("{\"U8\": 1}", &obj, MOFRT_ALLOW_MISSING, &err), 1);
    assert_int_equal(AllTypes_get_U8(&obj), 1);
    mofrt_reader in;
    const char *mof = "instance of AllTypes { U8 = 1; };";
    mofrt_reader_init(&in, mof, strlen(mof));
    assert_int_equal(AllTypes_read_mof(&in, &obj, MOFRT_ALLOW_MISSING, &err), 1);

    /* validate: the key */
    AllTypes_free(&obj);
    assert_int_equal(AllTypes_validate(&obj, &err), -1);
    assert_string_equal(err.property, "Id");
    assert_int_equal(AllTypes_set_Id(&obj, 7), 0);
    assert_int_equal(AllTypes_validate(&obj, &err), 0);

    /* setters refuse what could not be read back, and change nothing */
    assert_int_equal(AllTypes_set_S(&obj, "ok"), 0);
    assert_int_equal(AllTypes_set_S(&obj, "bad \xff\xfe"), -1);
    assert_string_equal(AllTypes_get_S(&obj), "ok");
    assert_int_equal(AllTypes_set_Letter(&obj, "c"), -1);
    assert_false(AllTypes_has_Letter(&obj));
    assert_int_equal(AllTypes_set_Letter(&obj, "b"), 0);
    const char *tags[] = {"fine", "\xc3"};
    assert_int_equal(AllTypes_set_Tags(&obj, tags, 2), -1);
    assert_false(AllTypes_has_Tags(&obj));
    mofrt_datetime dt;
    memcpy(dt.dmtf, "garbage", 8);
    assert_int_equal(AllTypes_set_D(&obj, &dt), -1);
    assert_false(AllTypes_has_D(&obj));
    assert_int_equal(mofrt_datetime_parse("20160920123456.000000+000", 25, &dt, NULL), 0);
    assert_int_equal(AllTypes_set_D(&obj, &dt), 0);

    /* validate: a struct changed behind the setters' back */
    obj.S[0] = (char)0xff;
    assert_int_equal(AllTypes_validate(&obj, &err), -1);
    assert_string_equal(err.property, "S");
    assert_non_null(strstr(err.message, "invalid UTF-8 at byte 0"));
    obj.S[0] = 'o';
    obj.D.dmtf[4] = '1';
    obj.D.dmtf[5] = '3';
    assert_int_equal(AllTypes_validate(&obj, &err), -1);
    assert_string_equal(err.property, "D");
    assert_non_null(strstr(err.message, "not a valid datetime: month 13 is out of range"));
    AllTypes_free(&obj);
}

static void test_json_lines_and_skipping(void **state)
{
    (void)state;
    const char *lines = "{\"Id\": 1}\n{\"Id\": 2, \"Extra\": {\"a\": [1, {\"b\": null}], \"c\": \"}\"}}\n\n{\"Id\": \"3\"}\n";
    mofrt_reader in;
    mofrt_error err;
    AllTypes obj;
    AllTypes_init(&obj);
    mofrt_reader_init(&in, lines, strlen(lines));
    uint32_t ids[3];
    for (int i = 0; i < 3; i++) {
        assert_int_equal(AllTypes_read_json(&in, &obj, MOFRT_IGNORE_UNKNOWN, &err), 1);
        ids[i] = AllTypes_get_Id(&obj);
    }
    assert_int_equal(AllTypes_read_json(&in, &obj, MOFRT_IGNORE_UNKNOWN, &err), 0);
    assert_int_equal(ids[0], 1);
    assert_int_equal(ids[1], 2);
    assert_int_equal(ids[2], 3);
    /* Without the flag the unknown property stops the second record. */
    mofrt_reader_init(&in, lines, strlen(lines));
    assert_int_equal(AllTypes_read_json(&in, &obj, 0, &err), 1);
    assert_int_equal(AllTypes_read_json(&in, &obj, 0, &err), -1);
    assert_string_equal(err.property, "Extra");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 11);
    /* A UTF-8 byte order mark before the first record, as Windows tools write. */
    assert_int_equal(read_json("\xEF\xBB\xBF{\"Id\": 4}", &obj, 0, &err), 1);
    assert_int_equal(AllTypes_get_Id(&obj), 4);
    AllTypes_free(&obj);
}

/* After a bad MOF instance the reader is past it (its "};", strings and
 * nested instances included), so a caller can report it and go on. */
static void test_mof_reader_resumes_after_a_bad_instance(void **state)
{
    (void)state;
    const char *text = "instance of AllTypes { Id = 1; };\n"
                       "instance of AllTypes { Id = 2; E = 3; S = \"}; instance of AllTypes { Id = 9; };\";\n"
                       "  Embedded = instance of Inner { Id = \"x\"; }; };\n"
                       "instance of AllTypes { Id = 3; U8 = ; };\n"
                       "instance of AllTypes { Id = 4; };\n";
    mofrt_reader in;
    mofrt_error err;
    AllTypes obj;
    AllTypes_init(&obj);
    mofrt_reader_init(&in, text, strlen(text));
    assert_int_equal(AllTypes_read_mof(&in, &obj, 0, &err), 1);
    assert_int_equal(AllTypes_get_Id(&obj), 1);
    assert_int_equal(AllTypes_read_mof(&in, &obj, 0, &err), -1);
    assert_string_equal(err.property, "E");
    assert_int_equal(err.line, 2);
    assert_int_equal(AllTypes_read_mof(&in, &obj, 0, &err), -1);
    assert_int_equal(err.line, 4);
    assert_int_equal(AllTypes_read_mof(&in, &obj, 0, &err), 1);
    assert_int_equal(AllTypes_get_Id(&obj), 4);
    assert_int_equal(AllTypes_read_mof(&in, &obj, 0, &err), 0);
    /* Text that never closes its instance: the reader ends, it does not loop. */
    const char *open = "instance of AllTypes { Id = 5; E = 3;";
    mofrt_reader_init(&in, open, strlen(open));
    assert_int_equal(AllTypes_read_mof(&in, &obj, 0, &err), -1);
    assert_int_equal(AllTypes_read_mof(&in, &obj, 0, &err), 0);
    AllTypes_free(&obj);
}

static void test_mof_reader_forms(void **state)
{
    (void)state;
    const char *text = "\xEF\xBB\xBF// a comment\r\n[Description(\"q\")]\r\ninstance OF alltypes as $x\r\n{\r\n"
                       "  /* block */ [Key] Id = 0x10; U8 = 101b; S16 = -017; B = false;\r\n"
                       "  S = \"con\" \"cat\"; C = '\\x41'; Tags = {}; R32 = 1.5e2; Ref = NULL;\r\n};\r\n";
    mofrt_reader in;
    mofrt_error err;
    AllTypes obj;
    AllTypes_init(&obj);
    mofrt_reader_init(&in, text, strlen(text));
    if (AllTypes_read_mof(&in, &obj, 0, &err) != 1)
        fprintf(stderr, "%lu:%lu %s: %s\n", err.line, err.column, err.property, err.message);
    mofrt_reader_init(&in, text, strlen(text));
    assert_int_equal(AllTypes_read_mof(&in, &obj, 0, &err), 1);
    assert_int_equal(AllTypes_get_Id(&obj), 16);
    assert_int_equal(AllTypes_get_U8(&obj), 5);
    assert_int_equal(AllTypes_get_S16(&obj), -15);
    assert_true(AllTypes_has_B(&obj));
    assert_string_equal(AllTypes_get_S(&obj), "concat");
    assert_int_equal(AllTypes_get_C(&obj), 'A');
    size_t n = 9;
    assert_non_null(AllTypes_get_Tags(&obj, &n) == NULL ? "" : "");
    assert_int_equal(n, 0);
    assert_true(AllTypes_get_R32(&obj) == 150.0f);
    assert_false(AllTypes_has_Ref(&obj));
    assert_int_equal(AllTypes_read_mof(&in, &obj, 0, &err), 0);

    static const struct {
        const char *mof;
        unsigned long line, column;
        const char *message;
    } bad[] = {
        {"instance of Inner { Id = \"a\"; };", 1, 13, "an instance of Inner where AllTypes was expected"},
        {"instance of AllTypes { U8 = 300; };", 1, 29, "out of range for uint8"},
        {"instance of AllTypes {\n  Id = 1;\n  id = 2; };", 3, 3, "duplicate property"},
        {"instance of AllTypes { Nope = 1; };", 1, 24, "unknown property of class AllTypes"},
        {"instance of AllTypes { U8 = 1 };", 1, 31, "expected ';' after the value"},
        {"instance of AllTypes { S = \"a\\q\"; };", 1, 30, "unknown escape sequence"},
        {"instance of AllTypes { U8 = 08; };", 1, 29, "malformed number '08' (a leading 0 makes it octal"},
        {"instance of AllTypes { U64 = 18446744073709551616; };", 1, 30, "18446744073709551616 is out of range for uint64"},
        {"instance of AllTypes { S = \"abc; };", 1, 28, "unterminated string"},
        {"instance of AllTypes { U8 = ", 1, 29, "unexpected end of input: expected a uint8 value"},
        {"instance of AllTypes { Id = 1; U8 = 1; }", 1, 41, "expected ';' after the instance"},
        {"instance of AllTypes { U8 = 1; };", 1, 32, "missing: a key property must have a value"},
        /* found by fuzz/fuzz_decoders: MOF strings are held to UTF-8 too */
        {"instance of AllTypes { S = \"a\xff\"; };", 1, 28, "invalid UTF-8 in a string"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mofrt_reader_init(&in, bad[i].mof, strlen(bad[i].mof));
        int rc = AllTypes_read_mof(&in, &obj, 0, &err);
        bool ok = rc == -1 && err.line == bad[i].line && err.column == bad[i].column && strstr(err.message, bad[i].message);
        if (!ok)
            fprintf(stderr, "case %zu: rc %d %lu:%lu %s\n", i, rc, err.line, err.column, err.message);
        assert_true(ok);
    }
    AllTypes_free(&obj);
}

static void test_escapes(void **state)
{
    (void)state;
    char out[64];
    size_t bad;
    mofrt_error err;
    const char *in = "a\\\"b\\x263A\\X41\\n\\\\";
    long n = mofrt_mof_unescape(in, strlen(in), out, &bad, &err);
    assert_int_equal(n, 9);
    assert_memory_equal(out, "a\"b\xe2\x98\xba" "A\n\\", 9);
    assert_int_equal(mofrt_mof_unescape("ok\\q", 4, out, &bad, &err), -1);
    assert_int_equal(bad, 2);
    assert_int_equal(mofrt_mof_unescape("\\x0", 3, out, &bad, &err), -1);
    assert_int_equal(mofrt_mof_unescape("\\xD800", 6, out, &bad, &err), -1);
    mofrt_buffer b = {0};
    assert_int_equal(mofrt_mof_escape(&b, "q\"\\\n\x01\xc3\xa9", 7), 0);
    assert_string_equal(b.data, "q\\\"\\\\\\n\\x0001\xc3\xa9");
    mofrt_buffer_free(&b);
}

static void test_error_format(void **state)
{
    (void)state;
    mofrt_error e = {.message = "3 is not in the ValueMap (1, 2, 5)", .property = "Action", .line = 4, .column = 9};
    char buf[256];
    mofrt_error_format(&e, "stdin", buf, sizeof buf);
    assert_string_equal(buf, "stdin:4:9: error: property 'Action': 3 is not in the ValueMap (1, 2, 5)");
    mofrt_error plain = {.message = "out of memory"};
    mofrt_error_format(&plain, "stdin", buf, sizeof buf);
    assert_string_equal(buf, "stdin: error: out of memory");
}

/* One MOF instance "instance of AllTypes { Id = 1; PROP = VALUE; };" (or cut
 * off after VALUE) read, and what came of it written out: the values set or
 * the formatted error with its code, and where the reader stopped. */
static void describe_mof_read(const char *prop, const char *value, size_t vlen, bool cut, char *out, size_t size)
{
    char text[512];
    int n = snprintf(text, sizeof text, "instance of AllTypes { Id = 1; %s = ", prop);
    memcpy(text + n, value, vlen);
    n += (int)vlen;
    if (!cut) {
        memcpy(text + n, "; };\n", 5);
        n += 5;
    }
    AllTypes obj;
    AllTypes_init(&obj);
    mofrt_reader in;
    mofrt_error err;
    mofrt_reader_init(&in, text, (size_t)n);
    int rc = AllTypes_read_mof(&in, &obj, 0, &err);
    size_t used = (size_t)snprintf(out, size, "%s=", prop);
    memcpy(out + used, value, vlen);
    used += vlen;
    used += (size_t)snprintf(out + used, size - used, "%s -> %d ", cut ? "<END>" : "", rc);
    if (rc == 1) {
        if (obj.S)
            used += (size_t)snprintf(out + used, size - used, "S[%s] ", obj.S);
        if (obj.has_U64)
            used += (size_t)snprintf(out + used, size - used, "U64[%llu] ", (unsigned long long)obj.U64);
        if (obj.has_U8)
            used += (size_t)snprintf(out + used, size - used, "U8[%u] ", obj.U8);
        if (obj.has_E)
            used += (size_t)snprintf(out + used, size - used, "E[%u] ", obj.E);
        if (obj.has_D)
            used += (size_t)snprintf(out + used, size - used, "D[%s] ", obj.D.dmtf);
        if (obj.has_R64)
            used += (size_t)snprintf(out + used, size - used, "R64[%g] ", obj.R64);
        if (obj.Ref)
            used += (size_t)snprintf(out + used, size - used, "Ref[%s] ", obj.Ref);
    } else {
        char m[600];
        mofrt_error_format(&err, "in", m, sizeof m);
        used += (size_t)snprintf(out + used, size - used, "%s code %d", m, (int)err.code);
    }
    snprintf(out + used, size - used, " pos %zu", in.position);
    AllTypes_free(&obj);
}

/* The MOF reader takes a decimal integer or a plain string literal straight
 * after the '=', and every other value the long way: both give what the
 * reader gave before it had the short way (the expected lines were written
 * by it), values, errors, positions and where the reader resumes, for
 * values that leave the short way at each of its tests, each complete and
 * cut off at the end of the input. */
static void test_mof_values_short_and_long_way(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"S", "\"plain\""}, {"S", "\"a\\\\b\""}, {"S", "\"caf\xc3\xa9\""}, {"S", "\"a\" \"b\""}, {"S", "\"a\" /* c */ \"b\""},
        {"S", "\"a\"/**/"}, {"S", "\"a\" // c\n"}, {"S", "\"bad\xff\""}, {"S", "\"a\\qb\""}, {"S", "\"unterminated"},
        {"S", "\"two\nlines\""}, {"S", "\"x\" \"\\q\""}, {"S", "\"\xff\" \"\\q\""}, {"S", "\"\""}, {"S", "\"\\x41\\xe9\""},
        {"S", "12"}, {"S", "NULL"}, {"S", "\"a\"\"b\""}, {"Ref", "\"Inner.Id=\\\"a\\\"\""},
        {"U64", "0"}, {"U64", "00"}, {"U64", "012"}, {"U64", "09"}, {"U64", "0x1F"}, {"U64", "101b"}, {"U64", "18446744073709551615"},
        {"U64", "18446744073709551616"}, {"U64", "1234567890123456789"}, {"U64", "12345678901234567890"},
        {"U64", "99999999999999999999999"}, {"U8", "256"}, {"U8", "255"}, {"U8", "1.5"}, {"U8", "7 /*c*/ "}, {"U8", "7x"},
        {"U8", "-1"}, {"U8", "+7"}, {"U8", "7e2"}, {"U8", "\"7\""}, {"U8", "\"07\""}, {"U8", "TRUE"}, {"E", "3"}, {"E", "5"},
        {"E", "\"Two\""}, {"R64", "12"}, {"R64", "1.5e3"}, {"D", "\"20160920123456.000000+000\""},
        {"D", "\"20161320123456.000000+000\""}, {"D", "\"2016-09-20T12:34:56Z\""}, {"D", "12"}, {"Id", "2"},
    };
    static const char *const expected[] = {
        "S=\"plain\" -> 1 S[plain] " " pos 46",
        "S=\"plain\"<END> -> -1 in:1:43: error: property 'S': expected ';' after the value code 1" " pos 42",
        "S=\"a\\\\b\" -> 1 S[a\\b] " " pos 45",
        "S=\"a\\\\b\"<END> -> -1 in:1:42: error: property 'S': expected ';' after the value code 1" " pos 41",
        "S=\"caf\xc3""\xa9""\" -> 1 S[caf\xc3""\xa9""] " " pos 46",
        "S=\"caf\xc3""\xa9""\"<END> -> -1 in:1:42: error: property 'S': expected ';' after the value code 1" " pos 42",
        "S=\"a\" \"b\" -> 1 S[ab] " " pos 46",
        "S=\"a\" \"b\"<END> -> -1 in:1:43: error: property 'S': expected ';' after the value code 1" " pos 42",
        "S=\"a\" /* c */ \"b\" -> 1 S[ab] " " pos 54",
        "S=\"a\" /* c */ \"b\"<END> -> -1 in:1:51: error: property 'S': expected ';' after the value code 1" " pos 50",
        "S=\"a\"/**/ -> 1 S[a] " " pos 46",
        "S=\"a\"/**/<END> -> -1 in:1:43: error: property 'S': expected ';' after the value code 1" " pos 42",
        "S=\"a\" // c\n -> 1 S[a] " " pos 48",
        "S=\"a\" // c\n<END> -> -1 in:2:1: error: property 'S': expected ';' after the value code 1" " pos 44",
        "S=\"bad\xff""\" -> -1 in:1:36: error: property 'S': invalid UTF-8 in a string code 6" " pos 45",
        "S=\"bad\xff""\"<END> -> -1 in:1:36: error: property 'S': invalid UTF-8 in a string code 6" " pos 41",
        "S=\"a\\qb\" -> -1 in:1:38: error: property 'S': unknown escape sequence '\\q' code 1" " pos 45",
        "S=\"a\\qb\"<END> -> -1 in:1:38: error: property 'S': unknown escape sequence '\\q' code 1" " pos 41",
        "S=\"unterminated -> -1 in:1:36: error: property 'S': unterminated string (a string ends on its line) code 1" " pos 53",
        "S=\"unterminated<END> -> -1 in:1:36: error: property 'S': unterminated string (a string ends on its line) code 1" " pos 48",
        "S=\"two\nlines\" -> -1 in:1:36: error: property 'S': unterminated string (a string ends on its line) code 1" " pos 51",
        "S=\"two\nlines\"<END> -> -1 in:1:36: error: property 'S': unterminated string (a string ends on its line) code 1" " pos 46",
        "S=\"x\" \"\\q\" -> -1 in:1:41: error: property 'S': unknown escape sequence '\\q' code 1" " pos 47",
        "S=\"x\" \"\\q\"<END> -> -1 in:1:41: error: property 'S': unknown escape sequence '\\q' code 1" " pos 43",
        "S=\"\xff""\" \"\\q\" -> -1 in:1:41: error: property 'S': unknown escape sequence '\\q' code 1" " pos 47",
        "S=\"\xff""\" \"\\q\"<END> -> -1 in:1:41: error: property 'S': unknown escape sequence '\\q' code 1" " pos 43",
        "S=\"\" -> 1 S[] " " pos 41",
        "S=\"\"<END> -> -1 in:1:38: error: property 'S': expected ';' after the value code 1" " pos 37",
        "S=\"\\x41\\xe9\" -> 1 S[A\xc3""\xa9""] " " pos 49",
        "S=\"\\x41\\xe9\"<END> -> -1 in:1:46: error: property 'S': expected ';' after the value code 1" " pos 45",
        "S=12 -> -1 in:1:36: error: property 'S': expected a string value, not a number code 2" " pos 41",
        "S=12<END> -> -1 in:1:36: error: property 'S': expected a string value, not a number code 2" " pos 37",
        "S=NULL -> 1 " " pos 43",
        "S=NULL<END> -> -1 in:1:40: error: property 'S': expected ';' after the value code 1" " pos 39",
        "S=\"a\"\"b\" -> 1 S[ab] " " pos 45",
        "S=\"a\"\"b\"<END> -> -1 in:1:42: error: property 'S': expected ';' after the value code 1" " pos 41",
        "Ref=\"Inner.Id=\\\"a\\\"\" -> 1 Ref[Inner.Id=\"a\"] " " pos 57",
        "Ref=\"Inner.Id=\\\"a\\\"\"<END> -> -1 in:1:54: error: property 'Ref': expected ';' after the value code 1" " pos 53",
        "U64=0 -> 1 U64[0] " " pos 42",
        "U64=0<END> -> -1 in:1:39: error: property 'U64': expected ';' after the value code 1" " pos 38",
        "U64=00 -> 1 U64[0] " " pos 43",
        "U64=00<END> -> -1 in:1:40: error: property 'U64': expected ';' after the value code 1" " pos 39",
        "U64=012 -> 1 U64[10] " " pos 44",
        "U64=012<END> -> -1 in:1:41: error: property 'U64': expected ';' after the value code 1" " pos 40",
        "U64=09 -> -1 in:1:38: error: property 'U64': malformed number '09' (a leading 0 makes it octal: digits 0-7) code 1" " pos 43",
        "U64=09<END> -> -1 in:1:38: error: property 'U64': malformed number '09' (a leading 0 makes it octal: digits 0-7) code 1" " pos 39",
        "U64=0x1F -> 1 U64[31] " " pos 45",
        "U64=0x1F<END> -> -1 in:1:42: error: property 'U64': expected ';' after the value code 1" " pos 41",
        "U64=101b -> 1 U64[5] " " pos 45",
        "U64=101b<END> -> -1 in:1:42: error: property 'U64': expected ';' after the value code 1" " pos 41",
        "U64=18446744073709551615 -> 1 U64[18446744073709551615] " " pos 61",
        "U64=18446744073709551615<END> -> -1 in:1:58: error: property 'U64': expected ';' after the value code 1" " pos 57",
        "U64=18446744073709551616 -> -1 in:1:38: error: property 'U64': 18446744073709551616 is out of range for uint64 code 3" " pos 61",
        "U64=18446744073709551616<END> -> -1 in:1:38: error: property 'U64': 18446744073709551616 is out of range for uint64 code 3" " pos 57",
        "U64=1234567890123456789 -> 1 U64[1234567890123456789] " " pos 60",
        "U64=1234567890123456789<END> -> -1 in:1:57: error: property 'U64': expected ';' after the value code 1" " pos 56",
        "U64=12345678901234567890 -> 1 U64[12345678901234567890] " " pos 61",
        "U64=12345678901234567890<END> -> -1 in:1:58: error: property 'U64': expected ';' after the value code 1" " pos 57",
        "U64=99999999999999999999999 -> -1 in:1:38: error: property 'U64': 99999999999999999999999 is out of range for uint64 code 3" " pos 64",
        "U64=99999999999999999999999<END> -> -1 in:1:38: error: property 'U64': 99999999999999999999999 is out of range for uint64 code 3" " pos 60",
        "U8=256 -> -1 in:1:37: error: property 'U8': 256 is out of range for uint8 code 3" " pos 43",
        "U8=256<END> -> -1 in:1:37: error: property 'U8': 256 is out of range for uint8 code 3" " pos 39",
        "U8=255 -> 1 U8[255] " " pos 43",
        "U8=255<END> -> -1 in:1:40: error: property 'U8': expected ';' after the value code 1" " pos 39",
        "U8=1.5 -> -1 in:1:37: error: property 'U8': expected an integer, not a real number code 2" " pos 43",
        "U8=1.5<END> -> -1 in:1:37: error: property 'U8': expected an integer, not a real number code 2" " pos 39",
        "U8=7 /*c*/  -> 1 U8[7] " " pos 48",
        "U8=7 /*c*/ <END> -> -1 in:1:45: error: property 'U8': expected ';' after the value code 1" " pos 44",
        "U8=7x -> -1 in:1:37: error: property 'U8': malformed number '7x' code 1" " pos 42",
        "U8=7x<END> -> -1 in:1:37: error: property 'U8': malformed number '7x' code 1" " pos 38",
        "U8=-1 -> -1 in:1:37: error: property 'U8': -1 is out of range for uint8 code 3" " pos 42",
        "U8=-1<END> -> -1 in:1:37: error: property 'U8': -1 is out of range for uint8 code 3" " pos 38",
        "U8=+7 -> 1 U8[7] " " pos 42",
        "U8=+7<END> -> -1 in:1:39: error: property 'U8': expected ';' after the value code 1" " pos 38",
        "U8=7e2 -> -1 in:1:37: error: property 'U8': expected an integer, not a real number code 2" " pos 43",
        "U8=7e2<END> -> -1 in:1:37: error: property 'U8': expected an integer, not a real number code 2" " pos 39",
        "U8=\"7\" -> 1 U8[7] " " pos 43",
        "U8=\"7\"<END> -> -1 in:1:40: error: property 'U8': expected ';' after the value code 1" " pos 39",
        "U8=\"07\" -> 1 U8[7] " " pos 44",
        "U8=\"07\"<END> -> -1 in:1:41: error: property 'U8': expected ';' after the value code 1" " pos 40",
        "U8=TRUE -> -1 in:1:37: error: property 'U8': expected a uint8 value, not a boolean code 2" " pos 44",
        "U8=TRUE<END> -> -1 in:1:37: error: property 'U8': expected a uint8 value, not a boolean code 2" " pos 40",
        "E=3 -> -1 in:1:36: error: property 'E': 3 is not in the ValueMap (1, 2, 5) code 4" " pos 40",
        "E=3<END> -> -1 in:1:36: error: property 'E': 3 is not in the ValueMap (1, 2, 5) code 4" " pos 36",
        "E=5 -> 1 E[5] " " pos 40",
        "E=5<END> -> -1 in:1:37: error: property 'E': expected ';' after the value code 1" " pos 36",
        "E=\"Two\" -> 1 E[2] " " pos 44",
        "E=\"Two\"<END> -> -1 in:1:41: error: property 'E': expected ';' after the value code 1" " pos 40",
        "R64=12 -> 1 R64[12] " " pos 43",
        "R64=12<END> -> -1 in:1:40: error: property 'R64': expected ';' after the value code 1" " pos 39",
        "R64=1.5e3 -> 1 R64[1500] " " pos 46",
        "R64=1.5e3<END> -> -1 in:1:43: error: property 'R64': expected ';' after the value code 1" " pos 42",
        "D=\"20160920123456.000000+000\" -> 1 D[20160920123456.000000+000] " " pos 66",
        "D=\"20160920123456.000000+000\"<END> -> -1 in:1:63: error: property 'D': expected ';' after the value code 1" " pos 62",
        "D=\"20161320123456.000000+000\" -> -1 in:1:36: error: property 'D': month 13 is out of range (1-12) code 5" " pos 66",
        "D=\"20161320123456.000000+000\"<END> -> -1 in:1:36: error: property 'D': month 13 is out of range (1-12) code 5" " pos 62",
        "D=\"2016-09-20T12:34:56Z\" -> 1 D[20160920123456.000000+000] " " pos 61",
        "D=\"2016-09-20T12:34:56Z\"<END> -> -1 in:1:58: error: property 'D': expected ';' after the value code 1" " pos 57",
        "D=12 -> -1 in:1:36: error: property 'D': expected a datetime value, not a number code 2" " pos 41",
        "D=12<END> -> -1 in:1:36: error: property 'D': expected a datetime value, not a number code 2" " pos 37",
        "Id=2 -> -1 in:1:32: error: property 'Id': duplicate property (names ignore case) code 8" " pos 41",
        "Id=2<END> -> -1 in:1:32: error: property 'Id': duplicate property (names ignore case) code 8" " pos 37",
        "S=\"nul\x00""x\" -> -1 in:1:36: error: property 'S': strings cannot hold the NUL character code 6" " pos 46",
        "U8=7\x00"" -> -1 in:1:38: error: property 'U8': expected ';' after the value code 1" " pos 42",
    };
    char got[1024];
    size_t e = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (int cut = 0; cut < 2; cut++) {
            describe_mof_read(cases[i][0], cases[i][1], strlen(cases[i][1]), cut, got, sizeof got);
            assert_string_equal(got, expected[e++]);
        }
    describe_mof_read("S", "\"nul\0x\"", 7, false, got, sizeof got);
    assert_string_equal(got, expected[e++]);
    describe_mof_read("U8", "7\0", 2, false, got, sizeof got);
    assert_string_equal(got, expected[e++]);
    assert_int_equal(e, sizeof expected / sizeof expected[0]);
}

/* A string literal read the short way (one literal) and the long way (the
 * same text as two adjacent literals, which are decoded byte by byte) gives
 * the same value or the same message, for each special byte or escape at
 * every offset of strings up to 34 bytes, complete and cut off after it. */
static void test_mof_string_scan_at_every_offset(void **state)
{
    (void)state;
    static const char *const specials[] = {"\\\\", "\\\"", "\\n", "\xc3\xa9", "\xff", "\\q", "\t", "\x01", "\x7f", "\\x41", "\\"};
    char one[1024], two[1024];
    for (size_t k = 0; k < sizeof specials / sizeof *specials; k++)
        for (size_t len = 0; len <= 34; len++)
            for (size_t at = 0; at <= len; at++) {
                char v[80], w[80];
                size_t m = 0, l = strlen(specials[k]);
                v[m++] = '"';
                for (size_t i = 0; i < at; i++)
                    v[m++] = (char)('a' + i % 26);
                memcpy(v + m, specials[k], l);
                m += l;
                for (size_t i = at; i < len; i++)
                    v[m++] = (char)('a' + i % 26);
                v[m++] = '"';
                /* The same text as "" "...": the long way. */
                memcpy(w, "\"\" ", 3);
                memcpy(w + 3, v, m);
                for (int cut = 0; cut < 2; cut++) {
                    describe_mof_read("S", v, m - (size_t)cut, cut, one, sizeof one);
                    describe_mof_read("S", w, m + 3 - (size_t)cut, cut, two, sizeof two);
                    const char *a = strstr(one, " -> "), *b = strstr(two, " -> ");
                    assert_non_null(a);
                    assert_non_null(b);
                    /* The results, less the columns and positions, which differ by the 3 bytes. */
                    const char *a_end = strstr(a, "in:1:") ? strstr(a, "in:1:") : strstr(a, " pos ");
                    const char *b_end = strstr(b, "in:1:") ? strstr(b, "in:1:") : strstr(b, " pos ");
                    assert_memory_equal(a, b, (size_t)(a_end - a));
                    assert_int_equal(a_end - a, b_end - b);
                    const char *a_msg = strstr(a, "error:"), *b_msg = strstr(b, "error:");
                    if (a_msg || b_msg) {
                        assert_non_null(a_msg);
                        assert_non_null(b_msg);
                        if (strstr(a_msg, "unterminated string")) { /* the second literal is the bad token there */
                            assert_non_null(strstr(b_msg, "expected ';' after the value"));
                            continue;
                        }
                        assert_int_equal(strstr(a_msg, " pos ") - a_msg, strstr(b_msg, " pos ") - b_msg);
                        assert_memory_equal(a_msg, b_msg, (size_t)(strstr(a_msg, " pos ") - a_msg));
                    }
                }
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mof_values_short_and_long_way),
        cmocka_unit_test(test_mof_string_scan_at_every_offset),
        cmocka_unit_test(test_empty_arrays_are_present),
        cmocka_unit_test(test_error_codes),
        cmocka_unit_test(test_datetime_valid),
        cmocka_unit_test(test_datetime_invalid),
        cmocka_unit_test(test_datetime_rfc3339),
        cmocka_unit_test(test_all_types_round_trip),
        cmocka_unit_test(test_accessors_for_arrays_and_reals),
        cmocka_unit_test(test_json_errors),
        cmocka_unit_test(test_json_fast_paths_agree),
        cmocka_unit_test(test_keys_utf8_and_datetimes_enforced),
        cmocka_unit_test(test_json_lines_and_skipping),
        cmocka_unit_test(test_mof_reader_forms),
        cmocka_unit_test(test_mof_reader_resumes_after_a_bad_instance),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_error_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
