-- Response time percentiles in seconds over time (UTC), in the buckets of
-- 2_over_time.sql; only lines whose format has a duration count.
-- sqlite3 logs.db -cmd '.load ./httpstatus' -box < examples/report/8_durations_over_time.sql
WITH timed AS (
  SELECT CAST(strftime('%s', coalesce(time_utc, datetime(time))) AS INTEGER) AS t, duration
  FROM log),
span AS (SELECT min(t) AS lo, max(t) AS hi FROM timed),
size AS (
  SELECT lo, hi, CASE WHEN hi - lo < 6000 THEN 60 WHEN hi - lo < 30000 THEN 300
                      WHEN hi - lo < 90000 THEN 900 WHEN hi - lo < 360000 THEN 3600
                      WHEN hi - lo < 2160000 THEN 21600 WHEN hi - lo < 8640000 THEN 86400
                      ELSE 604800 END AS width
  FROM span WHERE lo IS NOT NULL),
ranked AS (
  SELECT t / width * width AS start, duration,
         row_number() OVER (PARTITION BY t / width ORDER BY duration) AS rank,
         count(*) OVER (PARTITION BY t / width) AS n
  FROM timed, size WHERE t IS NOT NULL AND duration IS NOT NULL)
SELECT datetime(start, 'unixepoch') AS start, max(n) AS requests,
       min(CASE WHEN rank * 100 >= 50 * n THEN duration END) AS p50,
       min(CASE WHEN rank * 100 >= 95 * n THEN duration END) AS p95,
       min(CASE WHEN rank * 100 >= 99 * n THEN duration END) AS p99,
       max(duration) AS max
FROM ranked
GROUP BY start
ORDER BY start;
