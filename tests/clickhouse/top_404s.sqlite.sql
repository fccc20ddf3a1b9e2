SELECT substr(path, 1, 50) AS path, count(*) AS requests, count(DISTINCT client) AS clients
FROM log WHERE status = 404
GROUP BY log.path ORDER BY requests DESC, log.path LIMIT 5;
