#!/usr/bin/env bash
# 试用团队服务器 — a trial team server for an agency that has no PostgreSQL server yet.
#
#   scripts/team-trial-server.sh DIR [PORT] [--name HOST]...
#
# Installs Debian's PostgreSQL when it is missing, then makes (first run) or starts (later runs) a
# PostgreSQL server whose files are all in DIR: TLS with its own CA (DIR/tls/ca.crt, the file every
# desk needs), SCRAM passwords, network connections over TLS only, the database `beian`. The first
# run prints the owner's password once. --name adds a host name or address the server's
# certificate is for (besides localhost, this machine's name and its network address).
# Not for production: see docs/team.md. Debian/Ubuntu only.
set -euo pipefail

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '%s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

[ $# -ge 1 ] || die "用法 / usage: $0 DIR [PORT] [--name HOST]..."
DIR=$(realpath -m -- "$1"); shift
PORT=5432
if [ $# -ge 1 ] && [[ $1 != --* ]]; then PORT=$1; shift; fi
[[ $PORT =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ] \
  || die "端口无效：$PORT / invalid port: $PORT"

# --- PostgreSQL (Debian's server and its contrib: pg_trgm, amcheck) ----------------------------
if ! command -v pg_config >/dev/null 2>&1 || [ ! -x "$(pg_config --bindir)/initdb" ]; then
  say "安装 PostgreSQL / installing PostgreSQL (postgresql, postgresql-contrib)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null
fi

# A server already on the port (often Debian's own cluster, 15/main on 5432) would block this one.
if [ ! -f "$DIR/data/postmaster.pid" ] && (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "端口 $PORT 已被占用（可能是 Debian 自带的 PostgreSQL，见 pg_lsclusters）：请换一个端口，例如 $0 $DIR 5433
port $PORT is in use (perhaps Debian's own cluster, see pg_lsclusters): choose another port"
fi

# --- the beian command line ---------------------------------------------------------------------
BEIAN=$(command -v beian || true)
if [ -z "$BEIAN" ]; then
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  if [ ! -x target/release/beian ]; then
    say "编译 beian 命令行 / building the beian command line"
    cargo build --release --quiet --bin beian
  fi
  BEIAN=$PWD/target/release/beian
fi

# TODO(team CLI): the verb `beian team trial DIR --port PORT [--name HOST]...` is not built yet.
# It is to call beian_store::team::cluster::start_trial(DIR, PORT, names), print what it returns
# (the colleagues' URL, the CA file, the owner's password on the first run only), then set up the
# schema in the database `beian` as beian_owner over TrialInfo::local. Until then this line fails.
say "启动试用服务器 / starting the trial server in $DIR on port $PORT"
"$BEIAN" team trial "$DIR" --port "$PORT" "$@"

say "完成。请把 $DIR/tls/ca.crt 交给每台工作台，并在防火墙上只对办公室网络开放端口 $PORT。"
say "Done. Give $DIR/tls/ca.crt to every desk; open port $PORT to the office network only."
