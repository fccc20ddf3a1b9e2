#!/bin/sh
# export_status.sh OUTDIR [EXTENSION]: writes the extension's status tables as
# headerless CSV (RFC 4180 quoting, NULL as an empty field) for ClickHouse
# dictionaries:
#   OUTDIR/http_status.csv           code,name,class,meaning,source,reference,registry,
#                                    cacheable,no_content,retryable,redirect
#   OUTDIR/http_status_meanings.csv  code,source,name,class,meaning,reference,registry,
#                                    cacheable,no_content,retryable,redirect,preferred
#   OUTDIR/http_status_classes.csv   digit,class,family,first_code,last_code,description
# The rows are read from the built extension, so they are exactly what it
# answers. This is the only step that knows where the data comes from: to read
# an export of data/ instead, change this file and nothing else.
set -eu
out=${1:?usage: export_status.sh OUTDIR [EXTENSION]}
ext=${2:-./httpstatus}
sqlite=${SQLITE3:-sqlite3}
mkdir -p "$out"

flags="cacheable, no_content, retryable, redirect"
export_csv() { # FILE SELECT
  "$sqlite" -batch -bail :memory: -cmd ".load $ext" -csv "$2" >"$out/$1.tmp"
  [ -s "$out/$1.tmp" ] || { echo "httpstatus: export of $1 is empty" >&2; exit 1; }
  mv "$out/$1.tmp" "$out/$1"
}
export_csv http_status.csv "SELECT code, name, class, meaning, source, reference,
  ifnull(registry, ''), $flags FROM http_status ORDER BY code"
export_csv http_status_meanings.csv "SELECT code, source, name, class, meaning, reference,
  ifnull(registry, ''), $flags, preferred FROM http_status_meanings ORDER BY code, source"
export_csv http_status_classes.csv "SELECT first_code / 100, class, family, first_code,
  last_code, description FROM http_status_classes ORDER BY first_code"
