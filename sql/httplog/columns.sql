-- http_log()'s columns follow SQL's rules as a table with the same declared
-- types would: the same rows are copied into an ordinary table and every
-- comparison below must give the same answer on both (type affinity of
-- INTEGER, REAL and TEXT columns; NULL; hidden columns).
-- Checks: SELECT '<label>', <got>, <expected>; (see tests/sql.t).
CREATE TEMP TABLE plain(time TEXT, time_utc TEXT, client TEXT, remote_user TEXT, method TEXT,
  path TEXT, query TEXT, protocol TEXT, status INTEGER, bytes INTEGER, referrer TEXT,
  user_agent TEXT, host TEXT, port INTEGER, duration REAL, extra TEXT, format TEXT,
  file TEXT, line INTEGER, raw BLOB, error TEXT);
INSERT INTO plain SELECT time, time_utc, client, remote_user, method, path, query, protocol, status,
  bytes, referrer, user_agent, host, port, duration, extra, format, file, line, raw, error
  FROM http_log('data/logs-edge/mixed.log');
CREATE TEMP VIEW logv AS SELECT time, time_utc, client, remote_user, method, path, query, protocol,
  status, bytes, referrer, user_agent, host, port, duration, extra, format, file, line, raw, error
  FROM http_log('data/logs-edge/mixed.log');

SELECT 'rows: as many as the plain table', (SELECT count(*) FROM logv), (SELECT count(*) FROM plain);
SELECT 'status is an integer', (SELECT typeof(status) FROM logv WHERE line = 1), 'integer';
SELECT 'line is an integer', (SELECT typeof(line) FROM logv WHERE line = 1), 'integer';
SELECT 'raw is a blob', (SELECT typeof(raw) FROM logv WHERE line = 1), 'blob';
SELECT 'an error row: status NULL', (SELECT typeof(status) FROM logv WHERE line = 4), 'null';
SELECT 'status = ''200'' (text) as on a table',
  (SELECT group_concat(line) FROM logv WHERE status = '200'),
  (SELECT group_concat(line) FROM plain WHERE status = '200');
SELECT 'status = 200.0 as on a table', (SELECT group_concat(line) FROM logv WHERE status = 200.0),
  (SELECT group_concat(line) FROM plain WHERE status = 200.0);
SELECT 'status = ''200abc'' as on a table',
  (SELECT count(*) FROM logv WHERE status = '200abc'), (SELECT count(*) FROM plain WHERE status = '200abc');
SELECT 'status IN (''404'', 400) as on a table',
  (SELECT group_concat(line) FROM logv WHERE status IN ('404', 400)),
  (SELECT group_concat(line) FROM plain WHERE status IN ('404', 400));
SELECT 'status > ''300'' as on a table', (SELECT group_concat(line) FROM logv WHERE status > '300'),
  (SELECT group_concat(line) FROM plain WHERE status > '300');
SELECT 'status IS NULL as on a table', (SELECT group_concat(line) FROM logv WHERE status IS NULL),
  (SELECT group_concat(line) FROM plain WHERE status IS NULL);
SELECT 'status = NULL matches nothing', (SELECT count(*) FROM logv WHERE status = NULL), 0;
SELECT 'bytes BETWEEN text bounds as on a table',
  (SELECT group_concat(line) FROM logv WHERE bytes BETWEEN '100' AND '6000'),
  (SELECT group_concat(line) FROM plain WHERE bytes BETWEEN '100' AND '6000');
SELECT 'line = ''2'' (text, hidden column) as on a table',
  (SELECT path FROM logv WHERE line = '2'), (SELECT path FROM plain WHERE line = '2');
SELECT 'client = 192 (a number against TEXT) as on a table',
  (SELECT count(*) FROM logv WHERE client = 192), (SELECT count(*) FROM plain WHERE client = 192);
SELECT 'ORDER BY status, line as on a table',
  (SELECT group_concat(line) FROM (SELECT line FROM logv ORDER BY status, line)),
  (SELECT group_concat(line) FROM (SELECT line FROM plain ORDER BY status, line));
SELECT 'every column equal to the plain table''s',
  (SELECT count(*) FROM (SELECT * FROM logv EXCEPT SELECT * FROM plain)), 0;
SELECT 'http_status_class(status) by affinity', (SELECT http_status_class(status) FROM logv WHERE line = 3),
  'Client Error';
SELECT 'a join with http_status needs no qualifier for input',
  (SELECT input FROM http_log('data/logs-edge/mixed.log') h JOIN http_status s ON s.code = h.status
   WHERE h.line = 1), 'data/logs-edge/mixed.log';
