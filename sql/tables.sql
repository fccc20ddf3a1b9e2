-- The tables: row counts from independent facts, their columns, and a join
-- with a log. Counts come from data/codes.tsv and data/meanings.tsv (read
-- here with the shell's readfile()), from RFC 9110 and from arithmetic, never
-- from the tables themselves. Planner plans are tested elsewhere; these are
-- results.

-- One row per (code, source): data/codes.tsv (12 fields, the source 5th)
-- and data/meanings.tsv (6 fields, the source 4th), split at newlines.
CREATE TEMP TABLE tsv_line AS
  WITH RECURSIVE split(line, rest) AS (
    SELECT NULL, CAST(readfile('data/codes.tsv') AS TEXT) || CAST(readfile('data/meanings.tsv') AS TEXT)
    UNION ALL
    SELECT substr(rest, 1, instr(rest || char(10), char(10)) - 1),
           substr(rest, instr(rest || char(10), char(10)) + 1)
    FROM split WHERE rest <> '')
  SELECT line, CASE length(line) - length(replace(line, char(9), '')) WHEN 11 THEN 5 WHEN 5 THEN 4 END AS field
  FROM split WHERE line GLOB '[1-5][0-9][0-9]' || char(9) || '*';
-- Field n of a line: drop the first field n - 1 times.
CREATE TEMP TABLE tsv AS
  WITH RECURSIVE rest_of(code, n, rest) AS (
    SELECT CAST(substr(line, 1, 3) AS INTEGER), field, line || char(9) FROM tsv_line
    UNION ALL
    SELECT code, n - 1, substr(rest, instr(rest, char(9)) + 1) FROM rest_of WHERE n > 1)
  SELECT code, substr(rest, 1, instr(rest, char(9)) - 1) AS source FROM rest_of WHERE n = 1;

SELECT 'codes.tsv was read', (SELECT count(*) > 90 AND count(DISTINCT source) > 5 FROM tsv), 1;
SELECT 'http_status: one row per code of codes.tsv', (SELECT count(*) FROM http_status), (SELECT count(DISTINCT code) FROM tsv);
SELECT 'http_status: as many rows as distinct codes of the meanings', (SELECT count(*) FROM http_status), (SELECT count(DISTINCT code) FROM http_status_meanings);
SELECT 'http_status: codes are unique', (SELECT count(DISTINCT code) FROM http_status), (SELECT count(*) FROM http_status);
SELECT 'http_status: the codes of codes.tsv', (SELECT count(*) FROM (SELECT code FROM tsv EXCEPT SELECT code FROM http_status) UNION ALL SELECT 1 FROM (SELECT code FROM http_status EXCEPT SELECT code FROM tsv) LIMIT 1), 0;
SELECT 'http_status_meanings: one row per line of codes.tsv and meanings.tsv', (SELECT count(*) FROM http_status_meanings), (SELECT count(*) FROM tsv);
SELECT 'http_status_meanings: the (code, source) pairs of codes.tsv', (SELECT count(*) FROM (SELECT code, source FROM tsv EXCEPT SELECT code, source FROM http_status_meanings)), 0;
SELECT 'http_status_meanings: one preferred row per code', (SELECT count(*) FROM (SELECT code FROM http_status_meanings GROUP BY code HAVING sum(preferred) <> 1)), 0;
SELECT 'http_status_meanings: preferred rows are http_status', (SELECT count(*) FROM (SELECT code, name, class, meaning, source, reference, registry, cacheable, no_content, retryable, redirect FROM http_status_meanings WHERE preferred EXCEPT SELECT * FROM http_status)), 0;
SELECT 'http_status_meanings: preferred is 0 or 1', (SELECT count(*) FROM http_status_meanings WHERE preferred NOT IN (0, 1)), 0;
SELECT 'http_status_sources: the sources of codes.tsv', (SELECT group_concat(source) FROM (SELECT source FROM http_status_sources ORDER BY source)), (SELECT group_concat(source) FROM (SELECT DISTINCT source FROM tsv ORDER BY source));
SELECT 'http_status_sources: every one described', (SELECT count(*) FROM http_status_sources WHERE description IS NULL OR description = ''), 0;

-- Every code of the IANA registry that the seed page lacks, and
-- the vendor codes real logs contain.
SELECT 'IANA codes the seed lacks are there, from iana', (SELECT count(*) FROM http_status WHERE source = 'iana' AND code IN (104, 208, 226, 305, 306, 407, 416, 417, 421, 423, 424, 506, 510)), 13;
SELECT 'nginx 444 and 499', (SELECT group_concat(code || ' ' || source) FROM (SELECT code, source FROM http_status WHERE code IN (444, 499) ORDER BY code)), '444 nginx,499 nginx';
SELECT 'Cloudflare 520..526', (SELECT count(*) FROM http_status WHERE code BETWEEN 520 AND 526 AND source = 'cloudflare'), 7;

-- Columns and their types.
SELECT 'http_status columns', (SELECT group_concat(name || ' ' || type, ', ') FROM pragma_table_info('http_status')), 'code INTEGER, name TEXT, class TEXT, meaning TEXT, source TEXT, reference TEXT, registry TEXT, cacheable INTEGER, no_content INTEGER, retryable INTEGER, redirect INTEGER';
SELECT 'http_status_meanings columns', (SELECT group_concat(name, ', ') FROM pragma_table_info('http_status_meanings')), 'code, name, class, meaning, source, reference, registry, cacheable, no_content, retryable, redirect, preferred';
SELECT 'http_status_aliases columns', (SELECT group_concat(name, ', ') FROM pragma_table_info('http_status_aliases')), 'code, name, kind, reference';
SELECT 'http_status_classes columns', (SELECT group_concat(name, ', ') FROM pragma_table_info('http_status_classes')), 'class, family, first_code, last_code, description';
SELECT 'http_status_notes columns', (SELECT group_concat(name, ', ') FROM pragma_table_info('http_status_notes')), 'title, first_code, second_code, note';
SELECT 'http_status_sources columns', (SELECT group_concat(name, ', ') FROM pragma_table_info('http_status_sources')), 'source, description';
SELECT 'http_status: value types', (SELECT group_concat(t) FROM (SELECT DISTINCT typeof(code) || typeof(name) || typeof(class) || typeof(meaning) || typeof(source) || typeof(reference) || typeof(cacheable) || typeof(no_content) || typeof(retryable) || typeof(redirect) AS t FROM http_status)), 'integertexttexttexttexttextintegerintegerintegerinteger';
SELECT 'http_status: rowid is the code', (SELECT count(*) FROM http_status WHERE rowid IS NOT code), 0;
SELECT 'http_status: no empty text', (SELECT count(*) FROM http_status WHERE name = '' OR meaning = '' OR source = '' OR reference = ''), 0;
SELECT 'http_status: class by first digit', (SELECT count(*) FROM http_status WHERE class IS NOT CASE code / 100 WHEN 1 THEN 'Informational' WHEN 2 THEN 'Success' WHEN 3 THEN 'Redirection' WHEN 4 THEN 'Client Error' WHEN 5 THEN 'Server Error' END), 0;
SELECT 'http_status: every class has rows', (SELECT count(DISTINCT class) FROM http_status), 5;
SELECT 'http_status: codes within their class range', (SELECT count(*) FROM http_status s JOIN http_status_classes c ON c.class = s.class WHERE s.code NOT BETWEEN c.first_code AND c.last_code), 0;
SELECT 'http_status: registry set for iana only', (SELECT count(*) FROM http_status WHERE (source = 'iana') <> (registry IS NOT NULL)), 0;
SELECT 'http_status: registry states', (SELECT group_concat(code || ' ' || registry) FROM (SELECT code, registry FROM http_status WHERE registry <> 'permanent' ORDER BY code)), '104 provisional,306 unused,418 unused,510 obsoleted';
SELECT 'http_status: 404', (SELECT name || '|' || class || '|' || source || '|' || reference FROM http_status WHERE code = 404), 'Not Found|Client Error|iana|RFC 9110, Section 15.5.5';
SELECT 'http_status: 407 reference', (SELECT reference FROM http_status WHERE code = 407), 'RFC 9110, Section 15.5.8';
SELECT 'http_status: 429 reference', (SELECT reference FROM http_status WHERE code = 429), 'RFC 6585, Section 4';
SELECT 'http_status: 451 reference', (SELECT reference FROM http_status WHERE code = 451), 'RFC 7725, Section 3';

-- The RFC sets: heuristically cacheable (RFC 9110, Section 15.1, and RFC
-- 7725, Section 3 for 451), never with content (1xx, 204, 304), worth
-- retrying (408, 429, 502, 503, 504) and redirects that send Location.
SELECT 'cacheable codes', (SELECT group_concat(code) FROM (SELECT code FROM http_status WHERE cacheable ORDER BY code)), '200,203,204,206,300,301,308,404,405,410,414,451,501';
SELECT 'no_content codes', (SELECT count(*) FROM http_status WHERE no_content <> (code BETWEEN 100 AND 199 OR code IN (204, 304))), 0;
SELECT 'no_content covers every 1xx row', (SELECT count(*) FROM http_status WHERE code < 200 AND no_content = 0), 0;
SELECT 'retryable codes', (SELECT group_concat(code) FROM (SELECT code FROM http_status WHERE retryable ORDER BY code)), '408,429,502,503,504';
SELECT 'redirect codes', (SELECT group_concat(code) FROM (SELECT code FROM http_status WHERE redirect ORDER BY code)), '301,302,303,307,308';
SELECT 'flags are 0 or 1', (SELECT count(*) FROM http_status_meanings WHERE cacheable NOT IN (0, 1) OR no_content NOT IN (0, 1) OR retryable NOT IN (0, 1) OR redirect NOT IN (0, 1)), 0;

-- http_status_classes: the five classes (RFC 9110, Section 15).
SELECT 'classes in order', (SELECT group_concat(class || ' ' || family || ' ' || first_code || '-' || last_code, ', ') FROM http_status_classes), 'Informational 1xx 100-199, Success 2xx 200-299, Redirection 3xx 300-399, Client Error 4xx 400-499, Server Error 5xx 500-599';
SELECT 'classes: every one described', (SELECT count(*) FROM http_status_classes WHERE length(description) > 40), 5;
SELECT 'classes: http_status_class agrees', (SELECT count(*) FROM http_status_classes WHERE http_status_class(first_code) IS NOT class OR http_status_class(last_code) IS NOT class), 0;

-- http_status_notes: the seed's two notes (their text is checked in tests/seed.t).
SELECT 'notes', (SELECT group_concat(title || ' ' || first_code || ' ' || second_code, ', ') FROM (SELECT * FROM http_status_notes ORDER BY title)), '301 vs 308 301 308, 401 vs 403 401 403';
SELECT 'notes name codes of the table', (SELECT count(*) FROM http_status_notes WHERE first_code NOT IN (SELECT code FROM http_status) OR second_code NOT IN (SELECT code FROM http_status)), 0;

-- http_status_aliases: names from the RFCs, and the registry's names where
-- the seed's differ (413, 418, 422 keep the seed's name in http_status).
SELECT 'alias 413 Content Too Large (RFC 9110)', (SELECT kind FROM http_status_aliases WHERE code = 413 AND name = 'Content Too Large'), 'iana';
SELECT 'alias 413 Request Entity Too Large (RFC 2616)', (SELECT kind FROM http_status_aliases WHERE code = 413 AND name = 'Request Entity Too Large'), 'former';
SELECT 'alias 422 Unprocessable Entity (RFC 4918)', (SELECT kind FROM http_status_aliases WHERE code = 422 AND name = 'Unprocessable Entity'), 'former';
SELECT 'alias 302 Moved Temporarily (RFC 1945)', (SELECT kind FROM http_status_aliases WHERE code = 302 AND name = 'Moved Temporarily'), 'former';
SELECT 'alias 418 (Unused) (RFC 9110)', (SELECT kind FROM http_status_aliases WHERE code = 418 AND name = '(Unused)'), 'iana';
SELECT 'aliases name codes of the table', (SELECT count(*) FROM http_status_aliases WHERE code NOT IN (SELECT code FROM http_status)), 0;
SELECT 'aliases have known kinds and references', (SELECT count(*) FROM http_status_aliases WHERE kind NOT IN ('iana', 'former', 'common', 'library') OR reference IS NULL OR reference = ''), 0;
SELECT 'no alias repeats its own row''s name', (SELECT count(*) FROM http_status_aliases a JOIN http_status s USING (code) WHERE a.name = s.name COLLATE NOCASE), 0;

