SELECT count(*) AS requests, sum(status = 499) AS disconnects,
       printf('%.2f%%', 100.0 * sum(status = 499) / count(*)) AS share,
       http_status_line(499) AS code, (SELECT source FROM http_status WHERE code = 499) AS source
FROM log;
