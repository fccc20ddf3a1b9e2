SELECT count() AS requests, sum(status = 499) AS disconnects,
       concat(toString(intDiv(toUInt64(floor((100.0 * disconnects / requests + 0.005) * 100)), 100)), '.',
              substring(toString(100 + toUInt64(floor((100.0 * disconnects / requests + 0.005) * 100)) % 100), 2, 2),
              '%') AS share,
       http_status_line(499) AS code, dictGetString('http_status', 'source', toUInt64(499)) AS source
FROM log