-- Lookups, ranges, IN, ORDER BY, LIMIT and OFFSET give ordinary table answers.
SELECT 'code = 404', (SELECT name FROM http_status WHERE code = 404), 'Not Found';
SELECT 'code = ''404''', (SELECT name FROM http_status WHERE code = '404'), 'Not Found';
SELECT 'code = '' 404''', (SELECT name FROM http_status WHERE code = ' 404'), 'Not Found';
SELECT 'code = 404.0', (SELECT name FROM http_status WHERE code = 404.0), 'Not Found';
SELECT 'code = ''4.04e2''', (SELECT name FROM http_status WHERE code = '4.04e2'), 'Not Found';
SELECT 'code IS 404', (SELECT name FROM http_status WHERE code IS 404), 'Not Found';
SELECT 'rowid = 404', (SELECT name FROM http_status WHERE rowid = 404), 'Not Found';
SELECT 'code = 404.5: no row', (SELECT count(*) FROM http_status WHERE code = 404.5), 0;
SELECT 'code = ''404abc'': no row', (SELECT count(*) FROM http_status WHERE code = '404abc'), 0;
SELECT 'code = 2^32 + 404: no row', (SELECT count(*) FROM http_status WHERE code = 4294967700), 0;
SELECT 'code = NULL: no row', (SELECT count(*) FROM http_status WHERE code = NULL), 0;
SELECT 'code IS NULL: no row', (SELECT count(*) FROM http_status WHERE code IS NULL), 0;
SELECT 'code IS NOT NULL: every row', (SELECT count(*) FROM http_status WHERE code IS NOT NULL), (SELECT count(DISTINCT code) FROM tsv);
SELECT 'code IN (...)', (SELECT group_concat(code) FROM (SELECT code FROM http_status WHERE code IN (404, '500', 200.0, 404.5, 999, NULL, 'abc') ORDER BY code)), '200,404,500';
SELECT 'code BETWEEN 200 AND 299 is class Success', (SELECT count(*) FROM http_status WHERE code BETWEEN 200 AND 299), (SELECT count(*) FROM http_status WHERE class = 'Success');
SELECT 'class = Client Error is codes 400..499', (SELECT count(*) FROM http_status WHERE class = 'Client Error'), (SELECT count(DISTINCT code) FROM tsv WHERE code BETWEEN 400 AND 499);
SELECT 'class = client error (binary): no row', (SELECT count(*) FROM http_status WHERE class = 'client error'), 0;
SELECT 'class = client error COLLATE NOCASE', (SELECT count(*) FROM http_status WHERE class = 'client error' COLLATE NOCASE), (SELECT count(DISTINCT code) FROM tsv WHERE code BETWEEN 400 AND 499);
SELECT 'code > 599.5: no row', (SELECT count(*) FROM http_status WHERE code > 599.5), 0;
SELECT 'code >= 598.5', (SELECT group_concat(code) FROM http_status WHERE code >= 598.5), '599';
SELECT 'code < 100.5', (SELECT group_concat(code) FROM http_status WHERE code < 100.5), '100';
SELECT 'code < ''a'': every row (numbers sort before text)', (SELECT count(*) FROM http_status WHERE code < 'a'), (SELECT count(DISTINCT code) FROM tsv);
SELECT 'code > ''a'': no row', (SELECT count(*) FROM http_status WHERE code > 'a'), 0;
SELECT 'ORDER BY code LIMIT 3', (SELECT group_concat(code) FROM (SELECT code FROM http_status ORDER BY code LIMIT 3)), (SELECT group_concat(code) FROM (SELECT DISTINCT code FROM tsv ORDER BY code LIMIT 3));
SELECT 'ORDER BY code DESC LIMIT 3', (SELECT group_concat(code) FROM (SELECT code FROM http_status ORDER BY code DESC LIMIT 3)), (SELECT group_concat(code) FROM (SELECT DISTINCT code FROM tsv ORDER BY code DESC LIMIT 3));
SELECT 'ORDER BY code LIMIT 2 OFFSET 5 in 4xx', (SELECT group_concat(code) FROM (SELECT code FROM http_status WHERE code >= 400 ORDER BY code LIMIT 2 OFFSET 5)), (SELECT group_concat(code) FROM (SELECT DISTINCT code FROM tsv WHERE code >= 400 ORDER BY code LIMIT 2 OFFSET 5));
SELECT 'ORDER BY code DESC in a range', (SELECT group_concat(code) FROM (SELECT code FROM http_status WHERE code BETWEEN 300 AND 304 ORDER BY code DESC)), '304,303,302,301,300';

