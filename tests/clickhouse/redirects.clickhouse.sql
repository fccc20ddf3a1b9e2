SELECT source_file, status, dictGetString('http_status', 'name', toUInt64(status)) AS name,
       dictGetUInt8('http_status', 'cacheable', toUInt64(status)) AS cacheable, count() AS requests
FROM log WHERE dictGetUInt8('http_status', 'redirect', toUInt64(status)) = 1
GROUP BY source_file, status ORDER BY source_file, status
