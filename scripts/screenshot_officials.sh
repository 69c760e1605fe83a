#!/usr/bin/env bash
# Render an officials HTML report in real headless Chromium and save a screenshot.
#
#   bash scripts/screenshot_officials.sh [CORPUS] [PNG]
#
# CORPUS defaults to data/raw (the bundled seed articles); PNG to
# docs/img/officials-report.png. Needs Debian's chromium (apt-get install -y chromium).
# The page is a local file; chromium runs with networking features off.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS="${1:-data/raw}"
PNG="${2:-docs/img/officials-report.png}"
BROWSER="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$BROWSER" ]; then
  echo "chromium not found: apt-get install -y chromium (or set CHROMIUM=/path/to/chromium)" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
anninh officials "$CORPUS" -o "$work/officials.csv" --html "$work/officials.html"
mkdir -p "$(dirname "$PNG")"
"$BROWSER" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --window-size=1400,900 \
  --screenshot="$PNG" "file://$(realpath "$work/officials.html")" 2>"$work/chromium.log" || {
  cat "$work/chromium.log" >&2
  exit 1
}
test -s "$PNG" || { echo "chromium wrote no screenshot; see its log above" >&2; exit 1; }
echo "wrote $PNG"

# The sort works in the browser: click the Agency header, then the First seen header
# twice (descending), and read the table back from chromium's DOM.
for spec in "3:1:asc" "5:2:desc"; do
  IFS=: read -r col clicks order <<<"$spec"
  sed "s#</body>#<script>for(var i=0;i<$clicks;i++)document.querySelectorAll('th')[$col].click();</script></body>#" \
    "$work/officials.html" >"$work/sorted.html"
  "$BROWSER" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --dump-dom "file://$(realpath "$work/sorted.html")" \
    >"$work/sorted.dom" 2>>"$work/chromium.log"
  python3 - "$work/sorted.dom" "$col" "$order" <<'PY'
import sys
from html.parser import HTMLParser

class Cells(HTMLParser):
    def __init__(self):
        super().__init__(); self.rows, self.cell, self.body = [], None, False
    def handle_starttag(self, tag, attrs):
        if tag == "tbody": self.body = True
        if self.body and tag == "tr": self.rows.append([])
        if self.body and tag == "td": self.cell = []
    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None: self.rows[-1].append("".join(self.cell).strip()); self.cell = None
    def handle_data(self, data):
        if self.cell is not None: self.cell.append(data)

p = Cells(); p.feed(open(sys.argv[1], encoding="utf-8").read())
col, order = int(sys.argv[2]), sys.argv[3]
vals = [r[col] for r in p.rows if r[col]]
import unicodedata
def key(v):  # the browser sorts with Vietnamese collation; compare on base letters
    v = unicodedata.normalize("NFD", v.casefold().replace("đ", "d"))
    return "".join(c for c in v if c.isalnum())
keys = [key(v) for v in vals]
if not vals or keys != sorted(keys, reverse=(order == "desc")):
    sys.exit(f"column {col} is not sorted {order} in the browser: {vals}")
print(f"sorted by column {col} ({order}) in chromium: {len(vals)} rows, first {vals[0]!r}")
PY
done
