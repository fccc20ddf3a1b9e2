-- The ten paths with the most server errors (5xx), with their codes and counts.
-- Alone, on a database written by httpstatus-import (its view log):
--   sqlite3 logs.db -cmd '.load ./httpstatus' -box < examples/report/5_paths_5xx.sql
CREATE TEMP VIEW IF NOT EXISTS log_error_paths AS
  SELECT path, status, count(*) AS requests FROM log
  WHERE status BETWEEN 400 AND 599 GROUP BY path, status;
SELECT path, sum(requests) AS requests, group_concat(status || ' ' || requests, ', ') AS codes
FROM (SELECT path, status, requests FROM log_error_paths
      WHERE status BETWEEN 500 AND 599 ORDER BY path, requests DESC, status)
GROUP BY path
ORDER BY requests DESC, path
LIMIT 10;
