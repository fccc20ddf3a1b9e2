#!/bin/sh
# http_log_formats: every named format carries sample lines that read
# without error, both given by name and detected, as that format; each sample
# comes from the file its sample_source names (a real line, or a real line a
# constructed sample is built around); every definition reads the sample as
# the name does; docs/logs.md lists every name.
. tests/lib.sh
. tests/httplog_lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
names=$(hl "SELECT name FROM http_log_formats")
count=$(printf '%s\n' "$names" | wc -l)
plan $((5 * count + 3))

is "$(hl "SELECT count(*) FROM http_log_formats WHERE sample IS NULL OR sample_source IS NULL
  OR description IS NULL")" "0" "every format has a sample, its source and a description"
is "$(printf '%s\n' "$names" | sort | uniq -d)" "" "names are distinct"
is "$(for name in $names; do grep -q "^| .*\`$name\`" docs/logs.md || echo "$name"; done)" "" \
  "docs/logs.md has a row for every name"

# The sample lines as a file each, written by SQLite (no shell quoting).
for name in $names; do
  hl "SELECT writefile('$tmp/$name.log', sample) FROM http_log_formats WHERE name = '$name'" >/dev/null
done

for name in $names; do
  f=$tmp/$name.log
  lines=$(awk 'END { print NR }' "$f")
  is "$(hl "SELECT count(*), count(error), min(format), max(format) FROM http_log('$f', '$name')")" \
    "$(hl "SELECT count(*) FROM http_log('$f', '$name')")|0|$name|$name" \
    "$name: its sample reads without error given by name"
  is "$(hl "SELECT count(*) = count(format) AND count(error) = 0 AND min(format) = '$name'
    AND max(format) = '$name' FROM http_log('$f')")" "1" "$name: detection reads its sample as $name"
  # rows and directive lines together are the sample's lines (awk's count)
  rows=$(hl "SELECT count(*) FROM http_log('$f', '$name')")
  directives=$(grep -c '^#' "$f" || true)
  is "$((rows + directives))" "$lines" "$name: $lines lines, each a row or a directive"
  # the source: "FILE line N", "FILE lines N-M" or "constructed: FILE line N ..."
  src=$(hl "SELECT sample_source FROM http_log_formats WHERE name = '$name'")
  file=$(printf '%s\n' "$src" | sed -E 's/^constructed: //; s/ lines? [0-9].*//')
  first=$(printf '%s\n' "$src" | sed -E 's/.* lines? ([0-9]+).*/\1/')
  last=$(printf '%s\n' "$src" | sed -E 's/.* lines [0-9]+-([0-9]+).*/\1/; t; s/.*/'"$first"'/')
  case "$file" in *.gz) reader="gzip -dc" ;; *) reader=cat ;; esac
  $reader "$file" | sed -n "${first},${last}p" >"$tmp/$name.source"
  case "$src" in
  constructed:*) # the real line is inside the sample's line
    is "$(awk 'NR == FNR { real = $0; next } index($0, real) { print "found" }' \
      "$tmp/$name.source" "$f")" "found" "$name: its sample is built around $file line $first" ;;
  *) is "$(cmp -s "$tmp/$name.source" "$f" && echo same)" "same" \
    "$name: its sample is $file lines $first-$last, byte for byte" ;;
  esac
  definition=$(hl "SELECT definition FROM http_log_formats WHERE name = '$name'")
  if [ -z "$definition" ]; then
    ok 0 "# SKIP $name: its layout is not a format string"
  else
    hl "SELECT writefile('$tmp/def', definition) FROM http_log_formats WHERE name = '$name'" >/dev/null
    is "$(hl "SELECT group_concat(coalesce(status, '') || time || path, ' ')
      FROM http_log('$f', readfile('$tmp/def'))")" \
      "$(hl "SELECT group_concat(coalesce(status, '') || time || path, ' ') FROM http_log('$f', '$name')")" \
      "$name: its definition reads the sample as the name does"
  fi
done
