SELECT http_status_class(status) AS class, count(*) AS requests,
       printf('%.1f MB', sum(bytes) / 1e6) AS sent, CAST(avg(bytes) AS INTEGER) AS average
FROM log GROUP BY class ORDER BY min(status);
