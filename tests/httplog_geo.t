#!/bin/sh
# http_geo(ip, mmdb_path [, field]) (ext/log/log_geo.c, docs/geo.md): the
# example database data/geo/example.mmdb, databases written here with
# Debian's libmaxmind-db-writer-perl and compared with python3-maxminddb's
# pure-Python reader (tests/geo_reference.py), NULLs, files that are missing,
# not MaxMind DBs or corrupt, the file opened once per connection, and
# DIRECTONLY. The parts that need the writer or the reader skip, saying so,
# without them (tools/deps.sh and CI install both).
#
# MAXMIND_DB_DIR, when set, names a checkout of MaxMind's MaxMind-DB
# repository (its test databases, MIT or Apache-2.0; not shipped here): every
# database of its test-data/ that source-data/ describes is compared with the
# reader too, and each of its broken databases must answer or fail with an
# error naming the file.
. tests/lib.sh
HTTPLOG=${HTTPLOG:-./httplog}
PYTHON=/usr/bin/python3
hl() { "$SQLITE3" -batch :memory: -cmd ".load $HTTPLOG" "$@"; }
DB=data/geo/example.mmdb

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

plan 31

is "$(hl "SELECT http_geo('192.0.2.7', '$DB'), http_geo('192.0.2.200', '$DB'), http_geo('198.51.100.1', '$DB'),
  http_geo('203.0.113.255', '$DB'), http_geo('2001:db8::1', '$DB')")" 'DE|FR|US|JP|NZ' \
  "the country's ISO code by default, IPv4 and IPv6"
is "$(hl "SELECT http_geo('192.0.2.7', '$DB', 'city.names.en'), http_geo('192.0.2.7', '$DB', 'country.names.de'),
  http_geo('192.0.2.7', '$DB', 'subdivisions.0.iso_code'), http_geo('192.0.2.7', '$DB', 'autonomous_system_number'),
  typeof(http_geo('192.0.2.7', '$DB', 'autonomous_system_number')), http_geo('192.0.2.7', '$DB', 'location.latitude'),
  typeof(http_geo('192.0.2.7', '$DB', 'location.latitude')), http_geo('192.0.2.7', '$DB', 'country.is_in_european_union')")" \
  'Berlin|Deutschland|BE|64496|integer|52.52|real|1' "fields: text, an array's element, integers, reals, booleans"
is "$(hl "SELECT http_geo('192.0.2.7', '$DB', 'location')")" \
  '{"accuracy_radius":20,"latitude":52.52,"longitude":13.405,"time_zone":"Europe/Berlin"}' "a map as JSON"
is "$(hl "SELECT json_valid(http_geo('198.51.100.9', '$DB', '')), json_extract(http_geo('198.51.100.9', '$DB', ''), '\$.city.names.en')")" \
  '1|Portland' "'' gives the whole record as JSON"
is "$(hl "SELECT http_geo('::ffff:192.0.2.7', '$DB'), http_geo('::ffff:c000:0207', '$DB')")" 'DE|DE' \
  "IPv4-mapped IPv6 addresses"
is "$(hl "SELECT quote(http_geo('10.1.2.3', '$DB')), quote(http_geo('2001:db9::1', '$DB')), quote(http_geo('192.0.2.7', '$DB', 'no.such')),
  quote(http_geo('192.0.2.7', '$DB', 'subdivisions.5.iso_code')), quote(http_geo('192.0.2.7', '$DB', 'city.names.en.x'))")" \
  'NULL|NULL|NULL|NULL|NULL' "NULL for an address not in the database and for a field not in the record"
is "$(hl "SELECT quote(http_geo('', '$DB')), quote(http_geo('192.0.2.7 ', '$DB')), quote(http_geo('192.0.2.7:80', '$DB')),
  quote(http_geo('[2001:db8::1]', '$DB')), quote(http_geo('999.0.2.7', '$DB')), quote(http_geo('example.com', '$DB')),
  quote(http_geo(3221225991, '$DB')), quote(http_geo(CAST('192.0.2.7' AS BLOB) || X'00', '$DB'))")" \
  'NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL' "NULL for what is not an address (spaces, a port, brackets, a name, a number, a NUL)"
is "$(hl "SELECT quote(http_geo(NULL, '$DB')), quote(http_geo('192.0.2.7', NULL)), quote(http_geo('192.0.2.7', '$DB', NULL))")" \
  'NULL|NULL|NULL' "NULL in, NULL out"
is "$(hl "SELECT quote(http_geo('192.0.2.7', '$DB', printf('%.*c', 300, 'a'))), quote(http_geo('192.0.2.7', '$DB', printf('%.*c', 80, '.'))),
  quote(http_geo('192.0.2.7', '$DB', 'city' || char(0) || '.names'))")" 'NULL|NULL|NULL' \
  "NULL for a field path longer than 255 bytes, of more than 32 parts, or with a NUL"

