#!/usr/bin/env bash
# Sets up offline certificate reading (识别证件): the ONNX Runtime library and the PP-OCRv4 models,
# taken from their PyPI packages (the only registry besides crates.io/npm/Debian these machines reach),
# checked against pinned SHA-256 sums, and placed in src-tauri/resources/ocr/ with their licences.
# Tauri bundles that folder as the app's `ocr/` resource; `beian ocr` finds it too.
# Nothing here runs at app run time, and the app works without it (no 识别证件 button).
# The three models are then folded (scripts/fold-ocr-models.py: the same functions in fewer passes,
# checked against the originals with ONNX Runtime) with pinned Python tools installed into a temporary
# folder; what that writes is checked against pinned SHA-256 sums too.
# Idempotent: a second run checks the files and downloads nothing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

DEST=src-tauri/resources/ocr
ORT_VERSION=1.31.1
ORT_WHEEL="onnxruntime-${ORT_VERSION}-cp311-cp311-manylinux_2_28_x86_64.whl"
ORT_SHA256=5752bd508126ae7c49894d3b9d2e83f0c3d487319246d04c444b393308d7ad7f
RAPID_VERSION=1.4.4
RAPID_WHEEL="rapidocr_onnxruntime-${RAPID_VERSION}-py3-none-any.whl"
RAPID_SHA256=971d7d5f223a7a808662229df1ef69893809d8457d834e6373d3854bc1782cbf
# scripts/fold-ocr-models.py's tools, and the sums of what it writes from the pinned models.
FOLD_VERSION=1
FOLD_TOOLS=(onnx==1.23.2 numpy==2.4.6 protobuf==7.36.2 ml_dtypes==0.7.0 typing_extensions==4.16.0
  "onnxruntime==${ORT_VERSION}")
DET_SHA256=7633441d7042dbd160e8a1cc40ddf7093997220daf16595b455417ac5245a5c0
REC_SHA256=35a48649246972a33ed76e089b67ab127ce18593d1315e6479873cc612cac7c0
CLS_SHA256=3d764572d9da39ff1cac1d49899a3ea7f3e674b62e8500ad00861fa1afc12828

FILES=(libonnxruntime.so det.onnx rec.onnx cls.onnx LICENSE-onnxruntime.txt ThirdPartyNotices-onnxruntime.txt
  LICENSE-PaddleOCR-models.txt VERSIONS)
complete=1
for f in "${FILES[@]}"; do [ -s "$DEST/$f" ] || complete=0; done
if [ "$complete" = 1 ] && grep -qx "onnxruntime ${ORT_VERSION}" "$DEST/VERSIONS" \
  && grep -qx "rapidocr-onnxruntime ${RAPID_VERSION}" "$DEST/VERSIONS" \
  && grep -qx "folded by scripts/fold-ocr-models.py ${FOLD_VERSION}" "$DEST/VERSIONS"; then
  exit 0
fi

if [ "$(uname -m)" != x86_64 ] || [ "$(uname -s)" != Linux ]; then
  echo "识别证件：目前只提供 Linux x86_64 的运行库；跳过（应用照常可用，只是没有“识别证件”）。" >&2
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say "downloading onnxruntime ${ORT_VERSION} and rapidocr-onnxruntime ${RAPID_VERSION} from PyPI (for 识别证件)"
python3 -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
  --python-version 3.11 --platform manylinux_2_28_x86_64 --implementation cp --abi cp311 \
  -d "$work" "onnxruntime==${ORT_VERSION}" "rapidocr-onnxruntime==${RAPID_VERSION}"

check() {
  local got
  got=$(sha256sum "$work/$1" | cut -d' ' -f1)
  [ "$got" = "$2" ] || { echo "校验失败：$1 的 SHA-256 是 $got，应为 $2" >&2; exit 1; }
}
check "$ORT_WHEEL" "$ORT_SHA256"
check "$RAPID_WHEEL" "$RAPID_SHA256"

python3 - "$work" "$ORT_WHEEL" "$RAPID_WHEEL" <<'PY'
import sys, zipfile, os
work, ort, rapid = sys.argv[1:]
out = os.path.join(work, "ocr")
os.makedirs(out)
def take(wheel, member, name):
    with zipfile.ZipFile(os.path.join(work, wheel)) as z, z.open(member) as src, \
         open(os.path.join(out, name), "wb") as dst:
        dst.write(src.read())
take(ort, f"onnxruntime/capi/libonnxruntime.so.1.31.1", "libonnxruntime.so")
take(ort, "onnxruntime/LICENSE", "LICENSE-onnxruntime.txt")
take(ort, "onnxruntime/ThirdPartyNotices.txt", "ThirdPartyNotices-onnxruntime.txt")
m = "rapidocr_onnxruntime/models/"
take(rapid, m + "ch_PP-OCRv4_det_infer.onnx", "det-original.onnx")
take(rapid, m + "ch_PP-OCRv4_rec_infer.onnx", "rec-original.onnx")
take(rapid, m + "ch_ppocr_mobile_v2.0_cls_infer.onnx", "cls-original.onnx")
PY

say "folding the models (scripts/fold-ocr-models.py; tools from PyPI: ${FOLD_TOOLS[*]})"
PIP_ROOT_USER_ACTION=ignore python3 -m pip install -q --disable-pip-version-check --no-deps --only-binary=:all: \
  --target "$work/py" "${FOLD_TOOLS[@]}"
# Input sizes to compare the folded and original models on: pages (sides multiple of 32) and lines.
PYTHONPATH="$work/py" python3 -s scripts/fold-ocr-models.py \
  "$work/ocr/det-original.onnx" "$work/ocr/det.onnx" 640x480,128x320 \
  "$work/ocr/rec-original.onnx" "$work/ocr/rec.onnx" 48x320,48x96 \
  "$work/ocr/cls-original.onnx" "$work/ocr/cls.onnx" 48x192
check ocr/det.onnx "$DET_SHA256"
check ocr/rec.onnx "$REC_SHA256"
check ocr/cls.onnx "$CLS_SHA256"

# The rapidocr wheel states Apache-2.0 in its metadata but ships no licence file; the models are
# PaddleOCR's (Apache-2.0). Debian's copy of the licence text is used.
{
  echo "PP-OCRv4 detection and recognition models and the PP-OCR mobile v2.0 direction classifier"
  echo "by PaddlePaddle (PaddleOCR), converted to ONNX by RapidAI (RapidOCR), taken from the PyPI"
  echo "package rapidocr-onnxruntime ${RAPID_VERSION}, licensed under the Apache License 2.0:"
  echo
  cat /usr/share/common-licenses/Apache-2.0
} >"$work/ocr/LICENSE-PaddleOCR-models.txt"
printf 'onnxruntime %s\nrapidocr-onnxruntime %s\nfolded by scripts/fold-ocr-models.py %s\n' \
  "$ORT_VERSION" "$RAPID_VERSION" "$FOLD_VERSION" >"$work/ocr/VERSIONS"

mkdir -p "$DEST"
for f in "${FILES[@]}"; do mv -f "$work/ocr/$f" "$DEST/$f"; done
say "识别证件 ready: $DEST ($(du -sh "$DEST" | cut -f1))"
