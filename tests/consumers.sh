#!/usr/bin/env bash
# Installs mofgen into a fresh prefix and uses it the ways a C project
# would: checks the installed layout (header where the generated #include
# finds it, both runtimes, a versioned soname exporting only mofrt.h's
# functions, pkg-config files, man page, templates, docs, the CMake package's
# version rule), then builds the program of tests/package with CMake (Ninja
# and Makefiles, shared and static runtime), with a plain Makefile through
# pkg-config and with Meson through pkg-config, and runs each.
#   consumers.sh BUILD_DIR SOURCE_DIR WORK_DIR CC
set -euo pipefail
build=$1 src=$2 work=$3 cc=$4
rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix
fail() { echo "consumers: $*" >&2; exit 1; }
cmake --install "$build" --prefix "$prefix" >"$work/install.log"

# ---- the layout --------------------------------------------------------------
for f in bin/mofgen include/mofrt.h lib/libmofrt.a lib/libmofrt.so lib/pkgconfig/mofrt.pc \
         lib/pkgconfig/mofgen.pc lib/cmake/mofgen/mofgenConfig.cmake share/man/man1/mofgen.1 \
         share/mofgen/templates/README.md share/doc/mofgen/README.md share/doc/mofgen/LICENSE \
         share/doc/mofgen/CHANGELOG.md; do
  [ -e "$prefix/$f" ] || fail "not installed: $f"
done
for t in "$src"/templates/*.tmpl; do
  cmp -s "$t" "$prefix/share/mofgen/templates/$(basename "$t")" || fail "template $(basename "$t") not installed as is"
done
soname=$(readelf -d "$prefix/lib/libmofrt.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
version=$(sed -n 's/^#define MOFRT_VERSION "\([0-9]*\.[0-9]*\)\..*/\1/p' "$src/src/runtime/mofrt.h")
[ "$soname" = "libmofrt.so.$version" ] || fail "soname is '$soname', not libmofrt.so.$version"
[ -e "$prefix/lib/$soname" ] || fail "no $soname"
# Exported: exactly the functions mofrt.h declares.
nm -D --defined-only "$prefix/lib/libmofrt.so" | awk '$2 ~ /^[TDRB]$/ { print $3 }' | sed 's/@.*//' | sort >"$work/exported"
sed -n 's/^[A-Za-z].*[ *]\(mofrt_[a-z0-9_]*\)(.*/\1/p' "$src/src/runtime/mofrt.h" | sort -u >"$work/declared"
diff "$work/declared" "$work/exported" >"$work/symbols.diff" ||
  fail "libmofrt.so exports other than mofrt.h's functions (< declared only, > exported only):
$(cat "$work/symbols.diff")"
# No second -I needed for the generated #include "mofrt.h".
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
cflags=$(pkg-config --cflags mofrt)
[[ $cflags =~ ^-I([^ ]*)\ *$ ]] && [ "${BASH_REMATCH[1]}" -ef "$prefix/include" ] ||
  fail "pkg-config --cflags mofrt is '$cflags', not one -I naming PREFIX/include"
[ "$(pkg-config --variable=mofgen mofgen)" -ef "$prefix/bin/mofgen" ] || fail "pkg-config --variable=mofgen mofgen"
MANPATH=$prefix/share/man man -w mofgen >/dev/null 2>&1 || ! command -v man >/dev/null || fail "man mofgen: no entry"
# The CMake package's version rule (see CHANGELOG.md): 0.Y serves 0.Y requests only.
check_version() { # REQUESTED EXPECTED(TRUE|FALSE)
  local got
  cat >"$work/version.cmake" <<CMAKE
string(REPLACE "." ";" parts "\${PACKAGE_FIND_VERSION}")
list(GET parts 0 PACKAGE_FIND_VERSION_MAJOR)
list(GET parts 1 PACKAGE_FIND_VERSION_MINOR)
include($prefix/lib/cmake/mofgen/mofgenConfigVersion.cmake)
message("\${PACKAGE_VERSION_COMPATIBLE}")
CMAKE
  got=$(cmake -DPACKAGE_FIND_VERSION="$1" -P "$work/version.cmake" 2>&1)
  [ "$got" = "$2" ] || fail "find_package(mofgen $1) compatible: '$got', expected $2"
}
installed=$(sed -n 's/^#define MOFRT_VERSION "\(.*\)"/\1/p' "$src/src/runtime/mofrt.h")
major=${installed%%.*} minor=${installed#*.}; minor=${minor%%.*}
check_version "$major.$minor" TRUE
check_version "$installed" TRUE
check_version "$major.$((minor + 1))" FALSE
check_version "$((major + 1)).0" FALSE
[ "$major" != 0 ] || [ "$minor" = 0 ] || check_version "0.$((minor - 1))" FALSE

# ---- the consumers -------------------------------------------------------------
expected=$(printf 'instance of Shop_Order\n{\n    Id = 7;\n    Customer = "Ann \\"A\\" Lee";\n    Status = 1;\n};')
run() { # PROGRAM KIND: prints the expected MOF, and links the runtime as KIND says
  local out needed
  out=$("$1" <"$src/tests/package/order.json") || fail "$1 failed"
  [ "$out" = "$expected" ] || fail "$1 printed:
$out"
  needed=$(readelf -d "$1" | grep -c "NEEDED.*\[$soname\]" || true)
  case $2 in
    shared) [ "$needed" = 1 ] || fail "$1 does not link $soname" ;;
    static) [ "$needed" = 0 ] || fail "$1 links $soname, not the static runtime" ;;
  esac
  echo "ok: $1 ($2 runtime)"
}
for generator in Ninja "Unix Makefiles"; do
  for kind in shared static; do
    dir=$work/cmake-${generator// /-}-$kind
    cmake -S "$src/tests/package" -B "$dir" -G "$generator" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_C_COMPILER="$cc" -DMOFGEN_RUNTIME=$kind >"$dir.log" 2>&1 || { cat "$dir.log"; fail "cmake ($generator, $kind)"; }
    cmake --build "$dir" >>"$dir.log" 2>&1 || { cat "$dir.log"; fail "build ($generator, $kind)"; }
    run "$dir/consumer" $kind
  done
done
make -s -C "$src/tests/consumers/make" OUT="$work/make" CC="$cc" >"$work/make.log" 2>&1 ||
  { cat "$work/make.log"; fail "make"; }
run "$work/make/consumer-shared" shared
run "$work/make/consumer-static" static
CC=$cc meson setup "$work/meson" "$src/tests/consumers/meson" >"$work/meson.log" 2>&1 &&
  ninja -C "$work/meson" >>"$work/meson.log" 2>&1 || { cat "$work/meson.log"; fail "meson"; }
run "$work/meson/consumer-shared" shared
run "$work/meson/consumer-static" static
rm -rf "$work"
echo "installed mofgen: layout, pkg-config, CMake (Ninja, Makefiles), make and Meson consumers all work"
