#!/usr/bin/env bash
# Restores a backup made by backup.sh into an EMPTY database and snapshot directory.
#   restore.sh BACKUP_DIR DATABASE_URL SNAPSHOT_DIR
# Stop the hub first. With TimescaleDB the restore is wrapped in timescaledb_pre_restore() /
# timescaledb_post_restore(), as TimescaleDB's documentation requires.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 BACKUP_DIR DATABASE_URL SNAPSHOT_DIR" >&2; exit 2; }
backup=$1 db_url=$2 snapshots=$3
( cd "$backup" && sha256sum --check --quiet SHA256SUMS )
timescale=$(psql "$db_url" -Atc "select count(*) from pg_available_extensions where name = 'timescaledb'")
if [ "$timescale" = 1 ]; then
  psql "$db_url" -qc "create extension if not exists timescaledb" -c "select timescaledb_pre_restore()" >/dev/null
fi
pg_restore --no-owner --exit-on-error --dbname="$db_url" "$backup/camwatch.dump"
if [ "$timescale" = 1 ]; then
  psql "$db_url" -qc "select timescaledb_post_restore()" >/dev/null
fi
mkdir -p "$snapshots"
tar -C "$snapshots" -xf "$backup/snapshots.tar"
echo "restored $backup"
