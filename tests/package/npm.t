#!/bin/sh
# The npm packages as a user gets them (make test-npm; needs the npm
# registry): a temporary project installs .build/npm/*.tgz with
# better-sqlite3@12 (compiled from source against Node's headers in
# /usr/include/node, as its prebuilt binaries cannot be downloaded here),
# libsql and typescript, then queries through each driver, from CommonJS and
# ESM, type-checks a TypeScript use, and checks the errors of a platform
# without a library package.
. tests/lib.sh

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "1..0 # SKIP needs node and npm (apt-get install nodejs npm libnode-dev)"
  exit 0
fi
names=${LIBRARY_NAMES:-httpstatus}
set -- $names
plan $((10 + $#))

top=$(pwd)
version=$(cat VERSION)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/project"
cd "$tmp/project" || exit 1
npm init -y >/dev/null 2>&1

npm_config_nodedir=${npm_config_nodedir:-/usr} npm install --no-audit --no-fund \
  "$top/.build/npm/sqlite-httpstatus-$version.tgz" \
  "$top/.build/npm/sqlite-httpstatus-linux-x64-$version.tgz" \
  better-sqlite3@12 libsql typescript@5 >"$tmp/install.log" 2>&1
status=$?
ok $status "npm install of both .tgz, better-sqlite3@12 (from source), libsql, typescript"
[ $status = 0 ] || tail -n 30 "$tmp/install.log" | sed 's/^/# /'

cmp -s node_modules/sqlite-httpstatus-linux-x64/httpstatus.so \
  "$top/.build/npm/stage/sqlite-httpstatus-linux-x64/httpstatus.so"
ok $? "the platform package holds the packed library"

got=$(node -e '
const Database = require("better-sqlite3");
const httpstatus = require("sqlite-httpstatus");
const db = new Database(":memory:");
httpstatus.load(db);
const row = db.prepare("SELECT http_status_name(404) AS name, httpstatus_version() AS v").get();
console.log(row.name, row.v);' 2>&1)
is "$got" "Not Found $version" "CommonJS: load(db) into better-sqlite3, then query"

for name in $names; do
  got=$(node -e '
const db = new (require("better-sqlite3"))(":memory:");
require("sqlite-httpstatus").load(db, process.argv[1]);
console.log("loaded");' "$name" 2>&1)
  is "$got" "loaded" "load(db, '$name') into better-sqlite3"
done

cat >esm.mjs <<'JS'
import Database from "better-sqlite3";
import { getLoadablePath, load } from "sqlite-httpstatus";
const db = new Database(":memory:");
load(db);
const { n } = db.prepare("SELECT count(*) AS n FROM http_status WHERE code BETWEEN 400 AND 404").get();
console.log(getLoadablePath().endsWith("/sqlite-httpstatus-linux-x64/httpstatus.so"), n);
JS
got=$(node esm.mjs 2>&1)
is "$got" "true 5" "ESM: import { load, getLoadablePath } with better-sqlite3"

got=$(node -e '
const Database = require("libsql");
const { load } = require("sqlite-httpstatus");
const db = new Database(":memory:");
load(db);
console.log(db.prepare("SELECT http_status_class(503) AS c").get().c);' 2>&1)
is "$got" "Server Error" "CommonJS: load(db) into libsql, then query"

got=$(node -e '
const path = require("sqlite-httpstatus").getLoadablePath();
const db = new (require("better-sqlite3"))(":memory:");
db.loadExtension(path);
console.log(db.prepare("SELECT http_status_match(204, \x272xx\x27) AS m").get().m);' 2>&1)
is "$got" "1" "getLoadablePath() for a driver's own loadExtension()"

cat >check.mts <<'TS'
import { getLoadablePath, load, type ExtensionLoader } from "sqlite-httpstatus";
const path: string = getLoadablePath();
const loader: ExtensionLoader = { loadExtension: (p: string) => p.length };
load(loader);
load(loader, "httpstatus");
console.log(path);
TS
cat >bad.mts <<'TS'
import { load } from "sqlite-httpstatus";
load(42);
TS
got=$(npx --no-install tsc --strict --noEmit --module node16 --moduleResolution node16 check.mts 2>&1)
is "$got" "" "TypeScript: the declarations type-check a correct use (tsc --strict)"
got=$(npx --no-install tsc --strict --noEmit --module node16 --moduleResolution node16 bad.mts 2>&1)
like "$got" "error TS2345" "TypeScript: load(42) is a type error"

got=$(node -e '
Object.defineProperty(process, "platform", { value: "freebsd" });
try { require("sqlite-httpstatus").getLoadablePath(); } catch (e) { console.log(e.message); }' 2>&1)
is "$got" "sqlite-httpstatus: cannot find the httpstatus library: there is no build for freebsd-$(node -p process.arch) (builds exist for: linux-x64)" \
  "a platform without a library package: the error names it and the supported ones"

# The main package without its platform package (--omit=optional).
mkdir "$tmp/alone"
cp node_modules/sqlite-httpstatus/index.cjs "$tmp/alone/"
got=$(node -e 'try { require(process.argv[1]).getLoadablePath(); } catch (e) { console.log(e.message); }' \
  "$tmp/alone/index.cjs" 2>&1)
like "$got" "the package sqlite-httpstatus-linux-x64 is not installed" \
  "a supported platform whose package is missing: the error says so"
