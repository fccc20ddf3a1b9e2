-- Totals: requests, the period they cover, clients, bytes, the share of 4xx and 5xx,
-- how many requests have a duration and how many lines were rejected.
-- Alone, on a database written by httpstatus-import (its view log):
--   sqlite3 logs.db -cmd '.load ./httpstatus' -box < examples/report/1_totals.sql
-- The views are sums of log; httpstatus-report fills tables of the same names in one
-- pass over its input, so IF NOT EXISTS leaves them be.
CREATE TEMP VIEW IF NOT EXISTS log_minutes AS
  SELECT substr(at, 1, 16) AS minute, status, count(*) AS requests,
         coalesce(sum(bytes), 0) AS bytes, min(at) AS first, max(at) AS last
  FROM (SELECT coalesce(time_utc, datetime(time)) AS at, status, bytes FROM log)
  GROUP BY 1, 2;
CREATE TEMP VIEW IF NOT EXISTS log_clients AS
  SELECT client, count(*) AS requests,
         coalesce(sum(status BETWEEN 400 AND 499), 0) AS client_errors,
         coalesce(sum(status BETWEEN 500 AND 599), 0) AS server_errors
  FROM log GROUP BY client;
CREATE TEMP VIEW IF NOT EXISTS log_durations AS
  SELECT substr(coalesce(time_utc, datetime(time)), 1, 16) AS minute, status, duration,
         count(*) AS requests
  FROM log WHERE duration IS NOT NULL GROUP BY 1, 2, 3;
SELECT m.requests, m.first, m.last,
       strftime('%s', m.last) - strftime('%s', m.first) AS seconds,
       (SELECT count(client) FROM log_clients) AS clients, m.bytes, m."4xx", m."5xx",
       round(100.0 * m."4xx" / m.requests, 2) AS "4xx_share",
       round(100.0 * m."5xx" / m.requests, 2) AS "5xx_share",
       (SELECT coalesce(sum(requests), 0) FROM log_durations) AS timed,
       (SELECT count(*) FROM rejects) AS rejected
FROM (SELECT coalesce(sum(requests), 0) AS requests, min(first) AS first, max(last) AS last,
             coalesce(sum(bytes), 0) AS bytes,
             coalesce(sum(CASE WHEN status BETWEEN 400 AND 499 THEN requests END), 0) AS "4xx",
             coalesce(sum(CASE WHEN status BETWEEN 500 AND 599 THEN requests END), 0) AS "5xx"
      FROM log_minutes) AS m;
