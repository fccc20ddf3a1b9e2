-- The ten paths with the most server errors (5xx), with their codes and counts.
-- sqlite3 logs.db -cmd '.load ./httpstatus' -box < examples/report/5_paths_5xx.sql
SELECT path, sum(n) AS requests, group_concat(status || ' ' || n, ', ') AS codes
FROM (SELECT path, status, count(*) AS n FROM log
      WHERE status BETWEEN 500 AND 599
      GROUP BY path, status ORDER BY path, n DESC, status)
GROUP BY path
ORDER BY requests DESC, path
LIMIT 10;
