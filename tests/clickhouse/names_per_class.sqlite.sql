SELECT s.class, s.name, count(*) AS hits
FROM log l JOIN http_status s ON s.code = l.status
GROUP BY 1, 2 ORDER BY hits DESC, s.name;
