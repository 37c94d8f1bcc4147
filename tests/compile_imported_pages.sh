#!/usr/bin/env bash
# Every Configuration Manager SDK class page through `mofgen import-doc`,
# each on its own (pages redeclare each other's classes), then the bindings
# of each imported .mof: they must compile as strict C99 with -Werror.
#   compile_imported_pages.sh MOFGEN RUNTIME_INCLUDE_DIR CC PAGES_DIR
set -euo pipefail
mofgen=$1 runtime=$2 cc=$3 pages=$4
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
count=0
while IFS= read -r page; do
  # a class page: its Syntax block starts with "class" (as test_import_corpus counts them)
  first=$(awk '/^## Syntax/{s=1} s && /```/{c++; next} s && c==1 && NF {print; exit}' "$page" | tr -d '\r')
  printf '%s\n' "$first" | grep -qiE '^[[:space:]]*class([^A-Za-z0-9_]|$)' || continue
  count=$((count + 1))
  dir="$out/$count"
  mkdir -p "$dir/mof" "$dir/c"
  "$mofgen" import-doc -w -o "$dir/mof" "$page"
  "$mofgen" -w -o "$dir/c" "$dir"/mof/*.mof
done < <(find "$pages" -name '*.md' | sort)
find "$out" -name '*.c' -print0 |
  xargs -0 -P "$(nproc)" -I{} sh -c 'exec "$0" -std=c99 -Wall -Wextra -Wpedantic -Werror -I"$(dirname "$1")" -I"$2" -fsyntax-only "$1"' \
    "$cc" {} "$runtime"
echo "imported $count SDK class pages; their bindings compile cleanly"
