# tools/clickhouse/cluster.sh: a throwaway two-shard ClickHouse on 127.0.0.1.
# Source it, then:
#   ch_cluster_start DIR DICTDIR   starts two clickhouse-server processes, each
#                                  from a copy of /etc/clickhouse-server/config.xml
#                                  and users.xml in DIR/shardN with its own ports,
#                                  data and logs under DIR, the cluster `httpstatus`
#                                  of both shards and the dictionaries DICTDIR/*_dictionary.xml;
#                                  returns once both answer (or 1 after CH_WAIT seconds)
#   ch_cluster_stop                stops them by their PIDs and waits for them
#   ch N [clickhouse-client args]  the client on shard N (1 or 2)
# Sets CH_PORT1, CH_PORT2 (native protocol ports) and CH_PIDS. The caller
# removes DIR; call ch_cluster_stop from its EXIT trap.

CH_SERVER=${CH_SERVER:-clickhouse-server}
CH_CLIENT=${CH_CLIENT:-clickhouse-client}
CH_CONFIG=${CH_CONFIG:-/etc/clickhouse-server}
CH_WAIT=${CH_WAIT:-60}
CH_PIDS=

# Prints N free TCP ports on 127.0.0.1, all held open until all are chosen.
ch_free_ports() {
  /usr/bin/python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$1"
}

# ch_shard_config DIR N TCP HTTP INTERSERVER DICTDIR: the overrides for one shard.
ch_shard_config() {
  mkdir -p "$1/shard$2/config.d" "$1/shard$2/data"
  cp "$CH_CONFIG/config.xml" "$CH_CONFIG/users.xml" "$1/shard$2/"
  cat >"$1/shard$2/config.d/local.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger replace="1">
    <level>warning</level>
    <log>$1/shard$2/server.log</log>
    <errorlog>$1/shard$2/server.err.log</errorlog>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <tcp_port>$3</tcp_port>
  <http_port>$4</http_port>
  <interserver_http_port>$5</interserver_http_port>
  <path>$1/shard$2/data/</path>
  <tmp_path>$1/shard$2/data/tmp/</tmp_path>
  <user_files_path>$1/shard$2/data/user_files/</user_files_path>
  <format_schema_path>$1/shard$2/data/format_schemas/</format_schema_path>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <dictionaries_config>$6/*_dictionary.xml</dictionaries_config>
  <dictionaries_lazy_load>false</dictionaries_lazy_load>
  <remote_servers replace="1">
    <httpstatus>
      <shard><replica><host>127.0.0.1</host><port>$CH_PORT1</port></replica></shard>
      <shard><replica><host>127.0.0.1</host><port>$CH_PORT2</port></replica></shard>
    </httpstatus>
  </remote_servers>
</yandex>
XML
}

ch() {
  n=$1
  shift
  eval "port=\$CH_PORT$n"
  "$CH_CLIENT" --host 127.0.0.1 --port "$port" --max_execution_time="${CH_MAX_SECONDS:-300}" "$@"
}

ch_cluster_start() {
  dir=$1
  dicts=$(cd "$2" && pwd)
  # shellcheck disable=SC2046
  set -- $(ch_free_ports 6)
  CH_PORT1=$1 CH_PORT2=$2
  ch_shard_config "$dir" 1 "$1" "$3" "$5" "$dicts"
  ch_shard_config "$dir" 2 "$2" "$4" "$6" "$dicts"
  for n in 1 2; do
    # 18.16 runs as root too; it stays in the foreground, its output in DIR.
    "$CH_SERVER" --config-file="$dir/shard$n/config.xml" >"$dir/shard$n/stdout" 2>&1 &
    CH_PIDS="$CH_PIDS $!"
  done
  waited=0
  for n in 1 2; do
    until ch $n -q 'SELECT 1' >/dev/null 2>&1; do
      for pid in $CH_PIDS; do
        if ! kill -0 "$pid" 2>/dev/null; then
          echo "httpstatus: clickhouse-server (pid $pid) exited; its logs:" >&2
          tail -n 20 "$dir"/shard*/stdout "$dir"/shard*/server.err.log >&2 2>/dev/null
          return 1
        fi
      done
      waited=$((waited + 1))
      if [ $waited -gt $((CH_WAIT * 5)) ]; then
        echo "httpstatus: clickhouse-server did not answer within $CH_WAIT s" >&2
        return 1
      fi
      sleep 0.2
    done
  done
}

# Safe under set -e, and twice.
ch_cluster_stop() {
  for pid in $CH_PIDS; do kill "$pid" 2>/dev/null || true; done
  for pid in $CH_PIDS; do
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
      sleep 0.1
      i=$((i + 1))
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  CH_PIDS=
}
