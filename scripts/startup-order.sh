#!/usr/bin/env bash
# Writes the startup order files (src-tauri/startup.order, benches/probe/startup.order): the
# functions each program runs from launch to its first frame, which the linker places together in
# release builds (src-tauri/startup_order.rs; why: scripts/startup-order.py). Run it after changes
# to what the app does at start, or after a toolchain update (std's symbols change with it); a
# stale file only loses some of the gain. The app starts on a store of 120 demo filings, as the
# start benchmark (scripts/bench-start.sh) starts it (both: scripts/start-env.sh). Needs valgrind.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/start-env.sh
build_start_programs
demo_store_and_display 96
say "the app under callgrind (a minute or two)"
python3 scripts/startup-order.py target/release/beian-desk src-tauri/startup.order -- \
  --data-dir "$data/store" --config-dir "$data/config"
say "the bare window under callgrind"
python3 scripts/startup-order.py target/release/beian-probe benches/probe/startup.order
