#!/usr/bin/env bash
# Stops MapReduce started by bin/start-mapred.sh: the JobTracker here, the TaskTracker on each host
# of $HADOOP_CONF_DIR/slaves, each by the pid in its pid file (SIGTERM, then SIGKILL after
# $HADOOP_STOP_TIMEOUT seconds, default 5).
#
#   bin/stop-mapred.sh [--config CONFDIR]
#   bin/stop-mapred.sh [--config CONFDIR] --daemon jobtracker|tasktracker   (one daemon on this host)
set -euo pipefail

bin=$(cd "$(dirname "$0")" && pwd)
HADOOP_HOME=${HADOOP_HOME:-$(dirname "$bin")}
if [ "${1:-}" = "--config" ]; then
  HADOOP_CONF_DIR=$2
  shift 2
fi
HADOOP_CONF_DIR=${HADOOP_CONF_DIR:-$HADOOP_HOME/hadoop-conf}
HADOOP_PID_DIR=${HADOOP_PID_DIR:-/tmp}
HADOOP_IDENT_STRING=${HADOOP_IDENT_STRING:-${USER:-$(id -un)}}
HADOOP_STOP_TIMEOUT=${HADOOP_STOP_TIMEOUT:-5}

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

if [ "${1:-}" = "--daemon" ]; then
  stop_daemon "$2"
  exit 0
fi

stop_daemon jobtracker
slaves=${HADOOP_SLAVES:-$HADOOP_CONF_DIR/slaves}
while read -r host _; do
  case "$host" in '' | \#*) continue ;; esac
  if is_local "$host"; then
    stop_daemon tasktracker
  else
    # shellcheck disable=SC2086
    ssh ${HADOOP_SSH_OPTS:-} "$host" "cd '$HADOOP_HOME' && HADOOP_PID_DIR='$HADOOP_PID_DIR' bin/stop-mapred.sh --config '$HADOOP_CONF_DIR' --daemon tasktracker" 2>&1 |
      sed "s/^/$host: /" || true
  fi
done <"$slaves"
