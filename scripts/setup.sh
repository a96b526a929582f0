#!/usr/bin/env bash
# Installs whatever Beian Desk needs to build, run and test that this machine lacks:
# Debian/Ubuntu packages, the Python oracles used by tests, npm packages, tauri-driver.
# Idempotent: a second run installs nothing and takes seconds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- system packages --------------------------------------------------------------------------
APT_PACKAGES=(
  # build: Tauri 2 on Linux
  build-essential pkg-config file libssl-dev libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libxdo-dev
  # run and test: a display, WebDriver for WebKitGTK, Chinese fonts, PDF tools, the image peer
  xvfb xauth dbus-x11 webkit2gtk-driver fonts-noto-cjk poppler-utils imagemagick
  chromium chromium-driver python3-pip
  # team mode: the tests start throwaway PostgreSQL clusters (Debian's server and its contrib)
  postgresql postgresql-contrib
  # beian-app tests: build and sign real APKs (the oracles are apksigner and aapt)
  apksigner aapt zipalign xdotool openjdk-17-jre-headless
  # spreadsheets: the import tests read workbooks LibreOffice Calc re-saved (soffice --headless)
  libreoffice-calc-nogui
  # the window test fills the intake template as a client would, with another implementation
  python3-openpyxl
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- toolchains (must already be there: no download of toolchains from here) ------------------
need() { command -v "$1" >/dev/null 2>&1 || { echo "缺少 $1：$2" >&2; exit 1; }; }
need cargo "请先安装 Rust（rustup，1.92 或更新）"
need node "请先安装 Node.js 20.19 或更新"
need npm "请先安装 npm"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || { echo "Node.js $(node --version) 太旧：需要 20.19 或更新" >&2; exit 1; }

# --- Python oracles (independent implementations the tests compare against) ---------------------
if ! python3 -c 'import stdnum, chinese_calendar' 2>/dev/null; then
  say "installing python-stdnum and chinesecalendar (test oracles)"
  python3 -m pip install -q --disable-pip-version-check python-stdnum==2.2 chinesecalendar==1.11.0 2>/dev/null \
    || python3 -m pip install -q --disable-pip-version-check --break-system-packages python-stdnum==2.2 chinesecalendar==1.11.0
fi

# --- npm packages --------------------------------------------------------------------------------
for dir in ui tests/e2e; do
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

# --- tauri-driver (WebDriver for the real app) --------------------------------------------------
if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  say "installing tauri-driver 2.1.0"
  cargo install --locked --quiet tauri-driver --version 2.1.0
fi

# --- 识别证件 (offline OCR): ONNX Runtime and the PP-OCRv4 models, from PyPI ---------------------
scripts/setup-ocr.sh
