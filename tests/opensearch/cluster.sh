#!/usr/bin/env bash
# A three-node OpenSearch 2.19 cluster on 127.0.0.1 for the OpenSearch tests (no Docker, no
# security plugin; Java 17 and Maven; the first start resolves OpenSearch from Maven Central).
#
#   tests/opensearch/cluster.sh start          build if needed, start, wait for green, print the URL
#   tests/opensearch/cluster.sh url            print the URL of node 1 (the one that stays up)
#   tests/opensearch/cluster.sh stop-node N    stop node N (2 or 3: the fault tests) …
#   tests/opensearch/cluster.sh start-node N   … and start it again
#   tests/opensearch/cluster.sh stop           stop every node and delete the cluster's data
#
# State (URL, pid, log, data) lives in $OPENSEARCH_CLUSTER_STATE, by default
# target/opensearch-cluster beside Cargo.toml. JVM heap: $OPENSEARCH_CLUSTER_HEAP (default 1536m).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
state="${OPENSEARCH_CLUSTER_STATE:-$root/target/opensearch-cluster}"
heap="${OPENSEARCH_CLUSTER_HEAP:-1536m}"

die() { echo "cluster.sh: $*" >&2; exit 1; }

need_tools() {
  local missing=()
  command -v java >/dev/null || missing+=("java (Java 17: apt-get install openjdk-17-jdk-headless)")
  command -v mvn >/dev/null || missing+=("mvn (Maven: apt-get install maven)")
  if [ ${#missing[@]} -gt 0 ]; then
    die "missing: ${missing[*]}"
  fi
  local v
  v=$(java -version 2>&1 | head -n 1)
  case "$v" in
    *'"17'*|*'"18'*|*'"19'*|*'"2'[0-9]*) ;;
    *) die "OpenSearch 2.19 needs Java 17 or newer; java -version says: $v" ;;
  esac
}

running() { [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; }

build() {
  # Compiled classes and the dependency classpath, rebuilt when the sources change.
  if [ ! -f "$here/target/classpath.txt" ] || [ "$here/pom.xml" -nt "$here/target/classpath.txt" ] \
     || [ -n "$(find "$here/src" -newer "$here/target/classpath.txt" -print -quit)" ]; then
    echo "cluster.sh: building the launcher (mvn; the first run downloads OpenSearch's jars)" >&2
    (cd "$here" && mvn -q -B -Dstyle.color=never compile dependency:build-classpath \
       -Dmdep.outputFile=target/classpath.txt >&2) || die "mvn failed (see above)"
  fi
}

start() {
  need_tools
  if running; then
    echo "cluster.sh: already running (pid $(cat "$state/pid"))" >&2
    cat "$state/url"
    return 0
  fi
  build
  rm -rf "$state"
  mkdir -p "$state"
  # setsid: the JVM outlives this script; it is stopped by `stop` (SIGTERM), which closes every
  # node and deletes the data.
  setsid java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC \
    -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
    policysearch.Cluster --state "$state" --nodes 3 </dev/null >"$state/log" 2>&1 &
  echo $! >"$state/pid"
  local waited=0
  until [ -f "$state/url" ]; do
    if ! running; then
      tail -n 40 "$state/log" >&2
      die "the cluster stopped while starting (log: $state/log)"
    fi
    if [ $waited -ge 180 ]; then
      tail -n 40 "$state/log" >&2
      stop
      die "the cluster was not green after 180 s (log above)"
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "cluster.sh: green after ${waited}s, 3 nodes (log: $state/log)" >&2
  cat "$state/url"
}

stop() {
  if ! running; then
    rm -rf "$state/home"
    echo "cluster.sh: not running" >&2
    return 0
  fi
  local pid
  pid=$(cat "$state/pid")
  kill -TERM "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if [ $waited -ge 60 ]; then
      echo "cluster.sh: still running after 30 s; killing pid $pid" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  rm -rf "$state/home" "$state/pid" "$state/url" "$state/urls"
  echo "cluster.sh: stopped" >&2
}

control() {
  running || die "not running"
  rm -f "$state/control.done"
  echo "$1" >"$state/control.tmp"
  mv "$state/control.tmp" "$state/control"
  local waited=0
  until [ -f "$state/control.done" ]; do
    [ $waited -lt 1200 ] || die "no answer to '$1' after 120 s"
    sleep 0.1
    waited=$((waited + 1))
  done
  local answer
  answer=$(cat "$state/control.done")
  echo "cluster.sh: $answer" >&2
  case "$answer" in ok*) ;; *) exit 1 ;; esac
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) running || die "not running"; cat "$state/url" ;;
  urls) running || die "not running"; cat "$state/urls" ;;
  stop-node) [ -n "${2:-}" ] || die "stop-node N"; control "stop $2" ;;
  start-node) [ -n "${2:-}" ] || die "start-node N"; control "start $2" ;;
  *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
