SELECT substringUTF8(path, 1, 50) AS short_path, count() AS requests, uniqExact(client) AS clients
FROM log WHERE status = 404
GROUP BY path ORDER BY requests DESC, path LIMIT 5
