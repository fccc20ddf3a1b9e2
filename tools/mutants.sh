#!/bin/sh
# tools/mutants.sh: can the test suite fail? Builds deliberately broken
# copies of the extension ("mutants") and runs the suite against each.
#
#   sh tools/mutants.sh [NAME...]     (or: make mutants; MUTANTS="a b")
#
# Each mutant is one small edit of a copy of ext/ in .build/mutants/NAME/,
# made by a perl substitution that must match exactly once: when the code it
# targets has changed, the script stops and names the mutant to update,
# rather than testing an unbroken copy. Every mutant is built into its own
# library, check_data and static_link program, and the suite runs with
# EXTENSION, CHECK_DATA and STATIC_LINK pointing at them. First an unmutated
# copy must pass, so that a failure can only come from the mutation.
#
# Prints, per mutant, the test scripts that failed ("caught by"); writes
# the table to .build/mutants/report.md. Fails when any mutant survives.
# Mutants of ext/log/ (named log_*) are built into httplog instead and run
# the scripts that read logs. MUTANT_CHECK=1 only applies and builds every
# mutant (a quick check that the edits still match the code). MUTANT_SKIP lists scripts not run: by
# default those that never load the mutant (install.t and demo.t use the
# top-level library, import.t and links.t none, report_cli.t and
# report_html.t the report built with the unbroken ext/; the http_log() scripts
# tests/httplog_*.t and the data, symbol and version checks test the other
# library or files, not ext/) and the two slow integration scripts
# notebook.t and sqlite_utils.t. Skipping a script can only make a mutant
# look more alive, never caught by mistake.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=${MUTANT_OUT:-.build/mutants}
cc=${CC:-cc}
sqlite3=${SQLITE3:-sqlite3}
warnings='-std=c99 -Wall -Wextra -Wpedantic'
skip=${MUTANT_SKIP:-tests/install.t tests/demo.t tests/links.t tests/import.t tests/notebook.t tests/sqlite_utils.t
  tests/report_cli.t tests/report_html.t tests/gen_data.t tests/generated.t tests/symbols.t tests/version.t $(ls tests/httplog_*.t)}
only=${MUTANTS:-${*:-}}

make -s httpstatus.so .build/demo.db >/dev/null

# The list: mutant NAME FILE PERL-SUBSTITUTION DESCRIPTION. Substitutions
# run on the whole file (perl -0777), so \s+ may span lines.
mutants=
mutant() {
  mutants="$mutants $1"
  eval "file_$1=\$2 edit_$1=\$3 what_$1=\$4"
}

mutant class_off_by_one ext/status_lookup.c \
  's{return &http_status_classes\[code / 100 - 1\];}{return &http_status_classes[(code + (code < 500)) / 100 - 1];}' \
  'http_status_class_of: the last code of each class (199, 299, 399, 499) in the next class'
mutant classes_last_code ext/status_tables.c \
  's{cls->digit \* 100 \+ 99\)}{cls->digit * 100 + 100)}' \
  'http_status_classes.last_code one too high (199 -> 200)'
mutant name_truncated ext/status_data.h \
  's#row->line\.len - 4\}#row->line.len - 5}#' \
  'every name loses its last character (Not Foun)'
mutant data_name_truncated ext/status_data.c \
  's{(\[404 - HTTP_STATUS_MIN\] = \{404, TEXT\("404 )Not Found"\)}{$1Not Foun")}' \
  'the data: 404 named "Not Foun"'
mutant data_reference_changed ext/status_data.c \
  's{(\[429 - HTTP_STATUS_MIN\] = \{429,.*?"RFC 6585, Section )4"}{${1}5"}s' \
  'the data: 429 cites RFC 6585, Section 5'
mutant retryable_flag_lost ext/status_data.c \
  's{\[429 - HTTP_STATUS_MIN\] = HTTP_STATUS_FLAG_RETRYABLE,}{[429 - HTTP_STATUS_MIN] = 0,}' \
  'retryable: 429 no longer retryable'
mutant no_content_flag_added ext/status_data.c \
  's{(\[204 - HTTP_STATUS_MIN\] = HTTP_STATUS_FLAG_CACHEABLE \| HTTP_STATUS_FLAG_NO_CONTENT,)}{$1\n    [205 - HTTP_STATUS_MIN] = HTTP_STATUS_FLAG_NO_CONTENT,}' \
  'no_content: 205 flagged'
mutant filter_lower_off_by_one ext/status_vtab.c \
  's{\(double\)first < d \? first \+ 1 : first,}{(double)first < d ? first + 1 : first + 1,}' \
  'xFilter: code >= N (or > N) skips code N'
