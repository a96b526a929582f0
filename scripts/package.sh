#!/usr/bin/env bash
# Builds the Debian package of Beian Desk with Tauri's bundler (the @tauri-apps/cli in ui/): the
# desktop app with its menu entry and icon, the `beian` command line in /usr/bin, the OCR runtime,
# models and their licences in /usr/lib/Beian Desk/ocr/. Prints the package's path and size.
#   scripts/package.sh            release build → target/release/bundle/deb/*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1;34m==> %s\033[0m\n' "$*"; }

bash scripts/setup.sh
# OCR: its runtime and models go into the package when they are there (Linux x86_64).
bash scripts/setup-ocr.sh || echo "识别证件的运行库不可用：安装包里不含识别证件" >&2

say "front end"
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run build)

say "the beian command line (release)"
cargo build --release --locked -p beian-cli

say "the app and its .deb (release)"
# Run from the top (the CLI finds src-tauri/tauri.conf.json below it).
ui/node_modules/.bin/tauri build --bundles deb --config src-tauri/tauri.package.json -- --locked

deb=$(ls -t target/release/bundle/deb/*.deb | head -1)
say "package: $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb --info "$deb" | sed -n '/Package:/,/Description:/p'
