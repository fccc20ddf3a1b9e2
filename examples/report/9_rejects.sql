-- Lines that did not parse: how many, and the first five with the reason.
-- Alone, on a database written by httpstatus-import (its view log):
--   sqlite3 logs.db -cmd '.load ./httpstatus' -box < examples/report/9_rejects.sql
SELECT c.rejected, r.source_file, r.line, r.reason, r.text
FROM (SELECT count(*) AS rejected FROM rejects) AS c
LEFT JOIN (SELECT source_file, line, reason, substr(CAST(raw AS TEXT), 1, 200) AS text
           FROM rejects ORDER BY source_file, line LIMIT 5) AS r
ORDER BY r.source_file, r.line;