# Errors name the file; the connection stays usable. (Several statements go
# on standard input: the shell leaks the message of a -cmd that fails.)
out=$(printf "SELECT http_geo('192.0.2.7', '%s');\nSELECT http_geo('192.0.2.7', '%s');\n" "$tmp/missing.mmdb" "$DB" | hl 2>&1)
is "$(error_of "$out")" "httplog: http_geo: cannot open '$tmp/missing.mmdb': Error opening the specified MaxMind DB file: No such file or directory" \
  "a missing file: an error naming it"
is "$(printf '%s\n' "$out" | tail -1)" 'DE' "the connection answers afterwards"
is "$(error_of "$(hl "SELECT http_geo('192.0.2.7', 'README.md')" 2>&1)")" \
  "httplog: http_geo: 'README.md' is not a MaxMind DB file: The MaxMind DB file contains invalid metadata" \
  "a file that is not a MaxMind DB: an error naming it"
like "$(error_of "$(hl "SELECT http_geo('192.0.2.7', 'data')" 2>&1)")" \
  "httplog: http_geo: cannot open 'data': " "a directory: an error naming it"
head -c 2000 "$DB" >"$tmp/truncated.mmdb"
like "$(error_of "$(hl "SELECT http_geo('192.0.2.7', '$tmp/truncated.mmdb')" 2>&1)")" \
  "httplog: http_geo: '$tmp/truncated.mmdb' is not a MaxMind DB file" "a truncated file: an error naming it"
# The data section overwritten with 0xFF bytes (the tree and metadata kept).
"$PYTHON" - "$DB" "$tmp/corrupt.mmdb" <<'EOF'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
start = data.index(b"\x00" * 16)          # the separator after the tree
end = data.rindex(b"\xab\xcd\xefMaxMind.com")
data[start + 16:end] = b"\xff" * (end - start - 16)
open(sys.argv[2], "wb").write(data)
EOF
out=$(printf "SELECT http_geo('192.0.2.7', '%s');\nSELECT http_geo('192.0.2.7', '%s', '');\nSELECT 'alive';\n" \
  "$tmp/corrupt.mmdb" "$tmp/corrupt.mmdb" | hl 2>&1)
is "$(errors_of "$out" | sed "s|'$tmp/corrupt.mmdb' is corrupt: .*|FILE is corrupt|")" \
  "httplog: http_geo: FILE is corrupt
httplog: http_geo: FILE is corrupt" "a corrupt data section: an error naming the file, for a field and for the record"
is "$(printf '%s\n' "$out" | tail -1)" 'alive' "the connection answers afterwards"

# Opened once per connection and path: a file removed after its first use
# still answers in that connection, not in a new one.
cp "$DB" "$tmp/once.mmdb"
out=$(printf "SELECT http_geo('192.0.2.7', '%s');\n.shell rm %s\nSELECT http_geo('203.0.113.1', '%s');\n" \
  "$tmp/once.mmdb" "$tmp/once.mmdb" "$tmp/once.mmdb" | hl 2>&1)
is "$out" "DE
JP" "the file is opened once per connection: removed after the first use, it still answers"
like "$(hl "SELECT http_geo('192.0.2.7', '$tmp/once.mmdb')" 2>&1)" "cannot open '$tmp/once.mmdb'" "a new connection opens it anew"
# More paths than a connection keeps open (16): each answers, the first again too.
i=0
while [ $i -lt 20 ]; do cp "$DB" "$tmp/copy$i.mmdb"; i=$((i + 1)); done
is "$(hl "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 19)
  SELECT count(*), count(DISTINCT http_geo('192.0.2.7', '$tmp/copy' || i || '.mmdb')) FROM n;
  SELECT http_geo('2001:db8::7', '$tmp/copy0.mmdb'), http_geo('2001:db8::7', '$tmp/copy19.mmdb')")" "20|1
NZ|NZ" "20 paths in one connection, a path per row: all answer, the first again after it was closed"
is "$(hl "SELECT group_concat(http_geo(column1, '$DB', column2), ',') FROM (VALUES ('192.0.2.7', 'city.names.en'),
  ('198.51.100.1', 'country.iso_code'), ('2001:db8::1', 'location.time_zone'), ('203.0.113.5', 'autonomous_system_organization'))")" \
  'Berlin,US,Pacific/Auckland,Example Mobile' "a field per row"

# DIRECTONLY: not from a view, a trigger or a schema.
like "$(hl "CREATE VIEW v AS SELECT http_geo('192.0.2.7', '$DB') AS c; SELECT c FROM v" 2>&1)" "unsafe use of http_geo()" \
  "not from a view (it opens files)"
like "$(hl "CREATE TABLE t(ip); CREATE TABLE g(c); CREATE TRIGGER tg AFTER INSERT ON t BEGIN INSERT INTO g VALUES (http_geo(new.ip, '$DB')); END;
  INSERT INTO t VALUES ('192.0.2.7')" 2>&1)" "unsafe use of http_geo()" "not from a trigger"
is "$(hl "SELECT count(*) FROM pragma_function_list WHERE name = 'http_geo' AND flags & 0x80000 AND NOT flags & 0x800")" '2' \
  "two forms (2 and 3 arguments), DIRECTONLY, not deterministic (the file may change)"

