/*
 * bench_jsonc.c - the SMS_DistributionJob mapping by hand on json-c, for
 * bench_codecs.c (json-c and jansson both declare `json_object`, so each
 * lives in its own translation unit).
 */
#include "bench_codecs.h"

#include <json-c/json.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long jsonc_integer(const void *v) { return (unsigned long long)json_object_get_uint64((json_object *)v); }
static const char *jsonc_string(const void *v) { return json_object_get_string((json_object *)v); }
static const tree_value jsonc_values = {jsonc_integer, jsonc_string};

void bench_decode_jsonc(const char *text, size_t length, bench_sink sink, void *context)
{
    const char *p = text, *end = text + length;
    SMS_DistributionJob job;
    SMS_DistributionJob_init(&job);
    json_tokener *tok = json_tokener_new();
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        json_tokener_reset(tok);
        json_object *root = json_tokener_parse_ex(tok, p, (int)n);
        if (!root)
        {
            fprintf(stderr, "bench: json-c: parse error\n");
            exit(1);
        }
        json_object_object_foreach(root, key, v) bench_map_property(&job, key, v, &jsonc_values);
        json_object_put(root);
        sink(&job, context);
        SMS_DistributionJob_free(&job);
        p += n + 1;
    }
    json_tokener_free(tok);
}

int bench_encode_jsonc(const SMS_DistributionJob *job, mofrt_buffer *out)
{
    char dt[MOFRT_DATETIME_TEXT_MAX];
    json_object *o = json_object_new_object();
    json_object_object_add(o, "Action", json_object_new_uint64(SMS_DistributionJob_get_Action(job)));
    json_object_object_add(o, "CreationTime", json_object_new_string(bench_datetime_text(SMS_DistributionJob_get_CreationTime(job), dt)));
    json_object_object_add(o, "DPID", json_object_new_uint64(SMS_DistributionJob_get_DPID(job)));
    json_object_object_add(o, "DynamicOrder", json_object_new_uint64(SMS_DistributionJob_get_DynamicOrder(job)));
    json_object_object_add(o, "JobID", json_object_new_uint64(SMS_DistributionJob_get_JobID(job)));
    json_object_object_add(o, "LastUpdateTime", json_object_new_string(bench_datetime_text(SMS_DistributionJob_get_LastUpdateTime(job), dt)));
    json_object_object_add(o, "NALPath", json_object_new_string(SMS_DistributionJob_get_NALPath(job)));
    json_object_object_add(o, "PackageVersion", json_object_new_uint64(SMS_DistributionJob_get_PackageVersion(job)));
    json_object_object_add(o, "PkgID", json_object_new_string(SMS_DistributionJob_get_PkgID(job)));
    json_object_object_add(o, "RemainingSize", json_object_new_uint64(SMS_DistributionJob_get_RemainingSize(job)));
    json_object_object_add(o, "ReStartTime", json_object_new_uint64(SMS_DistributionJob_get_ReStartTime(job)));
    json_object_object_add(o, "RetryCount", json_object_new_uint64(SMS_DistributionJob_get_RetryCount(job)));
    json_object_object_add(o, "StartTime", json_object_new_string(bench_datetime_text(SMS_DistributionJob_get_StartTime(job), dt)));
    json_object_object_add(o, "State", json_object_new_uint64(SMS_DistributionJob_get_State(job)));
    json_object_object_add(o, "TotalSize", json_object_new_uint64(SMS_DistributionJob_get_TotalSize(job)));
    size_t n;
    const char *s = json_object_to_json_string_length(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &n);
    int rc = s ? mofrt_buffer_append(out, s, n) : -1;
    json_object_put(o);
    return rc;
}
