#!/usr/bin/python3
"""http_geo() against python3-maxminddb's pure-Python reader.

    /usr/bin/python3 tests/geo_reference.py HTTPLOG DB=NETWORKS...

Prints TAP. For each MaxMind DB file, a set of addresses (the first, a middle
and the last address of every network listed in the NETWORKS file, one CIDR a
line, as its writer inserted them; addresses just outside them, IPv4 in IPv6 forms, strings that are no address) is looked up
with http_geo(ip, db, '') (the whole record as JSON) and with a field path for
every leaf and container of the record, each against the reader's
(maxminddb.MODE_FILE: Python only, not libmaxminddb) get(), read as SQL would
give it: text, integers, reals, bytes as a BLOB, booleans as 0/1, integers
beyond 64 bits as decimal text, maps and arrays as JSON.
"""

import ipaddress
import json
import sqlite3
import sys

import maxminddb

count = 0
failed = 0


def result(passed, name, details=()):
    global count, failed
    count += 1
    print("%s %d - %s" % ("ok" if passed else "not ok", count, name))
    if not passed:
        failed += 1
        for line in list(details)[:20]:
            print("#   " + line)


def as_json(value):
    """The reader's value as http_geo writes it in JSON."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    return value


def as_sql(value):
    """The reader's value as http_geo answers it in SQL."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value if -(2**63) <= value < 2**63 else str(value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, (dict, list)):
        return ("json", as_json(value))
    return value


def paths(value, prefix=""):
    """Every field path into value, with the value there."""
    if isinstance(value, dict):
        for key, item in value.items():
            path = prefix + key
            yield path, item
            yield from paths(item, path + ".")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            path = prefix + str(index)
            yield path, item
            yield from paths(item, path + ".")


def addresses(networks_file):
    out = set()
    with open(networks_file) as fh:
        networks = [ipaddress.ip_network(line.strip(), strict=False) for line in fh if line.strip()]
    for network in networks:
        first, last = network.network_address, network.broadcast_address
        middle = first + (network.num_addresses // 2)
        out.update([first, middle, last])
        if int(first) > 0:
            out.add(first - 1)
        if int(last) < (2**32 - 1 if network.version == 4 else 2**128 - 1):
            out.add(last + 1)
    return sorted(str(a) for a in out)


def main():
    httplog, dbs = sys.argv[1], sys.argv[2:]
    conn = sqlite3.connect(":memory:")
    conn.enable_load_extension(True)
    conn.load_extension(httplog)
    conn.enable_load_extension(False)
    for arg in dbs:
        db, networks = arg.split("=", 1)
        reader = maxminddb.open_database(db, maxminddb.MODE_FILE)
        ips = addresses(networks)
        extra = ["::ffff:%s" % ip for ip in ips if "." in ip][:50]
        junk = ["", " 192.0.2.1", "192.0.2.1 ", "192.0.2.1:80", "[2001:db8::1]", "256.1.1.1",
                "1.2.3", "2001:db8::1::2", "localhost", "192.0.2.01"]
        wrong_records, wrong_fields, wrong_null, fields = [], [], [], 0
        for ip in ips + extra + junk:
            try:
                expected = reader.get(ip)
            except ValueError:
                expected = None
            got = conn.execute("SELECT http_geo(?, ?, '')", (ip, db)).fetchone()[0]
            if (json.loads(got) if got is not None else None) != as_json(expected):
                wrong_records.append("%s: %r, expected %r" % (ip, got, expected))
            if expected is None:
                got = conn.execute("SELECT http_geo(?, ?), http_geo(?, ?, 'country')",
                                   (ip, db, ip, db)).fetchone()
                if got != (None, None):
                    wrong_null.append("%s: %r" % (ip, got))
                continue
            for path, value in paths(expected):
                fields += 1
                got = conn.execute("SELECT http_geo(?, ?, ?)", (ip, db, path)).fetchone()[0]
                want = as_sql(value)
                if isinstance(want, tuple):
                    ok = got is not None and json.loads(got) == want[1]
                else:
                    ok = got == want and type(got) is type(want)
                if not ok:
                    wrong_fields.append("%s %s: %r, expected %r" % (ip, path, got, want))
            missing = conn.execute("SELECT http_geo(?, ?, 'no.such.field')", (ip, db)).fetchone()[0]
            if missing is not None:
                wrong_fields.append("%s no.such.field: %r" % (ip, missing))
        name = db.rsplit("/", 1)[-1]
        result(not wrong_records and len(ips) > 0,
               "%s: %d addresses (and %d IPv4-mapped, %d no address): the whole record as the "
               "reader's" % (name, len(ips), len(extra), len(junk)), wrong_records)
        result(not wrong_fields and fields > 0,
               "%s: %d fields of those records, each as the reader's value" % (name, fields),
               wrong_fields)
        result(not wrong_null, "%s: NULL where the reader has no record" % name, wrong_null)
    print("1..%d" % count)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
