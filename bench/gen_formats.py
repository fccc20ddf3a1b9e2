#!/usr/bin/python3
"""Writes N deterministic access-log lines in one format to standard output,
for bench/formats.sh: gen_formats.py FORMAT N, FORMAT one of combined, w3c,
alb, elb, haproxy, nginx_json, caddy. The same seed gives the same bytes."""
import json
import random
import sys

FMT, N = sys.argv[1], int(sys.argv[2])
rnd = random.Random(20231010)
PATHS = ["/", "/index.html", "/api/v1/items", "/static/app.js", "/img/logo.png", "/search", "/login"]
QUERIES = ["", "", "", "q=shoes", "page=2&sort=desc", "id=12345"]
AGENTS = ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
          "curl/8.5.0", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"]
STATUSES = [200] * 20 + [301, 302, 304, 304, 404, 404, 500, 502, 503, 504]
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
out = sys.stdout
w = out.write
if FMT == "w3c":
    w("#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2023-10-10 00:00:00\n")
    w("#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
      "cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken\n")
for i in range(N):
    s = i % 86400
    hh, mm, ss = s // 3600, s // 60 % 60, s % 60
    ip = "%d.%d.%d.%d" % (rnd.randrange(1, 224), rnd.randrange(256), rnd.randrange(256), rnd.randrange(1, 255))
    path, query, agent = rnd.choice(PATHS), rnd.choice(QUERIES), rnd.choice(AGENTS)
    status, size, ms = rnd.choice(STATUSES), rnd.randrange(0, 50000), rnd.randrange(0, 3000)
    uri = path + ("?" + query if query else "")
    if FMT == "combined":
        w('%s - - [10/Oct/2023:%02d:%02d:%02d +0000] "GET %s HTTP/1.1" %d %d "-" "%s"\n'
          % (ip, hh, mm, ss, uri, status, size, agent))
    elif FMT == "w3c":
        w("2023-10-10 %02d:%02d:%02d 10.0.0.1 GET %s %s 443 - %s %s - %d 0 0 %d 512 %d\n"
          % (hh, mm, ss, path, query or "-", ip, agent.replace(" ", "+"), status, size, ms))
    elif FMT == "alb":
        t = "-1 -1 -1" if status in (502, 503, 504) else "0.000 %.3f 0.000" % (ms / 1000)
        target = "-" if status >= 502 else str(status)
        w('https 2023-10-10T%02d:%02d:%02d.%06dZ app/web/0123456789abcdef %s:%d 10.0.1.%d:8080 %s %d %s 310 %d '
          '"GET https://www.example.com:443%s HTTP/1.1" "%s" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 '
          'arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/0123456789abcdef '
          '"Root=1-652494e0-%024x" "www.example.com" "-" 1 2023-10-10T%02d:%02d:%02d.000000Z "forward" "-" "-" '
          '"10.0.1.%d:8080" "%s" "-" "-"\n'
          % (hh, mm, ss, i % 1000000, ip, 1024 + i % 60000, i % 250, t, status, target, size, uri, agent, i,
             hh, mm, ss, i % 250, target))
    elif FMT == "elb":
        t = "-1 -1 -1" if status in (502, 503, 504) else "0.000042 %.6f 0.000031" % (ms / 1000)
        target = "-" if status >= 502 else str(status)
        w('2023-10-10T%02d:%02d:%02d.%06dZ my-loadbalancer %s:%d 10.0.1.%d:8080 %s %d %s 310 %d '
          '"GET https://www.example.com:443%s HTTP/1.1" "%s" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2\n'
          % (hh, mm, ss, i % 1000000, ip, 1024 + i % 60000, i % 250, t, status, target, size, uri, agent))
    elif FMT == "haproxy":
        w('Oct 10 %02d:%02d:%02d lb1 haproxy[4242]: %s:%d [10/Oct/2023:%02d:%02d:%02d.%03d] www~ app/web%d '
          '0/0/1/%d/%d %d %d - - ---- 12/12/3/1/0 0/0 "GET %s HTTP/1.1"\n'
          % (hh, mm, ss, ip, 1024 + i % 60000, hh, mm, ss, i % 1000, i % 8, ms, ms + 1, status, size, uri))
    elif FMT == "nginx_json":
        w(json.dumps({"time_iso8601": "2023-10-10T%02d:%02d:%02d+00:00" % (hh, mm, ss), "remote_addr": ip,
                      "remote_user": "", "request": "GET %s HTTP/1.1" % uri, "status": str(status),
                      "body_bytes_sent": str(size), "http_referer": "", "http_user_agent": agent,
                      "request_time": "%.3f" % (ms / 1000), "upstream_response_time": "%.3f" % (ms / 1000),
                      "host": "www.example.com"}, separators=(",", ":")) + "\n")
    elif FMT == "caddy":
        w(json.dumps({"level": "info", "ts": 1696896000 + s + 0.25, "logger": "http.log.access",
                      "msg": "handled request",
                      "request": {"remote_ip": ip, "remote_port": str(1024 + i % 60000), "client_ip": ip,
                                  "proto": "HTTP/2.0", "method": "GET", "host": "www.example.com", "uri": uri,
                                  "headers": {"User-Agent": [agent], "Accept": ["*/*"]}},
                      "bytes_read": 0, "user_id": "", "duration": ms / 1000, "size": size, "status": status,
                      "resp_headers": {"Server": ["Caddy"]}}, separators=(",", ":")) + "\n")
    else:
        sys.exit("gen_formats.py: no format " + FMT)
