# Sourced by scripts/bench-start.sh and scripts/startup-order.sh, which start the release app and
# the bare window (benches/probe) alike: built the same way, the app on the same demo store.
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

# The front end and the release builds of the app, the bare window and the CLI (for the demo store).
build_start_programs() {
  say "front end"
  (cd ui && npm run --silent build >/dev/null)
  say "release builds: the app, the bare window, the CLI (for the demo store)"
  cargo build --release --locked -q -p beian-desk --features beian-desk/custom-protocol
  cargo build --release --locked -q -p beian-probe --features beian-probe/custom-protocol
  cargo build --release --locked -q -p beian-cli
}

# A store of 120 demo filings in "$data/store", and an X display: Xvfb on :$1 unless DISPLAY is
# set. Both go when the script exits.
demo_store_and_display() {
  data=$(mktemp -d)
  trap 'rm -rf "$data"; [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true' EXIT
  target/release/beian --data-dir "$data/store" demo --count 120 >/dev/null
  if [ -z "${DISPLAY:-}" ]; then
    export DISPLAY=":$1"
    Xvfb "$DISPLAY" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb=$!
    sleep 1
  fi
}
