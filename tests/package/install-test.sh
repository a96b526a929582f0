#!/usr/bin/env bash
# The Debian package as an IT person hands it out: installs the newest .deb from scripts/package.sh,
# checks what it put where, runs the installed `beian doctor` and OCR (which must find their
# resources in /usr/lib/Beian Desk/ocr, with no environment help), drives the installed app through
# the window tests of a whole filing and of 识别证件, then purges the package and checks that nothing
# of it is left outside shared system folders, and that a user's data folder is untouched.
# Needs root (dpkg) and a built package:   scripts/package.sh && tests/package/install-test.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
say() { printf '\033[1;34m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[1;31mFAILED: %s\033[0m\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

deb=$(ls -t target/release/bundle/deb/*.deb 2>/dev/null | head -1) || true
[ -n "${deb:-}" ] || fail "no package: run scripts/package.sh first"
say "installing $deb ($(du -h "$deb" | cut -f1))"
as_root dpkg -i "$deb" >/dev/null

for f in /usr/bin/beian /usr/bin/beian-desk "/usr/share/applications/Beian Desk.desktop" \
  /usr/share/icons/hicolor/128x128/apps/beian-desk.png "/usr/lib/Beian Desk/ocr/libonnxruntime.so" \
  "/usr/lib/Beian Desk/ocr/LICENSE-onnxruntime.txt" "/usr/lib/Beian Desk/ocr/LICENSE-PaddleOCR-models.txt"; do
  [ -e "$f" ] || fail "the package lacks $f"
done
grep -q '^Exec=beian-desk' "/usr/share/applications/Beian Desk.desktop" || fail "the menu entry does not start the app"

data=$(mktemp -d)
say "the installed beian: demo data, doctor, OCR from the installed resources"
env -u BEIAN_OCR_DIR /usr/bin/beian --data-dir "$data" demo --count 20 >/dev/null
env -u BEIAN_OCR_DIR /usr/bin/beian --data-dir "$data" doctor >/dev/null || fail "beian doctor found problems"
set +e
env -u BEIAN_OCR_DIR /usr/bin/beian ocr --json icons/128x128.png >/dev/null
code=$?
set -e
[ "$code" -eq 1 ] || fail "beian ocr exit $code: the installed OCR runtime was not found (2) or failed"

say "the installed app through the window tests"
(cd tests/e2e && env -u BEIAN_OCR_DIR BEIAN_APP=/usr/bin/beian-desk node --test workflow.test.mjs ocr.test.mjs)

say "purging the package"
files=$(dpkg -L beian-desk)
as_root dpkg --purge beian-desk >/dev/null
left=$(while IFS= read -r f; do if [ -f "$f" ] || [ -L "$f" ]; then echo "$f"; fi; done <<<"$files")
[ -z "$left" ] || fail "left after purge: $left"
[ -s "$data/beian.sqlite3" ] || fail "the user's data folder was touched"
rm -rf "$data"
say "package installed, used and removed cleanly"
