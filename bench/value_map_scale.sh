#!/bin/sh
# value_map_scale.sh [MOFGEN [N]]: times mofgen --syntax-only on one property
# whose ValueMap and Values have N entries (default 1,000,000), and on one
# with N/2 values and N/2 ranges and a default array of N/2 values tested
# against them: both grow as N log N (the checks sort; they used to compare
# every pair).  Run from the source tree after a build.
set -eu
mofgen=${1:-build/mofgen}
n=${2:-1000000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
awk -v n="$n" 'BEGIN {
    printf "class Big { [ValueMap{"; for (i = 0; i < n; i++) printf "%s\"%d\"", i ? "," : "", i
    printf "}, Values{"; for (i = 0; i < n; i++) printf "%s\"v%d\"", i ? "," : "", i
    print "}] uint32 X; };" }' >"$dir/pairs.mof"
awk -v n="$((n / 2))" 'BEGIN {
    printf "class Big { [ValueMap{"; for (i = 0; i < n; i++) printf "\"%d\",", 2 * i
    for (i = 0; i < n; i++) printf "%s\"%d..%d\"", i ? "," : "", 10000000 + 3 * i, 10000001 + 3 * i
    printf "}] uint32 X[] = {"; for (i = 0; i < n; i++) printf "%s%d", i ? "," : "", 2 * i
    print "}; };" }' >"$dir/values.mof"
for f in pairs values; do
    start=$(date +%s.%N)
    "$mofgen" --syntax-only "$dir/$f.mof"
    end=$(date +%s.%N)
    awk -v f="$f" -v n="$n" -v s="$start" -v e="$end" 'BEGIN { printf "%s (%d entries): %.2f s\n", f, n, e - s }'
done
