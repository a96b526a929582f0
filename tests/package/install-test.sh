#!/usr/bin/env bash
# The Debian package as an IT person hands it out: installs an older version of the package first
# and a user's data with it, then the newest .deb from scripts/package.sh over it (the data must
# come through untouched), checks what it put where, runs the installed `beian doctor` and OCR
# (which must find their resources in /usr/lib/Beian Desk/ocr and the user's data directory with
# no environment help), drives the installed app through the window tests of a whole filing and of
# 识别证件, then purges the package and checks that nothing of it is left outside shared system
# folders, and that the user's data folder is untouched.
# Needs root (dpkg) and a built package:
#   scripts/package.sh && tests/package/install-test.sh                  (release)
#   scripts/package.sh --debug && tests/package/install-test.sh --debug  (the tests' debug build; CI)
set -euo pipefail
cd "$(dirname "$0")/../.."
say() { printf '\033[1;34m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[1;31mFAILED: %s\033[0m\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

profile=release
[ "${1:-}" = --debug ] && profile=debug
deb=$(ls -t target/$profile/bundle/deb/beian-desk_*.deb 2>/dev/null | head -1) || true
[ -n "${deb:-}" ] || fail "no package: run scripts/package.sh${1:+ $1} first"
version=$(dpkg-deb --field "$deb" Version)
work=$(mktemp -d)
# A user of this machine: the data in the default place under their home (~/.local/share/…).
home="$work/home"
mkdir -p "$home"
user_data="$home/.local/share/cn.beiandesk.app"
as_user() { env -u BEIAN_DATA_DIR -u BEIAN_OCR_DIR -u BEIAN_CONFIG_DIR HOME="$home" XDG_DATA_HOME= XDG_CONFIG_HOME= "$@"; }

say "an older version installed, and a user's data made with it"
dpkg-deb -R "$deb" "$work/old"
sed -i 's/^Version: .*/Version: 0.0.1/' "$work/old/DEBIAN/control"
dpkg-deb -b --root-owner-group "$work/old" "$work/beian-desk_0.0.1.deb" >/dev/null
rm -rf "$work/old"
as_root dpkg -i "$work/beian-desk_0.0.1.deb" >/dev/null
[ "$(dpkg-query -W -f '${Version}' beian-desk)" = 0.0.1 ] || fail "the older version is not installed"
as_user /usr/bin/beian demo --count 20 >/dev/null
[ -s "$user_data/beian.sqlite3" ] || fail "the installed beian did not use the user's data directory ($user_data)"
mkdir -p "$home/.config/cn.beiandesk.app"
printf 'language = "en"\n' > "$home/.config/cn.beiandesk.app/settings.toml"
before=$(sha256sum "$user_data/beian.sqlite3" "$home/.config/cn.beiandesk.app/settings.toml")

say "installing $deb ($(du -h "$deb" | cut -f1)) over it"
as_root dpkg -i "$deb" >/dev/null
[ "$(dpkg-query -W -f '${Version}' beian-desk)" = "$version" ] || fail "the new version is not installed"
[ "$(sha256sum "$user_data/beian.sqlite3" "$home/.config/cn.beiandesk.app/settings.toml")" = "$before" ] ||
  fail "the upgrade touched the user's data or settings"
as_user /usr/bin/beian doctor >/dev/null || fail "beian doctor found problems in the user's data after the upgrade"
[ "$(as_user /usr/bin/beian list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')" = 20 ] ||
  fail "the user's 20 filings are not all there after the upgrade"

for f in /usr/bin/beian /usr/bin/beian-desk "/usr/share/applications/Beian Desk.desktop" \
  /usr/share/icons/hicolor/128x128/apps/beian-desk.png "/usr/lib/Beian Desk/ocr/libonnxruntime.so" \
  "/usr/lib/Beian Desk/ocr/LICENSE-onnxruntime.txt" "/usr/lib/Beian Desk/ocr/LICENSE-PaddleOCR-models.txt"; do
  [ -e "$f" ] || fail "the package lacks $f"
done
grep -q '^Exec=beian-desk' "/usr/share/applications/Beian Desk.desktop" || fail "the menu entry does not start the app"

data="$work/data"
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
[ -s "$data/beian.sqlite3" ] || fail "the data folder was touched"
[ "$(sha256sum "$user_data/beian.sqlite3" "$home/.config/cn.beiandesk.app/settings.toml")" = "$before" ] ||
  fail "the purge touched the user's data or settings"
rm -rf "$work"
say "package installed, used and removed cleanly"
