-- The status codes seen, by name, most frequent first.
-- sqlite3 .build/demo.db -cmd '.load ./httpstatus' -box < examples/2_top_statuses.sql
SELECT status, http_status_name(status) AS name, count(*) AS requests,
       printf('%.2f%%', 100.0 * count(*) / (SELECT count(*) FROM log)) AS share
FROM log
GROUP BY status
ORDER BY requests DESC, status
LIMIT 10;
