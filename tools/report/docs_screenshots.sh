#!/bin/sh
# tools/report/docs_screenshots.sh: the pictures of docs/report.md, taken by
# headless Chromium (Debian's chromium) from the shipped Apache log: the
# terminal report (its colours turned into HTML), the page at 1280 px, at
# 390 px, and in the dark, and the start of the JSON of the IIS log (which
# has durations). Run by make report-screenshots.
set -eu
REPORT=${REPORT:-.build/httpstatus-report}
log=data/logs/elastic-apache/apache_logs.gz
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
shoot() { # HTML PNG WIDTH HEIGHT [FLAGS]
  rm -rf "$dir/profile"
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$dir/profile" --hide-scrollbars --force-device-scale-factor=1 ${5:-} \
    --window-size="$3,$4" --screenshot="$PWD/$2" "file://$1" >/dev/null 2>&1
}
LANG=C.UTF-8 "$REPORT" --color always --width 80 $log | /usr/bin/python3 -c '
import html, re, sys
colours = {"31": "#f85149", "32": "#3fb950", "33": "#d29922", "34": "#a371f7", "36": "#4493f8"}
out, open_spans = [], 0
for part in re.split(r"(\x1b\[[0-9;]*m)", sys.stdin.read()):
    m = re.fullmatch(r"\x1b\[([0-9;]*)m", part)
    if not m:
        out.append(html.escape(part)); continue
    code = m.group(1)
    if code == "0":
        out.append("</span>" * open_spans); open_spans = 0
    else:
        style = "font-weight:bold" if code == "1" else "opacity:.7" if code == "2" else "color:" + colours.get(code, "inherit")
        out.append(f"<span style=\"{style}\">"); open_spans += 1
print("<!DOCTYPE html><meta charset=utf-8><body style=\"margin:0;background:#0d1117;color:#e6edf3\">"
      "<pre style=\"margin:0;padding:12px;font:14px/1.25 DejaVu Sans Mono,monospace\">" + "".join(out) + "</pre>")
' >"$dir/terminal.html"
shoot "$dir/terminal.html" docs/report-terminal.png 700 1500
{
  printf '<!DOCTYPE html><meta charset=utf-8><body style="margin:0;background:#0d1117;color:#e6edf3">'
  printf '<pre style="margin:0;padding:12px;font:13px/1.3 DejaVu Sans Mono,monospace;white-space:pre-wrap">'
  "$REPORT" --json data/logs/lnav-iis-w3c/logfile_w3c_big.0 >"$dir/iis.json"
  { sed -n '1,14p' "$dir/iis.json"; echo '      ...'; echo '    ],'
    sed -n '/"durations": \[/,/\]/p' "$dir/iis.json"; } | sed 's/&/\&amp;/g; s/</\&lt;/g'
  printf '  ...\n</pre>'
} >"$dir/json.html"
shoot "$dir/json.html" docs/report-json.png 900 470
"$REPORT" -o "$dir/page.html" $log
shoot "$dir/page.html" docs/report-page.png 1280 1500
shoot "$dir/page.html" docs/report-phone.png 390 1500
shoot "$dir/page.html" docs/report-dark.png 1280 900 --force-dark-mode
ls -l docs/report-*.png
