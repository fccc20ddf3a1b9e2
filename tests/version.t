#!/bin/sh
# One version everywhere: VERSION is the source; the generated header, the
# loaded library, the Debian changelog, the wheel's metadata, both npm
# package.json files and CHANGELOG.md must carry the same version.
. tests/lib.sh
plan 9

version=$(cat VERSION)
echo "$version" | grep -Eqx '[0-9]+\.[0-9]+\.[0-9]+'
ok $? "VERSION holds one MAJOR.MINOR.PATCH line (got '$version')"

got=$(sed -n 's/^#define HTTPSTATUS_VERSION "\(.*\)"$/\1/p' ext/version.h)
is "$got" "$version" "ext/version.h matches VERSION (make ext/version.h regenerates it)"

got=$(sql "SELECT httpstatus_version();" 2>&1)
is "$got" "$version" "httpstatus_version() of the built library"

# The first line of debian/changelog: "httpstatus (VERSION) unstable; ..."
got=$(sed -n '1s/^httpstatus (\([^)]*\)).*/\1/p' debian/changelog)
is "$got" "$version" "debian/changelog's newest entry"

# The wheel reads its version from VERSION, copied beside pyproject.toml.
grep -Eq '^version = \{ *file *= *"VERSION" *\}' python/pyproject.toml
ok $? "python/pyproject.toml takes its version from VERSION"

json() { /usr/bin/python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for k in sys.argv[2:]: d = d[k]
print(d)' "$@"; }
is "$(json npm/sqlite-httpstatus/package.json version)" "$version" \
  "npm/sqlite-httpstatus/package.json"
is "$(json npm/sqlite-httpstatus/package.json optionalDependencies sqlite-httpstatus-linux-x64)" \
  "$version" "sqlite-httpstatus depends on the same version of its platform package"
is "$(json npm/sqlite-httpstatus-linux-x64/package.json version)" "$version" \
  "npm/sqlite-httpstatus-linux-x64/package.json"

got=$(sed -n 's/^## \([0-9][^ ]*\).*/\1/p' CHANGELOG.md | head -n 1)
is "$got" "$version" "CHANGELOG.md's newest section"
