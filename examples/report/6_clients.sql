-- The ten clients with the most errors (4xx and 5xx), beside all their requests.
-- sqlite3 logs.db -cmd '.load ./httpstatus' -box < examples/report/6_clients.sql
SELECT client, errors, "4xx", "5xx", requests, round(100.0 * errors / requests, 2) AS error_share
FROM (SELECT client, sum(status BETWEEN 400 AND 599) AS errors,
             sum(status BETWEEN 400 AND 499) AS "4xx", sum(status BETWEEN 500 AND 599) AS "5xx",
             count(*) AS requests
      FROM log GROUP BY client)
WHERE errors > 0
ORDER BY errors DESC, client
LIMIT 10;
