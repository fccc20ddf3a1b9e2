#!/bin/sh
# http_log() against other parsers' and the servers' own expected answers:
# each folder of tests/upstream/ holds published log lines (lines.log), the
# answers its upstream gives for them, in http_log()'s column names
# (expected.tsv), the format to read them with (format.txt), and the
# answers http_log() gives differently today (differences.tsv), each with
# its reason. tests/upstream/README.md says where each comes from.
#
# For every source: the number of rows and error rows is the number of
# lines awk counts; the set of (line, column, ours, theirs) that differ is
# exactly differences.tsv, so a fix must remove its line and a new
# difference fails; and README.md's table gives the right counts.
. tests/lib.sh
. tests/httplog_lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
UP=tests/upstream
COLUMNS='time time_utc client remote_user method path query protocol status bytes referrer user_agent host port duration'

sources=$(cd $UP && for d in */; do [ -f "$d/lines.log" ] && printf '%s\n' "${d%/}"; done)
plan $((4 * $(printf '%s\n' "$sources" | wc -l) + 1))

# sqlq TEXT: TEXT as an SQL string literal.
sqlq() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }

# ours DIR: "line<TAB>column<TAB>value" for every row http_log() gives for
# DIR/lines.log, with "error" yes or no, and every column in the
# expected.tsv escaping (\\ \t \n \r, \N for NULL).
ours() {
  sel="line || char(9) || 'error' || char(9) || CASE WHEN error IS NULL THEN 'no' ELSE 'yes' END"
  for c in $COLUMNS; do
    sel="$sel, line || char(9) || '$c' || char(9) || coalesce(replace(replace(replace(replace(CAST($c AS TEXT), '\\', '\\\\'), char(9), '\\t'), char(10), '\\n'), char(13), '\\r'), '\\N')"
  done
  hl -separator '
' "SELECT $sel FROM http_log($(sqlq "$1/lines.log"), $(sqlq "$(cat "$1/format.txt")"))"
}

# compare EXPECTED OURS: the differences, "line<TAB>column<TAB>ours<TAB>theirs",
# by line and column. A line is accepted upstream unless expected.tsv says
# error yes; when both sides agree on that, each listed column is compared
# (duration as a number, to 1e-9 relative).
compare() {
  awk -F'\t' -v OFS='\t' '
    NR == FNR { if ($0 !~ /^#/ && NF) { want[$1, $2] = $3; lines[$1] = 1; if (!(($1, "error") in want)) cols[$1] = cols[$1] "\t" $2 } next }
    { got[$1, $2] = $3 }
    END {
      for (l in lines) {
        theirs = (l, "error") in want ? want[l, "error"] : "no"
        mine = (l, "error") in got ? got[l, "error"] : "(no row)"
        if (mine != theirs) { print l, "error", mine, theirs; continue }
        if (mine == "yes") continue
        n = split(substr(cols[l], 2), c, "\t")
        for (i = 1; i <= n; i++) {
          if (c[i] == "error") continue
          a = got[l, c[i]]; b = want[l, c[i]]
          if (c[i] == "duration" && a != "\\N" && b != "\\N") {
            d = a - b; if (d < 0) d = -d
            m = b < 0 ? -b : b; if (m < 1) m = 1
            if (d <= 1e-9 * m) continue
          } else if (a == b) continue
          print l, c[i], a, b
        }
      }
    }' "$1" "$2" | sort -t "$(printf '\t')" -k1,1n -k2,2
}

for s in $sources; do
  d=$UP/$s
  fmt=$(cat "$d/format.txt")
  # One row or error row per line of the file, as awk counts and numbers
  # them; a W3C log's directive lines (starting with #) are not rows unless
  # http_log() rejects one, and then it is an error row.
  w3c=0
  [ "$fmt" = w3c ] && w3c=1
  hl "SELECT line, error IS NOT NULL FROM http_log($(sqlq "$d/lines.log"), $(sqlq "$fmt"))" >"$tmp/rows"
  is "$(awk -F'|' -v w3c=$w3c '
    NR == FNR { kind[FNR] = (w3c && /^#/) ? "D" : "L"; n = FNR; next }
    !($1 in kind) { print "row for line " $1 ", which the file does not have" }
    kind[$1] == "D" && $2 != 1 { print "directive line " $1 " is a row" }
    { seen[$1]++ }
    END {
      for (i = 1; i <= n; i++) {
        if (kind[i] == "L") { lines++; rows += seen[i] }
        if (seen[i] > 1 || (kind[i] == "L" && seen[i] != 1)) print "line " i ": " seen[i] + 0 " rows"
      }
      print lines " lines, " rows " rows and error rows"
    }' "$d/lines.log" "$tmp/rows")" \
    "$(awk -v w3c=$w3c '!(w3c && /^#/) { n++ } END { print n + 0 " lines, " n + 0 " rows and error rows" }' "$d/lines.log")" \
    "$s: one row or error row per line ($fmt)"

  # The files are well formed: known columns, lines that exist, a reason
  # for every difference.
  n=$(awk 'END { print NR }' "$d/lines.log")
  bad=$(awk -F'\t' -v n="$n" -v cols="error $COLUMNS" '
    BEGIN { split(cols, c, " "); for (i in c) ok[c[i]] = 1 }
    FILENAME ~ /expected/ && !/^#/ && NF && (NF != 3 || !($2 in ok) || $1 < 1 || $1 > n || ($2 == "error" && $3 != "yes" && $3 != "no")) { print FILENAME ": " $0 }
    FILENAME ~ /differences/ && !/^#/ && NF && (NF != 5 || $5 == "" || !($2 in ok)) { print FILENAME ": " $0 }
  ' "$d/expected.tsv" "$d/differences.tsv")
  is "$bad" "" "$s: expected.tsv and differences.tsv are well formed"

  ours "$d" >"$tmp/ours" 2>"$tmp/err"
  compare "$d/expected.tsv" "$tmp/ours" >"$tmp/got"
  grep -v '^#' "$d/differences.tsv" | awk 'NF' | cut -f1-4 | sort -t "$(printf '\t')" -k1,1n -k2,2 >"$tmp/listed"
  is "$(cat "$tmp/err" "$tmp/got")" "$(cat "$tmp/listed")" "$s: the answers that differ from the upstream's are those of differences.tsv"

  # README.md's row: | source | family | licence | lines | lines compared | values compared | differences | ...
  rows=$(awk -F"\t" '!/^#/ && NF && !($1 in l) { l[$1] = 1; k++ } END { print k + 0 }' "$d/expected.tsv")
  vals=$(awk -F'\t' '!/^#/ && NF' "$d/expected.tsv" | wc -l)
  is "$(awk -F' *[|] *' -v s="\`$s\`" '$2 == s { print $5, $6, $7, $8 }' $UP/README.md)" \
    "$n $rows $vals $(wc -l <"$tmp/listed")" "$s: README.md gives its lines, lines compared, values compared and differences"
done

# Every folder of tests/upstream/ is in README.md's table, and only those.
is "$(awk -F' *[|] *' '$2 ~ /^`/ && $5 ~ /^[0-9]+$/ { gsub(/`/, "", $2); print $2 }' $UP/README.md | sort)" \
  "$(printf '%s\n' "$sources" | sort)" "README.md's table lists every source"
