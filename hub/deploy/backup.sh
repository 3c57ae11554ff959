#!/usr/bin/env bash
# Backs up the camwatch database and snapshot store into one folder.
#   backup.sh DATABASE_URL SNAPSHOT_DIR OUT_DIR
# The database goes first, then the snapshots: snapshot files are content-addressed and only
# ever added, so every file the dumped metadata names is already on disk when it is copied.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 DATABASE_URL SNAPSHOT_DIR OUT_DIR" >&2; exit 2; }
db_url=$1 snapshots=$2 out=$3
mkdir -p "$out"
pg_dump --format=custom --no-owner --file="$out/camwatch.dump" "$db_url"
tar -C "$snapshots" -cf "$out/snapshots.tar" .
( cd "$out" && sha256sum camwatch.dump snapshots.tar > SHA256SUMS )
echo "backup written to $out"
