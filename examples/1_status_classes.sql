-- Requests per status class, per log, with each class's share of the log.
-- sqlite3 .build/demo.db -cmd '.load ./httpstatus' -box < examples/1_status_classes.sql
SELECT log.source_file, c.family, c.class, count(*) AS requests,
       printf('%.2f%%', 100.0 * count(*) / sum(count(*)) OVER (PARTITION BY log.source_file)) AS share
FROM log JOIN http_status_classes AS c ON c.class = http_status_class(log.status)
GROUP BY log.source_file, c.class
ORDER BY log.source_file, c.first_code;
