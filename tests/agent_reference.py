#!/usr/bin/python3
"""httpagent against uap-core's own test cases and against python3-ua-parser.

    /usr/bin/python3 tests/agent_reference.py HTTPAGENT HTTPLOG [SAMPLE]

Prints TAP. HTTPAGENT and HTTPLOG are the libraries (without suffix) to load
into Python's sqlite3 (Debian's can load extensions). Needs Debian's uap-core
(the test files in /usr/share/uap-core) and python3-ua-parser (the reference,
which reads the same regexes.yaml).

1. uap-core's test files, as uap-core's own test runner (tests/test.js) reads
   them: the browser files give family, major, minor and patch; the OS files
   family, major, minor, patch and patch_minor; the device file family, brand
   and model. Every case must give exactly those values.
2. Every distinct user agent of those files and of the logs under data/logs/
   (as http_log reads them), and a few made ones (invalid UTF-8, NUL, very
   long): http_agent()'s browser, OS and device, every part of each, must
   equal ua_parser.user_agent_parser.Parse() of the same text (for bytes that
   are not UTF-8, of their decoding with errors="replace"; for a user agent
   over 2048 bytes, of its first whole characters that fit in 2048 bytes).
   The versions http_agent_browser_version() and http_agent_os_version() give
   are checked against the parts. is_bot and the bot's name are checked
   against Python's re over data/bots.tsv (first matching row, caseless) and
   the reference's device family "Spider" (then the name is the browser's).
   With SAMPLE (make test gives 8: the reference takes a minute over all of
   them), only every SAMPLE-th user agent of the test files, in sorted order,
   goes into the comparison; make test-agent-reference and CI compare all.
"""

import glob
import json
import os
import re
import sqlite3
import sys

import yaml
from ua_parser import user_agent_parser

UAP = "/usr/share/uap-core"
PARSE_MAX = 2048
BROWSER_FILES = [
    "test_resources/firefox_user_agent_strings.yaml",
    "tests/test_ua.yaml",
    "test_resources/pgts_browser_list.yaml",
    "test_resources/opera_mini_user_agent_strings.yaml",
    "test_resources/podcasting_user_agent_strings.yaml",
]
OS_FILES = ["tests/test_os.yaml", "test_resources/additional_os_tests.yaml"]
DEVICE_FILES = ["tests/test_device.yaml"]
BROWSER_KEYS = ["family", "major", "minor", "patch"]
OS_KEYS = ["family", "major", "minor", "patch", "patch_minor"]
DEVICE_KEYS = ["family", "brand", "model"]

count = 0
failed = 0


def result(passed, name, details=()):
    global count, failed
    count += 1
    print("%s %d - %s" % ("ok" if passed else "not ok", count, name))
    if not passed:
        failed += 1
        for line in list(details)[:20]:
            print("#   " + line.replace("\n", "\\n"))


def connect(httpagent, httplog):
    conn = sqlite3.connect(":memory:")
    conn.enable_load_extension(True)
    conn.load_extension(httpagent)
    conn.load_extension(httplog)
    conn.enable_load_extension(False)
    return conn


def ours(conn, ua):
    row = conn.execute(
        "SELECT http_agent(?1), http_agent_browser(?1), http_agent_browser_version(?1), "
        "http_agent_os(?1), http_agent_os_version(?1), http_agent_device(?1), "
        "http_agent_is_bot(?1)",
        (ua,),
    ).fetchone()
    answer = json.loads(row[0])
    answer["functions"] = row[1:]
    return answer


