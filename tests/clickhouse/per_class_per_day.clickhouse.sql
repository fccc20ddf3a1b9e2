SELECT toDate(time_utc) AS day, count() AS requests,
       sum(http_status_match(status, '2xx')) AS "2xx",
       sum(http_status_match(status, '3xx')) AS "3xx",
       sum(http_status_match(status, '4xx')) AS "4xx",
       sum(http_status_match(status, '5xx')) AS "5xx"
FROM log GROUP BY day ORDER BY day
