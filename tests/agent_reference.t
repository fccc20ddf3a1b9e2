#!/bin/sh
# httpagent against uap-core's test cases and python3-ua-parser
# (tests/agent_reference.py says what is compared). Skips, saying so, when
# Debian's uap-core or python3-ua-parser is missing (tools/deps.sh and CI
# install both). AGENT_REFERENCE_SAMPLE=1 compares every user agent of the
# test files with the reference (make test-agent-reference); make test takes
# one in 8.
HTTPAGENT=${HTTPAGENT:-./httpagent}
HTTPLOG=${HTTPLOG:-./httplog}
PYTHON=/usr/bin/python3
if [ ! -f /usr/share/uap-core/regexes.yaml ] || [ ! -f /usr/share/uap-core/tests/test_ua.yaml ]; then
  echo "1..0 # SKIP Debian's uap-core is not installed (apt-get install uap-core)"
  exit 0
fi
if ! "$PYTHON" -c 'import ua_parser.user_agent_parser, yaml' 2>/dev/null; then
  echo "1..0 # SKIP Debian's python3-ua-parser is not installed (apt-get install python3-ua-parser)"
  exit 0
fi
exec "$PYTHON" tests/agent_reference.py "$HTTPAGENT" "$HTTPLOG" "${AGENT_REFERENCE_SAMPLE:-8}"
