-- Bots against people, by the user agent (needs http_agent_is_bot()).
-- Alone, on a database written by httpstatus-import (its view log):
--   sqlite3 logs.db -cmd '.load ./httpstatus' -box < examples/report/10_bots.sql
CREATE TEMP VIEW IF NOT EXISTS log_agents AS
  SELECT CASE WHEN user_agent IS NULL THEN 'unknown'
              WHEN http_agent_is_bot(user_agent) THEN 'bots' ELSE 'people' END AS agents,
         status, count(*) AS requests
  FROM log GROUP BY 1, 2;
SELECT agents, requests, round(100.0 * requests / sum(requests) OVER (), 2) AS share,
       "4xx", "5xx", round(100.0 * ("4xx" + "5xx") / requests, 2) AS error_share
FROM (SELECT agents, sum(requests) AS requests,
             coalesce(sum(CASE WHEN status BETWEEN 400 AND 499 THEN requests END), 0) AS "4xx",
             coalesce(sum(CASE WHEN status BETWEEN 500 AND 599 THEN requests END), 0) AS "5xx"
      FROM log_agents GROUP BY agents)
ORDER BY requests DESC, agents;
