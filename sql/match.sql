-- http_status_match(code, pattern): items separated by commas, each a code
-- (404), a class (5xx, any case of x) or an inclusive range (400-499), with
-- spaces allowed around items. 1 or 0 for a code; NULL when the first
-- argument is not a code (see functions.sql) or the pattern is NULL.
-- Malformed patterns are errors: tests/errors.t.
-- The integers from -100 to 1000 (generate_series is not in every shell).
CREATE TEMP TABLE numbers AS
  WITH RECURSIVE n(value) AS (SELECT -100 UNION ALL SELECT value + 1 FROM n WHERE value < 1000)
  SELECT value FROM n;

SELECT 'match: 404 in 4xx', http_status_match(404, '4xx'), 1;
SELECT 'match: 404 in 5xx', http_status_match(404, '5xx'), 0;
SELECT 'match: 404 in 4XX', http_status_match(404, '4XX'), 1;
SELECT 'match: 404 in 4Xx', http_status_match(404, '4Xx'), 1;
SELECT 'match: 404 in 4xX', http_status_match(404, '4xX'), 1;
SELECT 'match: 100 in 1xx', http_status_match(100, '1xx'), 1;
SELECT 'match: 199 in 1xx', http_status_match(199, '1xx'), 1;
SELECT 'match: 200 in 1xx', http_status_match(200, '1xx'), 0;
SELECT 'match: 599 in 5xx', http_status_match(599, '5xx'), 1;
SELECT 'match: 299, not in the table, in 2xx', http_status_match(299, '2xx'), 1;
SELECT 'match: 503 in 5xx,401,403', http_status_match(503, '5xx,401,403'), 1;
SELECT 'match: 401 in 5xx,401,403', http_status_match(401, '5xx,401,403'), 1;
SELECT 'match: 403 in 5xx,401,403', http_status_match(403, '5xx,401,403'), 1;
SELECT 'match: 402 in 5xx,401,403', http_status_match(402, '5xx,401,403'), 0;
SELECT 'match: 404 in 404', http_status_match(404, '404'), 1;
SELECT 'match: 405 in 404', http_status_match(405, '404'), 0;
SELECT 'match: 400 in 400-499', http_status_match(400, '400-499'), 1;
SELECT 'match: 450 in 400-499', http_status_match(450, '400-499'), 1;
SELECT 'match: 499 in 400-499', http_status_match(499, '400-499'), 1;
SELECT 'match: 399 in 400-499', http_status_match(399, '400-499'), 0;
SELECT 'match: 500 in 400-499', http_status_match(500, '400-499'), 0;
SELECT 'match: 404 in 404-404', http_status_match(404, '404-404'), 1;
SELECT 'match: 100 in 100-599', http_status_match(100, '100-599'), 1;
SELECT 'match: 599 in 100-599', http_status_match(599, '100-599'), 1;
SELECT 'match: range across classes 350 in 301-420', http_status_match(350, '301-420'), 1;
SELECT 'match: spaces around items', http_status_match(404, '  500 ,  4xx  '), 1;
SELECT 'match: spaces around the dash', http_status_match(404, '400 - 404'), 1;
SELECT 'match: tabs around items', http_status_match(404, char(9) || '404' || char(9)), 1;
SELECT 'match: many items, last one matches', http_status_match(599, '100,200,300,400,500,501,502,503,504,505,1xx,2xx,3xx,510-520,599'), 1;
SELECT 'match: many items, none matches', http_status_match(598, '100,200,300,400,500,501,502,503,504,505,1xx,2xx,3xx,510-520,599'), 0;
SELECT 'match: overlapping items, inside', http_status_match(450, '4xx,400-499,450,440-460'), 1;
SELECT 'match: overlapping items, outside', http_status_match(350, '4xx,400-499,450,440-460'), 0;
SELECT 'match: an item twice', http_status_match(404, '404,404'), 1;
SELECT 'match: result is an integer', typeof(http_status_match(404, '4xx')), 'integer';

-- The first argument is read like every code argument.
SELECT 'match: text ''404''', http_status_match('404', '4xx'), 1;
SELECT 'match: text '' 404.0''', http_status_match(' 404.0', '404'), 1;
SELECT 'match: real 404.0', http_status_match(404.0, '404'), 1;
SELECT 'match: real 404.5', http_status_match(404.5, '4xx'), NULL;
SELECT 'match: text abc', http_status_match('abc', '4xx'), NULL;
SELECT 'match: blob', http_status_match(x'343034', '4xx'), NULL;
SELECT 'match: NULL code', http_status_match(NULL, '4xx'), NULL;
SELECT 'match: 600 is no code', http_status_match(600, '5xx'), NULL;
SELECT 'match: 99 is no code', http_status_match(99, '1xx'), NULL;
SELECT 'match: 2^32 + 404 is no code', http_status_match(4294967700, '4xx'), NULL;
SELECT 'match: NULL pattern', http_status_match(404, NULL), NULL;
SELECT 'match: NULL pattern, non-code', http_status_match('abc', NULL), NULL;
SELECT 'match: pattern given as a number', http_status_match(404, 404), 1;

-- Every code 100..599 against arithmetic, with a constant pattern (compiled
-- once per statement) and with one that changes on every row.
SELECT 'match: 100..599 against 4xx,501-503,599', (SELECT count(*) FROM (SELECT value FROM numbers WHERE value BETWEEN 100 AND 599) WHERE http_status_match(value, '4xx,501-503,599') <> (value / 100 = 4 OR value BETWEEN 501 AND 503 OR value = 599)), 0;
SELECT 'match: 100..599, 2xx count', (SELECT sum(http_status_match(value, '2xx')) FROM (SELECT value FROM numbers WHERE value BETWEEN 100 AND 599)), 100;
SELECT 'match: 100..599, ranges 150-249 count', (SELECT sum(http_status_match(value, '150-249')) FROM (SELECT value FROM numbers WHERE value BETWEEN 100 AND 599)), 100;
SELECT 'match: a pattern per row, own class', (SELECT count(*) FROM (SELECT value FROM numbers WHERE value BETWEEN 100 AND 599) WHERE http_status_match(value, (value / 100) || 'xx') <> 1), 0;
SELECT 'match: a pattern per row, next class', (SELECT count(*) FROM (SELECT value FROM numbers WHERE value BETWEEN 100 AND 499) WHERE http_status_match(value, (value / 100 + 1) || 'xx') <> 0), 0;
SELECT 'match: a pattern per row, own code', (SELECT count(*) FROM (SELECT value FROM numbers WHERE value BETWEEN 100 AND 599) WHERE http_status_match(value, value) <> 1), 0;
SELECT 'match: over the table, 5xx', (SELECT count(*) FROM http_status WHERE http_status_match(code, '5xx')), (SELECT count(*) FROM http_status WHERE code BETWEEN 500 AND 599);
SELECT 'match: over the table, 401,403,5xx', (SELECT count(*) FROM http_status WHERE http_status_match(code, '401,403,5xx')), (SELECT count(*) FROM http_status WHERE code IN (401, 403) OR code / 100 = 5);
