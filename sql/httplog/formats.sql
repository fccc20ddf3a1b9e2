-- http_log_formats and httplog_version().
-- Checks: SELECT '<label>', <got>, <expected>; (see tests/sql.t).
SELECT 'httplog_version() is httpstatus_version()', httplog_version(), httpstatus_version();
SELECT 'every format has a sample', (SELECT count(*) FROM http_log_formats WHERE sample IS NULL), 0;
SELECT 'names are distinct', (SELECT count(DISTINCT name) = count(*) FROM http_log_formats), 1;
SELECT 'detection order starts with vhost_combined', (SELECT name FROM http_log_formats LIMIT 1),
  'vhost_combined';
SELECT 'combined before common',
  (SELECT (SELECT rowid FROM http_log_formats WHERE name = 'combined')
        < (SELECT rowid FROM http_log_formats WHERE name = 'common')), 1;
SELECT 'families', (SELECT group_concat(family, ' ') FROM (SELECT DISTINCT family FROM http_log_formats ORDER BY 1)),
  'fields json text w3c';
SELECT 'syslog_combined''s definition', (SELECT definition FROM http_log_formats WHERE name = 'syslog_combined'),
  'syslog:%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"';
SELECT 'a WHERE on a column', (SELECT count(*) FROM http_log_formats WHERE prefix = 'kubectl'), 2;
SELECT 'typeof(name)', (SELECT typeof(name) FROM http_log_formats LIMIT 1), 'text';
