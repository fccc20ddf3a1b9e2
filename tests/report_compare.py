#!/usr/bin/python3
"""report_compare.py EXPECTED GOT PANEL: compares one panel of two report
JSON files (GOT from httpstatus-report --json, EXPECTED from
tests/report_expect.py or another run). Each expected row must be there, in
the same order, with equal values for the keys EXPECTED has (reals within
1e-9); the row counts must agree. Prints the differences; exits 1 on any."""
import json
import sys

expected, got = (json.load(open(p)) for p in sys.argv[1:3])
panel = sys.argv[3]
want, have = expected['panels'].get(panel), got['panels'].get(panel)
problems = []
if want is None or have is None:
    if want != have:
        problems.append(f'{panel}: expected {want!r}, got {have!r}')
elif len(want) != len(have):
    problems.append(f'{panel}: expected {len(want)} rows, got {len(have)}')
else:
    for i, (w, h) in enumerate(zip(want, have)):
        for key, value in w.items():
            other = h.get(key, '(missing)')
            same = (abs(value - other) < 1e-9 if isinstance(value, float) and isinstance(other, (int, float))
                    else value == other)
            if not same:
                problems.append(f'{panel} row {i + 1} {key}: expected {value!r}, got {other!r}')
for p in problems[:20]:
    print(p)
sys.exit(1 if problems else 0)
