-- The status codes seen, by name, with what they mean and who defines them
-- (iana for the registry, else the vendor: nginx's 499, Cloudflare's 520...).
-- sqlite3 logs.db -cmd '.load ./httpstatus' -box < examples/report/3_codes.sql
SELECT l.status AS code, s.name, s.class, l.requests,
       round(100.0 * l.requests / sum(l.requests) OVER (), 2) AS share,
       s.source, s.meaning, src.description AS defined_by
FROM (SELECT status, count(*) AS requests FROM log GROUP BY status) AS l
LEFT JOIN http_status AS s ON s.code = l.status
LEFT JOIN http_status_sources AS src ON src.source = s.source
ORDER BY l.requests DESC, l.status;
