#!/bin/sh
# The httpagent functions from SQL: what each answers, NULL and other types,
# the inputs docs/agents.md defines an answer for (invalid UTF-8, NUL bytes,
# a 1 MB user agent, '' and '-'), the flags (deterministic, innocuous), and
# every row of data/bots.tsv against the sample agents in tests/agent_bots.tsv.
. tests/lib.sh
HTTPAGENT=${HTTPAGENT:-./httpagent}
ha() { "$SQLITE3" -batch :memory: -cmd ".load $HTTPAGENT" "$@"; }

CHROME='Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36'
IPHONE='Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1'
GOOGLEBOT='Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'
FIREFOX='Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0'

plan 27

is "$(ha "SELECT http_agent_browser('$CHROME'), http_agent_browser_version('$CHROME'),
  http_agent_os('$CHROME'), http_agent_os_version('$CHROME'), http_agent_device('$CHROME'),
  http_agent_is_bot('$CHROME')")" 'Chrome|120.0.6099|Windows|10|Other|0' "Chrome on Windows"
is "$(ha "SELECT http_agent_browser('$IPHONE'), http_agent_browser_version('$IPHONE'),
  http_agent_os('$IPHONE'), http_agent_os_version('$IPHONE'), http_agent_device('$IPHONE'),
  http_agent_is_bot('$IPHONE')")" 'Mobile Safari|17.1.2|iOS|17.1.2|iPhone|0' "Safari on an iPhone"
is "$(ha "SELECT http_agent_browser('$GOOGLEBOT'), http_agent_device('$GOOGLEBOT'),
  http_agent_is_bot('$GOOGLEBOT'), json_extract(http_agent('$GOOGLEBOT'), '\$.bot')")" 'Googlebot|Spider|1|Googlebot' \
  "Googlebot: uap-core's Spider device"
is "$(ha "SELECT http_agent_is_bot('curl/8.5.0'), json_extract(http_agent('curl/8.5.0'), '\$.bot'),
  http_agent_browser('curl/8.5.0'), http_agent_device('curl/8.5.0')")" '1|curl|curl|Other' \
  "curl: a bot by data/bots.tsv"
is "$(ha "SELECT http_agent('$FIREFOX')")" \
  '{"browser":{"family":"Firefox","major":"121","minor":"0","patch":null,"version":"121.0"},"os":{"family":"Linux","major":null,"minor":null,"patch":null,"patch_minor":null,"version":null},"device":{"family":"Other","brand":null,"model":null},"is_bot":false,"bot":null}' \
  "http_agent(): everything as one JSON object"
is "$(ha "SELECT json_valid(http_agent('$IPHONE')), json_extract(http_agent('$IPHONE'), '\$.device.brand'),
  json_extract(http_agent('$IPHONE'), '\$.os.minor')")" '1|Apple|1' "http_agent() is valid JSON"
# A patch that is not a number follows without a dot, as ua-parser prints it.
is "$(ha "SELECT http_agent_browser_version('Mozilla/5.0 (Windows; U; Windows NT 5.1; en-US; rv:1.9.1b4) Gecko/20090423 Firefox/3.5b4')")" \
  '3.5b4' "a version whose patch is not a number: 3.5b4"

# NULL in, NULL out; other types are read as text.
is "$(ha "SELECT quote(http_agent(NULL)), quote(http_agent_browser(NULL)),
  quote(http_agent_browser_version(NULL)), quote(http_agent_os(NULL)), quote(http_agent_os_version(NULL)),
  quote(http_agent_device(NULL)), quote(http_agent_is_bot(NULL))")" 'NULL|NULL|NULL|NULL|NULL|NULL|NULL' \
  "NULL gives NULL from every function"
is "$(ha "SELECT http_agent_browser(CAST('$FIREFOX' AS BLOB)), http_agent(CAST('$FIREFOX' AS BLOB)) = http_agent('$FIREFOX')")" \
  'Firefox|1' "a BLOB is read as the text of its bytes"
is "$(ha "SELECT http_agent_browser(42), http_agent_is_bot(4.5), quote(http_agent_browser_version(42))")" 'Other|0|NULL' \
  "a number is read as its text"
is "$(ha "SELECT quote(http_agent_browser('')), http_agent_os(''), http_agent_device(''), http_agent_is_bot('')")" \
  "'Other'|Other|Other|0" "an empty user agent: Other, not a bot"
is "$(ha "SELECT http_agent_browser('-'), http_agent_is_bot('-'), quote(json_extract(http_agent('-'), '\$.bot'))")" 'Other|0|NULL' \
  "'-' (what a log writes for no user agent): Other, not a bot"

# Invalid UTF-8: each invalid sequence reads as U+FFFD.
is "$(ha "SELECT http_agent_browser(CAST(X'ff' AS TEXT) || 'Firefox/3.0'), hex(json_extract(http_agent(X'c328' || CAST('Firefox/3.0' AS BLOB)), '\$.browser.family'))")" \
  'Firefox|46697265666F78' "invalid UTF-8 before a browser's name does not hide it"
is "$(ha "SELECT hex(http_agent_browser(CAST(X'e282' AS TEXT) || ' Foo')), hex(http_agent_device(CAST('Mozilla/5.0 (Linux; Android 9; ' AS BLOB) || X'ff' || CAST(' Build/PQ3A) Safari' AS BLOB)))")" \
  '4F74686572|EFBFBD' "a captured invalid byte comes back as U+FFFD (EF BF BD)"
