SELECT time, http_status_line(status) AS status, path
FROM log WHERE http_status_match(status, '5xx') ORDER BY time_utc, source_file, line;
