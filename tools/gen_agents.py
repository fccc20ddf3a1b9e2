#!/usr/bin/python3
"""Writes ext/agent/agent_regexes.c from uap-core's regexes.yaml and data/bots.tsv.

    /usr/bin/python3 tools/gen_agents.py [--yaml PATH] [--bots PATH] [--version V] [-o OUT]

The defaults read Debian's uap-core (/usr/share/uap-core/regexes.yaml, its
version from dpkg-query) and write ext/agent/agent_regexes.c. Needs Debian's
python3-yaml. tests/agent_generated.t runs it again and compares the output
with the committed file, so that a new uap-core is noticed.

For each regular expression the generator also works out literal strings that
every match must contain (agent_match.c skips a rule when the user agent lacks
one of them) and, where capturing groups nest, the order in which the groups
close (Python's lastindex, which ua-parser reads, depends on it).
"""

import argparse
import hashlib
import re
import subprocess
import sys

import yaml

DEFAULT_YAML = "/usr/share/uap-core/regexes.yaml"
DEFAULT_BOTS = "data/bots.tsv"
DEFAULT_OUT = "ext/agent/agent_regexes.c"
MAX_TRIGRAMS = 16
AGENT_MAX_GROUPS = 15  # as in agent_regexes.h


class Unsupported(Exception):
    pass


def quantifier(pattern, i):
    """The quantifier at pattern[i:], as (min, max or None, length), or None."""
    if i >= len(pattern):
        return None
    c = pattern[i]
    if c in "?*+":
        low, high, n = {"?": (0, 1), "*": (0, None), "+": (1, None)}[c] + (1,)
    elif c == "{":
        j = pattern.find("}", i)
        body = pattern[i + 1 : j] if j > 0 else ""
        parts = body.split(",")
        if j < 0 or len(parts) > 2 or not all(p == "" or p.isdigit() for p in parts):
            return None
        if len(parts) == 1 and parts[0] == "":
            return None
        low = int(parts[0]) if parts[0] else 0
        if len(parts) == 1:
            high = low
        else:
            high = int(parts[1]) if parts[1] else None
        n = j - i + 1
    else:
        return None
    # A lazy or possessive mark changes nothing the filter relies on.
    if i + n < len(pattern) and pattern[i + n] in "?+":
        n += 1
    return low, high, n


def parse(pattern):
    """A small parse of the regular expression subset uap-core uses.

    Returns (tree, groups): tree is a list of alternatives, each a list of
    items (kind, value, min, max); groups lists the capturing groups in the
    order their closing parentheses come."""
    pos = 0
    group_number = 0
    close_order = []

    def parse_alternatives():
        nonlocal pos
        alternatives = [[]]
        while pos < len(pattern):
            c = pattern[pos]
            if c == "|":
                alternatives.append([])
                pos += 1
                continue
            if c == ")":
                break
            item = parse_atom()
            q = quantifier(pattern, pos)
            low, high = 1, 1
            if q:
                low, high, n = q
                pos += n
            alternatives[-1].append((item[0], item[1], low, high))
        return alternatives

    def parse_atom():
        nonlocal pos, group_number
        c = pattern[pos]
        if c == "(":
            pos += 1
            kind = "group"
            number = None
            if pattern.startswith("?:", pos):
                pos += 2
            elif pattern.startswith("?", pos):
                # Lookarounds and the like: parsed, never used for literals.
                kind = "look"
                j = pos + 1
                while j < len(pattern) and pattern[j] in "=!<":
                    j += 1
                if j == pos + 1:
                    raise Unsupported("group (%s" % pattern[pos : pos + 3])
                pos = j
            else:
                group_number += 1
                number = group_number
            inner = parse_alternatives()
            if pos >= len(pattern) or pattern[pos] != ")":
                raise Unsupported("unbalanced group")
            pos += 1
            if number is not None:
                close_order.append(number)
            return (kind, inner)
        if c == "[":
            j = pos + 1
            if j < len(pattern) and pattern[j] == "^":
                j += 1
            if j < len(pattern) and pattern[j] == "]":
                j += 1
            while j < len(pattern) and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            if j >= len(pattern):
                raise Unsupported("unterminated class")
            body = pattern[pos + 1 : j]
            pos = j + 1
            # [Bb]: one letter in either case, which the lowercased subject
            # holds as that letter.
            if body.isascii() and body.isalpha() and len(set(body.lower())) == 1:
                return ("lower", body.lower()[0])
            return ("other", None)
        if c == "\\":
            if pos + 1 >= len(pattern):
                raise Unsupported("trailing backslash")
            e = pattern[pos + 1]
            pos += 2
            if e.isalnum():
                if e in "dDwWsS":
                    return ("other", None)
                if e in "bBAZ":
                    return ("anchor", None)
                raise Unsupported("escape \\%s" % e)
            return ("char", e)
        if c in "^$":
            pos += 1
            return ("anchor", None)
        if c == ".":
            pos += 1
            return ("other", None)
        if c in "*+?":
            raise Unsupported("quantifier without an atom")
        if c == "{" and quantifier(pattern, pos):
            raise Unsupported("quantifier without an atom")
        pos += 1
        return ("char", c)

    tree = parse_alternatives()
    if pos != len(pattern):
        raise Unsupported("unbalanced )")
    return tree, close_order, group_number


