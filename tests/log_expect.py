#!/usr/bin/python3
"""log_expect.py FILE SHAPE: what a strict reader makes of each line of an
access log, written without SQLite or http_log(), for the tests to compare.

SHAPE names a layout (below). Prints one line per input line:
"LINE|STATUS" when the line has that layout in full (STATUS: the status
code, or - when the layout has none), "LINE|NULL" when it does not. Lines
are split on \\n only; a last line without one counts.

A client is an IP address (Python's ipaddress) or a host name (letters,
digits, dots, hyphens); times are checked by datetime.strptime (days per
month, leap years) and offsets must lie within +-14:00.
"""
import datetime
import ipaddress
import re
import sys

Q = r'"((?:[^"\\]|\\.)*)"'
T = r'\[(\d\d/\w\w\w/\d{4}:\d\d:\d\d:\d\d(?:\.\d+)? [+-]\d{4})\]'
H = r'(\S+)'
# NGINX's $upstream_* variables: one item per server tried, joined by ", ",
# and by " : " when the request moved to another server group (nginx.org,
# ngx_http_upstream_module, "Embedded Variables").
ITEM = r'[^\s,]+'
LIST = rf'{ITEM}(?:(?:, | : ){ITEM})*'
REQ = Q
SYSLOG = (r'(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?: [1-9]|[12]\d|3[01]) '
          r'(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d')
SHAPES = {
    # %h %l %u %t "%r" %>s %b
    'common': (rf'^{H} \S+ \S+ {T} {REQ} (\d{{3}}) (?:\d+|-)$', 1, 2, 4),
    # ... "%{Referer}i" "%{User-Agent}i"
    'combined': (rf'^{H} \S+ \S+ {T} {REQ} (\d{{3}}) (?:\d+|-) {Q} {Q}$', 1, 2, 4),
    # combined then NGINX's "$http_x_forwarded_for"
    'nginx_main': (rf'^{H} \S+ \S+ {T} {REQ} (\d{{3}}) (?:\d+|-) {Q} {Q} {Q}$', 1, 2, 4),
    # %v %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"
    'vhost_noport': (rf'^\S+ {H} \S+ \S+ {T} {REQ} (\d{{3}}) (?:\d+|-) {Q} {Q}$', 1, 2, 4),
    # combined after a syslog header as rsyslog writes it to a file:
    # "Mmm dd HH:MM:SS host tag: " (days 1-9 padded with a space)
    'syslog_combined': (rf'^{SYSLOG} \S+ [^\s:]+: {H} \S+ \S+ {T} {REQ} (\d{{3}}) (?:\d+|-) {Q} {Q}$',
                        1, 2, 4),
    # %t %h %{SSL_PROTOCOL}x %{SSL_CIPHER}x "%r" %b
    'ssl_request': (rf'^{T} {H} \S+ \S+ {REQ} (?:\d+|-)$', 2, 1, None),
    # %v:%p %h %{X}i %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D
    'vhost_port_usec': (rf'^\S+:\d+ {H} \S+ \S+ {T} {REQ} (\d{{3}}) (?:\d+|-) {Q} {Q} \d+$', 1, 2, 4),
    # ingress-nginx's upstreaminfo log_format: $upstream_addr
    # $upstream_response_length $upstream_response_time $upstream_status
    # are lists, then $req_id
    'ingress': (rf'^{H} - \S+ {T} {REQ} (\d{{3}}) (?:\d+|-) {Q} {Q} \d+ \d+\.\d+ \[\S*\] \[\S*\]'
                rf' {LIST} {LIST} {LIST} {LIST} \S+$', 1, 2, 4),
    # $host:$server_port $remote_addr - - [$time_local] "$request" $status $body_bytes_sent
    # $request_length $request_time $upstream_response_time (a list) and six
    # more words; $host is split from the port at the last colon (IPv6)
    'netdata_full': (rf'^\S+:\d+ {H} - - {T} {REQ} (\d{{3}}) (?:\d+|-) \d+ [\d.]+ {LIST}'
                     rf'(?: \S+){{6}}$', 1, 2, 4),
}


def client_ok(h):
    try:
        ipaddress.ip_address(h)
        return True
    except ValueError:
        return re.fullmatch(r'[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?', h) is not None


def time_ok(t):
    stamp, off = t.split(' ')
    try:
        datetime.datetime.strptime(stamp.split('.')[0], '%d/%b/%Y:%H:%M:%S')
    except ValueError:
        return False
    return int(off[1:3]) * 60 + int(off[3:5]) <= 14 * 60 and int(off[3:5]) < 60


def main():
    path, shape = sys.argv[1], sys.argv[2]
    pattern, client_group, time_group, status_group = SHAPES[shape]
    line_re = re.compile(pattern)
    data = open(path, 'rb').read()
    lines = data.split(b'\n')
    if lines and lines[-1] == b'':
        lines.pop()
    for number, raw in enumerate(lines, 1):
        m = line_re.match(raw.decode('latin-1'))
        good = m and client_ok(m.group(client_group)) and time_ok(m.group(time_group))
        status = (m.group(status_group) if status_group else '-') if good else 'NULL'
        print(f'{number}|{status}')


main()
