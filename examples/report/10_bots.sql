-- Bots against people, by the user agent (needs http_agent_is_bot()).
-- sqlite3 logs.db -cmd '.load ./httpstatus' -box < examples/report/10_bots.sql
SELECT agents, requests, round(100.0 * requests / sum(requests) OVER (), 2) AS share,
       "4xx", "5xx", round(100.0 * ("4xx" + "5xx") / requests, 2) AS error_share
FROM (SELECT CASE WHEN user_agent IS NULL THEN 'unknown'
                  WHEN http_agent_is_bot(user_agent) THEN 'bots' ELSE 'people' END AS agents,
             count(*) AS requests, sum(status BETWEEN 400 AND 499) AS "4xx",
             sum(status BETWEEN 500 AND 599) AS "5xx"
      FROM log GROUP BY 1)
ORDER BY requests DESC, agents;
