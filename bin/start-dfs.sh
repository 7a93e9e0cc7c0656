#!/usr/bin/env bash
# Starts the DFS: the NameNode on this host and a DataNode on each host of $HADOOP_CONF_DIR/slaves.
#
#   bin/start-dfs.sh [--config CONFDIR]
#   bin/start-dfs.sh [--config CONFDIR] --daemon namenode|datanode   (one daemon on this host)
exec "$(dirname "$0")/hadoop-daemons.sh" start namenode datanode "$@"
