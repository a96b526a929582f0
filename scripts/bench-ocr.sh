#!/usr/bin/env bash
# Benchmark: reading certificates (识别证件), ours against RapidOCR 1.4.4 in Python — the package
# our PP-OCRv4 models come from, so the natural peer: the same models, the same ONNX Runtime version
# (1.31.1, pinned here as scripts/setup-ocr.sh pins ours), the same number of threads.
#
# Makes a resident ID card's front and an A4 business licence (as the integration tests make them),
# processes them as attaching does, and has each engine — loaded once, in its own process — read
# each image RUNS times (default 7), interleaved, after a warm-up. Prints every time, the medians,
# the ratio ours/RapidOCR, how many lines both read alike, load times and peak memory (max RSS).
# Release build (cargo bench). Not part of scripts/test.sh.
#
#   scripts/bench-ocr.sh            # RUNS=7
#   RUNS=11 scripts/bench-ocr.sh
#
# The peer goes into target/rapidocr-venv (pip from PyPI: rapidocr-onnxruntime 1.4.4 and its
# dependencies, onnxruntime 1.31.1); the scans and PNGs into target/bench-ocr/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

scripts/setup-ocr.sh
if ! command -v convert >/dev/null; then
  echo "bench-ocr: ImageMagick's convert is needed to make the scans (apt-get install imagemagick)" >&2
  exit 2
fi

VENV=target/rapidocr-venv
if ! "$VENV/bin/python" -c 'import rapidocr_onnxruntime, onnxruntime; assert onnxruntime.__version__ == "1.31.1"' 2>/dev/null; then
  say "setting up the peer: RapidOCR 1.4.4 with onnxruntime 1.31.1 in $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "rapidocr-onnxruntime==1.4.4" "onnxruntime==1.31.1"
fi

say "cargo bench -p beian-ocr --bench ocr (release)"
BEIAN_OCR_BENCH_RUNS=${RUNS:-7} cargo bench -q -p beian-ocr --bench ocr
