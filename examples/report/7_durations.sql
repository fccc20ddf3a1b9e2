-- Response time in seconds per status class: the 50th, 95th and 99th percentiles
-- (nearest rank: the smallest duration with at least that share of the class at or
-- below it) and the longest. Only lines whose format has a duration count.
-- sqlite3 logs.db -cmd '.load ./httpstatus' -box < examples/report/7_durations.sql
WITH d AS (
  SELECT (status / 100) || 'xx' AS class, duration FROM log
  WHERE duration IS NOT NULL AND status BETWEEN 100 AND 599
  UNION ALL
  SELECT 'all', duration FROM log WHERE duration IS NOT NULL),
ranked AS (
  SELECT class, duration, row_number() OVER (PARTITION BY class ORDER BY duration) AS rank,
         count(*) OVER (PARTITION BY class) AS n
  FROM d)
SELECT class, max(n) AS requests,
       min(CASE WHEN rank * 100 >= 50 * n THEN duration END) AS p50,
       min(CASE WHEN rank * 100 >= 95 * n THEN duration END) AS p95,
       min(CASE WHEN rank * 100 >= 99 * n THEN duration END) AS p99,
       max(duration) AS max
FROM ranked
GROUP BY class
ORDER BY class = 'all', class;
