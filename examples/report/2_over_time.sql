-- Requests per status class over time (UTC), in buckets sized from the period:
-- a minute under 100 minutes, then 5 and 15 minutes, an hour, 6 hours, a day, a week.
-- Alone, on a database written by httpstatus-import (its view log):
--   sqlite3 logs.db -cmd '.load ./httpstatus' -box < examples/report/2_over_time.sql
CREATE TEMP VIEW IF NOT EXISTS log_minutes AS
  SELECT substr(at, 1, 16) AS minute, status, count(*) AS requests,
         coalesce(sum(bytes), 0) AS bytes, min(at) AS first, max(at) AS last
  FROM (SELECT coalesce(time_utc, datetime(time)) AS at, status, bytes FROM log)
  GROUP BY 1, 2;
WITH timed AS (
  SELECT CAST(strftime('%s', minute) AS INTEGER) AS t, status, requests
  FROM log_minutes WHERE minute IS NOT NULL),
span AS (SELECT min(t) AS lo, max(t) AS hi FROM timed),
size AS (
  SELECT lo, hi, CASE WHEN hi - lo < 6000 THEN 60 WHEN hi - lo < 30000 THEN 300
                      WHEN hi - lo < 90000 THEN 900 WHEN hi - lo < 360000 THEN 3600
                      WHEN hi - lo < 2160000 THEN 21600 WHEN hi - lo < 8640000 THEN 86400
                      ELSE 604800 END AS width
  FROM span WHERE lo IS NOT NULL),
buckets(start) AS (
  SELECT lo / width * width FROM size
  UNION ALL SELECT start + width FROM buckets, size WHERE start + width <= hi),
counts AS (
  SELECT t / width * width AS start, sum(requests) AS requests,
         sum(CASE WHEN status BETWEEN 100 AND 199 THEN requests END) AS c1,
         sum(CASE WHEN status BETWEEN 200 AND 299 THEN requests END) AS c2,
         sum(CASE WHEN status BETWEEN 300 AND 399 THEN requests END) AS c3,
         sum(CASE WHEN status BETWEEN 400 AND 499 THEN requests END) AS c4,
         sum(CASE WHEN status BETWEEN 500 AND 599 THEN requests END) AS c5
  FROM timed, size GROUP BY 1)
SELECT datetime(b.start, 'unixepoch') AS start,
       CASE size.width WHEN 60 THEN 'minute' WHEN 300 THEN '5 minutes' WHEN 900 THEN '15 minutes'
                       WHEN 3600 THEN 'hour' WHEN 21600 THEN '6 hours' WHEN 86400 THEN 'day'
                       ELSE 'week' END AS bucket,
       coalesce(c.c1, 0) AS "1xx", coalesce(c.c2, 0) AS "2xx", coalesce(c.c3, 0) AS "3xx",
       coalesce(c.c4, 0) AS "4xx", coalesce(c.c5, 0) AS "5xx", coalesce(c.requests, 0) AS requests
FROM buckets AS b CROSS JOIN size LEFT JOIN counts AS c ON c.start = b.start
ORDER BY b.start;
