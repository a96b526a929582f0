#!/usr/bin/env bash
# Quick start 1: install whatever is missing, build, and launch 备案工作台.
# Extra arguments go to the app (e.g. --data-dir DIR).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
(cd ui && npm run --silent build)
cargo build --release -p beian-desk --features custom-protocol
exec target/release/beian-desk "$@"
