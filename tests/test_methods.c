/*
 * test_methods.c - what a provider does with the bindings of
 * tests/data/methods.mof (generated at build time by mofgen_generate):
 * decode a method's IN parameters, encode its OUT parameters, as JSON and as
 * MOF "instance of __PARAMETERS" text; and use a class whose MOF names are
 * chosen to collide with generated ones (that it compiles at all is half of
 * the test).
 */
#include "Test_Collide.h"
#include "Test_Inner.h"
#include "Test_Service.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

static int read_in_json(const char *text, Test_Service_Start_in *in, mofrt_error *err)
{
    mofrt_reader r;
    mofrt_reader_init(&r, text, strlen(text));
    return Test_Service_Start_in_read_json(&r, in, 0, err);
}

static void test_in_parameters_from_json(void **state)
{
    (void)state;
    Test_Service_Start_in in;
    Test_Service_Start_in_init(&in);
    mofrt_error err;
    int rc = read_in_json("{\"mode\": \"Safe\", \"Arguments\": [\"-v\", \"x y\"], \"Deadline\": \"2016-09-20T12:34:56Z\",\n"
                          " \"Settings\": {\"Name\": \"n\", \"Size\": 3}, \"Verbose\": true}",
                          &in, &err);
    assert_int_equal(rc, 1);
    assert_int_equal(in.Mode, 2); /* the Values name "Safe" */
    assert_int_equal(in.Arguments_count, 2);
    assert_string_equal(in.Arguments[1], "x y");
    assert_string_equal(in.Deadline.dmtf, "20160920123456.000000+000");
    assert_non_null(in.Settings);
    assert_string_equal(in.Settings->Name, "n");
    assert_int_equal(in.Settings->Size, 3);
    assert_true(in.Verbose);
    mofrt_buffer out = {0};
    assert_int_equal(Test_Service_Start_in_to_json(&in, &out), 0);
    assert_string_equal(out.data, "{\"Mode\":2,\"Arguments\":[\"-v\",\"x y\"],\"Deadline\":\"2016-09-20T12:34:56.000000+00:00\","
                                  "\"Settings\":{\"Name\":\"n\",\"Size\":3},\"Verbose\":true}");
    mofrt_buffer_free(&out);
    Test_Service_Start_in_free(&in);
}

static void expect_error(const char *json, const char *property, const char *fragment, unsigned long column)
{
    Test_Service_Start_in in;
    Test_Service_Start_in_init(&in);
    mofrt_error err;
    assert_int_equal(read_in_json(json, &in, &err), -1);
    assert_string_equal(err.property, property);
    if (!strstr(err.message, fragment))
        fail_msg("'%s' does not contain '%s'", err.message, fragment);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, column);
    Test_Service_Start_in_free(&in);
}

/* Parameters are checked like properties: the ValueMap of Mode, the type of
 * each, and an OUT-only parameter is no IN parameter. */
static void test_in_parameters_are_validated(void **state)
{
    (void)state;
    expect_error("{\"Mode\": 3}", "Mode", "not in the ValueMap", 10);
    expect_error("{\"ProcessId\": 1}", "ProcessId", "unknown property", 2);
    expect_error("{\"Verbose\": 1}", "Verbose", "expected a boolean value, not a number", 13);
}

static void test_out_parameters_as_json_and_mof(void **state)
{
    (void)state;
    Test_Service_Start_out out;
    Test_Service_Start_out_init(&out);
    out.ReturnValue = 0x8001; /* inside the "0x8000.." range */
    mofrt_property_mark_present(&Test_Service_Start_out_class, &out, 0);
    out.ProcessId = 4242;
    mofrt_property_mark_present(&Test_Service_Start_out_class, &out, 1);
    mofrt_error err;
    assert_int_equal(Test_Service_Start_out_validate(&out, &err), 0);
    mofrt_buffer text = {0};
    assert_int_equal(Test_Service_Start_out_to_json(&out, &text), 0);
    assert_string_equal(text.data, "{\"ReturnValue\":32769,\"ProcessId\":4242}");
    mofrt_buffer_reset(&text);
    assert_int_equal(Test_Service_Start_out_to_mof(&out, &text), 0);
    assert_string_equal(text.data, "instance of __PARAMETERS\n{\n    ReturnValue = 32769;\n    ProcessId = 4242;\n};\n");
    /* ... and back. */
    Test_Service_Start_out again;
    Test_Service_Start_out_init(&again);
    mofrt_reader r;
    mofrt_reader_init(&r, text.data, text.length);
    assert_int_equal(Test_Service_Start_out_read_mof(&r, &again, 0, &err), 1);
    assert_int_equal(again.ReturnValue, 32769);
    assert_int_equal(again.ProcessId, 4242);
    assert_false(mofrt_property_is_present(&Test_Service_Start_out_class, &again, 2)); /* Verbose */
    Test_Service_Start_out_free(&again);
    Test_Service_Start_out_free(&out);
    mofrt_buffer_free(&text);
}

/* A method without parameters still has (empty) structs and descriptors. */
static void test_method_without_parameters(void **state)
{
    (void)state;
    assert_int_equal(Test_Service_Stop_in_class.property_count, 0);
    assert_int_equal(Test_Service_Stop_out_class.property_count, 1);
    Test_Service_Stop_in in;
    Test_Service_Stop_in_init(&in);
    mofrt_reader r;
    mofrt_reader_init(&r, "{}", 2);
    mofrt_error err;
    assert_int_equal(Test_Service_Stop_in_read_json(&r, &in, 0, &err), 1);
    Test_Service_Stop_in_free(&in);
}

/* Names that would collide get the next free base, for the whole family of
 * a property or method, so the rule is predictable. */
static void test_colliding_names(void **state)
{
    (void)state;
    Test_Collide c;
    Test_Collide_init(&c);
    assert_int_equal(Test_Collide_set_A(&c, 7), 0);
    assert_int_equal(Test_Collide_get_A(&c), 7);
    /* Property get_A: its ValueMap type would be Test_Collide_get_A. */
    assert_int_equal(Test_Collide_set_get_A_2(&c, Test_Collide_get_A_2_name_2), 0);
    assert_string_equal(Test_Collide_get_A_2_name(1), "name");
    assert_int_equal(Test_Collide_get_get_A_2(&c), 1);
    /* Two Values that spell the same identifier. */
    assert_int_equal(Test_Collide_B_from_name_2, 1);
    assert_int_equal(Test_Collide_B_from_name_3, 2);
    assert_int_equal(Test_Collide_set_properties_2(&c, "p"), 0);
    assert_string_equal(Test_Collide_get_lookup_2(&c) ? "set" : "absent", "absent");
    /* Methods named like instance functions. */
    Test_Collide_free_2_in fin;
    Test_Collide_free_2_in_init(&fin);
    Test_Collide_free_2_in_free(&fin);
    Test_Collide_init_2_in iin;
    Test_Collide_init_2_in_init(&iin);
    iin.init = 3; /* the parameter keeps its own name as a member */
    Test_Collide_init_2_in_free(&iin);
    mofrt_buffer out = {0};
    assert_int_equal(Test_Collide_to_json(&c, &out), 0);
    assert_string_equal(out.data, "{\"A\":7,\"get_A\":1,\"properties\":\"p\"}");
    mofrt_buffer_free(&out);
    Test_Collide_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_parameters_from_json),
        cmocka_unit_test(test_in_parameters_are_validated),
        cmocka_unit_test(test_out_parameters_as_json_and_mof),
        cmocka_unit_test(test_method_without_parameters),
        cmocka_unit_test(test_colliding_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
