#!/usr/bin/env bash
# Installs the camwatch edge agent on a station box (Debian/Ubuntu/Raspberry Pi OS, x86-64 or ARM64).
# Run from a checkout of the camwatch repository, as root:
#   sudo edge-agent/deploy/install.sh            install or upgrade, enable and start the service
#   sudo edge-agent/deploy/install.sh --no-start install only (e.g. while preparing a box)
#   edge-agent/deploy/install.sh --root DIR      stage the files under DIR (packaging, tests); no users, no systemctl
# Then edit /etc/camwatch/agent.yaml and run:  camwatch-agent --check
set -euo pipefail

ROOT=""
START=1
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT="${2:?--root needs a directory}"; shift 2 ;;
    --no-start) START=0; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
APP="$ROOT/opt/camwatch"
ETC="$ROOT/etc/camwatch"
STATE="$ROOT/var/lib/camwatch"
UNIT_DIR="$ROOT/etc/systemd/system"
BIN="$ROOT/usr/local/bin"

say() { printf 'camwatch: %s\n' "$*"; }
fail() { printf 'camwatch: %s\n' "$*" >&2; exit 1; }

if [ -z "$ROOT" ]; then
  [ "$(id -u)" -eq 0 ] || fail "run as root (sudo)"
  command -v node >/dev/null || fail "Node.js 24 (the active LTS) or newer is required (https://nodejs.org or the NodeSource packages)"
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 24 ] || fail "Node.js $major found; 24 or newer is required (20 reached end-of-life on 30 April 2026)"
  if ! command -v ffprobe >/dev/null || ! command -v ffmpeg >/dev/null; then
    say "installing ffmpeg (stream and picture checks)"
    apt-get install -y --no-install-recommends ffmpeg
  fi
fi

say "copying the agent to $APP"
mkdir -p "$APP"
for item in package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json config edge-agent; do
  rm -rf "${APP:?}/$item"
  cp -R "$SRC/$item" "$APP/$item"
done
rm -rf "$APP/edge-agent/test" "$APP/config/test" "$APP/edge-agent/dist" "$APP"/*/node_modules

if [ -z "$ROOT" ]; then
  say "installing dependencies and building the agent bundle (pnpm through corepack)"
  # Only the agent and its workspace dependencies; the bundle needs node_modules for better-sqlite3 (native) alone.
  (cd "$APP" && corepack pnpm install --frozen-lockfile --filter "@camwatch/edge-agent..." && corepack pnpm --filter @camwatch/edge-agent run bundle)
elif [ -f "$SRC/edge-agent/dist/camwatch-agent.mjs" ]; then
  mkdir -p "$APP/edge-agent/dist" && cp "$SRC/edge-agent/dist/camwatch-agent.mjs" "$APP/edge-agent/dist/"
fi

mkdir -p "$ETC" "$STATE" "$UNIT_DIR" "$BIN"
if [ ! -e "$ETC/agent.yaml" ]; then
  install -m 0640 "$SRC/edge-agent/deploy/agent.example.yaml" "$ETC/agent.yaml"
  say "wrote $ETC/agent.yaml from the example: set stationId, broker and cameras"
else
  say "kept the existing $ETC/agent.yaml"
fi
install -m 0644 "$SRC/edge-agent/deploy/camwatch-agent.service" "$UNIT_DIR/camwatch-agent.service"
cat > "$BIN/camwatch-agent" <<'WRAPPER'
#!/bin/sh
# Runs the agent CLI the way the service does (e.g. `camwatch-agent --check`).
exec /usr/bin/node /opt/camwatch/edge-agent/dist/camwatch-agent.mjs --config "${CAMWATCH_CONFIG:-/etc/camwatch/agent.yaml}" "$@"
WRAPPER
chmod 0755 "$BIN/camwatch-agent"

if [ -z "$ROOT" ]; then
  id camwatch >/dev/null 2>&1 || useradd --system --home-dir /var/lib/camwatch --shell /usr/sbin/nologin camwatch
  chown -R root:camwatch "$ETC" && chmod 0750 "$ETC"
  chown -R camwatch:camwatch "$STATE" && chmod 0750 "$STATE"
  systemctl daemon-reload
  systemctl enable camwatch-agent.service
  if [ "$START" -eq 1 ]; then
    systemctl restart camwatch-agent.service
    say "started; follow it with: journalctl -u camwatch-agent -f"
  fi
fi
say "done. On site, check the cameras with: camwatch-agent --check"
