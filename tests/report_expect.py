#!/usr/bin/python3
"""report_expect.py LOG SHAPE [FILTER...]: the numbers of httpstatus-report's
panels for an access log, computed without SQLite, http_log() or the report,
for tests/report.t to compare with `httpstatus-report --json`.

SHAPE is "combined" (Apache/NGINX combined or common lines; others are
rejects) or "w3c" (IIS W3C lines under a #Fields directive; directives are
not lines). FILTERs are since=UTC, until=UTC (as 'YYYY-MM-DD HH:MM:SS'),
path=PREFIX and status=CLASSDIGIT, applied as the report documents them.

Prints one JSON object: {"parsed": N, "rejected": N, "panels": {...}} with
the panels' rows keyed by the columns the report names. Percentiles are
nearest rank: the value at rank ceil(p * n / 100) of the sorted durations.
"""
import calendar
import datetime
import gzip
import json
import re
import sys

Q = r'"((?:[^"\\]|\\.)*)"'
COMBINED = re.compile(rf'^(\S+) (\S+) (\S+) \[([^\]]+)\] {Q} (\d{{3}}) (\d+|-)(?: {Q} {Q})?$')


def lines_of(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        data = f.read()
    text = data.decode('utf-8', 'replace').split('\n')
    if text and text[-1] == '':
        text.pop()
    return [t[:-1] if t.endswith('\r') else t for t in text]


def read_combined(path):
    rows, rejects = [], []
    for number, line in enumerate(lines_of(path), 1):
        m = COMBINED.match(line)
        if not m:
            rejects.append(number)
            continue
        when = datetime.datetime.strptime(m.group(4), '%d/%b/%Y:%H:%M:%S %z')
        utc = when.astimezone(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%S')
        target = m.group(5).split(' ')[1] if m.group(5).count(' ') == 2 else ''
        rows.append({'at': utc, 'client': m.group(1), 'path': target.split('?')[0],
                     'status': int(m.group(6)),
                     'bytes': 0 if m.group(7) == '-' else int(m.group(7)), 'duration': None})
    return rows, rejects


def read_w3c(path):
    rows, rejects, fields, number = [], [], [], 0
    for line in lines_of(path):
        if line.startswith('#'):
            if line.startswith('#Fields:'):
                fields = line.split()[1:]
            continue
        number += 1
        v = dict(zip(fields, line.split(' ')))
        if len(v) != len(fields) or len(line.split(' ')) != len(fields):
            rejects.append(number)
            continue
        rows.append({'at': v['date'] + ' ' + v['time'], 'client': v['c-ip'],
                     'path': v['cs-uri-stem'], 'status': int(v['sc-status']),
                     'bytes': int(v['sc-bytes']), 'duration': int(v['time-taken']) / 1000})
    return rows, rejects


def epoch(text):
    return calendar.timegm(datetime.datetime.strptime(text[:16], '%Y-%m-%d %H:%M').timetuple())


def width_of(span):
    for limit, width in ((6000, 60), (30000, 300), (90000, 900), (360000, 3600),
                         (2160000, 21600), (8640000, 86400)):
        if span < limit:
            return width
    return 604800


BUCKET_NAMES = {60: 'minute', 300: '5 minutes', 900: '15 minutes', 3600: 'hour',
                21600: '6 hours', 86400: 'day', 604800: 'week'}


def utc(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%S')


def nearest(values, p):
    return values[(p * len(values) + 99) // 100 - 1]


def percentiles(values):
    values = sorted(values)
    return {'requests': len(values), 'p50': nearest(values, 50), 'p95': nearest(values, 95),
            'p99': nearest(values, 99), 'max': values[-1]}


def share(part, whole):
    return round(100.0 * part / whole, 2)


def top_paths(rows, digit):
    counts = {}
    for r in rows:
        if r['status'] // 100 == digit:
            counts.setdefault(r['path'], {}).setdefault(r['status'], 0)
            counts[r['path']][r['status']] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:10]
    return [{'path': path, 'requests': sum(codes.values()),
             'codes': ', '.join(f'{c} {n}' for c, n in sorted(codes.items(), key=lambda cn: (-cn[1], cn[0])))}
            for path, codes in ranked]


def main():
    path, shape = sys.argv[1], sys.argv[2]
    filters = dict(a.split('=', 1) for a in sys.argv[3:])
    rows, rejects = (read_combined if shape == 'combined' else read_w3c)(path)
    parsed = len(rows)
    if 'since' in filters:
        rows = [r for r in rows if r['at'] >= filters['since']]
    if 'until' in filters:
        rows = [r for r in rows if r['at'] < filters['until']]
    if 'path' in filters:
        rows = [r for r in rows if r['path'].startswith(filters['path'])]
    if 'status' in filters:
        rows = [r for r in rows if r['status'] // 100 == int(filters['status'])]
    n = len(rows)
    c4 = sum(1 for r in rows if r['status'] // 100 == 4)
    c5 = sum(1 for r in rows if r['status'] // 100 == 5)
    timed = [r for r in rows if r['duration'] is not None]
    panels = {}
    if n:
        first, last = min(r['at'] for r in rows), max(r['at'] for r in rows)
        panels['totals'] = [{
            'requests': n, 'first': first, 'last': last,
            'seconds': calendar.timegm(datetime.datetime.strptime(last, '%Y-%m-%d %H:%M:%S').timetuple())
            - calendar.timegm(datetime.datetime.strptime(first, '%Y-%m-%d %H:%M:%S').timetuple()),
            'clients': len({r['client'] for r in rows}), 'bytes': sum(r['bytes'] for r in rows),
            '4xx': c4, '5xx': c5, '4xx_share': share(c4, n), '5xx_share': share(c5, n),
            'timed': len(timed), 'rejected': len(rejects)}]
        lo, hi = min(epoch(r['at']) for r in rows), max(epoch(r['at']) for r in rows)
        width = width_of(hi - lo)
        buckets = {}
        for r in rows:
            b = buckets.setdefault(epoch(r['at']) // width * width, [0] * 6)
            b[r['status'] // 100] += 1
            b[0] += 1
        over = []
        for start in range(lo // width * width, hi + 1, width):
            b = buckets.get(start, [0] * 6)
            row = {'start': utc(start), 'bucket': BUCKET_NAMES[width]}
            row.update({f'{k}xx': b[k] for k in range(1, 6)})
            row['requests'] = b[0]
            over.append(row)
        panels['over_time'] = over
        statuses = {}
        for r in rows:
            statuses[r['status']] = statuses.get(r['status'], 0) + 1
        panels['codes'] = [{'code': code, 'requests': k, 'share': share(k, n)}
                           for code, k in sorted(statuses.items(), key=lambda ck: (-ck[1], ck[0]))]
        panels['paths_4xx'] = top_paths(rows, 4)
        panels['paths_5xx'] = top_paths(rows, 5)
        clients = {}
        for r in rows:
            c = clients.setdefault(r['client'], [0, 0, 0])
            c[0] += 1
            c[1] += r['status'] // 100 == 4
            c[2] += r['status'] // 100 == 5
        ranked = sorted(((k, v) for k, v in clients.items() if v[1] + v[2]),
                        key=lambda kv: (-(kv[1][1] + kv[1][2]), kv[0]))[:10]
        panels['clients'] = [{'client': k, 'errors': v[1] + v[2], '4xx': v[1], '5xx': v[2],
                              'requests': v[0], 'error_share': share(v[1] + v[2], v[0])}
                             for k, v in ranked]
        if timed:
            classes = {}
            for r in timed:
                classes.setdefault(f"{r['status'] // 100}xx", []).append(r['duration'])
            panels['durations'] = [dict(percentiles(classes[c]), **{'class': c}) for c in sorted(classes)]
            panels['durations'].append(dict(percentiles([r['duration'] for r in timed]), **{'class': 'all'}))
            per = {}
            for r in timed:
                per.setdefault(epoch(r['at']) // width * width, []).append(r['duration'])
            panels['durations_over_time'] = [dict(percentiles(per[s]), start=utc(s)) for s in sorted(per)]
    panels['rejects'] = [{'rejected': len(rejects), 'line': line} for line in rejects[:5]] or \
        [{'rejected': 0, 'line': None}]
    print(json.dumps({'parsed': parsed, 'rejected': len(rejects), 'requests': n, 'panels': panels}))


if __name__ == '__main__':
    main()
