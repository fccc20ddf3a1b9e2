-- Totals: requests, the period they cover, clients, bytes, the share of 4xx and 5xx.
-- sqlite3 logs.db -cmd '.load ./httpstatus' -box < examples/report/1_totals.sql
SELECT count(*) AS requests,
       min(at) AS first, max(at) AS last,
       strftime('%s', max(at)) - strftime('%s', min(at)) AS seconds,
       count(DISTINCT client) AS clients,
       coalesce(sum(bytes), 0) AS bytes,
       coalesce(sum(status BETWEEN 400 AND 499), 0) AS "4xx",
       coalesce(sum(status BETWEEN 500 AND 599), 0) AS "5xx",
       round(100.0 * sum(status BETWEEN 400 AND 499) / count(*), 2) AS "4xx_share",
       round(100.0 * sum(status BETWEEN 500 AND 599) / count(*), 2) AS "5xx_share",
       count(duration) AS timed,
       (SELECT count(*) FROM rejects) AS rejected
FROM (SELECT coalesce(time_utc, datetime(time)) AS at, client, bytes, status, duration FROM log);
