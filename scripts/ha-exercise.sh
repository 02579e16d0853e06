#!/usr/bin/env bash
# High-availability exercise for lesc on PostgreSQL (docs/operations.md, "High availability").
# NOT part of CI (.ci/run): it builds two throwaway PostgreSQL 15 clusters on loopback,
#   primary 127.0.0.1:5433  →  streaming replica 127.0.0.1:5434 (physical slot, synchronous)
# starts two `lesc serve` on the primary, drives IAQs at both, kills the primary
# (pg_ctl stop -m immediate), promotes the replica, restarts lesc against it, and checks that
# every message that got a 202 is on the new primary and that the audit chain verifies.
# It never touches the cluster on 5432. Everything it made is removed on exit (trap).
#
#   npm run build && sudo scripts/ha-exercise.sh        (run as root; PostgreSQL runs as postgres)
#
# Environment: PGBIN (default /usr/lib/postgresql/15/bin), LOAD_SECONDS (default 20),
# SYNC=off to run the same exercise with asynchronous replication, KEEP=1 to keep the files.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
LOAD_SECONDS=${LOAD_SECONDS:-20}
SYNC=${SYNC:-on}
PRIMARY_PORT=5433
REPLICA_PORT=5434
LESC_PORTS=(8181 8182)
ROOT_DIR=$(cd "$(dirname "$0")/.." && pwd)
LESC="node $ROOT_DIR/bin/lesc.js"
WORK=$(mktemp -d /tmp/lesc-ha.XXXXXX)
chmod 755 "$WORK"
PRIMARY=$WORK/primary
REPLICA=$WORK/replica
LESC_PIDS=()
LOAD_PID=""

say() { printf 'ha: %s\n' "$*" >&2; }
now_ms() { date +%s%3N; }
as_postgres() { su postgres -s /bin/bash -c "$*"; }
psql_at() { psql -X -q -t -A -h 127.0.0.1 -p "$1" -U postgres -d "${3:-postgres}" -c "$2"; }

