/*
 * test_generated.c - the generated SMS_DistributionJob API as a user meets
 * it: accessors, enums, and JSON/MOF round trips through the runtime.
 */
#include "SMS_DistributionJob.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

static void test_accessors_and_presence(void **state)
{
    (void)state;
    SMS_DistributionJob job;
    SMS_DistributionJob_init(&job);
    assert_false(SMS_DistributionJob_has_JobID(&job));
    assert_int_equal(SMS_DistributionJob_get_JobID(&job), 0);
    assert_null(SMS_DistributionJob_get_NALPath(&job));
    assert_int_equal(SMS_DistributionJob_set_JobID(&job, UINT64_MAX), 0);
    assert_true(SMS_DistributionJob_has_JobID(&job));
    assert_true(SMS_DistributionJob_get_JobID(&job) == UINT64_MAX);
    char path[] = "MSWNET:[\"SMS_SITE=ABC\"]\\\\dp1\\";
    assert_int_equal(SMS_DistributionJob_set_NALPath(&job, path), 0);
    path[0] = 'X'; /* the struct owns a copy */
    assert_string_equal(SMS_DistributionJob_get_NALPath(&job), "MSWNET:[\"SMS_SITE=ABC\"]\\\\dp1\\");
    SMS_DistributionJob_clear_NALPath(&job);
    assert_false(SMS_DistributionJob_has_NALPath(&job));
    mofrt_datetime when;
    mofrt_error err;
    assert_int_equal(mofrt_datetime_parse("20160920123456.000001-300", 25, &when, &err), 0);
    assert_int_equal(SMS_DistributionJob_set_CreationTime(&job, &when), 0);
    assert_string_equal(SMS_DistributionJob_get_CreationTime(&job)->dmtf, "20160920123456.000001-300");
    SMS_DistributionJob_free(&job);
    assert_false(SMS_DistributionJob_has_JobID(&job));
}

/* Presence in plain sight: a field written directly counts once its has_
 * member says so, a pointer once it is not NULL, and a value the decoder
 * would refuse is caught before it is written. */
static void test_direct_members(void **state)
{
    (void)state;
    SMS_DistributionJob job;
    SMS_DistributionJob_init(&job);
    job.JobID = 7;
    job.DPID = 5; /* has_DPID still false: absent */
    job.has_JobID = true;
    mofrt_buffer out = {0};
    assert_int_equal(SMS_DistributionJob_to_json(&job, &out), 0);
    assert_string_equal(out.data, "{\"JobID\":7}");
    job.has_DPID = true;
    char pkg[] = "ABC00001";
    job.PkgID = pkg; /* present: not NULL (borrowed here, so cleared before free) */
    mofrt_buffer_reset(&out);
    assert_int_equal(SMS_DistributionJob_to_json(&job, &out), 0);
    assert_string_equal(out.data, "{\"DPID\":5,\"JobID\":7,\"PkgID\":\"ABC00001\"}");
    assert_true(SMS_DistributionJob_has_PkgID(&job));
    assert_true(mofrt_property_is_present(&SMS_DistributionJob_class, &job, SMS_DistributionJob_INDEX_DPID));
    job.PkgID = NULL;
    /* A value the decoder refuses is found by the check the encoders make. */
    mofrt_error err;
    job.State = 99;
    job.has_State = true;
    assert_int_equal(mofrt_instance_check_values(&SMS_DistributionJob_class, &job, &err), -1);
    assert_string_equal(err.property, "State");
    assert_non_null(strstr(err.message, "99 is not in the ValueMap"));
    job.State = SMS_DistributionJob_State_DISTSRC_STATE_FAILED;
    assert_int_equal(mofrt_instance_check_values(&SMS_DistributionJob_class, &job, &err), 0);
    job.has_JobID = false; /* values fine; the key is what validate adds */
    assert_int_equal(mofrt_instance_check_values(&SMS_DistributionJob_class, &job, &err), 0);
    assert_int_equal(SMS_DistributionJob_validate(&job, &err), -1);
    assert_string_equal(err.property, "JobID");
    /* Decoding sets the has_ members. */
    const char *text = "{\"JobID\": 9, \"State\": 2, \"PkgID\": null}";
    mofrt_reader r;
    mofrt_reader_init(&r, text, strlen(text));
    SMS_DistributionJob_free(&job);
    assert_int_equal(SMS_DistributionJob_read_json(&r, &job, 0, &err), 1);
    assert_true(job.has_JobID && job.JobID == 9);
    assert_true(job.has_State && job.State == 2);
    assert_false(job.has_DPID);
    assert_null(job.PkgID);
    SMS_DistributionJob_clear_State(&job);
    assert_false(job.has_State);
    SMS_DistributionJob_free(&job);
    mofrt_buffer_free(&out);
}

