SELECT substr(path, 1, 40) AS path, sum(status = 401) AS "401", sum(status = 403) AS "403"
FROM log WHERE status IN (401, 403) GROUP BY log.path ORDER BY log.path;
