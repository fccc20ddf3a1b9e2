-- Response time in seconds per status class and over all: the 50th, 95th and 99th
-- percentiles (nearest rank: the smallest duration with at least that share of the
-- requests at or below it) and the longest. Only lines whose format has a duration count.
-- Alone, on a database written by httpstatus-import (its view log):
--   sqlite3 logs.db -cmd '.load ./httpstatus' -box < examples/report/7_durations.sql
CREATE TEMP VIEW IF NOT EXISTS log_durations AS
  SELECT substr(coalesce(time_utc, datetime(time)), 1, 16) AS minute, status, duration,
         count(*) AS requests
  FROM log WHERE duration IS NOT NULL GROUP BY 1, 2, 3;
WITH d AS (
  SELECT (status / 100) || 'xx' AS class, duration, requests FROM log_durations
  WHERE status BETWEEN 100 AND 599
  UNION ALL
  SELECT 'all', duration, requests FROM log_durations),
ranked AS (
  SELECT class, duration,
         sum(requests) OVER (PARTITION BY class ORDER BY duration ROWS UNBOUNDED PRECEDING) AS upto,
         sum(requests) OVER (PARTITION BY class) AS n
  FROM d)
SELECT class, max(n) AS requests,
       min(CASE WHEN upto * 100 >= 50 * n THEN duration END) AS p50,
       min(CASE WHEN upto * 100 >= 95 * n THEN duration END) AS p95,
       min(CASE WHEN upto * 100 >= 99 * n THEN duration END) AS p99,
       max(duration) AS max
FROM ranked
GROUP BY class
ORDER BY class = 'all', class;
