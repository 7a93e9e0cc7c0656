#!/usr/bin/env bash
# Stops MapReduce started by bin/start-mapred.sh: the JobTracker here, the TaskTracker on each slave, by pid.
#
#   bin/stop-mapred.sh [--config CONFDIR]
#   bin/stop-mapred.sh [--config CONFDIR] --daemon jobtracker|tasktracker   (one daemon on this host)
exec "$(dirname "$0")/hadoop-daemons.sh" stop jobtracker tasktracker "$@"
