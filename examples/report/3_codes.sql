-- The status codes seen, by name, with what they mean and who defines them
-- (iana for the registry, else the vendor: nginx's 499, Cloudflare's 520...).
-- Alone, on a database written by httpstatus-import (its view log):
--   sqlite3 logs.db -cmd '.load ./httpstatus' -box < examples/report/3_codes.sql
CREATE TEMP VIEW IF NOT EXISTS log_minutes AS
  SELECT substr(at, 1, 16) AS minute, status, count(*) AS requests,
         coalesce(sum(bytes), 0) AS bytes, min(at) AS first, max(at) AS last
  FROM (SELECT coalesce(time_utc, datetime(time)) AS at, status, bytes FROM log)
  GROUP BY 1, 2;
SELECT l.status AS code, s.name, s.class, l.requests,
       round(100.0 * l.requests / sum(l.requests) OVER (), 2) AS share,
       s.source, s.meaning, src.description AS defined_by
FROM (SELECT status, sum(requests) AS requests FROM log_minutes GROUP BY status) AS l
LEFT JOIN http_status AS s ON s.code = l.status
LEFT JOIN http_status_sources AS src ON src.source = s.source
ORDER BY l.requests DESC, l.status;
