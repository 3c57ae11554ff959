#!/bin/sh
# camwatch-agent: runs the agent bundle on the Node.js runtime shipped beside it, e.g.
#   camwatch-agent --check        the technician's on-site report of every camera
#   camwatch-agent --version
# Config: --config FILE, else $CAMWATCH_CONFIG, else /etc/camwatch/agent.yaml. Secrets: the service's
# environment file (/etc/camwatch/agent.env, or $CAMWATCH_ENV_FILE), read as the service reads it.
set -e
here="$(dirname "$(readlink -f "$0")")"
node="$here/../node/bin/node"
bundle="$here/../lib/camwatch-agent.mjs"
env_file="${CAMWATCH_ENV_FILE:-/etc/camwatch/agent.env}"
# Not a setting: the agent refuses CAMWATCH_ variables it does not know.
unset CAMWATCH_ENV_FILE
if [ -r "$env_file" ]; then
  set -a
  . "$env_file"
  set +a
fi
# Run as root (sudo), become the service user: a check as root would leave root-owned outbox and
# snapshot files in /var/lib/camwatch-agent that the service could no longer write.
if [ "$(id -u)" = 0 ] && id camwatch-agent >/dev/null 2>&1; then
  exec runuser -u camwatch-agent -- "$node" "$bundle" "$@"
fi
exec "$node" "$bundle" "$@"
