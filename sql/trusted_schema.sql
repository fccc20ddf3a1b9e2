-- Under PRAGMA trusted_schema=OFF, the schema may only use innocuous
-- functions and tables. Every function and http_status are innocuous, so
-- views, triggers, generated columns (VIRTUAL and STORED), CHECK
-- constraints and indexes on expressions can use them. Were one of them not,
-- the statements below would fail with "unsafe use of ...".
PRAGMA trusted_schema = OFF;
SELECT 'trusted_schema is off', (SELECT trusted_schema FROM pragma_trusted_schema), 0;

CREATE TABLE log(id INTEGER PRIMARY KEY, status INTEGER,
  name TEXT GENERATED ALWAYS AS (http_status_name(status)) VIRTUAL,
  class TEXT GENERATED ALWAYS AS (http_status_class(status)) STORED,
  line TEXT GENERATED ALWAYS AS (http_status_line(status)) VIRTUAL,
  meaning TEXT GENERATED ALWAYS AS (http_status_meaning(status, 'iana')) STORED,
  is_error INTEGER GENERATED ALWAYS AS (http_status_match(status, '4xx,5xx')) VIRTUAL,
  note TEXT,
  CHECK (http_status_class(status) IS NOT NULL));
CREATE INDEX log_class ON log(http_status_class(status));
CREATE INDEX log_errors ON log(status) WHERE http_status_match(status, '5xx') = 1;
CREATE INDEX log_name_code ON log(http_status_code(http_status_name(status)));

-- A trigger that reads the table and calls the functions.
CREATE TRIGGER log_note AFTER INSERT ON log BEGIN
  UPDATE log SET note = (SELECT s.class || ': ' || s.name FROM http_status s WHERE s.code = new.status)
    || ' (' || httpstatus_version() || ')'
  WHERE id = new.id;
END;

-- Views over the table, over the other tables, and over the functions.
CREATE VIEW log_by_class AS
  SELECT s.class, count(*) AS n FROM log l JOIN http_status s ON s.code = l.status GROUP BY s.class;
CREATE VIEW server_errors AS SELECT code, name FROM http_status WHERE http_status_match(code, '5xx');
CREATE VIEW vendor_meanings AS SELECT code, source, name FROM http_status_meanings WHERE NOT preferred;
CREATE VIEW class_list AS SELECT family, class FROM http_status_classes;
CREATE VIEW alias_list AS SELECT a.code, a.name, s.name AS current FROM http_status_aliases a JOIN http_status s USING (code);
CREATE VIEW note_list AS SELECT title FROM http_status_notes;
CREATE VIEW source_list AS SELECT source FROM http_status_sources;
CREATE VIEW log_lines AS SELECT id, http_status_line(status) AS line, http_status_code(name) AS back FROM log;

INSERT INTO log(status) VALUES (200), (404), ('404'), (299), (503), (499), (418);
-- The CHECK constraint refuses non-codes; OR IGNORE skips them silently.
INSERT OR IGNORE INTO log(status) VALUES (600), (99), ('abc'), (NULL), (404.5);

SELECT 'CHECK kept the codes out that have no class', (SELECT count(*) FROM log), 7;
SELECT 'generated VIRTUAL name', (SELECT group_concat(ifnull(name, '-'), ',') FROM (SELECT name FROM log ORDER BY id)), 'OK,Not Found,Not Found,-,Service Unavailable,Client Closed Request,I''m a teapot';
SELECT 'generated STORED class', (SELECT group_concat(class, ',') FROM (SELECT class FROM log ORDER BY id)), 'Success,Client Error,Client Error,Success,Server Error,Client Error,Client Error';
SELECT 'generated VIRTUAL line', (SELECT line FROM log WHERE id = 2), '404 Not Found';
SELECT 'generated STORED meaning from iana', (SELECT group_concat(ifnull(meaning, '-'), '|') FROM (SELECT meaning FROM log WHERE id IN (2, 6) ORDER BY id)), 'No resource at this URI; may be temporary or permanent.|-';
SELECT 'generated VIRTUAL match', (SELECT sum(is_error) FROM log), 5;
SELECT 'trigger wrote the note', (SELECT note FROM log WHERE id = 2), 'Client Error: Not Found (' || httpstatus_version() || ')';
SELECT 'trigger: no note for 299', (SELECT note FROM log WHERE id = 4), NULL;
SELECT 'view joining the table', (SELECT group_concat(class || ' ' || n, ', ') FROM (SELECT * FROM log_by_class ORDER BY class)), 'Client Error 4, Server Error 1, Success 1';
SELECT 'view over the table and a function', (SELECT count(*) FROM server_errors), (SELECT count(*) FROM http_status WHERE code BETWEEN 500 AND 599);
SELECT 'view over http_status_meanings', (SELECT group_concat(source) FROM (SELECT source FROM vendor_meanings WHERE code = 499)), 'esri';
SELECT 'view over http_status_classes', (SELECT count(*) FROM class_list), 5;
SELECT 'view over http_status_aliases', (SELECT current FROM alias_list WHERE name = 'Content Too Large'), 'Payload Too Large';
SELECT 'view over http_status_notes', (SELECT count(*) FROM note_list), 2;
SELECT 'view over http_status_sources', (SELECT count(*) FROM source_list WHERE source IN ('iana', 'nginx', 'cloudflare')), 3;
SELECT 'view over functions', (SELECT line || ' ' || back FROM log_lines WHERE id = 5), '503 Service Unavailable 503';
SELECT 'index on http_status_class(status) answers', (SELECT count(*) FROM log INDEXED BY log_class WHERE http_status_class(status) = 'Client Error'), 4;
SELECT 'partial index on http_status_match answers', (SELECT group_concat(status) FROM log INDEXED BY log_errors WHERE http_status_match(status, '5xx') = 1), '503';
SELECT 'index on http_status_code(http_status_name(status)) answers', (SELECT count(*) FROM log INDEXED BY log_name_code WHERE http_status_code(http_status_name(status)) = 404), 2;
SELECT 'integrity_check with expression indexes', (SELECT group_concat(integrity_check) FROM pragma_integrity_check), 'ok';
UPDATE log SET status = 500 WHERE id = 4;
SELECT 'update recomputes generated columns and indexes', (SELECT name || ' / ' || class FROM log INDEXED BY log_class WHERE http_status_class(status) = 'Server Error' AND id = 4), 'Internal Server Error / Server Error';
SELECT 'integrity_check after the update', (SELECT group_concat(integrity_check) FROM pragma_integrity_check), 'ok';
