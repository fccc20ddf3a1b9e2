#!/bin/sh
# http_log() against other parsers' and the servers' own expected answers:
# each folder of tests/upstream/ holds published log lines (lines.log), the
# answers its upstream gives for them, in http_log()'s column names
# (expected.tsv), the format to read them with (format.txt), and the
# answers http_log() gives differently today (differences.tsv), each with
# its reason. tests/upstream/README.md says where each comes from.
#
# For every source: one row or error row per line, as awk numbers the
# lines; expected.tsv and differences.tsv well formed; the set of (line,
# column, ours, theirs) that differ exactly differences.tsv, so a fix must
# remove its line and a new difference fails; SOURCE.md naming the bytes
# of lines.log (count, size, sha256); README.md's table right.
. tests/lib.sh
. tests/httplog_lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
UP=tests/upstream
COLUMNS='time time_utc client remote_user method path query protocol status bytes referrer user_agent host port duration'

sources=$(cd $UP && for d in */; do [ -f "$d/lines.log" ] && printf '%s\n' "${d%/}"; done)
plan $((5 * $(printf '%s\n' "$sources" | wc -l) + 1))

# sqlq TEXT: TEXT as an SQL string literal.
sqlq() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }

# ours DIR FORMAT: "line<TAB>column<TAB>value" for every row http_log()
# gives for DIR/lines.log: "error" yes or no, and every column in the
# escaping of expected.tsv (\\ \t \n \r, \N for NULL).
ours() {
  sel="line || char(9) || 'error' || char(9) || CASE WHEN error IS NULL THEN 'no' ELSE 'yes' END"
  for c in $COLUMNS; do
    sel="$sel, line || char(9) || '$c' || char(9) || coalesce(replace(replace(replace(replace(CAST($c AS TEXT), '\\', '\\\\'), char(9), '\\t'), char(10), '\\n'), char(13), '\\r'), '\\N')"
  done
  hl -separator '
' "SELECT $sel FROM http_log($(sqlq "$1/lines.log"), $(sqlq "$2"))"
}

