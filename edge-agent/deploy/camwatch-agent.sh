#!/bin/sh
# camwatch-agent: runs the agent bundle on the Node.js runtime shipped beside it, e.g.
#   camwatch-agent claim CODE --hub https://…   provision the box with the station's one-time code
#   camwatch-agent --check        the technician's on-site report of every camera
#   camwatch-agent --version
# Config: --config FILE, else $CAMWATCH_CONFIG, else /etc/camwatch/agent.yaml. Secrets: agent.env beside
# the config (or $CAMWATCH_ENV_FILE), the service's environment file, read as the service reads it.
# Started as root, it runs as the service user ($CAMWATCH_SERVICE_USER, default camwatch-agent),
# except a claim, which writes the root-only agent.env.
set -e
here="$(dirname "$(readlink -f "$0")")"
node="$here/../node/bin/node"
bundle="$here/../lib/camwatch-agent.mjs"
code="" hub="" ca="" config="" prev=""
for arg in "$@"; do
  case "$prev" in
    --claim) code="$arg" ;;
    --hub) hub="$arg" ;;
    --ca) ca="$arg" ;;
    --config) config="$arg" ;;
  esac
  prev="$arg"
done
env_file="${CAMWATCH_ENV_FILE:-$(dirname "${config:-${CAMWATCH_CONFIG:-/etc/camwatch/agent.yaml}}")/agent.env}"
service_user="${CAMWATCH_SERVICE_USER:-camwatch-agent}"
# Not settings: the agent refuses CAMWATCH_ variables it does not know.
unset CAMWATCH_ENV_FILE CAMWATCH_SERVICE_USER
load_env() {
  if [ -r "$env_file" ]; then
    set -a
    . "$env_file"
    set +a
  fi
}
load_env
if [ "${1:-}" = claim ]; then
  exec "$node" "$bundle" "$@"
fi
if [ "$(id -u)" = 0 ] && id "$service_user" >/dev/null 2>&1; then
  # `--check --claim CODE`: the claim as root (only while the station has no broker password), the check as the service user.
  if [ -n "$code" ] && [ -z "${CAMWATCH_MQTT__PASSWORD:-}" ]; then
    "$node" "$bundle" claim "$code" ${hub:+--hub "$hub"} ${ca:+--ca "$ca"} ${config:+--config "$config"} || exit $?
    load_env
  fi
  # A check as root would leave root-owned outbox and snapshot files in /var/lib/camwatch-agent
  # that the service could no longer write.
  exec runuser -u "$service_user" -- "$node" "$bundle" "$@"
fi
exec "$node" "$bundle" "$@"
