/*
 * fuzz_decoders.c - libFuzzer target for the runtime's JSON and MOF
 * instance decoders, over bindings with a property of every kind
 * (tests/data/all_types.mof).  Whatever they read must re-encode and
 * decode again to the same thing, and the specialised encoder
 * (AllTypes_to_json, AllTypes_to_mof) must write what the generic
 * descriptor path (mofrt_json_write, mofrt_mof_write) does; the record stream (JSON Lines, arrays, OData
 * envelopes) too.  Seeds: fuzz/seeds/decoders, with every case of
 * tests/test_runtime.c's bad-input tables.
 */
#include "AllTypes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FUZZ_ENTRY
#define FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

static void round_trip(const AllTypes *obj)
{
    mofrt_buffer json = {0}, again = {0};
    AllTypes copy;
    AllTypes_init(&copy);
    mofrt_reader in;
    mofrt_error err;
    if (AllTypes_to_json(obj, &json) != 0)
        abort();
    /* The specialised encoder writes what the generic descriptor path does. */
    mofrt_buffer generic = {0};
    if (mofrt_json_write(&AllTypes_class, obj, &generic) != 0 || strcmp(json.data, generic.data) != 0) {
        fprintf(stderr, "specialised and generic encoders differ:\n%s\n%s\n", json.data, generic.data);
        abort();
    }
    mofrt_buffer_free(&generic);
    mofrt_reader_init(&in, json.data, json.length);
    if (AllTypes_read_json(&in, &copy, 0, &err) != 1 || AllTypes_to_json(&copy, &again) != 0 ||
        strcmp(json.data, again.data) != 0) {
        fprintf(stderr, "round trip failed: %s\n%s\n", json.data, err.message);
        abort();
    }
    /* And through MOF instance text: the same JSON comes back. */
    mofrt_buffer mof = {0};
    mofrt_buffer_free(&again);
    if (AllTypes_to_mof(obj, &mof) != 0 || mofrt_mof_write(&AllTypes_class, obj, &generic) != 0 ||
        strcmp(mof.data, generic.data) != 0) {
        fprintf(stderr, "specialised and generic MOF encoders differ:\n%s\n%s\n", mof.data, generic.data);
        abort();
    }
    mofrt_buffer_free(&generic);
    mofrt_reader_init(&in, mof.data, mof.length);
    if (AllTypes_read_mof(&in, &copy, 0, &err) != 1 || AllTypes_to_json(&copy, &again) != 0 ||
        strcmp(json.data, again.data) != 0) {
        fprintf(stderr, "MOF round trip failed: %s\n%s\n%s\n", json.data, mof.data, err.message);
        abort();
    }
    mofrt_buffer_free(&mof);
    AllTypes_free(&copy);
    mofrt_buffer_free(&json);
    mofrt_buffer_free(&again);
}

int FUZZ_ENTRY(const unsigned char *data, size_t size);

int FUZZ_ENTRY(const unsigned char *data, size_t size)
{
    AllTypes obj;
    AllTypes_init(&obj);
    mofrt_reader in;
    mofrt_error err;
    /* Each decoder gets its own few records of the input. */
    mofrt_reader_init(&in, (const char *)data, size);
    for (int limit = 8; limit > 0 && AllTypes_read_json(&in, &obj, MOFRT_IGNORE_UNKNOWN, &err) == 1; limit--)
        round_trip(&obj);
    mofrt_reader_init(&in, (const char *)data, size);
    for (int limit = 8; limit > 0 && AllTypes_read_mof(&in, &obj, MOFRT_IGNORE_UNKNOWN, &err) == 1; limit--)
        round_trip(&obj);
    mofrt_json_stream st;
    mofrt_json_stream_init(&st, (const char *)data, size);
    int rc;
    for (int limit = 16; limit > 0 && (rc = mofrt_json_stream_next(&st, &AllTypes_class, &obj, 0, &err)) != 0; limit--) {
        if (rc == 1)
            round_trip(&obj);
        else if (err.line == 0 && err.code != MOFRT_ERR_MISSING_PROPERTY && strstr(err.message, "stopped") == NULL)
            abort(); /* every decoding error has a position */
    }
    mofrt_json_stream_free(&st);
    AllTypes_free(&obj);
    return 0;
}
