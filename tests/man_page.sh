#!/usr/bin/env bash
# The man page documents the command line that `mofgen --help` shows: every
# option, and exactly the warnings of src/util/diag.h with their quirk marks.
# groff's own checks run too where groff is installed.
#   man_page.sh MOFGEN doc/mofgen.1
set -euo pipefail
mofgen=$1 page=$2
help=$("$mofgen" --help)
# The roff source with \- read as -, font changes and quotes dropped.
text=$(sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/"//g' "$page")
status=0
while read -r opt; do
  opt=${opt%NAME}
  if ! grep -qE -- "(^|[ ])$(printf '%s' "$opt" | sed 's/[]=.[]/\\&/g')([^A-Za-z-]|$)" <<<"$text"; then
    echo "$page: option '$opt' of mofgen --help is not documented" >&2
    status=1
  fi
done < <(sed -n 's/^  \(-[^ ]*\(, -[^ ]*\)*\).*/\1/p' <<<"$help" | tr ',' '\n' | sed 's/^ *//')
help_warnings=$(sed -n '/^Warnings/,/^$/s/^  \([* ]\) \([a-z-]*\) .*/\2\1/p' <<<"$help" | sort)
# Each warning is a .TP paragraph whose tag is `.B name` or `.B name *`.
page_warnings=$(awk '/^\.SH/ { in_w = ($2 == "WARNINGS") } in_w && tag && /^\.B [a-z-]+( \*)?$/ { print $2 ($3 == "*" ? "*" : " ") }
  { tag = ($0 == ".TP") }' <<<"$text" | sort)
if [ "$help_warnings" != "$page_warnings" ]; then
  echo "$page: WARNINGS differ from mofgen --help (name, * = quirk):" >&2
  diff <(echo "$help_warnings") <(echo "$page_warnings") >&2 || true
  status=1
fi
for word in "EXIT STATUS" EXAMPLES; do
  grep -q "^\.SH $word" "$page" || { echo "$page: no $word section" >&2; status=1; }
done
if command -v groff >/dev/null; then
  warnings=$(LC_ALL=C.UTF-8 groff -man -ww -z "$page" 2>&1)
  [ -z "$warnings" ] || { echo "$warnings" >&2; status=1; }
fi
[ $status = 0 ] && echo "$page documents every option and warning of mofgen --help"
exit $status
