SELECT formatDateTime(time_utc, '%Y-%m-%d %H:00') AS hour, count() AS requests,
       sum(http_status_match(status, '4xx,5xx')) AS errors,
       concat(toString(intDiv(toUInt64(floor((100.0 * errors / requests + 0.05) * 10)), 10)), '.',
              toString(toUInt64(floor((100.0 * errors / requests + 0.05) * 10)) % 10), '%') AS rate
FROM log WHERE source_file = 'apache_logs'
GROUP BY hour ORDER BY errors / requests DESC, hour LIMIT 5
