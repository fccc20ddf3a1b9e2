-- Error rate (4xx and 5xx) per UTC day.
-- sqlite3 .build/demo.db -cmd '.load ./httpstatus' -box < examples/3_error_rate_by_day.sql
SELECT date(time_utc) AS day, count(*) AS requests,
       sum(http_status_match(status, '4xx')) AS client_errors,
       sum(http_status_match(status, '5xx')) AS server_errors,
       printf('%.2f%%', 100.0 * sum(http_status_match(status, '4xx,5xx')) / count(*)) AS error_rate
FROM log
GROUP BY day
ORDER BY day;
