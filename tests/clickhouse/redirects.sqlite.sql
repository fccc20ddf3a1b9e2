SELECT source_file, status, h.name, h.cacheable, count(*) AS requests
FROM log JOIN http_status AS h ON h.code = log.status
WHERE h.redirect GROUP BY source_file, status ORDER BY source_file, status;
