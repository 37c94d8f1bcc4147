/*
 * bench_simdjson.cpp - the SMS_DistributionJob mapping written by hand on
 * simdjson's On-Demand API, for bench_codecs.c: the fastest JSON parser
 * Debian packages, as the ceiling a generated decoder is measured against.
 */
#include "bench_codecs.h"

#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <strings.h>

namespace {

bool is(std::string_view key, const char *name)
{
    return key.size() == std::strlen(name) && strncasecmp(key.data(), name, key.size()) == 0;
}

[[noreturn]] void fail(simdjson::error_code e)
{
    std::fprintf(stderr, "bench: simdjson: %s\n", simdjson::error_message(e));
    std::exit(1);
}

template <typename T> T get(simdjson::simdjson_result<T> r)
{
    T value;
    if (auto e = std::move(r).get(value))
        fail(e);
    return value;
}

/* The setters take NUL-terminated strings. */
const char *terminated(std::string &scratch, std::string_view s)
{
    scratch.assign(s.data(), s.size());
    return scratch.c_str();
}

void map(SMS_DistributionJob *job, std::string_view key, simdjson::ondemand::value v, std::string &scratch)
{
    if (is(key, "Action")) SMS_DistributionJob_set_Action(job, (uint32_t)get(v.get_uint64()));
    else if (is(key, "CreationTime")) { auto s = get(v.get_string()); bench_set_datetime(job, s.data(), s.size(), SMS_DistributionJob_set_CreationTime); }
    else if (is(key, "DPID")) SMS_DistributionJob_set_DPID(job, (uint32_t)get(v.get_uint64()));
    else if (is(key, "DynamicOrder")) SMS_DistributionJob_set_DynamicOrder(job, (uint32_t)get(v.get_uint64()));
    else if (is(key, "JobID")) SMS_DistributionJob_set_JobID(job, get(v.get_uint64()));
    else if (is(key, "LastUpdateTime")) { auto s = get(v.get_string()); bench_set_datetime(job, s.data(), s.size(), SMS_DistributionJob_set_LastUpdateTime); }
    else if (is(key, "NALPath")) SMS_DistributionJob_set_NALPath(job, terminated(scratch, get(v.get_string())));
    else if (is(key, "PackageVersion")) SMS_DistributionJob_set_PackageVersion(job, (uint32_t)get(v.get_uint64()));
    else if (is(key, "PkgID")) SMS_DistributionJob_set_PkgID(job, terminated(scratch, get(v.get_string())));
    else if (is(key, "RemainingSize")) SMS_DistributionJob_set_RemainingSize(job, (uint32_t)get(v.get_uint64()));
    else if (is(key, "ReStartTime")) SMS_DistributionJob_set_ReStartTime(job, (uint32_t)get(v.get_uint64()));
    else if (is(key, "RetryCount")) SMS_DistributionJob_set_RetryCount(job, (uint32_t)get(v.get_uint64()));
    else if (is(key, "StartTime")) { auto s = get(v.get_string()); bench_set_datetime(job, s.data(), s.size(), SMS_DistributionJob_set_StartTime); }
    else if (is(key, "State")) SMS_DistributionJob_set_State(job, (uint32_t)get(v.get_uint64()));
    else if (is(key, "TotalSize")) SMS_DistributionJob_set_TotalSize(job, get(v.get_uint64()));
}

} // namespace

extern "C" void bench_decode_simdjson(const char *text, size_t length, bench_sink sink, void *context)
{
    simdjson::ondemand::parser parser;
    std::string scratch;
    SMS_DistributionJob job;
    SMS_DistributionJob_init(&job);
    simdjson::ondemand::document_stream stream;
    if (auto e = parser.iterate_many(text, length, simdjson::ondemand::DEFAULT_BATCH_SIZE).get(stream))
        fail(e);
    for (auto doc : stream) {
        simdjson::ondemand::object object = get(doc.get_object());
        for (auto field : object) {
            std::string_view key = get(field.unescaped_key());
            map(&job, key, field.value(), scratch);
        }
        sink(&job, context);
        SMS_DistributionJob_free(&job);
    }
}
