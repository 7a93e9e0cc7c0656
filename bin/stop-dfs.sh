#!/usr/bin/env bash
# Stops the DFS started by bin/start-dfs.sh: the NameNode here, the DataNode on each slave, by pid.
#
#   bin/stop-dfs.sh [--config CONFDIR]
#   bin/stop-dfs.sh [--config CONFDIR] --daemon namenode|datanode   (one daemon on this host)
exec "$(dirname "$0")/hadoop-daemons.sh" stop namenode datanode "$@"