mutant filter_upper_off_by_one ext/status_vtab.c \
  's{keep_codes\(cur, HTTP_STATUS_MIN, \(long long\)d\);}{keep_codes(cur, HTTP_STATUS_MIN, (long long)d - 1);}' \
  'xFilter: code <= N (or < N) skips code N'
mutant filter_eq_last_slot ext/status_vtab.c \
  's{slot < cur->table->slot_count\(\) &&}{slot < cur->table->slot_count() - 1 &&}' \
  'xFilter: the lookup code = 599 finds nothing'
mutant order_desc_lost ext/status_vtab.c \
  's{if \(info->aOrderBy\[0\]\.desc\) idx_num \|= STATUS_DESC;}{}' \
  'xBestIndex: ORDER BY code DESC consumed but rows come ascending'
mutant class_filter_omitted ext/status_vtab.c \
  's{(info->aConstraintUsage\[class_eq\]\.argvIndex = \+\+argc;)}{$1 info->aConstraintUsage[class_eq].omit = 1;}' \
  'xBestIndex: the class constraint marked omit, though xFilter only narrows on an exact name'
mutant source_null_not_null ext/status_func.c \
  's{if \(type == SQLITE_NULL \|\| type == SQLITE_BLOB\) return NULL;}{if (type == SQLITE_BLOB) return NULL;}' \
  'http_status_name(code, NULL): an out-of-memory error instead of NULL'
mutant text_code_ignored ext/status_value.c \
  's{(int http_status_value_code\(.*?\n\s*int type = sqlite3_value_type\(value\);\n)\s*if \(type == SQLITE_TEXT\) type = sqlite3_value_numeric_type\(value\);\n}{$1}s' \
  "a code given as text ('404') is not a code"
mutant fraction_accepted ext/status_value.c \
  's{ \|\| d != \(double\)\(int\)d\)}{)}' \
  'a real with a fraction (404.5) read as 404'
mutant code_prefix_match ext/status_lookup.c \
  's{int cmp = strcmp\(key, http_status_keys\[mid\]\.key\);}{int cmp = strncmp(key, http_status_keys[mid].key, strlen(key));}' \
  "http_status_code: a prefix matches ('Not' is 404's)"
mutant pattern_class_short ext/status_pattern.c \
  's{\*last = \*first \+ 99;}{*last = *first + 98;}' \
  "http_status_match: '5xx' stops at 598"
mutant pattern_range_open ext/status_pattern.c \
  's{for \(code = first; code <= last; code\+\+\)}{for (code = first; code < last; code++)}' \
  "http_status_match: '400-499' leaves out 499, '404' matches nothing"
mutant alternate_lost ext/status_lookup.c \
  's#for \(i = 0; i < http_status_alternate_count; i\+\+\) \{\n(\s*const struct http_status_row \*alt)#for (i = 0; i < http_status_alternate_count - 1; i++) {\n$1#' \
  'http_status_name(code, source): the last vendor meaning is not found'
mutant source_list_short ext/status_func.c \
  's{for \(i = 0; i < http_status_source_count; i\+\+\)\n(\s*sqlite3_str_appendf\(msg)}{for (i = 0; i < http_status_source_count - 1; i++)\n$1}' \
  'the unknown-source error omits the last known source'
mutant innocuous_lost ext/status_func.c \
  's{SQLITE_UTF8 \| SQLITE_DETERMINISTIC \| SQLITE_INNOCUOUS}{SQLITE_UTF8 | SQLITE_DETERMINISTIC}' \
  'the functions lose SQLITE_INNOCUOUS'
mutant rowid_from_zero ext/status_vtab.c \
  's{cur->ordinal = 1;}{cur->ordinal = 0;}' \
  'the rowid of the tables without a code counts from 0'
mutant class_filter_short ext/status_vtab.c \
  's{keep_codes\(cur, cls->digit \* 100, cls->digit \* 100 \+ 99\);}{keep_codes(cur, cls->digit * 100, cls->digit * 100 + 98);}' \
  "xFilter: class = 'Server Error' leaves out 599"
# ext/log/: the reader and the parsers under http_log() (built into
# httplog, the test driver log_parse and httplog_unit; see suite_log).
mutant log_line_from_zero ext/log/log_reader.c \
  's{row->line = \+\+r->line_no;\n(\s*)if \(r->line_no <= r->to_skip\) \{}{row->line = r->line_no++;\n${1}if (r->line_no <= r->to_skip) \{}' \
  'http_log(): line numbers start at 0'
mutant log_cr_kept ext/log/log_input.c \
  's{\n  if \(n > 0 && \(\*line\)\[n - 1\] == .\\r.\) n--;\n}{\n}' \
  'a CR before the LF is part of the line'
mutant log_long_line_rows_lost ext/log/log_input.c \
  's{in->more_rows = 1;}{in->more_rows = 0;}' \
  'a line without an end no longer gives control back every MiB'
