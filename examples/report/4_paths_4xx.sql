-- The ten paths with the most client errors (4xx), with their codes and counts.
-- sqlite3 logs.db -cmd '.load ./httpstatus' -box < examples/report/4_paths_4xx.sql
SELECT path, sum(n) AS requests, group_concat(status || ' ' || n, ', ') AS codes
FROM (SELECT path, status, count(*) AS n FROM log
      WHERE status BETWEEN 400 AND 499
      GROUP BY path, status ORDER BY path, n DESC, status)
GROUP BY path
ORDER BY requests DESC, path
LIMIT 10;
