-- The three paths with the most errors in each error class.
-- sqlite3 .build/demo.db -cmd '.load ./httpstatus' -box < examples/4_top_error_paths.sql
SELECT class, path, status, requests
FROM (SELECT http_status_class(status) AS class, path, group_concat(DISTINCT status) AS status,
             count(*) AS requests,
             row_number() OVER (PARTITION BY http_status_class(status)
                                ORDER BY count(*) DESC, path) AS rank
      FROM log
      WHERE http_status_match(status, '4xx,5xx')
      GROUP BY class, path)
WHERE rank <= 3
ORDER BY class, rank;
