#!/usr/bin/env bash
# Quick start 2: install whatever is missing, then run every check and test:
# formatting, lints, svelte-check, Rust unit/integration/IPC tests, the real app end to end, and
# the Debian package installed, upgraded over, used and removed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
start=$(date +%s)
step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

step "setup"
scripts/setup.sh

step "front end: build and svelte-check"
(cd ui && npm run --silent build && npm run --silent check && npm run --silent check:text && npm run --silent test)

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy --workspace --all-targets -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "cargo test --workspace"
cargo test --workspace --quiet --no-fail-fast

step "end to end: the real app under Xvfb through tauri-driver"
cargo build --quiet -p beian-cli -p beian-desk --features beian-desk/custom-protocol
(cd tests/e2e && npm test)

step "the Debian package: built from the debug build, installed over an older version, used, purged"
BEIAN_PACKAGE_NO_SETUP=1 scripts/package.sh --debug
tests/package/install-test.sh --debug

echo
echo "all checks passed in $(( $(date +%s) - start ))s; screenshots in target/e2e/"
