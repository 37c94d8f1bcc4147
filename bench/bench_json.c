/*
 * bench_json.c - decode throughput of the generated SMS_DistributionJob
 * JSON decoder against the same mapping written by hand on jansson, on the
 * same JSON Lines input in the same run.
 *
 *   cmake --build build --target bench     (prints MB/s and the ratio)
 */
#include "SMS_DistributionJob.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RECORDS 200000

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *make_input(size_t *length)
{
    size_t cap = (size_t)RECORDS * 420, n = 0;
    char *text = malloc(cap);
    for (int i = 0; i < RECORDS; i++)
        n += (size_t)snprintf(text + n, cap - n,
                              "{\"Action\":%d,\"CreationTime\":\"2016-09-20T12:34:56.000001-05:00\",\"DPID\":%d,"
                              "\"DynamicOrder\":1,\"JobID\":%d,\"LastUpdateTime\":\"2016-09-21T00:00:00.000000+00:00\","
                              "\"NALPath\":\"MSWNET:[\\\"SMS_SITE=ABC\\\"]\\\\\\\\dp%d\\\\\",\"PackageVersion\":3,"
                              "\"PkgID\":\"ABC%05d\",\"RemainingSize\":0,\"ReStartTime\":0,\"RetryCount\":2,"
                              "\"StartTime\":\"2016-09-20T12:35:00.000000-05:00\",\"State\":%d,\"TotalSize\":123456789012}\n",
                              (i % 2) + 1, i % 97, i, i % 13, i % 99999, i % 9);
    *length = n;
    return text;
}

/* The generated decoder: straight into the struct. */
static unsigned long long run_generated(const char *text, size_t length)
{
    mofrt_reader in;
    mofrt_error err;
    SMS_DistributionJob job;
    SMS_DistributionJob_init(&job);
    mofrt_reader_init(&in, text, length);
    unsigned long long sum = 0;
    int rc;
    while ((rc = SMS_DistributionJob_read_json(&in, &job, 0, &err)) == 1)
        sum += SMS_DistributionJob_get_JobID(&job) + strlen(SMS_DistributionJob_get_PkgID(&job));
    if (rc < 0) {
        fprintf(stderr, "bench: %lu:%lu %s\n", err.line, err.column, err.message);
        exit(1);
    }
    SMS_DistributionJob_free(&job);
    return sum;
}

static int set_datetime(SMS_DistributionJob *job, json_t *v, int (*set)(SMS_DistributionJob *, const mofrt_datetime *))
{
    mofrt_datetime dt;
    mofrt_error err;
    const char *s = json_string_value(v);
    if (!s || mofrt_datetime_parse(s, strlen(s), &dt, &err) != 0)
        return -1;
    return set(job, &dt);
}

/* The same mapping by hand on jansson: parse a tree per line, then copy. */
static unsigned long long run_jansson(const char *text, size_t length)
{
    unsigned long long sum = 0;
    const char *p = text, *end = text + length;
    SMS_DistributionJob job;
    SMS_DistributionJob_init(&job);
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        json_error_t jerr;
        json_t *root = json_loadb(p, n, 0, &jerr);
        if (!root) {
            fprintf(stderr, "bench: jansson: %s\n", jerr.text);
            exit(1);
        }
        const char *key;
        json_t *v;
        int bad = 0; /* a setter refused a value: a real mapping must say so */
        json_object_foreach(root, key, v) {
            if (!strcasecmp(key, "Action")) bad |= SMS_DistributionJob_set_Action(&job, (uint32_t)json_integer_value(v));
            else if (!strcasecmp(key, "CreationTime")) set_datetime(&job, v, SMS_DistributionJob_set_CreationTime);
            else if (!strcasecmp(key, "DPID")) SMS_DistributionJob_set_DPID(&job, (uint32_t)json_integer_value(v));
            else if (!strcasecmp(key, "DynamicOrder")) SMS_DistributionJob_set_DynamicOrder(&job, (uint32_t)json_integer_value(v));
            else if (!strcasecmp(key, "JobID")) SMS_DistributionJob_set_JobID(&job, (uint64_t)json_integer_value(v));
            else if (!strcasecmp(key, "LastUpdateTime")) set_datetime(&job, v, SMS_DistributionJob_set_LastUpdateTime);
            else if (!strcasecmp(key, "NALPath")) bad |= SMS_DistributionJob_set_NALPath(&job, json_string_value(v));
            else if (!strcasecmp(key, "PackageVersion")) SMS_DistributionJob_set_PackageVersion(&job, (uint32_t)json_integer_value(v));
            else if (!strcasecmp(key, "PkgID")) bad |= SMS_DistributionJob_set_PkgID(&job, json_string_value(v));
            else if (!strcasecmp(key, "RemainingSize")) SMS_DistributionJob_set_RemainingSize(&job, (uint32_t)json_integer_value(v));
            else if (!strcasecmp(key, "ReStartTime")) SMS_DistributionJob_set_ReStartTime(&job, (uint32_t)json_integer_value(v));
            else if (!strcasecmp(key, "RetryCount")) SMS_DistributionJob_set_RetryCount(&job, (uint32_t)json_integer_value(v));
            else if (!strcasecmp(key, "StartTime")) set_datetime(&job, v, SMS_DistributionJob_set_StartTime);
            else if (!strcasecmp(key, "State")) bad |= SMS_DistributionJob_set_State(&job, (uint32_t)json_integer_value(v));
            else if (!strcasecmp(key, "TotalSize")) SMS_DistributionJob_set_TotalSize(&job, (uint64_t)json_integer_value(v));
        }
        json_decref(root);
        if (bad) {
            fprintf(stderr, "bench: jansson: a value was refused\n");
            exit(1);
        }
        sum += SMS_DistributionJob_get_JobID(&job) + strlen(SMS_DistributionJob_get_PkgID(&job));
        SMS_DistributionJob_free(&job);
        p += n + 1;
    }
    return sum;
}

static double best_of(unsigned long long (*run)(const char *, size_t), const char *text, size_t length,
                      unsigned long long *check)
{
    double best = 1e30;
    for (int i = 0; i < 5; i++) {
        double t0 = now();
        *check = run(text, length);
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    return best;
}

int main(void)
{
    size_t length;
    char *text = make_input(&length);
    unsigned long long a, b;
    double generated = best_of(run_generated, text, length, &a);
    double jansson = best_of(run_jansson, text, length, &b);
    if (a != b) {
        fprintf(stderr, "bench: the two decoders disagree (%llu vs %llu)\n", a, b);
        return 1;
    }
    double mb = (double)length / 1e6;
    printf("input: %d records, %.1f MB of JSON Lines (best of 5 runs each)\n", RECORDS, mb);
    printf("generated decoder: %8.1f MB/s  %9.0f records/s\n", mb / generated, RECORDS / generated);
    printf("jansson by hand:   %8.1f MB/s  %9.0f records/s\n", mb / jansson, RECORDS / jansson);
    printf("ratio (generated / jansson): %.2fx\n", jansson / generated);
    free(text);
    return 0;
}