mutant log_detect_latest_wins ext/log/log_detect.c \
  's{if \(exact > best_exact \|\|}{if (exact >= best_exact ||}' \
  'detection: the latest format wins a tie instead of the earliest'
mutant log_status_dash_zero ext/log/log_format_text.c \
  's{stop = p \+ 1; /\* Apache.s %>s for a request it has no status for \*/}{stop = p + 1, rec->has_status = 1;}' \
  "Apache's status - read as 0"
mutant log_xff_last ext/log/log_fields.c \
  's{if \(!items\+\+\) first->p = q, first->n = \(size_t\)\(item_end - q\);}{items++, first->p = q, first->n = (size_t)(item_end - q);}' \
  'an X-Forwarded-For list gives its last address as the client'
mutant log_prefix_offset_lost ext/log/log_prefix.c \
  's{\n  rec->error_base = \(long\)skip;\n}{\n}' \
  'error offsets after a syslog or kubectl prefix count from the prefix end'
mutant log_nul_valid ext/log/log_text.c \
  's{_mm_or_si128\(high, _mm_cmpeq_epi8\(low, zero\)\)}{high}' \
  'a NUL byte in a long line passes as text'
mutant log_json_bucket ext/log/log_format_json.c \
  's{first_bucket\(\(unsigned char\)k\[1\], n\)}{first_bucket((unsigned char)k[1], n + 1)}' \
  "JSON: a member's key is looked up under the wrong length"
mutant log_glob_unbounded ext/log/log_input.c \
  's{depth > LOG_GLOB_MAX_DEPTH\)}{depth > LOG_GLOB_MAX_DEPTH * 1000)}' \
  'a hostile glob reaches glob() (its recursion)'
mutant log_column_swapped ext/log/log_vtab.c \
  's{case COL_METHOD: result_text\(ctx, &r->method\); break;}{case COL_METHOD: result_text(ctx, &r->protocol); break;}' \
  'http_log(): method shows the protocol'
mutant log_family_fallback_lost ext/log/log_reader.c \
  's{if \(result != LOG_REJECTED\) return result;}{return result;}' \
  "a line is not tried with the other formats of its detected format's family"
mutant log_slash_list_open ext/log/log_fields.c \
  's{ \|\| !\(digit >> \(n - 1\)\)}{}' \
  'a HAProxy slash list read in one compare may end with a slash'
mutant log_unread_extra ext/log/log_vtab.c \
  's{\[COL_EXTRA\] = LOG_TARGET_EXTRA}{[COL_EXTRA] = LOG_TARGET_COUNT}' \
  'reading extra alone leaves out the JSON fields it shows'

# Not a mutant: http_status_code looking at the vendors' alternate names
# before the preferred rows answers the same today, because no alternate's
# name is the name or alias of another code (a mutant that cannot be caught).

# apply NAME DIR: copies ext/ to DIR/ext and applies the mutation (none for
# the baseline); fails when the substitution does not match exactly once.
apply() {
  rm -rf "$2"
  mkdir -p "$2"
  cp -R ext "$2/ext"
  [ "$1" = baseline ] && return 0
  eval "file=\$file_$1 edit=\$edit_$1"
  target="$2/$file"
  [ -f "$target" ] || {
    echo "mutants: $1: no file $file" >&2
    return 1
  }
  MUTANT_EDIT=$edit perl -0777 -i -ne '
    my $n = eval "\$_ =~ $ENV{MUTANT_EDIT}"; die $@ if $@;
    print; END { exit($n == 1 ? 0 : 3) }' "$target" || {
    echo "mutants: $1: the edit did not match $file exactly once; update it in tools/mutants.sh" >&2
    return 1
  }
}

