SELECT dictGetString('http_status', 'class', toUInt64(status)) AS class,
       dictGetString('http_status', 'name', toUInt64(status)) AS name, count() AS hits
FROM log WHERE dictHas('http_status', toUInt64(status))
GROUP BY class, name ORDER BY hits DESC, name
