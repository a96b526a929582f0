#!/usr/bin/env bash
# Writes the startup order files (src-tauri/startup.order, benches/probe/startup.order): the
# functions each program runs from launch to its first frame, which the linker places together
# in release builds (src-tauri/build.rs; why: scripts/startup-order.py). Run it after changes to
# what the app does at start, or after a toolchain update (std's symbols change with it); a stale
# file only loses some of the gain. The app starts on a store of 120 demo filings, as the start
# benchmark (scripts/bench-start.sh) starts it. Needs valgrind.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

say "front end and release builds"
(cd ui && npm run --silent build >/dev/null)
cargo build --release --locked -q -p beian-desk --features beian-desk/custom-protocol
cargo build --release --locked -q -p beian-probe --features beian-probe/custom-protocol
cargo build --release --locked -q -p beian-cli

data=$(mktemp -d)
trap 'rm -rf "$data"; [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true' EXIT
target/release/beian --data-dir "$data/store" demo --count 120 >/dev/null
if [ -z "${DISPLAY:-}" ]; then
  export DISPLAY=:96
  Xvfb "$DISPLAY" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  sleep 1
fi
say "the app under callgrind (a minute or two)"
python3 scripts/startup-order.py target/release/beian-desk src-tauri/startup.order -- \
  --data-dir "$data/store" --config-dir "$data/config"
say "the bare window under callgrind"
python3 scripts/startup-order.py target/release/beian-probe benches/probe/startup.order