# build DIR: the library, check_data and static_link from DIR/ext; for a
# mutant of ext/log/ (log=1), httplog, log_parse (and its build without
# SSE2, for tests/httplog_simd.t) and httplog_unit instead.
build() {
  if [ "${log:-0}" = 1 ]; then
    reader=$(ls "$1"/ext/log/*.c | grep -v -e /httplog.c -e /log_vtab.c -e /log_formats_vtab.c \
      -e /log_geo.c -e /log_alloc_)
    $cc -O0 $warnings -fvisibility=hidden -shared -fPIC -o "$1/httplog.so" $reader \
      "$1/ext/log/httplog.c" \
      "$1/ext/log/log_vtab.c" "$1/ext/log/log_formats_vtab.c" "$1/ext/log/log_geo.c" \
      "$1/ext/log/log_alloc_sqlite.c" -lz -lbz2 -llzma -lzstd -lmaxminddb &&
      $cc -O0 $warnings -I"$1/ext/log" -o "$1/log_parse" tests/log_parse.c $reader \
      "$1/ext/log/log_alloc_libc.c" -lz -lbz2 -llzma -lzstd &&
      $cc -O0 -U__SSE2__ $warnings -I"$1/ext/log" -o "$1/log_parse_bytewise" tests/log_parse.c \
        $reader "$1/ext/log/log_alloc_libc.c" -lz -lbz2 -llzma -lzstd &&
      $cc -O0 $warnings -I"$1/ext/log" -o "$1/httplog_unit" tests/httplog_unit.c $reader \
        "$1/ext/log/log_alloc_libc.c" -lz -lbz2 -llzma -lzstd
    return
  fi
  $cc -O0 $warnings -shared -fPIC -o "$1/httpstatus.so" "$1"/ext/*.c &&
    $cc -O0 $warnings -I"$1/ext" -o "$1/check_data" tools/check_data.c \
      "$1/ext/status_data.c" "$1/ext/status_lookup.c" &&
    $cc -O0 $warnings -DSQLITE_CORE -I"$1/ext" -o "$1/static_link" tests/static_link.c \
      "$1"/ext/*.c -lsqlite3
}

# suite DIR: runs the test scripts against DIR's build; prints the scripts
# that failed, one per line. A mutant of ext/log/ runs the scripts that read
# logs (log_tests) with HTTPLOG, LOG_PARSE and HTTPLOG_UNIT pointing at it.
log_tests="$(ls tests/httplog_*.t) tests/sql.t tests/readme.t"
suite() {
  if [ "${log:-0}" = 1 ]; then
    # shellcheck disable=SC2086 # $log_tests is a list of paths without spaces
    SQLITE3=$sqlite3 HTTPLOG=$1/httplog LOG_PARSE=$1/log_parse HTTPLOG_UNIT=$1/httplog_unit \
      DEMO_DB=.build/demo.db prove -j2 $log_tests >"$1/prove.log" 2>&1 || true
  else
    tests=
    for t in tests/*.t; do
      case " $(echo $skip) " in *" $t "*) ;; *) tests="$tests $t" ;; esac
    done
    # shellcheck disable=SC2086 # $tests is a list of paths without spaces
    SQLITE3=$sqlite3 EXTENSION=$1/httpstatus CHECK_DATA=$1/check_data STATIC_LINK=$1/static_link \
      DEMO_DB=.build/demo.db prove -j2 $tests >"$1/prove.log" 2>&1 || true
  fi
  sed -n 's/^\(tests\/[^ ]*\.t\) *(Wstat.*/\1/p' "$1/prove.log"
}

mkdir -p "$out"
if [ "${MUTANT_CHECK:-}" = 1 ]; then
  stale=0
  for name in ${only:-$mutants}; do
    case $name in log_*) log=1 ;; *) log=0 ;; esac
    if apply "$name" "$out/$name" && build "$out/$name"; then
      echo "mutants: $name applies and builds"
    else
      stale=$((stale + 1))
    fi
  done
  [ "$stale" = 0 ] || { echo "mutants: $stale mutant(s) no longer apply or build" >&2; exit 1; }
  exit 0
fi
echo "== baseline: an unmutated copy must pass"
kinds=
for name in ${only:-$mutants}; do
  case $name in log_*) kinds="$kinds 1" ;; *) kinds="$kinds 0" ;; esac
done
for log in $(printf '%s\n' $kinds | sort -u); do
  apply baseline "$out/baseline"
  build "$out/baseline"
  failed=$(suite "$out/baseline")
  if [ -n "$failed" ] || ! grep -q '^Result: PASS' "$out/baseline/prove.log"; then
    cat "$out/baseline/prove.log" >&2
    echo "mutants: the unmutated copy fails the suite; fix that first" >&2
    exit 1
  fi
done

survivors=0
report="| mutant | what it breaks | caught by |
| --- | --- | --- |"
for name in ${only:-$mutants}; do
  case " $mutants " in *" $name "*) ;; *)
    echo "mutants: no mutant named $name" >&2
    exit 2
    ;;
  esac
  eval "what=\$what_$name"
  case $name in log_*) log=1 ;; *) log=0 ;; esac
  dir=$out/$name
  apply "$name" "$dir"
  build "$dir"
  caught=$(suite "$dir" | sed 's|^tests/||' | tr '\n' ' ' | sed 's/ $//')
  if [ -z "$caught" ]; then
    survivors=$((survivors + 1))
    caught='SURVIVED'
  fi
  echo "== $name: $caught"
  report="$report
| \`$name\` | $what | $caught |"
done
printf '%s\n' "$report" >"$out/report.md"
echo
cat "$out/report.md"
if [ "$survivors" -gt 0 ]; then
  echo "mutants: $survivors mutant(s) survived: the suite does not notice them" >&2
  exit 1
fi