/* Reads every record of `text` through a stream; the JobIDs go to `ids`
 * (0 for a bad record).  Returns how many calls returned 1 or -1. */
static size_t read_stream(const char *text, uint64_t *ids, size_t max, char *next_link, mofrt_error *last)
{
    mofrt_json_stream st;
    mofrt_json_stream_init(&st, text, strlen(text));
    SMS_DistributionJob job;
    SMS_DistributionJob_init(&job);
    size_t n = 0;
    int rc;
    while (n < max && (rc = mofrt_json_stream_next(&st, &SMS_DistributionJob_class, &job, 0, last)) != 0) {
        ids[n++] = rc == 1 ? job.JobID : 0;
        if (rc < 0 && strstr(last->message, "stopped"))
            break;
    }
    snprintf(next_link, 128, "%s", mofrt_json_stream_next_link(&st) ? mofrt_json_stream_next_link(&st) : "");
    SMS_DistributionJob_free(&job);
    mofrt_json_stream_free(&st);
    return n;
}

/* Input as REST APIs send it: an OData v4 envelope (annotations skipped,
 * nextLink kept), a top-level array, JSON Lines; RFC 3339 with 7 digits. */
static void test_rest_input(void **state)
{
    (void)state;
    uint64_t ids[8];
    char link[128];
    mofrt_error err;
    const char *odata =
        "{\"@odata.context\": \"https://cm/AdminService/wmi/$metadata#SMS_DistributionJob\",\n"
        " \"@odata.count\": 2,\n"
        " \"value\": [\n"
        "  {\"@odata.etag\": \"W/\\\"1\\\"\", \"JobID@odata.type\": \"#Int64\", \"JobID\": 11,\n"
        "   \"StartTime\": \"2016-09-20T12:34:56.1234567Z\"},\n"
        "  {\"JobID\": 12, \"State@odata.type\": \"#Int32\", \"State\": 3}\n"
        " ],\n"
        " \"@odata.nextLink\": \"https://cm/AdminService/wmi/SMS_DistributionJob?$skiptoken=2\"}\n";
    assert_int_equal(read_stream(odata, ids, 8, link, &err), 2);
    assert_true(ids[0] == 11 && ids[1] == 12);
    assert_string_equal(link, "https://cm/AdminService/wmi/SMS_DistributionJob?$skiptoken=2");

    /* 7 fractional digits: the seventh (100 ns) is below what DMTF keeps. */
    const char *one = "[{\"JobID\": 1, \"StartTime\": \"2016-09-20T12:34:56.1234567Z\"}]";
    mofrt_json_stream st;
    mofrt_json_stream_init(&st, one, strlen(one));
    SMS_DistributionJob job;
    SMS_DistributionJob_init(&job);
    assert_int_equal(mofrt_json_stream_next(&st, &SMS_DistributionJob_class, &job, 0, &err), 1);
    assert_string_equal(SMS_DistributionJob_get_StartTime(&job)->dmtf, "20160920123456.123456+000");
    assert_int_equal(mofrt_json_stream_next(&st, &SMS_DistributionJob_class, &job, 0, &err), 0);
    assert_null(mofrt_json_stream_next_link(&st));
    SMS_DistributionJob_free(&job);
    mofrt_json_stream_free(&st);

    /* A top-level array; a bad record in it is reported where it is and
     * skipped, and the stream goes on. */
    const char *array = "[\n {\"JobID\": 1},\n {\"JobID\": 2, \"State\": 99},\n {\"JobID\": 3}\n]\n";
    assert_int_equal(read_stream(array, ids, 8, link, &err), 3);
    assert_true(ids[0] == 1 && ids[1] == 0 && ids[2] == 3);
    assert_string_equal(link, "");
    /* ... the error was the bad record's */
    mofrt_json_stream_init(&st, array, strlen(array));
    SMS_DistributionJob_init(&job);
    assert_int_equal(mofrt_json_stream_next(&st, &SMS_DistributionJob_class, &job, 0, &err), 1);
    assert_int_equal(mofrt_json_stream_next(&st, &SMS_DistributionJob_class, &job, 0, &err), -1);
    assert_string_equal(err.property, "State");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 24);
    assert_int_equal(err.code, MOFRT_ERR_VALUE_MAP);
    assert_int_equal(mofrt_json_stream_next(&st, &SMS_DistributionJob_class, &job, 0, &err), 1);
    assert_true(job.JobID == 3);
    SMS_DistributionJob_free(&job);
    mofrt_json_stream_free(&st);

    /* JSON Lines through the same call. */
    assert_int_equal(read_stream("{\"JobID\": 5}\n{\"JobID\": 6}\n", ids, 8, link, &err), 2);
    assert_true(ids[0] == 5 && ids[1] == 6);
    /* An envelope whose first member is "value". */
    assert_int_equal(read_stream("{\"value\": [{\"JobID\": 7}]}", ids, 8, link, &err), 1);
    assert_true(ids[0] == 7);
    /* Malformed: the stream stops, with the position. */
    assert_int_equal(read_stream("[{\"JobID\": 1} {\"JobID\": 2}]", ids, 8, link, &err), 3);
    assert_true(ids[0] == 1 && ids[1] == 0 && ids[2] == 0);
    assert_non_null(strstr(err.message, "stopped at an earlier error"));
    mofrt_json_stream_init(&st, "[{\"JobID\": 1} {\"JobID\": 2}]", 28);
    SMS_DistributionJob_init(&job);
    assert_int_equal(mofrt_json_stream_next(&st, &SMS_DistributionJob_class, &job, 0, &err), 1);
    assert_int_equal(mofrt_json_stream_next(&st, &SMS_DistributionJob_class, &job, 0, &err), -1);
    assert_string_equal(err.message, "expected ',' or ']' between records");
    assert_int_equal(err.column, 15);
    assert_int_equal(mofrt_json_stream_next(&st, &SMS_DistributionJob_class, &job, 0, &err), -1);
    SMS_DistributionJob_free(&job);
    mofrt_json_stream_free(&st);
    /* An envelope member that is neither "value" nor an annotation. */
    const char *other = "{\"@odata.context\": \"x\", \"other\": 1, \"value\": []}";
    mofrt_json_stream_init(&st, other, strlen(other));
    assert_int_equal(mofrt_json_stream_next(&st, &SMS_DistributionJob_class, &job, 0, &err), -1);
    assert_non_null(strstr(err.message, "\"value\" and @-annotations only"));
    assert_int_equal(err.column, 25);
    mofrt_json_stream_free(&st);
    /* Annotations are skipped by the plain reader too; "@x" is no annotation. */
    const char *plain = "{\"@odata.etag\": \"x\", \"JobID\": 4, \"PkgID@odata.type\": \"#String\"}";
    mofrt_reader r;
    mofrt_reader_init(&r, plain, strlen(plain));
    SMS_DistributionJob_init(&job);
    assert_int_equal(SMS_DistributionJob_read_json(&r, &job, 0, &err), 1);
    assert_true(job.JobID == 4);
    mofrt_reader_init(&r, "{\"@x\": 1, \"JobID\": 4}", 22);
    assert_int_equal(SMS_DistributionJob_read_json(&r, &job, 0, &err), -1);
    assert_non_null(strstr(err.message, "unknown property"));
    SMS_DistributionJob_free(&job);
}

