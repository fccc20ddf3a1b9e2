#!/bin/sh
# The Debian packages as a user gets them (make test-deb; root, Debian):
# dpkg -i the .debs of .build/deb/, then from / a bare ".load httpstatus" in
# the sqlite3 shell and load_extension('httpstatus') in Debian's python3
# find the library, the installed importer imports a shipped log, and
# dpkg --purge leaves the file system as it was before.
. tests/lib.sh

if [ "$(id -u)" != 0 ] || ! command -v dpkg >/dev/null 2>&1; then
  echo "1..0 # SKIP needs root and dpkg"
  exit 0
fi
names=${LIBRARY_NAMES:-httpstatus}
set -- $names
case " $names " in *" httplog "*) with_httplog=1 ;; *) with_httplog=0 ;; esac
case " $names " in *" httpagent "*) with_httpagent=1 ;; *) with_httpagent=0 ;; esac
plan $((16 + 2 * $# + with_httplog + 3 * with_httpagent))

top=$(pwd)
packages="libsqlite3-mod-httpstatus httpstatus-tools"
debs=
for p in $packages; do debs="$debs $(ls .build/deb/${p}_*.deb 2>/dev/null | head -n 1)"; done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The file system outside the places other programs write to all the time.
snapshot() {
  find /usr /etc /opt /var/lib -xdev \( -path /var/lib/apt/lists -o -path /var/lib/dpkg/updates \
    -o -path /var/lib/systemd \) -prune -o -print 2>/dev/null | LC_ALL=C sort
}

# run_dpkg LOG ARGS...: dpkg ARGS, output to LOG, retried for up to five
# minutes while another dpkg or apt holds the lock.
run_dpkg() {
  log_file=$1
  shift
  tries=0
  until dpkg "$@" >"$log_file" 2>&1; do
    grep -q 'lock' "$log_file" && [ $tries -lt 150 ] || return 1
    tries=$((tries + 1))
    sleep 2
  done
}

run_dpkg "$tmp/purge-first.log" --purge $packages
snapshot >"$tmp/before"

run_dpkg "$tmp/install.log" -i $debs
status=$?
ok $status "dpkg -i$debs"
[ $status = 0 ] || sed 's/^/# /' "$tmp/install.log"

multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
for name in $names; do
  [ -f "/usr/lib/$multiarch/$name.so" ]
  ok $? "the library is /usr/lib/$multiarch/$name.so"
  got=$(cd / && sqlite3 -batch :memory: -cmd ".load $name" "SELECT 'loaded';" 2>&1)
  is "$got" "loaded" "from /, a bare '.load $name' loads it"
done

got=$(cd / && sqlite3 -batch :memory: -cmd '.load httpstatus' "SELECT http_status_name(404);" 2>&1)
is "$got" "Not Found" "from /, sqlite3's bare '.load httpstatus' finds it"

got=$(cd / && /usr/bin/python3 -c '
import sqlite3
conn = sqlite3.connect(":memory:")
conn.enable_load_extension(True)
conn.load_extension("httpstatus")
print(conn.execute("SELECT httpstatus_version()").fetchone()[0])' 2>&1)
is "$got" "$(cat VERSION)" "from /, Debian's python3 loads it with load_extension('httpstatus')"

got=$(cd / && sqlite3 -batch :memory: "SELECT load_extension('httpstatus') IS NULL;" \
  "SELECT http_status_class(503);" 2>&1)
is "$got" "$(printf '1\nServer Error')" "SQL's load_extension('httpstatus') finds it too"

[ -x /usr/bin/httpstatus-import ]
ok $? "the importer is /usr/bin/httpstatus-import"

[ -f /usr/share/man/man1/httpstatus-import.1.gz ]
ok $? "its man page is installed"

[ -x /usr/bin/httpstatus-report ] && [ -f /usr/share/man/man1/httpstatus-report.1.gz ]
ok $? "the report is /usr/bin/httpstatus-report, with its man page"

log=$top/data/logs/elastic-apache/apache_logs.gz
lines=$(gzip -dc "$log" | wc -l)
got=$(cd "$tmp" && httpstatus-import logs.db "$log" 2>&1)
is "$got" "$log: $lines lines, 0 already stored, $((lines - 1)) imported, 1 rejected, format combined" \
  "httpstatus-import imports a shipped log ($lines lines by wc -l)"

got=$(cd "$tmp" && httpstatus-report --json --db logs.db | /usr/bin/python3 -c 'import json, sys; l = json.load(sys.stdin)["lines"]; print(l["parsed"] + l["rejected"])')
is "$got" "$lines" "httpstatus-report reads the imported database: every line counted"
got=$(cd "$tmp" && httpstatus-report -o report.html "$log" && grep -c '<svg role="img"' report.html)
ok $((got < 4)) "and writes the page of the log itself ($got charts)"

got=$(sqlite3 -batch "$tmp/logs.db" "SELECT (SELECT count(*) FROM log) + (SELECT count(*) FROM rejects);")
is "$got" "$lines" "log and rejects hold every line"

# awk's ninth field is the status on every line that parses; the one line of
# this log that does not (a truncated user agent) has 200 there, so the 4xx
# count of awk and of the imported table must agree.
expected=$(gzip -dc "$log" | awk '$9 ~ /^4[0-9][0-9]$/ { n++ } END { print n }')
got=$(cd / && sqlite3 -batch "$tmp/logs.db" -cmd '.load httpstatus' \
  "SELECT count(*) FROM log WHERE http_status_class(status) = 'Client Error';" 2>&1)
is "$got" "$expected" "the installed importer and library together: 4xx rows match awk"

if [ $with_httplog = 1 ]; then
  got=$(cd / && sqlite3 -batch :memory: -cmd '.load httpstatus' -cmd '.load httplog' \
    "SELECT count(*) FROM http_log('$log') WHERE http_status_class(status) = 'Client Error';" 2>&1)
  is "$got" "$expected" "http_log() of the installed httplog reads the shipped log: 4xx rows match awk"
fi

if [ $with_httpagent = 1 ]; then
  got=$(cd / && sqlite3 -batch :memory: -cmd '.load httpagent' -cmd '.load httplog' \
    "SELECT http_agent_browser('Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0'),
      http_agent_is_bot('curl/8.5.0'), http_geo('192.0.2.7', '$top/data/geo/example.mmdb');" 2>&1)
  is "$got" "Firefox|1|DE" "the installed httpagent parses, the installed httplog's http_geo reads a MaxMind DB"
  depends=$(dpkg-query -W -f '${Depends}' libsqlite3-mod-httpstatus)
  like "$depends" "libpcre2-8-0" "the library package depends on PCRE2, which httpagent links"
  like "$depends" "libmaxminddb0" "and on libmaxminddb, which httplog links"
fi

files=$(dpkg -L $packages | while read -r f; do [ -f "$f" ] && echo "$f"; done)
run_dpkg "$tmp/purge.log" --purge $packages
status=$?
ok $status "dpkg --purge $packages"
[ $status = 0 ] || sed 's/^/# /' "$tmp/purge.log"

left=$(for f in $files; do [ -e "$f" ] && echo "$f"; done)
is "$left" "" "no file of the packages is left"

snapshot >"$tmp/after"
got=$(diff "$tmp/before" "$tmp/after")
is "$got" "" "the file system under /usr /etc /opt /var/lib is as before the install"

[ -n "$files" ] && echo "$files" | grep -q "/usr/lib/$multiarch/httpstatus.so"
ok $? "the packages' file list was read (dpkg -L)"
