#!/usr/bin/env bash
# Benchmark: `beian scan normalize` beside libvips' vipsthumbnail (Debian's libvips-tools, 8.14:
# shrink-on-load, streaming) and ImageMagick, doing the same job on a 24-megapixel JPEG with an
# EXIF orientation tag (6000×4000, orientation 6 = "rotate 90° clockwise to display"):
#
#   ours: beian scan normalize IN OUT
#   vips: vipsthumbnail IN --size '2480x2480>' -o OUT[Q=85,strip]
#   IM:   convert IN -auto-orient -resize 2480x2480> -strip -quality 85 OUT
#
# All three run RUNS times (default 7), interleaved, after one warm-up each; the script prints
# every run's wall time, CPU time (user + system) and peak memory (max RSS, /usr/bin/time), the
# medians, the ratios ours / vips and ours / ImageMagick, and how close each output is to a full
# Lanczos resize of the fully decoded image (PSNR, ImageMagick's compare). Figures only: no
# threshold, not part of scripts/test.sh.
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

if ! command -v vipsthumbnail >/dev/null; then
  echo "bench-scan: installing the peer, libvips-tools (vipsthumbnail)"
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -q libvips-tools >/dev/null; else sudo apt-get install -y -q libvips-tools >/dev/null; fi
fi
VIPS=$(command -v vipsthumbnail)

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

# run CMD...: prints "wall_s cpu_s max_rss_kib"
run() {
  /usr/bin/time -o "$WORK/t" -f '%e %U %S %M' "$@" >/dev/null 2>&1
  read -r e u sy m < <(tail -n1 "$WORK/t")
  echo "$e $(echo "$u + $sy" | bc -l) $m"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

ours_cmd=("$BEIAN" scan normalize "$IN" "$WORK/ours.jpg")
vips_cmd=("$VIPS" "$IN" --size '2480x2480>' -o "$WORK/vips.jpg[Q=85,strip]")
im_cmd=("$IM" "$IN" -auto-orient -resize '2480x2480>' -strip -quality 85 "$WORK/im.jpg")
declare -A wall cpu mem
# Warm-up (page cache, binary loading), not counted.
for who in ours vips im; do
  declare -n cmd="${who}_cmd"
  "${cmd[@]}" >/dev/null 2>&1
  wall[$who]=""; cpu[$who]=""; mem[$who]=""
done
echo "== $RUNS runs each, interleaved"
for i in $(seq 1 "$RUNS"); do
  line="   run $(printf '%2d' "$i"):"
  for who in ours vips im; do
    declare -n cmd="${who}_cmd"
    read -r w c m < <(run "${cmd[@]}")
    wall[$who]+="$w "; cpu[$who]+="$c "; mem[$who]+="$m "
    line+=$(printf '  %s %.3f s (cpu %.3f s, %d MiB)' "$who" "$w" "$c" $((m / 1024)))
  done
  echo "$line"
done

med() { tr ' ' '\n' <<<"$1" | grep -v '^$' | median; }
echo "== results (medians of $RUNS)"
printf '   %-26s %10s %10s %12s\n' "" "wall s" "cpu s" "peak MiB"
for who in ours vips im; do
  name=$(case $who in ours) echo "beian scan normalize";; vips) echo "vipsthumbnail (libvips)";; im) echo "ImageMagick convert";; esac)
  printf '   %-26s %10.3f %10.3f %12.0f\n' "$name" "$(med "${wall[$who]}")" "$(med "${cpu[$who]}")" "$(echo "$(med "${mem[$who]}") / 1024" | bc -l)"
done
for peer in vips im; do
  printf '   ours / %-5s  wall %.2fx   cpu %.2fx   peak memory %.2fx\n' "$peer" \
    "$(echo "$(med "${wall[ours]}") / $(med "${wall[$peer]}")" | bc -l)" \
    "$(echo "$(med "${cpu[ours]}") / $(med "${cpu[$peer]}")" | bc -l)" \
    "$(echo "$(med "${mem[ours]}") / $(med "${mem[$peer]}")" | bc -l)"
done
echo "   goal: ≤ 1.00x vipsthumbnail on wall time and peak memory (issue 19)"
"$IM" "$IN" -auto-orient -filter Lanczos -resize '2480x2480>' "$WORK/ref.png"
echo "== outputs, against a full Lanczos resize of the fully decoded photo"
for who in ours vips im; do
  f="$WORK/$who.jpg"
  echo "   $who: $(identify -format '%wx%h %b' "$f"), PSNR $(compare -metric PSNR "$f" "$WORK/ref.png" null: 2>&1) dB"
done
