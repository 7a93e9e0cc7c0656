#!/usr/bin/env bash
# Starts MapReduce: the JobTracker on this host and a TaskTracker on each host of $HADOOP_CONF_DIR/slaves.
#
#   bin/start-mapred.sh [--config CONFDIR]
#   bin/start-mapred.sh [--config CONFDIR] --daemon jobtracker|tasktracker   (one daemon on this host)
exec "$(dirname "$0")/hadoop-daemons.sh" start jobtracker tasktracker "$@"
