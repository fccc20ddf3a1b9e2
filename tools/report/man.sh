#!/bin/sh
# tools/report/man.sh REPORT: man/httpstatus-report.1 on standard output,
# made from the text `REPORT --help` prints (report_options.c keeps its
# layout: usage lines, paragraphs, "Options:" items, then paragraphs that
# start "Exit status:" or "Examples:"), so that the two cannot disagree.
set -eu
version=$(cat VERSION)
"$1" --help | awk -v version="$version" '
function esc(s) { gsub(/\\/, "\\e", s); gsub(/-/, "\\-", s); sub(/^[.\047]/, "\\\\&&", s); return s }
BEGIN {
  print ".\\\" Generated from httpstatus-report --help by tools/report/man.sh; do not edit."
  print ".TH HTTPSTATUS-REPORT 1 \"\" \"httpstatus " version "\" \"User Commands\""
  print ".SH NAME"
  print "httpstatus-report \\- a report over web server access logs, in the terminal, as HTML or JSON"
  print ".SH SYNOPSIS"
  part = "usage"
}
part == "usage" && /^Usage: / { sub(/^Usage: /, ""); print ".nf"; print esc($0); next }
part == "usage" && /^       / { sub(/^ +/, ""); print esc($0); next }
part == "usage" && /^$/ { print ".fi"; print ".SH DESCRIPTION"; part = "text"; next }
/^Options:$/ { print ".SH OPTIONS"; part = "options"; next }
/^Exit status: / { print ".SH \"EXIT STATUS\""; sub(/^Exit status: /, ""); print esc($0); part = "text"; next }
/^Examples:$/ { print ".SH EXAMPLES"; print ".nf"; part = "examples"; next }
part == "examples" { sub(/^  /, ""); print esc($0); next }
/^$/ { if (part == "options") part = "text"; print ".PP"; next }
part == "options" && match($0, /^  (-[a-z], |    )--[a-z]+( [A-Z]+)?/) {
  head = substr($0, 3, RLENGTH - 2); sub(/^ +/, "", head); rest = substr($0, RLENGTH + 1); sub(/^ +/, "", rest)
  print ".TP"
  n = split(head, w, " ")
  line = ".B " esc(w[1])
  for (i = 2; i <= n; i++) line = line (w[i] ~ /^[A-Z]+$/ ? "\n.I " : " ") esc(w[i])
  if (n == 2 && w[2] ~ /^[A-Z]+$/) line = ".BI \"" esc(w[1]) " \" " esc(w[2])
  if (n == 3) line = ".BI \"" esc(w[1] " " w[2]) " \" " esc(w[3])
  print line
  print esc(rest)
  next
}
{ sub(/^ +/, ""); print esc($0) }
'
