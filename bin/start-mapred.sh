#!/usr/bin/env bash
# Starts MapReduce: the JobTracker on this host (at mapred.job.tracker) and a TaskTracker on each
# host listed in $HADOOP_CONF_DIR/slaves (localhost runs here, other hosts through ssh, as Hadoop
# does). Pid files: $HADOOP_PID_DIR (default /tmp)/hadoop-$USER-<daemon>.pid; logs: $HADOOP_LOG_DIR.
#
#   bin/start-mapred.sh [--config CONFDIR]
#   bin/start-mapred.sh [--config CONFDIR] --daemon jobtracker|tasktracker   (one daemon on this host)
set -euo pipefail

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

is_local() {
  case "$1" in
    localhost | 127.* | ::1 | "$(hostname)" | "$(hostname -f 2>/dev/null || hostname)") return 0 ;;
    *) return 1 ;;
  esac
}

if [ "${1:-}" = "--daemon" ]; then
  start_daemon "$2"
  exit $?
fi

start_daemon jobtracker
slaves=${HADOOP_SLAVES:-$HADOOP_CONF_DIR/slaves}
status=0
while read -r host _; do
  case "$host" in '' | \#*) continue ;; esac
  if is_local "$host"; then
    start_daemon tasktracker || status=1
  else
    # shellcheck disable=SC2086
    ssh ${HADOOP_SSH_OPTS:-} "$host" "cd '$HADOOP_HOME' && HADOOP_PID_DIR='$HADOOP_PID_DIR' HADOOP_LOG_DIR='$HADOOP_LOG_DIR' bin/start-mapred.sh --config '$HADOOP_CONF_DIR' --daemon tasktracker" 2>&1 |
      sed "s/^/$host: /" || status=1
  fi
done <"$slaves"
exit $status
