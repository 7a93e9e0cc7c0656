#!/usr/bin/env bash
# Starts the whole cluster, as Hadoop 1's start-all.sh: the DFS (bin/start-dfs.sh: the NameNode
# here, a DataNode per host of $HADOOP_CONF_DIR/slaves), then MapReduce (bin/start-mapred.sh: the
# JobTracker here, a TaskTracker per slave). The hosts running the scripts are the masters.
#
#   bin/start-all.sh [--config CONFDIR]
set -euo pipefail

bin=$(cd "$(dirname "$0")" && pwd)
config=()
if [ "${1:-}" = "--config" ]; then
  config=(--config "$2")
  shift 2
fi
"$bin/start-dfs.sh" "${config[@]}"
"$bin/start-mapred.sh" "${config[@]}"
