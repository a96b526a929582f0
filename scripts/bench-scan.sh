#!/usr/bin/env bash
# Benchmark: `beian scan normalize` against ImageMagick doing the same job on a 24-megapixel JPEG
# with an EXIF orientation tag (6000×4000, orientation 6 = "rotate 90° clockwise to display").
#
#   ours: beian scan normalize IN OUT
#   peer: convert IN -auto-orient -resize 2480x2480> -strip -quality 85 OUT
#
# Both run RUNS times (default 7), interleaved, after one warm-up each; the script prints every
# time, both medians, the median ratio (ours / ImageMagick), and our peak memory (max RSS of the
# child, from /usr/bin/time or getrusage). Exits 1 unless the ratio is below 1.
#
#   scripts/bench-scan.sh            # RUNS=7
#   RUNS=11 scripts/bench-scan.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${RUNS:-7}
# The real ImageMagick binary, not a wrapper script in front of it.
IM=${IM:-$(command -v convert-im6.q16 || command -v magick || command -v convert || true)}
if [[ -z "$IM" ]]; then
  echo "bench-scan: ImageMagick not found (apt-get install imagemagick)" >&2
  exit 2
fi

cargo build --release --quiet --bin beian
BEIAN=$PWD/target/release/beian

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
IN=$WORK/scan-24mp.jpg

echo "== generating a 6000x4000 JPEG with text and EXIF orientation 6 (takes a few seconds)"
font=()
for f in /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf; do
  if [[ -f $f ]]; then font=(-font "$f"); break; fi
done
"$IM" -size 6000x4000 -seed 42 plasma:fractal "${font[@]}" -fill black -pointsize 220 \
  -annotate +300+700 'ICP 营业执照 91330100MA2XXXXX0X' -pointsize 140 \
  -annotate +300+1300 'Beian Desk benchmark scan 2026' -quality 92 "$WORK/plain.jpg"
# A camera's EXIF block (orientation 6 and a GPS position), spliced in after SOI.
python3 - "$WORK/plain.jpg" "$IN" <<'PY'
import struct, sys
src = open(sys.argv[1], "rb").read()
ifd0 = struct.pack("<H", 2) + struct.pack("<HHIHH", 0x0112, 3, 1, 6, 0) + struct.pack("<HHII", 0x8825, 4, 1, 38) + struct.pack("<I", 0)
gps = struct.pack("<H", 1) + struct.pack("<HHI4s", 0x0001, 2, 2, b"N\0\0\0") + struct.pack("<I", 0)
tiff = b"II*\0" + struct.pack("<I", 8) + ifd0 + gps
app1 = b"Exif\0\0" + tiff
open(sys.argv[2], "wb").write(src[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + src[2:])
PY
orientation=$(identify -format '%[orientation]' "$IN" 2>/dev/null || true)
echo "   $(identify -format '%wx%h %b' "$IN"), EXIF orientation: ${orientation:-?}"
if [[ "$orientation" != RightTop ]]; then
  echo "bench-scan: the generated file has no orientation 6 tag" >&2
  exit 2
fi

now() { date +%s.%N; }
# run NAME CMD...: prints "seconds max_rss_kib"
run() {
  local t0 t1 rss
  t0=$(now)
  /usr/bin/time -o "$WORK/rss" -f '%M' "$@" >/dev/null 2>&1
  rss=$(tail -n1 "$WORK/rss")
  t1=$(now)
  echo "$(echo "$t1 - $t0" | bc -l) $rss"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

ours=(); theirs=(); rss=()
# Warm-up (page cache, binary loading), not counted.
"$BEIAN" scan normalize "$IN" "$WORK/ours.jpg" >/dev/null
"$IM" "$IN" -auto-orient -resize '2480x2480>' -strip -quality 85 "$WORK/im.jpg"
echo "== $RUNS runs each, interleaved"
for i in $(seq 1 "$RUNS"); do
  read -r t m < <(run "$BEIAN" scan normalize "$IN" "$WORK/ours.jpg")
  ours+=("$t"); rss+=("$m")
  read -r t _ < <(run "$IM" "$IN" -auto-orient -resize '2480x2480>' -strip -quality 85 "$WORK/im.jpg")
  theirs+=("$t")
  printf '   run %2d: beian %.3f s (peak %d MiB)   ImageMagick %.3f s\n' "$i" "${ours[-1]}" $((m / 1024)) "$t"
done

m_ours=$(printf '%s\n' "${ours[@]}" | median)
m_im=$(printf '%s\n' "${theirs[@]}" | median)
peak=$(printf '%s\n' "${rss[@]}" | sort -n | tail -n1)
ratio=$(echo "$m_ours / $m_im" | bc -l)
echo "== results"
echo "   output: beian $(identify -format '%wx%h %b' "$WORK/ours.jpg"), ImageMagick $(identify -format '%wx%h %b' "$WORK/im.jpg")"
printf '   median beian scan normalize: %.3f s\n' "$m_ours"
printf '   median ImageMagick convert:  %.3f s\n' "$m_im"
printf '   median ratio (beian / ImageMagick): %.3f\n' "$ratio"
printf '   beian peak memory (max RSS): %d MiB\n' $((peak / 1024))
if (( $(echo "$ratio < 1" | bc -l) )); then
  echo "   PASS: beian is faster"
else
  echo "   FAIL: beian is not faster than ImageMagick" >&2
  exit 1
fi
