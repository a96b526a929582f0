#!/usr/bin/env bash
# Builds the Debian package of Beian Desk with Tauri's bundler (the @tauri-apps/cli in ui/): the
# desktop app with its menu entry and icon, the `beian` command line in /usr/bin, the OCR runtime,
# models and their licences in /usr/lib/Beian Desk/ocr/. Prints the package's path and size.
#   scripts/package.sh            release build → target/release/bundle/deb/beian-desk_<version>_<arch>.deb
#   scripts/package.sh --debug    the same from the debug build the tests use (CI: quick, large)
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1;34m==> %s\033[0m\n' "$*"; }

profile=release
case "${1:-}" in
  --debug) profile=debug ;;
  "") ;;
  *) echo "usage: scripts/package.sh [--debug]" >&2; exit 2 ;;
esac

if [ -z "${BEIAN_PACKAGE_NO_SETUP:-}" ]; then
  bash scripts/setup.sh
  # OCR: its runtime and models go into the package when they are there (Linux x86_64).
  bash scripts/setup-ocr.sh || echo "识别证件的运行库不可用：安装包里不含识别证件" >&2
  say "front end"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run build)
fi

if [ "$profile" = release ]; then
  say "the beian command line (release)"
  cargo build --release --locked -p beian-cli
  say "the app and its .deb (release)"
  # Run from the top (the CLI finds src-tauri/tauri.conf.json below it).
  ui/node_modules/.bin/tauri build --bundles deb --config src-tauri/tauri.package.json -- --locked
else
  say "the beian command line (debug)"
  cargo build --locked -p beian-cli
  say "the app and its .deb (debug)"
  # tauri.package.json with the debug build's beian (paths relative to src-tauri/).
  config=$(sed 's#target/release/beian#target/debug/beian#' src-tauri/tauri.package.json)
  ui/node_modules/.bin/tauri build --debug --bundles deb --config "$config" -- --locked
fi

# Tauri names the file after the product ("Beian Desk_…"): the package's own name, without a space.
dir="target/$profile/bundle/deb"
built=$(ls -t "$dir"/*.deb | head -1)
deb="$dir/$(dpkg-deb --field "$built" Package)_$(dpkg-deb --field "$built" Version)_$(dpkg-deb --field "$built" Architecture).deb"
[ "$built" = "$deb" ] || mv -f "$built" "$deb"
say "package: $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'