def required_literals(alternatives, anyofs=None):
    """Strings every match of the alternatives contains (none when there are
    several alternatives: any of them may match). Groups of alternatives that
    every match passes through go to anyofs, as one list of literals for each
    alternative."""
    if len(alternatives) != 1:
        return []
    literals = []
    run = required_in_sequence(alternatives[0], [], literals, anyofs)
    if run:
        literals.append("".join(run))
    return literals


def required_in_sequence(items, run, literals, anyofs):
    """Walks a sequence of items continuing the literal run that precedes it:
    returns the run as it stands at the end; runs that close on the way go to
    literals."""
    run = list(run)
    for kind, value, low, high in items:
        if low == 0:
            pass
        elif kind in ("char", "lower"):
            run.append(value)
            if high == 1:
                continue
            # Several copies: this one ends a run, the last one starts the next.
            literals.append("".join(run))
            run = [value]
            continue
        elif kind == "group" and len(value) == 1 and high == 1:
            # A group matched exactly once goes on with the same run.
            run = required_in_sequence(value[0], run, literals, anyofs)
            continue
        elif kind == "group":
            if run:
                literals.append("".join(run))
            run = []
            if len(value) == 1:
                literals.extend(required_literals(value, anyofs))
            elif anyofs is not None:
                anyofs.append([required_literals([branch]) for branch in value])
            continue
        if run:
            literals.append("".join(run))
        run = []
    return run


def ascii_lower(text):
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def trigram_hash(a, b, c):
    return ((a * 31 + b) * 31 + c) & 0xFFFF


def trigrams(literals, caseless):
    """The hashes of the three-byte windows of the literals, lowercased as
    agent_match.c lowercases the subject (ASCII letters only). Literals of a
    caseless rule that hold other than ASCII are left out: Unicode case
    folding would match bytes the filter does not see."""
    hashes = []
    for literal in sorted(set(literals), key=lambda s: (-len(s), s)):
        if caseless and any(ord(ch) > 127 for ch in literal):
            continue
        data = ascii_lower(literal).encode("utf-8")
        for i in range(len(data) - 2):
            h = trigram_hash(data[i], data[i + 1], data[i + 2])
            if h not in hashes:
                hashes.append(h)
    return hashes[:MAX_TRIGRAMS]


def prefilter(tree, caseless):
    """The rule's prefilter as alternatives, each a list of trigram hashes:
    the subject can match only if it has every trigram of one alternative.
    The literals the whole pattern needs make one alternative; without them,
    a group of alternatives that every match passes through, if each of its
    branches needs a literal, gives one alternative per branch (the group
    with the fewest branches). [] when nothing is known."""
    anyofs = []
    hashes = trigrams(required_literals(tree, anyofs), caseless)
    if hashes:
        return [hashes]
    best = None
    for branches in anyofs:
        sets = [trigrams(literals, caseless) for literals in branches]
        if all(sets) and (best is None or len(sets) < len(best)):
            best = sets
    return best or []


def c_string(text):
    if text is None:
        return "NULL"
    out = ['"']
    for byte in text.encode("utf-8"):
        ch = chr(byte)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "?":
            out.append("\\?")  # no trigraphs
        elif 32 <= byte < 127:
            out.append(ch)
        else:
            out.append("\\%03o" % byte)
    out.append('"')
    return "".join(out)


