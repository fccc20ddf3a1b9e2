#!/bin/sh
# httpstatus-report's HTML page: it names no network resource (no src, no
# href but the page's own fragments, no @import, no url()), every chart has a
# title and a table of its numbers, the tags balance; and the page as
# headless Chromium draws the Apache log's at 1280 and 390 pixels wide matches the
# screenshots in tests/report/ (within png_diff.py's tolerance). The
# screenshots taken are kept in .build/report-screenshots/ to look at;
# UPDATE_SCREENSHOTS=1 (make report-screenshots) makes them the references.
# The Chromium checks are skipped without Debian's chromium.
. tests/lib.sh

REPORT=${REPORT:-.build/httpstatus-report}
PYTHON=/usr/bin/python3
shots=.build/report-screenshots
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p $shots
: >"$tmp/empty.log"
PAGES="apache iis empty"
plan 9

"$REPORT" -o $shots/apache.html data/logs/elastic-apache/apache_logs.gz &&
  "$REPORT" -o $shots/iis.html data/logs/lnav-iis-w3c/logfile_w3c_big.0 &&
  "$REPORT" -o $shots/empty.html "$tmp/empty.log"
ok $? "the pages of the Apache log, the IIS log and an empty log are written"

for page in $PAGES; do
  $PYTHON - $shots/$page.html <<'PY'
import re, sys
from html.parser import HTMLParser
text = open(sys.argv[1], encoding='utf-8').read()
problems = []
for m in re.finditer(r'''\b(src|href)\s*=\s*["']?([^"'\s>]*)''', text, re.I):
    if m.group(1).lower() == 'src' or not m.group(2).startswith('#'):
        problems.append(f'{m.group(1)}={m.group(2)}')
problems += [m.group(0) for m in re.finditer(r'@import|url\s*\(', text, re.I)]
problems += [m.group(0) for m in re.finditer(r'<(script|link|iframe|img|object|embed|base)\b', text, re.I)]
void = {'meta', 'br', 'rect', 'line', 'polyline', 'hr', 'img', 'input', 'link'}
class Balance(HTMLParser):
    stack = []
    def handle_starttag(self, tag, attrs):
        if tag not in void: self.stack.append(tag)
    def handle_startendtag(self, tag, attrs): pass
    def handle_endtag(self, tag):
        if tag in void: return
        if not self.stack or self.stack.pop() != tag: problems.append(f'</{tag}> closes nothing open')
b = Balance(); b.feed(text)
if b.stack: problems.append(f'left open: {b.stack}')
for p in problems[:10]: print('#', p)
sys.exit(1 if problems else 0)
PY
  ok $? "$page: no network reference, and every tag closed"
done

$PYTHON - $shots/apache.html $shots/iis.html <<'PY'
import re, sys
bad = 0
for path in sys.argv[1:]:
    text = open(path, encoding='utf-8').read()
    charts = re.findall(r'<svg role="img" aria-labelledby="([^"]+)"[^>]*>\s*<title id="([^"]+)">([^<]+)</title>', text)
    if len(charts) != text.count('<svg role="img"') or any(a != b for a, b, _ in charts):
        print(f'# {path}: a chart without its title'); bad = 1
    for section in re.findall(r'<section.*?</section>', text, re.S):
        if '<svg role="img"' in section and '<table>' not in section:
            print(f'# {path}: a chart without a table: {section[:80]}'); bad = 1
    if not charts: bad = 1
sys.exit(bad)
PY
ok $? "every chart has a title and its section a table of its numbers"

if ! command -v chromium >/dev/null 2>&1; then
  for i in 1 2 3 4; do echo "ok $((4 + i)) # SKIP needs Debian's chromium"; done
  exit 0
fi
# shoot PAGE WIDTH HEIGHT: the page drawn by headless Chromium (which is not
# under test: make asan's preloaded runtime is kept out of it).
shoot() {
  rm -rf "$tmp/profile"
  env -u LD_PRELOAD -u ASAN_OPTIONS -u UBSAN_OPTIONS timeout 120 chromium --headless --no-sandbox \
    --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$tmp/profile" --hide-scrollbars --force-device-scale-factor=1 \
    --window-size="$2,$3" --screenshot="$PWD/$shots/$1-$2.png" "file://$PWD/$shots/$1.html" \
    >"$tmp/chromium.log" 2>&1 && [ -s "$shots/$1-$2.png" ]
}
for shot in apache:1280:4400 apache:390:7600; do
  page=${shot%%:*} rest=${shot#*:}
  width=${rest%%:*} height=${rest#*:}
  shoot $page $width $height
  ok $? "Chromium draws the $page page at $width px"
  if [ -n "${UPDATE_SCREENSHOTS:-}" ]; then
    cp $shots/$page-$width.png tests/report/$page-$width.png
  fi
  out=$($PYTHON tests/png_diff.py $shots/$page-$width.png tests/report/$page-$width.png)
  ok $? "$page at $width px looks as tests/report/$page-$width.png: $out"
done
