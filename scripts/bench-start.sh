#!/usr/bin/env bash
# Benchmark: Beian Desk's start beside a bare Tauri 2 window with the same plugins (benches/probe,
# built the same way: release, the front end served by the custom protocol), interleaved rounds
# under one X display and one session bus. Prints the time to the first painted frame and the memory of the process
# tree (PSS: the app with WebKit's processes) of every start, their medians and the ratios, and the
# two Debian packages' sizes. The bare window is started twice a round: as Tauri makes it, and
# drawn as the app has WebKit draw (without compositing), so both ratios are printed. Not part of scripts/test.sh; the figures are for reading (README).
#
#   scripts/bench-start.sh               # ROUNDS=7, the app on a store of 120 demo filings
#   ROUNDS=11 scripts/bench-start.sh
#   BENCH_NO_DEB=1 scripts/bench-start.sh   # skip building the two packages (sizes not printed)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/start-env.sh
build_start_programs

debs=()
if [ -z "${BENCH_NO_DEB:-}" ]; then
  say "the two packages"
  BEIAN_PACKAGE_NO_SETUP=1 scripts/package.sh >/dev/null
  (cd benches/probe && ../../ui/node_modules/.bin/tauri build --bundles deb -- --locked >/dev/null 2>&1)
  debs=(--deb "$(ls -t target/release/bundle/deb/beian-desk_*.deb | head -1)" "$(ls -t target/release/bundle/deb/Beian\ Probe_*.deb | head -1)")
fi

demo_store_and_display 97
say "starting each ${ROUNDS:-7} times, interleaved (and once each to warm up)"
# Under one session bus, as on a desktop: without one, GIO starts a bus of its own for each start
# (dbus-launch --autolaunch) and the portal and accessibility services with it, which added about
# 70 ms and most of the spread to every start of both programs.
bus=()
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || bus=(dbus-run-session --)
"${bus[@]}" python3 scripts/bench-start.py target/release/beian-desk target/release/beian-probe \
  --rounds "${ROUNDS:-7}" --data "$data/store" "${debs[@]}"
