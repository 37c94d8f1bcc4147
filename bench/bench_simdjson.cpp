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

char *copy(std::string_view s)
{
    char *c = static_cast<char *>(std::malloc(s.size() + 1));
    if (!c)
        std::exit(1);
    std::memcpy(c, s.data(), s.size());
    c[s.size()] = '\0';
    return c;
}

/* Plain assignments, as the struct invites. */
void map(SMS_DistributionJob *job, std::string_view key, simdjson::ondemand::value v)
{
#define INT(P) if (is(key, #P)) { job->P = static_cast<decltype(job->P)>(get(v.get_uint64())); job->has_##P = true; }
#define STR(P) if (is(key, #P)) { std::free(job->P); job->P = copy(get(v.get_string())); }
#define DT(P) if (is(key, #P)) { auto s = get(v.get_string()); bench_datetime(&job->P, s.data(), s.size()); job->has_##P = true; }
    INT(Action) else DT(CreationTime) else INT(DPID) else INT(DynamicOrder) else INT(JobID)
    else DT(LastUpdateTime) else STR(NALPath) else INT(PackageVersion) else STR(PkgID) else INT(RemainingSize)
    else INT(ReStartTime) else INT(RetryCount) else DT(StartTime) else INT(State) else INT(TotalSize)
#undef INT
#undef STR
#undef DT
}

} // namespace

extern "C" void bench_decode_simdjson(const char *text, size_t length, bench_sink sink, void *context)
{
    simdjson::ondemand::parser parser;
    SMS_DistributionJob job;
    SMS_DistributionJob_init(&job);
    simdjson::ondemand::document_stream stream;
    if (auto e = parser.iterate_many(text, length, simdjson::ondemand::DEFAULT_BATCH_SIZE).get(stream))
        fail(e);
    for (auto doc : stream) {
        simdjson::ondemand::object object = get(doc.get_object());
        for (auto field : object) {
            std::string_view key = get(field.unescaped_key());
            map(&job, key, field.value());
        }
        sink(&job, context);
        SMS_DistributionJob_free(&job);
    }
}
