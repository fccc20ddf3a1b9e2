#!/bin/sh
# Checks for what building and testing httpstatus needs. As root on Debian it
# installs what is missing; otherwise it names the command that would.
missing=
command -v cc >/dev/null 2>&1 || missing="$missing gcc libc6-dev"
command -v sqlite3 >/dev/null 2>&1 || missing="$missing sqlite3"
command -v prove >/dev/null 2>&1 || missing="$missing perl"
[ -f /usr/include/sqlite3ext.h ] || missing="$missing libsqlite3-dev"
# httplog (ext/log/) links the four decompression libraries; its tests
# write compressed files with the matching programs.
for pkg in zlib1g-dev libbz2-dev liblzma-dev libzstd-dev; do
  if command -v dpkg >/dev/null 2>&1; then
    dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
  fi
done
# httpagent (ext/agent/) links PCRE2 and httplog's http_geo libmaxminddb; the
# tests compare with uap-core's test files and python3-ua-parser, and write
# and read MaxMind DBs with the Perl writer and python3-maxminddb.
for pkg in libpcre2-dev libmaxminddb-dev uap-core python3-ua-parser python3-yaml \
  libmaxmind-db-writer-perl python3-maxminddb; do
  if command -v dpkg >/dev/null 2>&1; then
    dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
  fi
done
command -v bzip2 >/dev/null 2>&1 || missing="$missing bzip2"
command -v xz >/dev/null 2>&1 || missing="$missing xz-utils"
command -v zstd >/dev/null 2>&1 || missing="$missing zstd"
# Tests read the logs with Debian's Python too (tests/log_expect.py).
[ -x /usr/bin/python3 ] || missing="$missing python3"
[ -z "$missing" ] && exit 0

line="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "httpstatus: installing:$missing"
  DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive $line
  exit $?
fi
echo "httpstatus: missing:$missing. Install them with (as root):" >&2
echo "  apt-get update && $line" >&2
exit 1