# The example database is what tools/gen_geo_example.pl writes.
if perl -MMaxMind::DB::Writer::Tree -e 1 2>/dev/null; then
  perl tools/gen_geo_example.pl "$tmp/example.mmdb"
  cmp -s "$tmp/example.mmdb" "$DB"
  ok $? "data/geo/example.mmdb is what tools/gen_geo_example.pl writes"
  perl tests/geo_write.pl "$tmp"
  ok $? "tests/geo_write.pl writes its databases"
else
  echo "ok 24 # SKIP libmaxmind-db-writer-perl is not installed"
  echo "ok 25 # SKIP libmaxmind-db-writer-perl is not installed"
  test_count=25
fi

# Against python3-maxminddb: every record and field (tests/geo_reference.py).
if [ -f "$tmp/types.mmdb" ] && "$PYTHON" -c 'import maxminddb' 2>/dev/null; then
  out=$("$PYTHON" tests/geo_reference.py "$HTTPLOG" "$DB=data/geo/example.networks" \
    "$tmp/types.mmdb=$tmp/types.mmdb.networks" "$tmp/v4.mmdb=$tmp/v4.mmdb.networks" \
    "$tmp/many.mmdb=$tmp/many.mmdb.networks")
  status=$?
  printf '%s\n' "$out" | sed 's/^/# /'
  ok $status "records and fields of 4 databases as python3-maxminddb's reader gives them"
  like "$out" "ok 12 - many.mmdb: NULL where" "the reference ran over all 4"
  is "$(hl "SELECT http_geo('10.0.5.1', '$tmp/types.mmdb', 'u64'), typeof(http_geo('10.0.5.1', '$tmp/types.mmdb', 'u64')),
    http_geo('10.0.5.1', '$tmp/types.mmdb', 'u128'), http_geo('10.0.6.1', '$tmp/types.mmdb', 'u64'),
    typeof(http_geo('10.0.6.1', '$tmp/types.mmdb', 'u64')), hex(http_geo('10.0.3.1', '$tmp/types.mmdb', 'bytes'))")" \
    '18446744073709551615|text|340282366920938463463374607431768211455|9223372036854775807|integer|0001FEFF' \
    "integers past 63 bits are decimal text; bytes are a BLOB"
  is "$(hl "SELECT quote(http_geo('2001:db8::1', '$tmp/v4.mmdb')), http_geo('192.0.2.1', '$tmp/v4.mmdb')")" 'NULL|DE' \
    "an IPv6 address in an IPv4 database: NULL"
else
  for n in 26 27 28 29; do echo "ok $n # SKIP python3-maxminddb or libmaxmind-db-writer-perl is not installed"; done
fi

# MaxMind's own test databases, when a checkout is given.
if [ -n "${MAXMIND_DB_DIR:-}" ] && [ -d "$MAXMIND_DB_DIR/test-data" ] && "$PYTHON" -c 'import maxminddb' 2>/dev/null; then
  args=$("$PYTHON" - "$MAXMIND_DB_DIR" "$tmp" <<'EOF'
import glob, json, os, sys
top, tmp = sys.argv[1], sys.argv[2]
for source in sorted(glob.glob(os.path.join(top, "source-data", "*.json"))):
    name = os.path.basename(source)[:-5]
    db = os.path.join(top, "test-data", name + ".mmdb")
    if os.path.exists(db):
        with open(source) as fh:
            networks = [key for item in json.load(fh) for key in item]
        with open(os.path.join(tmp, name + ".networks"), "w") as out:
            out.write("\n".join(networks) + "\n")
        print("%s=%s" % (db, os.path.join(tmp, name + ".networks")))
EOF
)
  out=$("$PYTHON" tests/geo_reference.py "$HTTPLOG" $args)
  status=$?
  printf '%s\n' "$out" | grep -v '^ok' | sed 's/^/# /'
  ok $status "MaxMind's test databases ($(printf '%s\n' $args | wc -l) described by source-data/): records and fields as python3-maxminddb's"
  bad=
  for db in "$MAXMIND_DB_DIR"/test-data/*Broken* "$MAXMIND_DB_DIR"/test-data/*broken* "$MAXMIND_DB_DIR"/test-data/*Invalid*; do
    [ -f "$db" ] || continue
    out=$(printf "SELECT http_geo('1.1.1.1', '%s', '');\nSELECT http_geo('2001:220::1', '%s');\nSELECT http_geo('81.2.69.160', '%s', 'city');\nSELECT 'alive';\n" \
      "$db" "$db" "$db" | hl 2>&1)
    errors=$(errors_of "$out" | grep -v -F "'$db'")
    [ -z "$errors" ] && [ "$(printf '%s\n' "$out" | tail -1)" = alive ] || bad="$bad $(basename "$db")"
  done
  is "$bad" "" "MaxMind's broken test databases: a value, NULL or an error naming the file, the connection alive"
else
  echo "ok 30 # SKIP MAXMIND_DB_DIR does not name a checkout of MaxMind-DB (or python3-maxminddb is missing)"
  echo "ok 31 # SKIP MAXMIND_DB_DIR does not name a checkout of MaxMind-DB"
fi
