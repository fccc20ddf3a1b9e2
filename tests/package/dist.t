#!/bin/sh
# The source tarball (make test-dist): make dist twice, the second time under
# another umask, gives the same bytes; the .sha256 verifies; the tarball
# holds exactly the tracked files under httpstatus-VERSION/ with fixed owners
# and mtimes; and make test passes in the unpacked tarball.
. tests/lib.sh

if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "1..0 # SKIP make dist needs a git checkout"
  exit 0
fi
plan 8

version=$(cat VERSION)
name=httpstatus-$version
tarball=.build/dist/$name.tar.gz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

make -s dist >"$tmp/dist1.log" 2>&1
ok $? "make dist writes $tarball"
cp "$tarball" "$tmp/first.tar.gz"
rm -f "$tarball"
(umask 077 && make -s dist >"$tmp/dist2.log" 2>&1)
cmp "$tmp/first.tar.gz" "$tarball"
ok $? "a second make dist (umask 077) writes the same bytes"

(cd .build/dist && sha256sum --check --quiet "$name.tar.gz.sha256")
ok $? "its .sha256 verifies"

got=$(tar -tzf "$tarball" | sed "s,^$name/,," | LC_ALL=C sort)
expected=$(git ls-files | LC_ALL=C sort)
is "$got" "$expected" "it holds the tracked files, under $name/"

epoch=$(git log -1 --format=%ct)
got=$(tar -tvzf "$tarball" --numeric-owner --full-time --utc |
  awk '{ print $2, $4, $5 }' | sort -u)
expected="0/0 $(date -u -d "@$epoch" '+%Y-%m-%d %H:%M:%S')"
is "$got" "$expected" "owner 0/0 and the last commit's time on every file"

got=$(tar -tvzf "$tarball" | awk '$1 !~ /^-rw-r--r--$|^-rwxr-xr-x$/' | head -n 3)
is "$got" "" "modes are 0644 or 0755"

tar -xzf "$tarball" -C "$tmp"
make -C "$tmp/$name" test TESTS="${DIST_TESTS:-tests/}" >"$tmp/test.log" 2>&1
status=$?
ok $status "make test passes in the unpacked tarball"
[ $status = 0 ] || tail -n 30 "$tmp/test.log" | sed 's/^/# /'

[ ! -e "$tmp/$name/.git" ] && grep -q '^Result: PASS' "$tmp/test.log"
ok $? "... which is not a git checkout, and prove reported PASS"