def rule_entry(name, index, rule, keys, caseless, out_arrays):
    pattern = rule["regex"]
    try:
        tree, close_order, groups = parse(pattern)
        alternatives = prefilter(tree, caseless)
    except Unsupported as err:
        sys.exit("gen_agents: %s rule %d: %s: %s" % (name, index, err, pattern))
    if groups > AGENT_MAX_GROUPS:
        sys.exit("gen_agents: %s rule %d has %d groups, more than %d" % (name, index, groups, AGENT_MAX_GROUPS))
    hash_ref, rank_ref = "NULL", "NULL"
    if alternatives:
        # each alternative: its count, then its hashes
        flat = []
        for hashes in alternatives:
            flat += [len(hashes)] + hashes
        hash_ref = "%s_filter_%d" % (name, index)
        out_arrays.append(
            "static const unsigned short %s[] = {%s};" % (hash_ref, ", ".join(map(str, flat)))
        )
    if close_order != sorted(close_order):
        # rank[g - 1]: when group g closes among the groups (1 = first).
        ranks = [0] * groups
        for order, number in enumerate(close_order, 1):
            ranks[number - 1] = order
        rank_ref = "%s_ranks_%d" % (name, index)
        out_arrays.append(
            "static const unsigned char %s[] = {%s};" % (rank_ref, ", ".join(map(str, ranks)))
        )
    # agent_match.c relies on these: "" is no replacement (ua-parser tests
    # truthiness), "$" is followed by a group that exists, and a rule without
    # a family replacement has a group to take the family from.
    values = [rule.get(key) or None for key in keys]
    for value in values:
        for ref in re.findall(r"\$(.?)", value or ""):
            if not ref.isdigit() or not 1 <= int(ref) <= groups:
                sys.exit("gen_agents: %s rule %d: replacement %r names no group" % (name, index, value))
    if name == "ua" and re.search(r"\$(?!1)", values[0] or ""):
        # ua-parser replaces only $1 in a browser family (v1 and v2 are literal)
        sys.exit("gen_agents: ua rule %d: family replacement %r has a $ other than $1"
                 % (index, values[0]))
    if name != "bot" and values[0] is None and groups == 0:
        sys.exit("gen_agents: %s rule %d: no family replacement and no group" % (name, index))
    replacements = [c_string(value) for value in values]
    replacements += ["NULL"] * (5 - len(replacements))
    return "  {%s,\n   {%s},\n   %s, %d, %d, %s, %d}," % (
        c_string(pattern),
        ", ".join(replacements),
        hash_ref,
        len(alternatives),
        1 if caseless else 0,
        rank_ref,
        groups,
    )


def read_bots(path):
    rules = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 3 or not all(fields):
                sys.exit("gen_agents: %s line %d: want pattern, name and source" % (path, number))
            if number == 1 or fields[0] == "pattern":
                continue
            rules.append({"regex": fields[0], "name": fields[1]})
    return rules


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--yaml", default=DEFAULT_YAML)
    parser.add_argument("--bots", default=DEFAULT_BOTS)
    parser.add_argument("--version", help="uap-core's version (default: from dpkg-query)")
    parser.add_argument("-o", "--output", default=DEFAULT_OUT)
    args = parser.parse_args()

    version = args.version
    if version is None:
        version = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Version}", "uap-core"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    with open(args.yaml, "rb") as fh:
        raw = fh.read()
    digest = hashlib.sha256(raw).hexdigest()
    regexes = yaml.safe_load(raw)
    with open(args.bots, "rb") as fh:
        bots_digest = hashlib.sha256(fh.read()).hexdigest()
    bots = read_bots(args.bots)

    tables = [
        ("ua", regexes["user_agent_parsers"],
         ["family_replacement", "v1_replacement", "v2_replacement"]),
        ("os", regexes["os_parsers"],
         ["os_replacement", "os_v1_replacement", "os_v2_replacement", "os_v3_replacement",
          "os_v4_replacement"]),
        ("device", regexes["device_parsers"],
         ["device_replacement", "brand_replacement", "model_replacement"]),
        ("bot", bots, ["name"]),
    ]
    arrays, bodies = [], []
    for name, rules, keys in tables:
        known = set(keys) | {"regex", "regex_flag"}
        entries = []
        for index, rule in enumerate(rules):
            extra = set(rule) - known
            if extra:
                sys.exit("gen_agents: %s rule %d: unknown keys %s" % (name, index, sorted(extra)))
            flag = rule.get("regex_flag")
            if flag not in (None, "i"):
                sys.exit("gen_agents: %s rule %d: unknown regex_flag %r" % (name, index, flag))
            caseless = flag == "i" or name == "bot"
            entries.append(rule_entry(name, index, rule, keys, caseless, arrays))
        bodies.append(
            "const struct agent_rule agent_%s_rules[] = {\n%s\n};\n"
            "const int agent_%s_rule_count = %d;\n"
            "void *agent_%s_code[%d];\n" % (name, "\n".join(entries), name, len(entries), name,
                                             max(len(entries), 1))
        )

    with open(args.output, "w", encoding="utf-8") as out:
        out.write(
            "/*\n"
            "** agent_regexes.c: generated by tools/gen_agents.py from uap-core's\n"
            "** regexes.yaml and data/bots.tsv. Do not edit: run make agent-regexes.\n"
            "** tests/agent_generated.t checks that it matches the installed uap-core.\n"
            "*/\n"
            '#include "agent_regexes.h"\n\n'
            "/* clang-format off */\n"
            "const char agent_uap_version[] = %s;\n"
            "const char agent_uap_sha256[] = %s;\n"
            "const char agent_bots_sha256[] = %s;\n\n"
            % (c_string(version), c_string(digest), c_string(bots_digest))
        )
        out.write("\n".join(arrays) + "\n\n")
        out.write("\n".join(bodies))
        out.write("/* clang-format on */\n")


if __name__ == "__main__":
    main()