# check DIR W3C OURS: reads DIR/lines.log, DIR/expected.tsv,
# DIR/differences.tsv and OURS, and writes in $tmp:
#  rows     "N lines, R rows and error rows" (R counting only rows of lines
#           awk numbers, each at most once; a W3C directive line, starting
#           with #, is not a line unless http_log() rejects it, and then an
#           error row), then any line with no row or several
#  bad      the lines of expected.tsv and differences.tsv that are not well
#           formed
#  got      the differences, "line<TAB>column<TAB>ours<TAB>theirs", by line
#           and column. A line is read upstream unless expected.tsv says
#           error yes; when both sides agree on that, each listed column is
#           compared (duration as a number, to 1e-9 relative)
#  listed   differences.tsv without its reasons, in the same order
#  counts   "lines, lines compared, values compared, differences"
#  source   the "| lines |" row of DIR/SOURCE.md as "lines bytes sha256"
check() {
  awk -F'\t' -v w3c="$2" -v cols="error $COLUMNS" -v out="$tmp" '
    BEGIN { nc = split(cols, cn, " "); for (i = 1; i <= nc; i++) ci[cn[i]] = i }
    FILENAME ~ /lines\.log$/ { n = FNR; kind[FNR] = (w3c && /^#/) ? "D" : "L"; next }
    FILENAME ~ /expected\.tsv$/ {
      if (/^#/ || !NF) next
      if (NF != 3 || !($2 in ci) || $1 !~ /^[0-9]+$/ || $1 < 1 || $1 > n || ($2 == "error" && $3 != "yes" && $3 != "no")) { print FILENAME ": " $0 > (out "/bad"); next }
      want[$1, $2] = $3; listed[$1] = 1; vals++
      next
    }
    FILENAME ~ /differences\.tsv$/ {
      if (/^#/ || !NF) next
      if (NF != 5 || $5 == "" || !($2 in ci) || $1 !~ /^[0-9]+$/) { print FILENAME ": " $0 > (out "/bad"); next }
      diff[$1, $2] = $1 "\t" $2 "\t" $3 "\t" $4; ndiff++
      next
    }
    { got[$1, $2] = $3; if ($2 == "error") { seen[$1]++; err[$1] = ($3 == "yes") } }
    END {
      printf "" > (out "/bad")
      for (l in seen) if (!(l in kind)) extra = extra "\nrow for line " l ", which the file does not have"
      for (i = 1; i <= n; i++) {
        if (kind[i] == "L") { lines++; rows += seen[i] }
        if (seen[i] > 1 || (kind[i] == "L" && seen[i] != 1)) extra = extra "\nline " i ": " seen[i] + 0 " rows"
        if (kind[i] == "D" && seen[i] && !err[i]) extra = extra "\ndirective line " i " is a row"
      }
      print lines " lines, " rows " rows and error rows" extra > (out "/rows")
      printf "" > (out "/got"); printf "" > (out "/listed")
      for (l = 1; l <= n; l++) {
        for (c = 1; c <= nc; c++) if ((l, cn[c]) in diff) print diff[l, cn[c]] > (out "/listed")
        if (!(l in listed)) continue
        compared++
        theirs = (l, "error") in want ? want[l, "error"] : "no"
        mine = (l, "error") in got ? got[l, "error"] : "(no row)"
        if (mine != theirs) { print l "\terror\t" mine "\t" theirs > (out "/got"); continue }
        if (mine == "yes") continue
        for (c = 2; c <= nc; c++) {
          k = cn[c]
          if (!((l, k) in want)) continue
          a = got[l, k]; b = want[l, k]
          if (k == "duration" && a != "\\N" && b != "\\N") {
            d = a - b; if (d < 0) d = -d
            m = b < 0 ? -b : b; if (m < 1) m = 1
            if (d <= 1e-9 * m) continue
          } else if (a == b) continue
          print l "\t" k "\t" a "\t" b > (out "/got")
        }
      }
      print n, compared + 0, vals + 0, ndiff + 0 > (out "/counts")
    }' "$1/lines.log" "$1/expected.tsv" "$1/differences.tsv" "$3"
  awk '/^[|] lines [|] / {
    n = $4; b = $5; sub(/^[(]/, "", b); gsub(/,/, "", b)
    h = ""; if (match($0, /sha256 `[0-9a-f]+`/)) h = substr($0, RSTART + 8, RLENGTH - 9)
    print n, b, h }' "$1/SOURCE.md" >"$tmp/source"
}

# README.md's table: "source lines compared values differences" per row.
awk -F' *[|] *' '$2 ~ /^`/ && $5 ~ /^[0-9]+$/ { gsub(/`/, "", $2); print $2, $5, $6, $7, $8 }' $UP/README.md >"$tmp/readme"

for s in $sources; do
  d=$UP/$s
  fmt=$(cat "$d/format.txt")
  w3c=0
  [ "$fmt" = w3c ] && w3c=1
  ours "$d" "$fmt" >"$tmp/ours" 2>"$tmp/err"
  check "$d" $w3c "$tmp/ours"
  is "$(cat "$tmp/rows")" "$(awk -v w3c=$w3c '!(w3c && /^#/) { n++ } END { print n + 0 " lines, " n + 0 " rows and error rows" }' "$d/lines.log")" \
    "$s: one row or error row per line ($fmt)"
  is "$(cat "$tmp/bad")" "" "$s: expected.tsv and differences.tsv are well formed"
  is "$(cat "$tmp/err" "$tmp/got")" "$(cat "$tmp/listed")" "$s: the answers that differ from the upstream's are those of differences.tsv"
  is "$(cat "$tmp/source")" "$(awk 'END { print NR }' "$d/lines.log") $(wc -c <"$d/lines.log" | tr -d ' ') $(sha256sum <"$d/lines.log" | cut -c1-64)" \
    "$s: SOURCE.md gives the number of lines, bytes and sha256 of lines.log"
  is "$(awk -v s="$s" '$1 == s { print $2, $3, $4, $5 }' "$tmp/readme")" "$(cat "$tmp/counts")" \
    "$s: README.md gives its lines, lines compared, values compared and differences"
done

# Every folder of tests/upstream/ is in README.md's table, and only those.
is "$(cut -d' ' -f1 "$tmp/readme" | sort)" "$(printf '%s\n' "$sources" | sort)" "README.md's table lists every source"
