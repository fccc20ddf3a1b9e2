-- Response time percentiles in seconds over time (UTC), in the buckets of
-- 2_over_time.sql; only lines whose format has a duration count.
-- Alone, on a database written by httpstatus-import (its view log):
--   sqlite3 logs.db -cmd '.load ./httpstatus' -box < examples/report/8_durations_over_time.sql
CREATE TEMP VIEW IF NOT EXISTS log_minutes AS
  SELECT substr(at, 1, 16) AS minute, status, count(*) AS requests,
         coalesce(sum(bytes), 0) AS bytes, min(at) AS first, max(at) AS last
  FROM (SELECT coalesce(time_utc, datetime(time)) AS at, status, bytes FROM log)
  GROUP BY 1, 2;
CREATE TEMP VIEW IF NOT EXISTS log_durations AS
  SELECT substr(coalesce(time_utc, datetime(time)), 1, 16) AS minute, status, duration,
         count(*) AS requests
  FROM log WHERE duration IS NOT NULL GROUP BY 1, 2, 3;
WITH span AS (
  SELECT CAST(strftime('%s', min(minute)) AS INTEGER) AS lo,
         CAST(strftime('%s', max(minute)) AS INTEGER) AS hi
  FROM log_minutes),
size AS (
  SELECT lo, hi, CASE WHEN hi - lo < 6000 THEN 60 WHEN hi - lo < 30000 THEN 300
                      WHEN hi - lo < 90000 THEN 900 WHEN hi - lo < 360000 THEN 3600
                      WHEN hi - lo < 2160000 THEN 21600 WHEN hi - lo < 8640000 THEN 86400
                      ELSE 604800 END AS width
  FROM span WHERE lo IS NOT NULL),
ranked AS (
  SELECT CAST(strftime('%s', d.minute) AS INTEGER) / width * width AS start, d.duration,
         sum(d.requests) OVER (PARTITION BY CAST(strftime('%s', d.minute) AS INTEGER) / width
                               ORDER BY d.duration ROWS UNBOUNDED PRECEDING) AS upto,
         sum(d.requests) OVER (PARTITION BY CAST(strftime('%s', d.minute) AS INTEGER) / width) AS n
  FROM log_durations AS d, size WHERE d.minute IS NOT NULL)
SELECT datetime(start, 'unixepoch') AS start, max(n) AS requests,
       min(CASE WHEN upto * 100 >= 50 * n THEN duration END) AS p50,
       min(CASE WHEN upto * 100 >= 95 * n THEN duration END) AS p95,
       min(CASE WHEN upto * 100 >= 99 * n THEN duration END) AS p99,
       max(duration) AS max
FROM ranked
GROUP BY start
ORDER BY start;
