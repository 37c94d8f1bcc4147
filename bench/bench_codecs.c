/*
 * bench_codecs.c - the generated SMS_DistributionJob codecs against the same
 * mapping written by hand on cJSON, json-c, jansson and simdjson, in one run
 * on the same records.
 *
 *   cmake --build build --target bench          (MOFGEN_BENCH_RECORDS, default 1,000,000)
 *   taskset -c 1 build/bench/bench_codecs [RECORDS]
 *
 * It makes RECORDS realistic records with every property set, as JSON Lines,
 * then for each codec times one pass of decoding (JSON Lines -> struct, one
 * struct reused, as a streaming reader would) and of encoding (struct ->
 * one line of text per record), counts the allocations each makes (this
 * file replaces malloc and friends with counting wrappers around glibc's),
 * and finally checks, outside the timed passes, that every decoder produced
 * the same struct as the generated decoder, field by field, and that every
 * encoder's text decodes back to that struct.  Exit status 1 when any of
 * them disagrees.
 */
#include "bench_codecs.h"

#include <cjson/cJSON.h>
#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ---- counting allocations -------------------------------------------------- */

#ifdef __GLIBC__
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void __libc_free(void *p);

static unsigned long long allocations;

void *malloc(size_t size)
{
    allocations++;
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size)
{
    allocations++;
    return __libc_calloc(count, size);
}

void *realloc(void *p, size_t size)
{
    allocations++;
    return __libc_realloc(p, size);
}

void free(void *p)
{
    __libc_free(p);
}
#define COUNTING 1
#else
static unsigned long long allocations;
#define COUNTING 0
#endif

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
    fprintf(stderr, "bench: %s\n", what);
    exit(1);
}

/* ---- the records -------------------------------------------------------------- */

static const char *const sites[] = {"ABC", "P01", "CM1", "XYZ"};
static const char *const hosts[] = {"dp01.contoso.com", "DP-EU-WEST-17.corp.fabrikam.net", "srv42", "cache.example.org"};

/* JSON Lines, every property set, values varied per record; the buffer has
 * BENCH_PADDING zero bytes after the text (simdjson reads past the end). */
static char *make_input(size_t records, size_t *length)
{
    size_t cap = records * 600 + BENCH_PADDING, n = 0;
    char *text = malloc(cap);
    if (!text)
        die("out of memory");
    static const unsigned actions[] = {1, 2, 5};
    for (size_t i = 0; i < records; i++) {
        const char *site = sites[i % 4], *host = hosts[(i / 4) % 4];
        unsigned day = 1 + (unsigned)(i % 28), hour = (unsigned)(i % 24), minute = (unsigned)(i % 60);
        n += (size_t)snprintf(
            text + n, cap - n,
            "{\"Action\":%u,\"CreationTime\":\"2016-09-%02uT%02u:%02u:56.%06u-05:00\",\"DPID\":%u,"
            "\"DynamicOrder\":%u,\"JobID\":%zu,\"LastUpdateTime\":\"2016-10-%02uT00:%02u:00.000000+00:00\","
            "\"NALPath\":\"[\\\"Display=\\\\\\\\%s\\\\\\\"]MSWNET:[\\\"SMS_SITE=%s\\\"]\\\\\\\\%s\\\\\","
            "\"PackageVersion\":%u,\"PkgID\":\"%s%05zu\",\"RemainingSize\":%u,\"ReStartTime\":%u,"
            "\"RetryCount\":%u,\"StartTime\":\"2016-09-%02uT%02u:%02u:00.000000+01:00\",\"State\":%u,"
            "\"TotalSize\":%llu}\n",
            actions[i % 3], day, hour, minute, (unsigned)(i * 7919 % 1000000), (unsigned)(i % 97 + 1),
            (unsigned)(i % 5), 100000 + i, day, minute, host, site, host, (unsigned)(i % 12 + 1), site,
            i % 99999, (unsigned)(i * 31 % 4000000), (unsigned)(i % 3600), (unsigned)(i % 4), day, hour,
            minute, (unsigned)(i % 9), 1000000ull + (unsigned long long)i * 123457ull);
        if (n + 600 > cap)
            die("record template too long");
    }
    memset(text + n, 0, BENCH_PADDING);
    *length = n;
    return text;
}

