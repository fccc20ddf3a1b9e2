-- The ten clients with the most errors (4xx and 5xx), beside all their requests.
-- Alone, on a database written by httpstatus-import (its view log):
--   sqlite3 logs.db -cmd '.load ./httpstatus' -box < examples/report/6_clients.sql
CREATE TEMP VIEW IF NOT EXISTS log_clients AS
  SELECT client, count(*) AS requests,
         coalesce(sum(status BETWEEN 400 AND 499), 0) AS client_errors,
         coalesce(sum(status BETWEEN 500 AND 599), 0) AS server_errors
  FROM log GROUP BY client;
SELECT client, client_errors + server_errors AS errors, client_errors AS "4xx",
       server_errors AS "5xx", requests,
       round(100.0 * (client_errors + server_errors) / requests, 2) AS error_share
FROM log_clients
WHERE client_errors + server_errors > 0
ORDER BY errors DESC, client
LIMIT 10;
