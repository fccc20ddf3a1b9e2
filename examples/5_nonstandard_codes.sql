-- Codes outside the IANA registry (nginx's 499, Cloudflare's 52x...): how many, which.
-- sqlite3 .build/demo.db -cmd '.load ./httpstatus' -box < examples/5_nonstandard_codes.sql
SELECT count(*) AS requests,
       sum(h.source IS NULL OR h.source <> 'iana') AS nonstandard,
       printf('%.2f%%', 100.0 * sum(h.source IS NULL OR h.source <> 'iana') / count(*)) AS share,
       sum(log.status = 499) AS client_closed_499,
       coalesce(group_concat(DISTINCT CASE WHEN h.source IS NULL OR h.source <> 'iana'
                                           THEN log.status END), '-') AS codes
FROM log LEFT JOIN http_status AS h ON h.code = log.status;
