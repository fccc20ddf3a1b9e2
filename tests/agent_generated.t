#!/bin/sh
# ext/agent/agent_regexes.c is what tools/gen_agents.py writes from the
# installed uap-core and data/bots.tsv: a new uap-core, or an edit of either,
# without make agent-regexes fails here. Skips, saying so, without Debian's
# uap-core (tools/deps.sh and CI install it) or python3-yaml.
. tests/lib.sh
PYTHON=/usr/bin/python3
if [ ! -f /usr/share/uap-core/regexes.yaml ]; then
  echo "1..0 # SKIP Debian's uap-core is not installed (apt-get install uap-core)"
  exit 0
fi
if ! "$PYTHON" -c 'import yaml' 2>/dev/null; then
  echo "1..0 # SKIP Debian's python3-yaml is not installed"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plan 3
"$PYTHON" tools/gen_agents.py -o "$tmp/agent_regexes.c"
ok $? "tools/gen_agents.py runs"
cmp -s "$tmp/agent_regexes.c" ext/agent/agent_regexes.c
status=$?
ok $status "ext/agent/agent_regexes.c is up to date with uap-core $(dpkg-query -W -f '${Version}' uap-core 2>/dev/null) and data/bots.tsv (else: make agent-regexes)"
[ $status = 0 ] || diff "$tmp/agent_regexes.c" ext/agent/agent_regexes.c | head -20 | sed 's/^/# /'
# The version the file records is the one installed.
is "$(sed -n 's/^const char agent_uap_version\[\] = "\(.*\)";$/\1/p' ext/agent/agent_regexes.c)" \
  "$(dpkg-query -W -f '${Version}' uap-core)" "the generated file records the installed uap-core's version"
