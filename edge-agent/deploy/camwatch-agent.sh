#!/bin/sh
# camwatch-agent: runs the agent bundle on the Node.js runtime shipped beside it, e.g.
#   camwatch-agent --check        the technician's on-site report of every camera
#   camwatch-agent --version
# Config: --config FILE, else $CAMWATCH_CONFIG, else /etc/camwatch/agent.yaml. Secrets: the service's
# environment file (/etc/camwatch/agent.env, or $CAMWATCH_ENV_FILE), read as the service reads it.
# Started as root, it runs as the service user ($CAMWATCH_SERVICE_USER, default camwatch-agent).
set -e
here="$(dirname "$(readlink -f "$0")")"
node="$here/../node/bin/node"
bundle="$here/../lib/camwatch-agent.mjs"
env_file="${CAMWATCH_ENV_FILE:-/etc/camwatch/agent.env}"
service_user="${CAMWATCH_SERVICE_USER:-camwatch-agent}"
# Not settings: the agent refuses CAMWATCH_ variables it does not know.
unset CAMWATCH_ENV_FILE CAMWATCH_SERVICE_USER
if [ -r "$env_file" ]; then
  set -a
  . "$env_file"
  set +a
fi
# Run as root (sudo), become the service user: a check as root would leave root-owned outbox and
# snapshot files in /var/lib/camwatch-agent that the service could no longer write.
if [ "$(id -u)" = 0 ] && id "$service_user" >/dev/null 2>&1; then
  exec runuser -u "$service_user" -- "$node" "$bundle" "$@"
fi
exec "$node" "$bundle" "$@"
