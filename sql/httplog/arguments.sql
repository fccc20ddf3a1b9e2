-- http_log()'s arguments: the input and format as given, echoed by the
-- hidden columns input and input_format; a format given as text in any case
-- of NULL, '' and 'auto' detects.
-- Checks: SELECT '<label>', <got>, <expected>; (see tests/sql.t).
SELECT 'input echoes the argument',
  (SELECT DISTINCT input FROM http_log('data/logs-edge/mixed.log')), 'data/logs-edge/mixed.log';
SELECT 'input_format is NULL when not given',
  (SELECT count(input_format) FROM http_log('data/logs-edge/mixed.log')), 0;
SELECT 'input_format echoes a format given',
  (SELECT DISTINCT input_format FROM http_log('data/logs-edge/mixed.log', 'combined')), 'combined';
SELECT 'a NULL format detects',
  (SELECT format FROM http_log('data/logs-edge/mixed.log', NULL) WHERE line = 1), 'combined';
SELECT 'an empty format detects',
  (SELECT format FROM http_log('data/logs-edge/mixed.log', '') WHERE line = 1), 'combined';
SELECT '''auto'' detects', (SELECT format FROM http_log('data/logs-edge/mixed.log', 'auto') WHERE line = 1),
  'combined';
SELECT 'the arguments as constraints, in any order',
  (SELECT count(*) FROM http_log WHERE input_format = 'combined' AND input = 'data/logs-edge/mixed.log'), 6;
SELECT 'a format string names each row''s format',
  (SELECT DISTINCT format FROM http_log('data/logs-edge/mixed.log', '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"') WHERE error IS NULL),
  '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"';
SELECT 'syslog: before a named format', (SELECT format || ' ' || status FROM http_log('data/logs/crowdsec-syslog-nginx/http-wordpress_wpconfig.log', 'syslog:combined') WHERE line = 1),
  'syslog:combined 200';
