#!/usr/bin/env bash
# CI: the README's quick start on a fresh Debian 12 machine.  Bootstraps a
# minimal root (debootstrap --variant=minbase bookworm, from the first Debian
# mirror of this machine's apt sources), clones the project into it and runs
# the README's Quick start commands, exactly as written there (chroot, as
# root): first with no ../shared beside the clone, where the corpus tests
# must report SKIP and nothing else may; then again with ../shared copied
# beside it, where nothing may be skipped.  The second run reuses the first
# one's packages and build (a second bootstrap and build would add ~8 min to
# CI; the build from scratch is what the first run proves).
#   .ci/fresh-machine.sh      (as root; needs debootstrap and git)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$(mktemp -d)
root=$work/root
cleanup() {
  for m in dev/pts dev proc; do umount "$root/$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

# The mirror: the first Debian URI of /etc/apt/sources.list(.d), either format.
mirror=$({ cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } |
  sed -n -e 's/^deb \(\[[^]]*\] \)\{0,1\}\(http[^ ]*\/debian\/\{0,1\}\) .*/\2/p' -e 's/^URIs: *\(http[^ ]*\/debian\/\{0,1\}\)$/\1/p' |
  head -n1)
mirror=${mirror:-http://deb.debian.org/debian}
echo "debootstrap from $mirror"
start=$SECONDS
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { tail -n 30 "$work/debootstrap.log"; exit 1; }
echo "minimal root bootstrapped in $((SECONDS - start)) s"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"

# The Quick start's code blocks, as the README has them.
sed -n '/^## Quick start/,/^## /p' README.md | awk '/^```sh/ { f = 1; next } /^```/ { f = 0 } f' >"$root/quick-start.sh"
echo "the README's quick start:"; sed 's/^/    /' "$root/quick-start.sh"

dir=/fresh
mkdir -p "$root$dir"
git clone -q "$repo" "$root$dir/mofgen"
run_case() { # NAME WITH_SHARED(yes|no)
  local log=$work/$1.log
  [ "$2" = no ] || cp -r ../shared "$root$dir/shared"
  start=$SECONDS
  if ! chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
         /bin/bash -euo pipefail -c "cd $dir/mofgen && . /quick-start.sh" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fresh machine ($1): the quick start failed" >&2
    exit 1
  fi
  grep -E "tests passed|Skipped" "$log"
  local skipped
  skipped=$(sed -n 's/^[[:space:]]*[0-9]* - \([^ ]*\) (Skipped)$/\1/p' "$log" | sort | tr '\n' ' ')
  local expected=""
  [ "$2" = yes ] || expected="compile_cim_bindings compile_imported_pages compile_sdk_bindings test_corpus test_import test_import_corpus "
  if [ "$skipped" != "$expected" ]; then
    echo "fresh machine ($1): skipped '${skipped}', expected '${expected}'" >&2
    exit 1
  fi
  echo "fresh machine ($1): quick start passed in $((SECONDS - start)) s"
}
run_case without-shared no
run_case with-shared yes
