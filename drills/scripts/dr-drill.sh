#!/bin/sh
# Quarterly DR drill: seed 004 §Test Restore Procedure (scripts/dr-drill.sh, with the backup of
# scripts/backup-database.sh), adapted to the reference stack. Run inside the postgres container as the
# postgres user: Recoveries.script("drills/scripts/dr-drill.sh").in("postgres").asUser("postgres").
#   0. compressed plain-SQL backup (pg_dump | gzip), unless BACKUP_FILE names one
#   1. restore it into a fresh server (a new cluster, started for the drill) with gunzip | psql
#   2. verify counts (every entry counted before the dump is in the restore)
#   3. health checks: the fresh server, production, the service (LEDGER_URL/health)
# Variables (set by the harness): PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE LEDGER_URL; optional
# BACKUP_DIR (default /tmp/firedrill-backups), BACKUP_FILE.
set -eu

echo "=== Disaster Recovery Drill ==="
echo "Date: $(date -u)"
echo ""

BACKUP_DIR=${BACKUP_DIR:-/tmp/firedrill-backups}
BEFORE=""
if [ -z "${BACKUP_FILE:-}" ]; then
  echo "0. Backing up $PGDATABASE on $PGHOST:$PGPORT..."
  mkdir -p "$BACKUP_DIR"
  BEFORE=$(psql -v ON_ERROR_STOP=1 -Atc "SELECT count(*) FROM entries")
  BACKUP_FILE="$BACKUP_DIR/ledger_full_$(date -u +%Y%m%d_%H%M%S).sql.gz"
  pg_dump --no-owner "$PGDATABASE" | gzip > "$BACKUP_FILE"
  echo "Backup completed: $BACKUP_FILE ($(wc -c < "$BACKUP_FILE") bytes; $BEFORE entries before the dump)"
fi
if [ ! -f "$BACKUP_FILE" ]; then
  echo "dr-drill: backup file $BACKUP_FILE not found" >&2
  exit 2
fi
# sh has no pipefail: a dump that broke off lacks pg_dump's closing line.
if ! gunzip < "$BACKUP_FILE" | tail -n 5 | grep -q "PostgreSQL database dump complete"; then
  echo "dr-drill: $BACKUP_FILE is not a complete dump" >&2
  exit 3
fi

echo "1. Restoring database to a fresh server..."
STAGING=$(mktemp -d)
STAGING_PORT=5499
initdb -D "$STAGING/data" -U "$PGUSER" --auth=trust >/dev/null
pg_ctl -D "$STAGING/data" -l "$STAGING/log" -o "-c listen_addresses='' -c unix_socket_directories='$STAGING' -p $STAGING_PORT" -w start >/dev/null
trap 'pg_ctl -D "$STAGING/data" -m fast -w stop >/dev/null 2>&1; rm -rf "$STAGING"' EXIT
createdb -h "$STAGING" -p "$STAGING_PORT" "$PGDATABASE"
gunzip < "$BACKUP_FILE" | psql -h "$STAGING" -p "$STAGING_PORT" -v ON_ERROR_STOP=1 -q "$PGDATABASE" >/dev/null

echo "2. Verifying data integrity..."
for table in entries firedrill_canary; do
  if [ -n "$(psql -h "$STAGING" -p "$STAGING_PORT" -Atc "SELECT to_regclass('public.$table')" "$PGDATABASE")" ]; then
    echo "$table: $(psql -h "$STAGING" -p "$STAGING_PORT" -Atc "SELECT count(*) FROM $table" "$PGDATABASE") rows"
  fi
done
RESTORED=$(psql -h "$STAGING" -p "$STAGING_PORT" -v ON_ERROR_STOP=1 -Atc "SELECT count(*) FROM entries" "$PGDATABASE")
if [ -n "$BEFORE" ] && [ "$RESTORED" -lt "$BEFORE" ]; then
  echo "dr-drill: the restore holds $RESTORED entries, fewer than the $BEFORE counted before the dump" >&2
  exit 4
fi

echo "3. Health checks..."
pg_isready -h "$STAGING" -p "$STAGING_PORT"
pg_isready -h "$PGHOST" -p "$PGPORT"
if [ -n "${LEDGER_URL:-}" ]; then
  perl -MIO::Socket::INET -e '
    my ($h, $p) = $ARGV[0] =~ m{//([^:/]+):(\d+)} or die "dr-drill: cannot read host and port from $ARGV[0]\n";
    my $s = IO::Socket::INET->new(PeerAddr => $h, PeerPort => $p, Timeout => 5) or die "dr-drill: $ARGV[0] unreachable: $!\n";
    print $s "GET /health HTTP/1.0\r\nHost: $h\r\n\r\n";
    my $status = <$s>; $status =~ s/\s+$//;
    print "$ARGV[0]/health: $status\n";
    exit($status =~ / 200 / ? 0 : 1);' "$LEDGER_URL"
fi

echo ""
echo "=== DR Drill Complete ==="
echo "RTO target: <4 hours (seed 004)"
echo "RPO target: <15 minutes (seed 004)"
