SELECT http_status_class(status) AS class, count() AS requests,
       concat(toString(intDiv(toUInt64(floor((sum(bytes) / 1e6 + 0.05) * 10)), 10)), '.',
              toString(toUInt64(floor((sum(bytes) / 1e6 + 0.05) * 10)) % 10), ' MB') AS sent,
       toInt64(avg(bytes)) AS average
FROM log GROUP BY class ORDER BY min(status)