/* ---- comparing structs -------------------------------------------------------- */

#define SAME_SCALAR(P)                                                                                       \
    (SMS_DistributionJob_has_##P(a) == SMS_DistributionJob_has_##P(b) &&                                 \
     SMS_DistributionJob_get_##P(a) == SMS_DistributionJob_get_##P(b))
#define SAME_STRING(P)                                                                                       \
    (SMS_DistributionJob_has_##P(a) == SMS_DistributionJob_has_##P(b) &&                                 \
     (!SMS_DistributionJob_has_##P(a) || strcmp(SMS_DistributionJob_get_##P(a), SMS_DistributionJob_get_##P(b)) == 0))
#define SAME_DATETIME(P)                                                                                     \
    (SMS_DistributionJob_has_##P(a) == SMS_DistributionJob_has_##P(b) &&                                 \
     (!SMS_DistributionJob_has_##P(a) ||                                                                  \
      memcmp(SMS_DistributionJob_get_##P(a)->dmtf, SMS_DistributionJob_get_##P(b)->dmtf, 25) == 0))

/* The name of the first property where `a` and `b` differ, or NULL. */
static const char *difference(const SMS_DistributionJob *a, const SMS_DistributionJob *b)
{
    if (!SAME_SCALAR(Action)) return "Action";
    if (!SAME_DATETIME(CreationTime)) return "CreationTime";
    if (!SAME_SCALAR(DPID)) return "DPID";
    if (!SAME_SCALAR(DynamicOrder)) return "DynamicOrder";
    if (!SAME_SCALAR(JobID)) return "JobID";
    if (!SAME_DATETIME(LastUpdateTime)) return "LastUpdateTime";
    if (!SAME_STRING(NALPath)) return "NALPath";
    if (!SAME_SCALAR(PackageVersion)) return "PackageVersion";
    if (!SAME_STRING(PkgID)) return "PkgID";
    if (!SAME_SCALAR(RemainingSize)) return "RemainingSize";
    if (!SAME_SCALAR(ReStartTime)) return "ReStartTime";
    if (!SAME_SCALAR(RetryCount)) return "RetryCount";
    if (!SAME_DATETIME(StartTime)) return "StartTime";
    if (!SAME_SCALAR(State)) return "State";
    if (!SAME_SCALAR(TotalSize)) return "TotalSize";
    return NULL;
}

/* ---- sinks: what a decoder does with each struct --------------------------------- */

typedef struct check {
    const SMS_DistributionJob *expected; /* the generated decoder's structs */
    size_t count;
    size_t next;
    const char *codec;
    unsigned long long sum;
    int failures;
} check;

/* Timed passes: touch the struct so the work cannot be skipped. */
static void sink_sum(const SMS_DistributionJob *job, void *context)
{
    check *c = context;
    c->sum += SMS_DistributionJob_get_JobID(job) + SMS_DistributionJob_get_TotalSize(job);
    c->next++;
}

/* The check pass: record by record against the generated decoder's. */
static void sink_compare(const SMS_DistributionJob *job, void *context)
{
    check *c = context;
    const char *where = c->next < c->count ? difference(&c->expected[c->next], job) : "(extra record)";
    if (where && c->failures++ < 3)
        fprintf(stderr, "bench: %s: record %zu differs from the generated decoder's in %s\n", c->codec, c->next,
                where);
    c->next++;
}

/* ---- decoders ------------------------------------------------------------------ */

static void decode_generated(const char *text, size_t length, bench_sink sink, void *context)
{
    mofrt_reader in;
    mofrt_error err;
    SMS_DistributionJob job;
    SMS_DistributionJob_init(&job);
    mofrt_reader_init(&in, text, length);
    int rc;
    while ((rc = SMS_DistributionJob_read_json(&in, &job, 0, &err)) == 1)
        sink(&job, context);
    if (rc < 0) {
        fprintf(stderr, "bench: generated: %lu:%lu %s\n", err.line, err.column, err.message);
        exit(1);
    }
    SMS_DistributionJob_free(&job);
}

static void decode_mof(const char *text, size_t length, bench_sink sink, void *context)
{
    mofrt_reader in;
    mofrt_error err;
    SMS_DistributionJob job;
    SMS_DistributionJob_init(&job);
    mofrt_reader_init(&in, text, length);
    int rc;
    while ((rc = SMS_DistributionJob_read_mof(&in, &job, 0, &err)) == 1)
        sink(&job, context);
    if (rc < 0) {
        fprintf(stderr, "bench: MOF: %lu:%lu %s\n", err.line, err.column, err.message);
        exit(1);
    }
    SMS_DistributionJob_free(&job);
}

void bench_datetime(mofrt_datetime *dt, const char *s, size_t n)
{
    mofrt_error err;
    if (!s || mofrt_datetime_parse(s, n, dt, &err) != 0)
        die("a hand mapping met a bad datetime");
}

/* The mapping by hand, shared by the tree libraries: a property name and a
 * getter for each kind of value. */
/* Plain assignments, as the struct invites: a value and its has_ member, or
 * an owned string. */
void bench_map_property(SMS_DistributionJob *job, const char *key, const void *v, const tree_value *t)
{
#define INT(P) if (!strcasecmp(key, #P)) { job->P = (__typeof__(job->P))t->integer(v); job->has_##P = true; }
#define STR(P) if (!strcasecmp(key, #P)) { const char *s = t->string(v); free(job->P); job->P = s ? strdup(s) : NULL; }
#define DT(P) if (!strcasecmp(key, #P)) { const char *s = t->string(v); bench_datetime(&job->P, s, s ? strlen(s) : 0); job->has_##P = true; }
    INT(Action) else DT(CreationTime) else INT(DPID) else INT(DynamicOrder) else INT(JobID)
    else DT(LastUpdateTime) else STR(NALPath) else INT(PackageVersion) else STR(PkgID) else INT(RemainingSize)
    else INT(ReStartTime) else INT(RetryCount) else DT(StartTime) else INT(State) else INT(TotalSize)
#undef INT
#undef STR
#undef DT
}

static unsigned long long cjson_integer(const void *v) { return (unsigned long long)((const cJSON *)v)->valuedouble; }
static const char *cjson_string(const void *v) { return cJSON_GetStringValue((const cJSON *)v); }
static const tree_value cjson_values = {cjson_integer, cjson_string};

static void decode_cjson(const char *text, size_t length, bench_sink sink, void *context)
{
    const char *p = text, *end = text + length;
    SMS_DistributionJob job;
    SMS_DistributionJob_init(&job);
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        cJSON *root = cJSON_ParseWithLength(p, n);
        if (!root)
            die("cJSON: parse error");
        for (const cJSON *v = root->child; v; v = v->next)
            bench_map_property(&job, v->string, v, &cjson_values);
        cJSON_Delete(root);
        sink(&job, context);
        SMS_DistributionJob_free(&job);
        p += n + 1;
    }
}

static unsigned long long jansson_integer(const void *v) { return (unsigned long long)json_integer_value((const json_t *)v); }
static const char *jansson_string(const void *v) { return json_string_value((const json_t *)v); }
static const tree_value jansson_values = {jansson_integer, jansson_string};

static void decode_jansson(const char *text, size_t length, bench_sink sink, void *context)
{
    const char *p = text, *end = text + length;
    SMS_DistributionJob job;
    SMS_DistributionJob_init(&job);
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        json_error_t jerr;
        json_t *root = json_loadb(p, n, 0, &jerr);
        if (!root)
            die("jansson: parse error");
        const char *key;
        json_t *v;
        json_object_foreach(root, key, v) bench_map_property(&job, key, v, &jansson_values);
        json_decref(root);
        sink(&job, context);
        SMS_DistributionJob_free(&job);
        p += n + 1;
    }
}

/* ---- encoders: each appends one record's text to `out` ---------------------------- */

static int encode_generated(const SMS_DistributionJob *job, mofrt_buffer *out)
{
    return SMS_DistributionJob_to_json(job, out);
}

static int encode_mof(const SMS_DistributionJob *job, mofrt_buffer *out)
{
    return SMS_DistributionJob_to_mof(job, out);
}

const char *bench_datetime_text(const mofrt_datetime *dt, char buf[MOFRT_DATETIME_TEXT_MAX])
{
    mofrt_datetime_to_text(dt, buf);
    return buf;
}

static int encode_cjson(const SMS_DistributionJob *job, mofrt_buffer *out)
{
    char dt[MOFRT_DATETIME_TEXT_MAX];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "Action", SMS_DistributionJob_get_Action(job));
    cJSON_AddStringToObject(o, "CreationTime", bench_datetime_text(SMS_DistributionJob_get_CreationTime(job), dt));
    cJSON_AddNumberToObject(o, "DPID", SMS_DistributionJob_get_DPID(job));
    cJSON_AddNumberToObject(o, "DynamicOrder", SMS_DistributionJob_get_DynamicOrder(job));
    cJSON_AddNumberToObject(o, "JobID", (double)SMS_DistributionJob_get_JobID(job));
    cJSON_AddStringToObject(o, "LastUpdateTime", bench_datetime_text(SMS_DistributionJob_get_LastUpdateTime(job), dt));
    cJSON_AddStringToObject(o, "NALPath", SMS_DistributionJob_get_NALPath(job));
    cJSON_AddNumberToObject(o, "PackageVersion", SMS_DistributionJob_get_PackageVersion(job));
    cJSON_AddStringToObject(o, "PkgID", SMS_DistributionJob_get_PkgID(job));
    cJSON_AddNumberToObject(o, "RemainingSize", SMS_DistributionJob_get_RemainingSize(job));
    cJSON_AddNumberToObject(o, "ReStartTime", SMS_DistributionJob_get_ReStartTime(job));
    cJSON_AddNumberToObject(o, "RetryCount", SMS_DistributionJob_get_RetryCount(job));
    cJSON_AddStringToObject(o, "StartTime", bench_datetime_text(SMS_DistributionJob_get_StartTime(job), dt));
    cJSON_AddNumberToObject(o, "State", SMS_DistributionJob_get_State(job));
    cJSON_AddNumberToObject(o, "TotalSize", (double)SMS_DistributionJob_get_TotalSize(job));
    char *s = cJSON_PrintUnformatted(o);
    int rc = s ? mofrt_buffer_append(out, s, strlen(s)) : -1;
    cJSON_free(s);
    cJSON_Delete(o);
    return rc;
}

static int encode_jansson(const SMS_DistributionJob *job, mofrt_buffer *out)
{
    char dt[MOFRT_DATETIME_TEXT_MAX];
    json_t *o = json_object();
    json_object_set_new(o, "Action", json_integer(SMS_DistributionJob_get_Action(job)));
    json_object_set_new(o, "CreationTime", json_string(bench_datetime_text(SMS_DistributionJob_get_CreationTime(job), dt)));
    json_object_set_new(o, "DPID", json_integer(SMS_DistributionJob_get_DPID(job)));
    json_object_set_new(o, "DynamicOrder", json_integer(SMS_DistributionJob_get_DynamicOrder(job)));
    json_object_set_new(o, "JobID", json_integer((json_int_t)SMS_DistributionJob_get_JobID(job)));
    json_object_set_new(o, "LastUpdateTime", json_string(bench_datetime_text(SMS_DistributionJob_get_LastUpdateTime(job), dt)));
    json_object_set_new(o, "NALPath", json_string(SMS_DistributionJob_get_NALPath(job)));
    json_object_set_new(o, "PackageVersion", json_integer(SMS_DistributionJob_get_PackageVersion(job)));
    json_object_set_new(o, "PkgID", json_string(SMS_DistributionJob_get_PkgID(job)));
    json_object_set_new(o, "RemainingSize", json_integer(SMS_DistributionJob_get_RemainingSize(job)));
    json_object_set_new(o, "ReStartTime", json_integer(SMS_DistributionJob_get_ReStartTime(job)));
    json_object_set_new(o, "RetryCount", json_integer(SMS_DistributionJob_get_RetryCount(job)));
    json_object_set_new(o, "StartTime", json_string(bench_datetime_text(SMS_DistributionJob_get_StartTime(job), dt)));
    json_object_set_new(o, "State", json_integer(SMS_DistributionJob_get_State(job)));
    json_object_set_new(o, "TotalSize", json_integer((json_int_t)SMS_DistributionJob_get_TotalSize(job)));
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    int rc = s ? mofrt_buffer_append(out, s, strlen(s)) : -1;
    free(s);
    json_decref(o);
    return rc;
}

/* ---- the table ------------------------------------------------------------------- */

typedef struct codec {
    const char *name;
    bool mof; /* reads and writes MOF instance text, not JSON */
    void (*decode)(const char *text, size_t length, bench_sink sink, void *context);
    int (*encode)(const SMS_DistributionJob *job, mofrt_buffer *out);
    double decode_seconds, encode_seconds;
    unsigned long long decode_allocations, encode_allocations;
    size_t encoded_bytes;
} codec;

static codec codecs[] = {
    {"mofgen generated", false, decode_generated, encode_generated, 0, 0, 0, 0, 0},
    {"simdjson + hand mapping", false, bench_decode_simdjson, NULL, 0, 0, 0, 0, 0},
    {"cJSON + hand mapping", false, decode_cjson, encode_cjson, 0, 0, 0, 0, 0},
    {"json-c + hand mapping", false, bench_decode_jsonc, bench_encode_jsonc, 0, 0, 0, 0, 0},
    {"jansson + hand mapping", false, decode_jansson, encode_jansson, 0, 0, 0, 0, 0},
    {"generated MOF instance text", true, decode_mof, encode_mof, 0, 0, 0, 0, 0},
};
#define CODECS (sizeof codecs / sizeof codecs[0])
#define CJSON 2

/* Encodes every record, one at a time into a reused buffer, as a writer of
 * JSON Lines would (the newline is the caller's). */
static void time_encode(codec *c, const SMS_DistributionJob *jobs, size_t records)
{
    mofrt_buffer out = {0};
    size_t bytes = 0;
    unsigned long long before = allocations;
    double t0 = now();
    for (size_t i = 0; i < records; i++) {
        mofrt_buffer_reset(&out);
        if (c->encode(&jobs[i], &out) != 0)
            die("an encoder failed");
        bytes += out.length + 1;
    }
    c->encode_seconds = now() - t0;
    c->encode_allocations = allocations - before;
    c->encoded_bytes = bytes;
    mofrt_buffer_free(&out);
}

/* Decodes what `c` wrote for each record and compares it with the record. */
static int check_encode(codec *c, const SMS_DistributionJob *jobs, size_t records)
{
    mofrt_buffer out = {0};
    SMS_DistributionJob back;
    SMS_DistributionJob_init(&back);
    int failures = 0;
    for (size_t i = 0; i < records && failures < 3; i++) {
        mofrt_buffer_reset(&out);
        mofrt_reader in;
        mofrt_error err;
        if (c->encode(&jobs[i], &out) != 0)
            die("an encoder failed");
        mofrt_reader_init(&in, out.data, out.length);
        int rc = c->mof ? SMS_DistributionJob_read_mof(&in, &back, 0, &err)
                        : SMS_DistributionJob_read_json(&in, &back, 0, &err);
        const char *where = rc == 1 ? difference(&jobs[i], &back) : err.message;
        if (where) {
            fprintf(stderr, "bench: %s: the text written for record %zu does not read back the same (%s): %s\n",
                    c->name, i, where, out.data);
            failures++;
        }
    }
    SMS_DistributionJob_free(&back);
    mofrt_buffer_free(&out);
    return failures;
}

int main(int argc, char **argv)
{
    size_t records = 1000000;
    if (argc > 2 || (argc == 2 && (records = strtoul(argv[1], NULL, 10)) == 0)) {
        fprintf(stderr, "usage: bench_codecs [RECORDS]   (default 1000000)\n");
        return 2;
    }
    size_t length;
    char *text = make_input(records, &length);

    /* The reference structs: the generated decoder's, kept for encoding and
     * for the comparisons. */
    SMS_DistributionJob *jobs = malloc(records * sizeof *jobs);
    if (!jobs)
        die("out of memory");
    {
        mofrt_reader in;
        mofrt_error err;
        mofrt_reader_init(&in, text, length);
        for (size_t i = 0; i < records; i++) {
            SMS_DistributionJob_init(&jobs[i]);
            if (SMS_DistributionJob_read_json(&in, &jobs[i], 0, &err) != 1)
                die("the generated decoder refused the input");
        }
    }

    /* MOF instance text of the same records, for the MOF reader. */
    mofrt_buffer mof = {0};
    for (size_t i = 0; i < records; i++)
        if (SMS_DistributionJob_to_mof(&jobs[i], &mof) != 0)
            die("out of memory");
    /* Read once before it is timed, as the JSON text was by the pass above:
     * on this machine the first read of freshly written (grown) memory runs
     * at half speed, which would be charged to the MOF reader alone. */
    volatile unsigned char touched = 0;
    for (size_t i = 0; i < mof.length; i += 64)
        touched ^= (unsigned char)mof.data[i];

    for (size_t k = 0; k < CODECS; k++) {
        codec *c = &codecs[k];
        check sum = {0};
        unsigned long long before = allocations;
        double t0 = now();
        c->decode(c->mof ? mof.data : text, c->mof ? mof.length : length, sink_sum, &sum);
        c->decode_seconds = now() - t0;
        c->decode_allocations = allocations - before;
        if (sum.next != records)
            die("a decoder lost records");
        if (c->encode)
            time_encode(c, jobs, records);
    }

    double json_mb = (double)length / 1e6, mof_mb = (double)mof.length / 1e6;
    printf("%zu SMS_DistributionJob records, every property set: %.1f MB of JSON Lines, %.1f MB of MOF; "
           "one pass each, same run\n\n",
           records, json_mb, mof_mb);
    printf("| codec | decode MB/s | records/s | x cJSON | allocs/record | encode MB/s | records/s | x cJSON | "
           "allocs/record |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    const codec *base = &codecs[CJSON];
    for (size_t k = 0; k < CODECS; k++) {
        const codec *c = &codecs[k];
        double in_mb = c->mof ? mof_mb : json_mb;
        printf("| %s | %.0f | %.0f | %.2f | %.2f |", c->name, in_mb / c->decode_seconds,
               (double)records / c->decode_seconds, base->decode_seconds / c->decode_seconds,
               (double)c->decode_allocations / (double)records);
        if (c->encode)
            printf(" %.0f | %.0f | %.2f | %.2f |\n", (double)c->encoded_bytes / 1e6 / c->encode_seconds,
                   (double)records / c->encode_seconds, base->encode_seconds / c->encode_seconds,
                   (double)c->encode_allocations / (double)records);
        else
            printf(" (no encoder) | | | |\n");
    }
    if (!COUNTING)
        printf("\n(allocations are counted with glibc only)\n");

    /* The checks, outside the timed passes. */
    int failures = 0;
    for (size_t k = 0; k < CODECS; k++) {
        codec *c = &codecs[k];
        check cmp = {.expected = jobs, .count = records, .codec = c->name};
        c->decode(c->mof ? mof.data : text, c->mof ? mof.length : length, sink_compare, &cmp);
        if (cmp.next != records && cmp.failures++ < 3)
            fprintf(stderr, "bench: %s decoded %zu records, not %zu\n", c->name, cmp.next, records);
        failures += cmp.failures;
        if (c->encode)
            failures += check_encode(c, jobs, records);
    }
    printf("\n%s\n", failures ? "MISMATCH: the codecs do not agree (see above)"
                              : "check: every decoder gave the generated decoder's structs, field by field, and "
                                "every encoder's text reads back to them");

    for (size_t i = 0; i < records; i++)
        SMS_DistributionJob_free(&jobs[i]);
    free(jobs);
    mofrt_buffer_free(&mof);
    free(text);
    return failures ? 1 : 0;
}