static void test_enums(void **state)
{
    (void)state;
    assert_int_equal(SMS_DistributionJob_Action_DISTSRC_ACTION_CANCEL, 5);
    assert_int_equal(SMS_DistributionJob_State_DISTSRC_STATE_SUSPENDED, 8);
    assert_string_equal(SMS_DistributionJob_Action_name(2), "DISTSRC_ACTION_ADD");
    assert_null(SMS_DistributionJob_Action_name(3));
    uint32_t v = 0;
    assert_true(SMS_DistributionJob_State_from_name("distsrc_state_failed", &v));
    assert_int_equal(v, 6);
    assert_false(SMS_DistributionJob_State_from_name("DISTSRC_STATE_BOGUS", &v));
    SMS_DistributionJob job;
    SMS_DistributionJob_init(&job);
    assert_int_equal(SMS_DistributionJob_set_Action(&job, 3), -1); /* not in the ValueMap */
    assert_false(SMS_DistributionJob_has_Action(&job));
    assert_int_equal(SMS_DistributionJob_set_Action(&job, SMS_DistributionJob_Action_DISTSRC_ACTION_ADD), 0);
    SMS_DistributionJob_free(&job);
}

static void test_metadata(void **state)
{
    (void)state;
    const mofrt_class *c = &SMS_DistributionJob_class;
    assert_string_equal(c->name, "SMS_DistributionJob");
    assert_string_equal(c->superclass, "SMS_BaseClass");
    assert_int_equal(c->property_count, 15);
    int job_id = mofrt_class_find(c, "jobid", 5);
    assert_int_equal(job_id, SMS_DistributionJob_INDEX_JobID);
    assert_true(c->properties[job_id].flags & MOFRT_KEY);
    assert_int_equal(c->properties[SMS_DistributionJob_INDEX_Action].flags, MOFRT_READ | MOFRT_WRITE);
    assert_int_equal(c->properties[SMS_DistributionJob_INDEX_DPID].flags, MOFRT_READ);
    assert_int_equal(mofrt_class_find(c, "NoSuchProperty", 14), -1);
    for (uint32_t i = 0; i < c->property_count; i++)
        assert_int_equal(mofrt_class_find(c, c->properties[i].name, strlen(c->properties[i].name)), (int)i);
}

