#!/usr/bin/env bash
# What start-/stop-dfs.sh and start-/stop-mapred.sh share (Hadoop's hadoop-daemons.sh): start or
# stop a master daemon on this host and a slave daemon on each host of $HADOOP_CONF_DIR/slaves
# (localhost runs here, other hosts through ssh, as Hadoop does). Pid files:
# $HADOOP_PID_DIR (default /tmp)/hadoop-$USER-<daemon>.pid; logs: $HADOOP_LOG_DIR. A stop sends
# SIGTERM, then SIGKILL after $HADOOP_STOP_TIMEOUT seconds (default 5).
#
#   bin/hadoop-daemons.sh start|stop MASTER SLAVE [--config CONFDIR]
#   bin/hadoop-daemons.sh start|stop MASTER SLAVE [--config CONFDIR] --daemon NAME   (one daemon here)
set -euo pipefail

action=$1
master=$2
slave=$3
shift 3
bin=$(cd "$(dirname "$0")" && pwd)
HADOOP_HOME=${HADOOP_HOME:-$(dirname "$bin")}
if [ "${1:-}" = "--config" ]; then
  HADOOP_CONF_DIR=$2
  shift 2
fi
export HADOOP_CONF_DIR=${HADOOP_CONF_DIR:-$HADOOP_HOME/hadoop-conf}
HADOOP_PID_DIR=${HADOOP_PID_DIR:-/tmp}
HADOOP_LOG_DIR=${HADOOP_LOG_DIR:-$HADOOP_HOME/logs}
HADOOP_IDENT_STRING=${HADOOP_IDENT_STRING:-${USER:-$(id -un)}}
HADOOP_STOP_TIMEOUT=${HADOOP_STOP_TIMEOUT:-5}

start_daemon() {
  local cmd=$1
  local pidfile=$HADOOP_PID_DIR/hadoop-$HADOOP_IDENT_STRING-$cmd.pid
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "$cmd running as process $(cat "$pidfile"). Stop it first."
    return 0
  fi
  mkdir -p "$HADOOP_PID_DIR" "$HADOOP_LOG_DIR"
  local log=$HADOOP_LOG_DIR/hadoop-$HADOOP_IDENT_STRING-$cmd-$(hostname).log
  echo "starting $cmd, logging to $log"
  nohup node "$HADOOP_HOME/bin/hadoop" --config "$HADOOP_CONF_DIR" "$cmd" -D "hadoop.log.file=$log" \
    >"${log%.log}.out" 2>&1 </dev/null &
  echo $! >"$pidfile"
  sleep 1
  if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "$cmd failed to start:" >&2
    tail -n 5 "${log%.log}.out" >&2 || true
    rm -f "$pidfile"
    return 1
  fi
}

stop_daemon() {
  local cmd=$1
  local pidfile=$HADOOP_PID_DIR/hadoop-$HADOOP_IDENT_STRING-$cmd.pid
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    local pid
    pid=$(cat "$pidfile")
    echo "stopping $cmd"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq $((HADOOP_STOP_TIMEOUT * 10))); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$cmd did not stop gracefully after $HADOOP_STOP_TIMEOUT seconds: killing with kill -9"
      kill -9 "$pid" 2>/dev/null || true
    fi
  else
    echo "no $cmd to stop"
  fi
  rm -f "$pidfile"
}

is_local() {
  case "$1" in
    localhost | 127.* | ::1 | "$(hostname)" | "$(hostname -f 2>/dev/null || hostname)") return 0 ;;
    *) return 1 ;;
  esac
}

case "$action" in
  start) run=start_daemon ;;
  stop) run=stop_daemon ;;
  *)
    echo "Usage: hadoop-daemons.sh start|stop MASTER SLAVE [--config CONFDIR] [--daemon NAME]" >&2
    exit 1
    ;;
esac

if [ "${1:-}" = "--daemon" ]; then
  $run "$2"
  exit $?
fi

$run "$master"
slaves=${HADOOP_SLAVES:-$HADOOP_CONF_DIR/slaves}
status=0
while read -r host _; do
  case "$host" in '' | \#*) continue ;; esac
  if is_local "$host"; then
    $run "$slave" || status=1
  else
    # shellcheck disable=SC2086
    ssh ${HADOOP_SSH_OPTS:-} "$host" "cd '$HADOOP_HOME' && HADOOP_PID_DIR='$HADOOP_PID_DIR' HADOOP_LOG_DIR='$HADOOP_LOG_DIR' bin/hadoop-daemons.sh $action $master $slave --config '$HADOOP_CONF_DIR' --daemon $slave" 2>&1 |
      sed "s/^/$host: /" || status=1
  fi
done <"$slaves"
# a stop goes on past failures and succeeds, as Hadoop's does
[ "$action" = stop ] && exit 0
exit $status
