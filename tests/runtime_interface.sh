#!/usr/bin/env bash
# The runtime's interface as a compiler sees it (issue 14):
#  - a generated header refuses, with #error, a mofrt.h of another ABI;
#  - ignoring the result of a fallible generated or runtime function is a
#    warning (warn_unused_result), so -Werror=unused-result refuses it;
#  - the same code that checks its results compiles clean.
#   runtime_interface.sh CC RUNTIME_INCLUDE_DIR GENERATED_DIR
set -euo pipefail
cc=$1 runtime=$2 generated=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "runtime_interface: $*" >&2; exit 1; }
flags=(-std=c99 -Wall -Wextra -Wpedantic -Werror -c -o /dev/null)  # not -fsyntax-only: GCC checks results later

cat >"$work/checked.c" <<'C'
#include "SMS_DistributionJob.h"
int decode(mofrt_reader *in, SMS_DistributionJob *job, mofrt_error *err)
{
    return SMS_DistributionJob_read_json(in, job, 0, err);
}
C
"$cc" "${flags[@]}" -I"$generated" -I"$runtime" "$work/checked.c" || fail "checked use does not compile"

# Another ABI: the same code against a mofrt.h whose MOFRT_ABI_VERSION differs.
mkdir "$work/other"
sed 's/^#define MOFRT_ABI_VERSION \([0-9]*\)$/#define MOFRT_ABI_VERSION 999\1/' "$runtime/mofrt.h" >"$work/other/mofrt.h"
grep -q '^#define MOFRT_ABI_VERSION 999' "$work/other/mofrt.h" || fail "mofrt.h has no MOFRT_ABI_VERSION line"
if "$cc" "${flags[@]}" -I"$generated" -I"$work/other" "$work/checked.c" 2>"$work/abi.log"; then
  fail "SMS_DistributionJob.h compiled against a mofrt.h of another ABI"
fi
grep -q "generated for mofrt ABI" "$work/abi.log" || { cat "$work/abi.log" >&2; fail "no #error naming the ABI"; }

# Unchecked results.
for call in 'SMS_DistributionJob_read_json(in, job, 0, err)' 'SMS_DistributionJob_set_State(job, 1)' \
            'SMS_DistributionJob_to_json(job, out)' 'mofrt_buffer_append(out, "x", 1)' \
            'mofrt_datetime_parse("x", 1, &job->StartTime, err)'; do
  cat >"$work/unchecked.c" <<C
#include "SMS_DistributionJob.h"
void ignore(mofrt_reader *in, SMS_DistributionJob *job, mofrt_buffer *out, mofrt_error *err)
{
    (void)in; (void)job; (void)out; (void)err;
    $call;
}
C
  if "$cc" "${flags[@]}" -Werror=unused-result -I"$generated" -I"$runtime" "$work/unchecked.c" 2>"$work/unused.log"; then
    fail "ignoring $call compiled without a warning"
  fi
  grep -q "unused\|ignoring return value" "$work/unused.log" || { cat "$work/unused.log" >&2; fail "unexpected error for $call"; }
done
echo "runtime interface: ABI check and warn_unused_result hold"