static const char *full_record =
    "{\"Action\":2,\"CreationTime\":\"2016-09-20T12:34:56.000001-05:00\",\"DPID\":7,\"DynamicOrder\":1,"
    "\"JobID\":18446744073709551615,\"LastUpdateTime\":\"2016-09-21T00:00:00.000000+00:00\",\"NALPath\":\"\\\\\\\\dp1\\\\SMS_DP$ \\\"q\\\" \xc3\xa9\","
    "\"PackageVersion\":3,\"PkgID\":\"ABC00001\",\"RemainingSize\":0,\"ReStartTime\":4294967295,\"RetryCount\":2,"
    "\"StartTime\":\"00000001020304.000005:000\",\"State\":8,\"TotalSize\":123456789012}";

/* JSON -> struct -> MOF -> struct -> JSON loses nothing. */
static void test_round_trip(void **state)
{
    (void)state;
    SMS_DistributionJob a, b;
    SMS_DistributionJob_init(&a);
    SMS_DistributionJob_init(&b);
    mofrt_reader in;
    mofrt_error err;
    mofrt_reader_init(&in, full_record, strlen(full_record));
    assert_int_equal(SMS_DistributionJob_read_json(&in, &a, 0, &err), 1);
    assert_true(SMS_DistributionJob_get_JobID(&a) == UINT64_MAX);
    assert_string_equal(SMS_DistributionJob_get_CreationTime(&a)->dmtf, "20160920123456.000001-300");
    mofrt_buffer mof = {0}, json = {0};
    assert_int_equal(SMS_DistributionJob_to_mof(&a, &mof), 0);
    assert_non_null(strstr(mof.data, "instance of SMS_DistributionJob"));
    assert_non_null(strstr(mof.data, "JobID = 18446744073709551615;"));
    mofrt_reader_init(&in, mof.data, mof.length);
    assert_int_equal(SMS_DistributionJob_read_mof(&in, &b, 0, &err), 1);
    assert_int_equal(SMS_DistributionJob_read_mof(&in, &b, 0, &err), 0);
    assert_int_equal(SMS_DistributionJob_to_json(&b, &json), 0);
    assert_string_equal(json.data, full_record);
    mofrt_buffer_free(&mof);
    mofrt_buffer_free(&json);
    SMS_DistributionJob_free(&a);
    SMS_DistributionJob_free(&b);
}

