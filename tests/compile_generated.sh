#!/usr/bin/env bash
# Generates C for every class of a MOF schema and compiles all of it as
# strict C99 with -Werror: the bindings for real schemas must build clean.
#   compile_generated.sh MOFGEN RUNTIME_INCLUDE_DIR CC FILE.mof
set -euo pipefail
mofgen=$1 runtime=$2 cc=$3 mof=$4
# Without the corpus: 77, which ctest reports as skipped (see MOFGEN_CORPUS_DIR).
if [ ! -e "$mof" ]; then
  echo "SKIP: '$mof' does not exist: configure with -DMOFGEN_CORPUS_DIR=DIR to point at the corpora"
  exit 77
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$mofgen" -o "$out" "$mof"
count=$(ls "$out"/*.c | wc -l)
ls "$out"/*.c | xargs -P "$(nproc)" -n 25 "$cc" -std=c99 -Wall -Wextra -Wpedantic -Werror -I"$out" -I"$runtime" -fsyntax-only
echo "compiled the generated C of $count classes from $(basename "$mof") cleanly"