def cases(path):
    with open(os.path.join(UAP, path), encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["test_cases"]


def text(value):
    return None if value is None else str(value)


def version(parts):
    """major[.minor[.patch[.patch_minor]]] as docs/agents.md defines it."""
    out = ""
    for k, part in enumerate(parts):
        if not part:
            break
        if k == 0:
            out = part
        elif k == 2 and not "0" <= part[0] <= "9":
            out += part
        else:
            out += "." + part
    return out or None


def reference_text(ua):
    """What the library parses of ua (str or bytes), as a str."""
    if isinstance(ua, bytes):
        ua = ua.decode("utf-8", "replace")
    while len(ua.encode("utf-8")) > PARSE_MAX:
        ua = ua[:-1]
    return ua


def read_bots():
    with open("data/bots.tsv", encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh if not line.startswith("#")]
    return [(re.compile(row[0], re.IGNORECASE), row[1]) for row in rows[1:] if row != [""]]


def expected_bot(bots, text, reference):
    for pattern, name in bots:
        if pattern.search(text):
            return True, name
    if reference["device"]["family"] == "Spider":
        return True, reference["user_agent"]["family"]
    return False, None


def main():
    httpagent, httplog = sys.argv[1], sys.argv[2]
    sample = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    conn = connect(httpagent, httplog)

    # 1. uap-core's test cases
    test_agents = set()
    for files, section, keys in (
        (BROWSER_FILES, "browser", BROWSER_KEYS),
        (OS_FILES, "os", OS_KEYS),
        (DEVICE_FILES, "device", DEVICE_KEYS),
    ):
        for path in files:
            wrong = []
            items = cases(path)
            for case in items:
                ua = case["user_agent_string"]
                test_agents.add(ua)
                got = ours(conn, ua)[section]
                for key in keys:
                    if got[key] != text(case.get(key)):
                        wrong.append("%s: %s %r, expected %r" % (ua, key, got[key], case.get(key)))
            result(not wrong and len(items) > 0,
                   "%s: %d cases, every %s as the file says (%d wrong)"
                   % (path, len(items), "/".join(keys), len(wrong)), wrong)

    # 2. the reference, over every distinct user agent
    log_agents = set()
    for path in sorted(glob.glob("data/logs/*/*")):
        if os.path.basename(path).startswith(("LICENSE", "SOURCE")) or path.endswith(".md"):
            continue
        try:
            rows = conn.execute(
                "SELECT DISTINCT user_agent FROM http_log(?, ?) WHERE user_agent IS NOT NULL",
                (path, None),
            ).fetchall()
        except sqlite3.Error:
            continue
        log_agents.update(r[0] for r in rows)
    result(len(log_agents) >= 600, "%d distinct user agents in data/logs/" % len(log_agents))

    made = [
        b"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.1.2 Safari/537.36 \xff\xfe",
        b"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) \xc3\x28 Version/17.1 Mobile",
        b"\xed\xa0\x80Googlebot/2.1 \xf0\x9f\x98",
        "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0\x00curl/8.0",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) " + "x" * 3000 + " Chrome/120.0.0.0 Mobile",
        "Mozilla/5.0 " + "\u00e9" * 1030 + " Firefox/99.0",
        "Opera/9.80 (Android; Opera Mini/7.5.\u0663\u0664/191.249; U; de) Presto/2.12.423 Version/12.16",
        "",
        "-",
        # whitespace of every kind Python's str.isspace knows, around a
        # replacement's group (trimmed), and quotes, backslashes and
        # control characters in answers (escaped in the JSON)
        "Mozilla/5.0 (Linux; U; Android 4.0; ; Broncho \u3000\u00a0A\u2003\u0085 Build/X)",
        "Mozilla/5.0 (Linux; U; Android 4.0; ; Broncho \u1680\u2028\u2029B\u202f\u205f\x1c Build/X)",
        "Mozilla/5.0 (Linux; U; Android 4.0; ; Broncho \t\x0b\x0cC\x1d\x1e\x1f\u2000\u200a Build/X)",
        "Mozilla/5.0 (Linux; U; Android 4.0; ; Broncho \u00a0\u3000 Build/X)",
        "Mozilla/5.0 (Linux; U; Android 4.0; ; Broncho \U0001F600A\u00e9\u20ac\U0001F600 Build/X)",
        'Mozilla/5.0 (Linux; Android 9; SM-"q\\x\x01\x1f Build/PQ3A) Safari',
        'Mozilla/5.0 (Linux; Android 9; Nexus "5\\ Build/X) AppleWebKit/537.36 Chrome/70.0.1.2 Mobile Safari/537.36',
        # invalid UTF-8 of every kind: each lead byte range, short ends
        b"Firefox/3.0 \xe0\x80\x80 \xe0\xa0 \xf0\x80\x80\x80 \xf4\x90\x80\x80 \xf5\x80 \xc0\xaf \xc1",
        b"Mozilla/5.0 (Linux; Android 9; \xf0\x9f\x98 Build/X) \xe2\x82",
        b"Mozilla/5.0 (Linux; Android 9; X\xf4\x8f\xbf\xbf\xf3\xa0\x80 Build/X) \xee\x80\x80\xdf\xbf",
        b"\xff" * 1000 + b" Firefox/3.0",
        "Mozilla/5.0 (Windows; U; Windows NT 5.1; en-US; rv:1.9.1b4) Gecko/20090423 Firefox/3.5b4",
    ]
    agents = sorted(sorted(test_agents - log_agents)[::sample] + list(log_agents)) + made
    differences = []
    inconsistent = []
    bots = read_bots()
    bot_count = 0
    bot_differences = []
    for ua in agents:
        got = ours(conn, ua)
        reference = user_agent_parser.Parse(reference_text(ua))
        is_bot, bot_name = expected_bot(bots, reference_text(ua), reference)
        bot_count += is_bot
        if (got["is_bot"], got["bot"]) != (is_bot, bot_name):
            bot_differences.append("%r: is_bot %r bot %r, expected %r %r" % (
                ua[:200], got["is_bot"], got["bot"], is_bot, bot_name))
        for section, ref_section, keys in (
            ("browser", "user_agent", BROWSER_KEYS),
            ("os", "os", OS_KEYS),
            ("device", "device", DEVICE_KEYS),
        ):
            for key in keys:
                if got[section][key] != reference[ref_section][key]:
                    differences.append("%r: %s %s %r, reference %r" % (
                        ua[:200], section, key, got[section][key], reference[ref_section][key]))
        expected_functions = (
            got["browser"]["family"],
            version([got["browser"][k] for k in BROWSER_KEYS[1:]]),
            got["os"]["family"],
            version([got["os"][k] for k in OS_KEYS[1:]]),
            got["device"]["family"],
            1 if got["is_bot"] else 0,
        )
        if got["functions"] != expected_functions or (
            got["device"]["family"] == "Spider" and not got["is_bot"]
        ) or got["browser"]["version"] != expected_functions[1] or (
            got["os"]["version"] != expected_functions[3]
        ):
            inconsistent.append("%r: %r, expected %r" % (ua[:200], got["functions"], expected_functions))
    result(not differences,
           "%d distinct user agents (%s of uap-core's tests, all of data/logs/, %d made): "
           "browser, OS, device "
           "and every version part equal python3-ua-parser's (%d differences)"
           % (len(agents), "all" if sample == 1 else "1 in %d" % sample, len(made),
              len(differences)), differences)
    result(not bot_differences and len(bots) > 40,
           "is_bot and the bot's name as Python's re over data/bots.tsv (%d rows) and the "
           "reference's Spider device say (%d bots, %d differences)"
           % (len(bots), bot_count, len(bot_differences)), bot_differences)
    result(not inconsistent,
           "the functions agree with http_agent(), the versions with their parts, is_bot with a "
           "Spider device (%d not)" % len(inconsistent), inconsistent)
    print("1..%d" % count)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