is "$(ha "SELECT http_agent(X'eda080' || CAST(' Firefox/3.0' AS BLOB)) = http_agent(CAST(X'efbfbdefbfbdefbfbd' AS TEXT) || ' Firefox/3.0'), http_agent_browser(X'eda080' || CAST(' Firefox/3.0' AS BLOB))")" '1|Firefox' \
  "an encoded surrogate (ED A0 80) reads as three U+FFFD, as Python decodes it"
# NUL bytes are characters like any other.
is "$(ha "SELECT http_agent_browser(CAST('curl/8.0' AS BLOB) || X'00' || CAST(' $FIREFOX' AS BLOB)), http_agent_is_bot(X'00' || CAST('curl/8.0' AS BLOB))")" \
  'Firefox|0' "a NUL byte neither ends the user agent nor matches ^ after it"
# 1 MB: the first 2048 bytes are parsed.
is "$(ha "SELECT http_agent_browser('$FIREFOX' || printf('%.*c', 1048576, 'x')), http_agent_browser(printf('%.*c', 1048576, 'x') || '$FIREFOX'), http_agent(printf('%.*c', 1048576, 'x')) = http_agent('x')")" \
  'Firefox|Other|1' "a 1 MB user agent: what its first 2048 bytes say"
is "$(ha "SELECT http_agent_browser(printf('%.*c', 2048 - length('Firefox/9.0'), 'x') || 'Firefox/9.0'), http_agent_browser(printf('%.*c', 2049 - length('Firefox/9.0'), 'x') || 'Firefox/9.0')")" \
  'Firefox|Other' "the limit is 2048 bytes, exactly"
is "$(ha "SELECT http_agent_browser_version(printf('%.*c', 2047 - length('Firefox/9.1'), 'x') || 'Firefox/9.1' || char(233)), json_valid(http_agent(printf('%.*c', 2047 - length('Firefox/9.1'), 'x') || 'Firefox/9.1' || char(233)))")" '9.1|1' \
  "a character that does not fit whole in 2048 bytes is left out"

# Flags: deterministic (an index on an expression), innocuous (a view when
# the schema is not trusted).
is "$(ha "CREATE TABLE t(ua); INSERT INTO t VALUES ('$CHROME'), ('$GOOGLEBOT');
  CREATE INDEX t_bot ON t(http_agent_is_bot(ua));
  SELECT count(*) FROM t WHERE http_agent_is_bot(ua) = 1")" '1' "deterministic: usable in an index on an expression"
is "$(ha "PRAGMA trusted_schema = OFF; CREATE TABLE t(ua); INSERT INTO t VALUES ('$GOOGLEBOT');
  CREATE VIEW v AS SELECT http_agent_browser(ua) AS b, http_agent(ua) AS j FROM t;
  SELECT b, json_extract(j, '\$.is_bot') FROM v" 2>&1)" 'Googlebot|1' "innocuous: usable in a view of an untrusted schema"
is "$(ha "SELECT count(*) FROM pragma_function_list WHERE name LIKE 'http_agent%' AND narg = 1 AND flags & 0x800 AND flags & 0x200000")" '7' \
  "seven functions, one argument each, all deterministic and innocuous"

# Wrong use: a clear error, the connection usable afterwards.
like "$(ha "SELECT http_agent_browser('a', 'b')" 2>&1)" "wrong number of arguments to function http_agent_browser()" \
  "two arguments: SQLite's error"
# (SQL on standard input: the shell leaks the message of a failing -cmd)
is "$(printf "SELECT http_agent_browser();\nSELECT http_agent_browser('curl/1.0');\n" | ha 2>/dev/null)" 'curl' \
  "the connection still answers"

# Every row of data/bots.tsv names the bot of a sample user agent in
# tests/agent_bots.tsv, and every sample gets the name it lists.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# (.import without --skip, which SQLite 3.31's shell lacks: the header row goes too)
got=$(ha -cmd ".mode tabs" -cmd "CREATE TABLE s(ua, name)" -cmd ".import tests/agent_bots.tsv s" \
  "SELECT count(*), sum(coalesce(json_extract(http_agent(ua), '\$.bot'), '') = name AND http_agent_is_bot(ua) = (name <> '')) FROM s WHERE rowid > 1")
rows=$(sed 1d tests/agent_bots.tsv | wc -l)
is "$got" "$rows	$rows" "each of the $rows samples in tests/agent_bots.tsv is the bot it names (or none)"
sed 1d data/bots.tsv | cut -f2 | sort -u >"$tmp/names"
sed 1d tests/agent_bots.tsv | cut -f2 | sort -u >"$tmp/samples"
is "$(comm -23 "$tmp/names" "$tmp/samples" | tr '\n' ',')" '' "every name in data/bots.tsv has a sample"
is "$(awk -F '\t' 'NR > 1 && (NF != 3 || $1 == "" || $2 == "" || $3 !~ /^https?:\/\//) { print NR }' data/bots.tsv | tr '\n' ',')" '' \
  "every row of data/bots.tsv has a pattern, a name and a source address"