static void test_decoder_errors_name_property_and_position(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        const char *property;
        unsigned long line, column;
        const char *message_part;
    } cases[] = {
        {"{\"Action\": 3}", "Action", 1, 12, "ValueMap"},
        {"{\"DPID\": 4294967296}", "DPID", 1, 10, "range"},
        {"{\"DPID\": -1}", "DPID", 1, 10, "range"},
        {"{\"CreationTime\": \"2016-13-01T00:00:00Z\"}", "CreationTime", 1, 18, ""},
        {"{\"JobID\": 1,\n \"jobid\": 2}", "jobid", 2, 2, "duplicate"},
        {"{\"Bogus\": 1}", "Bogus", 1, 2, "unknown"},
        {"{\"PkgID\": 5}", "PkgID", 1, 11, "string"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        SMS_DistributionJob job;
        SMS_DistributionJob_init(&job);
        mofrt_reader in;
        mofrt_error err;
        mofrt_reader_init(&in, cases[i].json, strlen(cases[i].json));
        assert_int_equal(SMS_DistributionJob_read_json(&in, &job, 0, &err), -1);
        if (strcmp(err.property, cases[i].property) != 0 || err.line != cases[i].line || err.column != cases[i].column ||
            !strstr(err.message, cases[i].message_part))
            fprintf(stderr, "case %zu: property '%s' %lu:%lu %s\n", i, err.property, err.line, err.column, err.message);
        assert_string_equal(err.property, cases[i].property);
        assert_int_equal(err.line, cases[i].line);
        assert_int_equal(err.column, cases[i].column);
        assert_non_null(strstr(err.message, cases[i].message_part));
        assert_false(SMS_DistributionJob_has_JobID(&job)); /* left empty */
        SMS_DistributionJob_free(&job);
    }
}

static void test_unknown_properties_can_be_skipped(void **state)
{
    (void)state;
    const char *json = "{\"Extra\": {\"nested\": [1, 2]}, \"JobID\": \"42\", \"Action\": \"DISTSRC_ACTION_CANCEL\"}";
    SMS_DistributionJob job;
    SMS_DistributionJob_init(&job);
    mofrt_reader in;
    mofrt_error err;
    mofrt_reader_init(&in, json, strlen(json));
    assert_int_equal(SMS_DistributionJob_read_json(&in, &job, MOFRT_IGNORE_UNKNOWN, &err), 1);
    assert_int_equal(SMS_DistributionJob_get_JobID(&job), 42);
    assert_int_equal(SMS_DistributionJob_get_Action(&job), 5);
    SMS_DistributionJob_free(&job);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accessors_and_presence),
        cmocka_unit_test(test_direct_members),
        cmocka_unit_test(test_rest_input),
        cmocka_unit_test(test_enums),
        cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_decoder_errors_name_property_and_position),
        cmocka_unit_test(test_unknown_properties_can_be_skipped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
