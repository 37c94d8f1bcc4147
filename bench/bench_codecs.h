/*
 * bench_codecs.h - what bench_codecs.c and its C++ translation unit for
 * simdjson (bench_simdjson.cpp) share.
 */
#ifndef BENCH_CODECS_H
#define BENCH_CODECS_H

#include "SMS_DistributionJob.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Zero bytes after the input text: simdjson reads up to 64 past the end. */
#define BENCH_PADDING 64

/* Called with each decoded record. */
typedef void (*bench_sink)(const SMS_DistributionJob *job, void *context);

/* Parses `s` (n bytes, RFC 3339 or DMTF) into *dt; exits on a bad value. */
void bench_datetime(mofrt_datetime *dt, const char *s, size_t n);

/* The hand mapping the tree libraries share: a property name, its value,
 * and how to get an integer or a string out of that value. */
typedef struct tree_value {
    unsigned long long (*integer)(const void *v);
    const char *(*string)(const void *v);
} tree_value;
void bench_map_property(SMS_DistributionJob *job, const char *key, const void *v, const tree_value *t);

/* The JSON form of a datetime, in `buf`. */
const char *bench_datetime_text(const mofrt_datetime *dt, char buf[MOFRT_DATETIME_TEXT_MAX]);

/* json-c's hand mapping (bench_jsonc.c). */
void bench_decode_jsonc(const char *text, size_t length, bench_sink sink, void *context);
int bench_encode_jsonc(const SMS_DistributionJob *job, mofrt_buffer *out);

/* The simdjson (On-Demand) hand mapping: JSON Lines -> struct, one reused. */
void bench_decode_simdjson(const char *text, size_t length, bench_sink sink, void *context);

#ifdef __cplusplus
}
#endif

#endif