-- A log joined with the table: one row per log row, whatever the status's type.
CREATE TABLE log(id INTEGER PRIMARY KEY, status INTEGER, raw);
INSERT INTO log(status, raw) VALUES (200, 200), (200, '200'), (404, ' 404'), ('404', '404.0'), (404.0, 404.0), (499, '499'), (503, '5.03e2'), (999, 999), (NULL, NULL), (299, 299), (404.5, 404.5), ('404abc', '404abc');
SELECT 'log: inner join keeps the rows with a code of the table', (SELECT count(*) FROM log l JOIN http_status s ON s.code = l.status), 7;
SELECT 'log: left join never multiplies rows', (SELECT count(*) FROM log l LEFT JOIN http_status s ON s.code = l.status), (SELECT count(*) FROM log);
SELECT 'log: join on an untyped column', (SELECT count(*) FROM log l JOIN http_status s ON s.code = l.raw), 7;
SELECT 'log: join on an untyped column, with IS', (SELECT count(*) FROM log l JOIN http_status s ON s.code IS l.raw), 7;
SELECT 'log: group by class', (SELECT group_concat(class || ' ' || n, ', ') FROM (SELECT s.class, count(*) AS n FROM log l JOIN http_status s ON s.code = l.status GROUP BY s.class ORDER BY s.class)), 'Client Error 4, Server Error 1, Success 2';
SELECT 'log: group by class and name', (SELECT group_concat(name || ' ' || n, ', ') FROM (SELECT s.class, s.name, count(*) AS n FROM log l JOIN http_status s ON s.code = l.status GROUP BY 1, 2 ORDER BY 3 DESC, 2)), 'Not Found 3, OK 2, Client Closed Request 1, Service Unavailable 1';
SELECT 'log: functions over the log', (SELECT group_concat(ifnull(http_status_class(raw), '-'), ',') FROM (SELECT raw FROM log ORDER BY id)), 'Success,Success,Client Error,Client Error,Client Error,Client Error,Server Error,-,-,Success,-,-';
SELECT 'log: unknown codes, left join', (SELECT group_concat(q) FROM (SELECT quote(l.status) AS q FROM log l LEFT JOIN http_status s ON s.code = l.status WHERE s.code IS NULL ORDER BY l.id)), '999,NULL,299,404.5,''404abc''';
