#!/usr/bin/env bash
# Stops the whole cluster started by bin/start-all.sh: MapReduce first (bin/stop-mapred.sh), then
# the DFS (bin/stop-dfs.sh), as Hadoop 1's stop-all.sh.
#
#   bin/stop-all.sh [--config CONFDIR]
set -euo pipefail

bin=$(cd "$(dirname "$0")" && pwd)
config=()
if [ "${1:-}" = "--config" ]; then
  config=(--config "$2")
  shift 2
fi
"$bin/stop-mapred.sh" "${config[@]}"
"$bin/stop-dfs.sh" "${config[@]}"