cleanup() {
  local code=$?
  [ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2>/dev/null || true
  for pid in "${LESC_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for dir in "$PRIMARY" "$REPLICA"; do
    [ -f "$dir/postmaster.pid" ] && as_postgres "$PGBIN/pg_ctl -D $dir -m immediate stop" >/dev/null 2>&1 || true
  done
  if [ "${KEEP:-0}" = 1 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
  exit $code
}
trap cleanup EXIT INT TERM

[ "$(id -u)" = 0 ] || { echo "run as root (PostgreSQL runs as the postgres user)" >&2; exit 1; }
[ -f "$ROOT_DIR/dist/src/messages/index.js" ] || { echo "build first: npm run build" >&2; exit 1; }
for port in $PRIMARY_PORT $REPLICA_PORT "${LESC_PORTS[@]}"; do
  if ss -ltn | grep -q ":$port "; then echo "port $port is in use" >&2; exit 1; fi
done

start_cluster() { # dir port
  as_postgres "$PGBIN/pg_ctl -D $1 -l $1.log -o '-p $2 -k $WORK' -w start" >/dev/null
}

say "primary: initdb and start on 127.0.0.1:$PRIMARY_PORT"
chown postgres "$WORK"
as_postgres "$PGBIN/initdb -D $PRIMARY -U postgres --auth=trust --no-instructions" >/dev/null
cat >>"$PRIMARY/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
wal_level = replica
max_wal_senders = 5
max_replication_slots = 5
hot_standby = on
wal_keep_size = '256MB'
EOF
echo "host replication postgres 127.0.0.1/32 trust" >>"$PRIMARY/pg_hba.conf"
start_cluster "$PRIMARY" $PRIMARY_PORT
psql_at $PRIMARY_PORT "CREATE DATABASE lesc"
psql_at $PRIMARY_PORT "SELECT pg_create_physical_replication_slot('replica1')" >/dev/null

say "replica: pg_basebackup -R -S replica1, start on 127.0.0.1:$REPLICA_PORT"
as_postgres "$PGBIN/pg_basebackup -h 127.0.0.1 -p $PRIMARY_PORT -U postgres -D $REPLICA -R -S replica1 -X stream -c fast"
# cluster_name is the standby's application_name on the primary (synchronous_standby_names).
cat >>"$REPLICA/postgresql.auto.conf" <<EOF
port = $REPLICA_PORT
cluster_name = 'replica1'
EOF
start_cluster "$REPLICA" $REPLICA_PORT
# Only now: with a synchronous standby named and none connected, every commit would wait.
if [ "$SYNC" = on ]; then
  psql_at $PRIMARY_PORT "ALTER SYSTEM SET synchronous_standby_names = 'FIRST 1 (replica1)'" >/dev/null
  psql_at $PRIMARY_PORT "SELECT pg_reload_conf()" >/dev/null
fi
state=""
for _ in $(seq 1 100); do
  state=$(psql_at $PRIMARY_PORT "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'replica1'")
  [ "$state" = "$([ "$SYNC" = on ] && echo sync || echo async)" ] && break
  sleep 0.2
done
say "replication: replica1 is ${state:-not connected}"
[ -n "$state" ] || exit 1

PRIMARY_URL="postgres://postgres@127.0.0.1:$PRIMARY_PORT/lesc"
REPLICA_URL="postgres://postgres@127.0.0.1:$REPLICA_PORT/lesc"
$LESC seed --violators 200 --people 2000 --seed ha --database-url "$PRIMARY_URL" >/dev/null 2>"$WORK/seed.log"
KEY=$($LESC agency add --ori ZZ0000051 --name "HA Exercise PD" --state TX --database-url "$PRIMARY_URL" 2>/dev/null |
  node -e 'process.stdin.on("data", (d) => console.log(JSON.parse(d).apiKey))')

start_lesc() { # url
  LESC_PIDS=()
  for port in "${LESC_PORTS[@]}"; do
    $LESC serve --port "$port" --database-url "$1" >>"$WORK/lesc-$port.out" 2>>"$WORK/lesc-$port.err" &
    LESC_PIDS+=($!)
  done
  for port in "${LESC_PORTS[@]}"; do
    for _ in $(seq 1 300); do
      curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
      sleep 0.1
    done
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null || { say "lesc on $port did not become ready"; exit 1; }
  done
}
readyz() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/readyz" || true; }

say "two lesc serve processes on the primary (ports ${LESC_PORTS[*]})"
start_lesc "$PRIMARY_URL"
URLS=$(printf 'http://127.0.0.1:%s,' "${LESC_PORTS[@]}")
node "$ROOT_DIR/scripts/ha-load.mjs" --urls "${URLS%,}" --key "$KEY" --ori ZZ0000051 \
  --accepted "$WORK/accepted.txt" --stop "$WORK/stop" >"$WORK/load.json" &
LOAD_PID=$!
sleep "$LOAD_SECONDS"
BEFORE=$(sort -u "$WORK/accepted.txt" | wc -l)

say "failover: stopping the primary hard (pg_ctl stop -m immediate) after $BEFORE accepted messages"
sort -u "$WORK/accepted.txt" >"$WORK/accepted-before.txt"
T_KILL=$(now_ms)
as_postgres "$PGBIN/pg_ctl -D $PRIMARY -m immediate stop" >/dev/null
sleep 1
say "while the primary is down: /readyz answers ${LESC_PORTS[0]}=$(readyz "${LESC_PORTS[0]}") ${LESC_PORTS[1]}=$(readyz "${LESC_PORTS[1]}")"
T_PROMOTE=$(now_ms)
as_postgres "$PGBIN/pg_ctl -D $REPLICA -w promote" >/dev/null
# The new primary has no standby yet: with the old setting every commit would wait forever.
psql_at $REPLICA_PORT "ALTER SYSTEM SET synchronous_standby_names = ''" >/dev/null
psql_at $REPLICA_PORT "SELECT pg_reload_conf()" >/dev/null
T_PROMOTED=$(now_ms)
for pid in "${LESC_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
for pid in "${LESC_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
start_lesc "$REPLICA_URL"
T_SERVING=$(now_ms)
say "lesc serving on the new primary: promote took $((T_PROMOTED - T_PROMOTE)) ms, kill to both lesc ready $((T_SERVING - T_KILL)) ms"
sleep 5
touch "$WORK/stop"
wait "$LOAD_PID"
LOAD_PID=""
sleep 3 # let the job workers finish the last searches

say "checks on the new primary (127.0.0.1:$REPLICA_PORT)"
sort -u "$WORK/accepted.txt" >"$WORK/accepted-all.txt"
missing_of() { # file
  local ids
  ids=$(paste -sd, "$1")
  psql_at $REPLICA_PORT "SELECT count(*) FROM unnest('{$ids}'::bigint[]) AS a(id)
    WHERE NOT EXISTS (SELECT 1 FROM nlets_message m WHERE m.id = a.id AND m.outcome = 'ACCEPTED')" lesc
}
MISSING_BEFORE=$(missing_of "$WORK/accepted-before.txt")
MISSING_ALL=$(missing_of "$WORK/accepted-all.txt")
PROBLEMS=$(psql_at $REPLICA_PORT "
  SELECT count(*) FROM nlets_message m WHERE m.mke = 'IAQ' AND m.outcome = 'ACCEPTED' AND (
    (SELECT count(*) FROM inquiry i WHERE i.message_id = m.id) <> 1
    OR (SELECT count(*) FROM mailbox_message b WHERE b.in_reply_to = m.id AND b.type = 'ACK') <> 1)" lesc)
VERIFY=$($LESC audit verify --database-url "$REPLICA_URL" 2>&1) && VERIFY_OK=yes || VERIFY_OK=no
LOAD=$(cat "$WORK/load.json")

cat <<EOF
{"replication":"$SYNC","acceptedBeforeFailover":$BEFORE,"acceptedInAll":$(wc -l <"$WORK/accepted-all.txt"),
 "missingOfThoseBeforeFailover":$MISSING_BEFORE,"missingOfAll":$MISSING_ALL,
 "iaqsWithoutExactlyOneInquiryAndAck":$PROBLEMS,
 "promoteMs":$((T_PROMOTED - T_PROMOTE)),"killToLescReadyMs":$((T_SERVING - T_KILL)),
 "load":$LOAD,"auditVerify":$VERIFY}
EOF
[ "$MISSING_ALL" = 0 ] && [ "$PROBLEMS" = 0 ] && [ "$VERIFY_OK" = yes ] || { say "FAILED"; exit 1; }
say "passed"
