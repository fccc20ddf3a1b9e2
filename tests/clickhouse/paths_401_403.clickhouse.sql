SELECT substringUTF8(path, 1, 40) AS short_path, sum(status = 401) AS "401", sum(status = 403) AS "403"
FROM log WHERE status IN (401, 403) GROUP BY path ORDER BY path
