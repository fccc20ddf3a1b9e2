SELECT strftime('%Y-%m-%d %H:00', time_utc) AS hour, count(*) AS requests,
       sum(http_status_match(status, '4xx,5xx')) AS errors,
       printf('%.1f%%', 100.0 * sum(http_status_match(status, '4xx,5xx')) / count(*)) AS rate
FROM log WHERE source_file = 'apache_logs'
GROUP BY hour ORDER BY 1.0 * errors / requests DESC, hour LIMIT 5;
