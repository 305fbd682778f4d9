#!/usr/bin/env bash
# ringsight/spark/setup.sh — fetch Apache Spark 3.5 + networkanalysis (Maven Central) and compile the job.
#
# Idempotent: a no-op (well under a second) when target/ is already built from the
# current pom.xml + sources and every jar on target/classpath.txt is still present.
# Produces:
#   spark/target/classes/ringsight/spark/*.class
#   spark/target/ringsight-spark.jar  (the job's classes, shipped to executors on a cluster)
#   spark/target/classpath.txt        (absolute jar paths, ':'-separated)
# Extra arguments go to mvn. Set RINGSIGHT_SPARK_SETUP_FORCE=1 to rebuild regardless.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="$here/target"
stamp="$target/.setup-stamp"

for tool in java mvn jar; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "ringsight/spark-setup: '$tool' not found on PATH (need Java 17+ and Maven 3.8+)" >&2
    exit 1
  fi
done

# What the build depends on: the pom, the job's sources and the JVM.
want="$(cat "$here/pom.xml" $(find "$here/src" -name '*.java' | sort) | sha256sum | cut -d' ' -f1) $(java -version 2>&1 | head -1)"

up_to_date() {
  [[ "${RINGSIGHT_SPARK_SETUP_FORCE:-}" != 1 ]] || return 1
  [[ -f "$stamp" && -f "$target/classpath.txt" && -f "$target/ringsight-spark.jar" ]] || return 1
  [[ "$(cat "$stamp")" == "$want" ]] || return 1
  local jar
  # A wiped ~/.m2 leaves a stale classpath behind: check that every jar is still there.
  while IFS= read -r jar; do
    [[ -z "$jar" || -f "$jar" ]] || return 1
  done < <(tr ':' '\n' < "$target/classpath.txt")
  return 0
}

if up_to_date; then
  exit 0
fi

echo "ringsight/spark-setup: fetching Spark and compiling the job (a fresh ~/.m2 downloads ~300 MB)..." >&2
start=$(date +%s)
rm -f "$stamp"
mvn -B -q --no-transfer-progress -Dstyle.color=never \
  -Dmaven.wagon.http.retryHandler.count=3 \
  -f "$here/pom.xml" "$@" compile 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g' >&2
[[ -s "$target/classpath.txt" ]] || { echo "ringsight/spark-setup: mvn did not write $target/classpath.txt" >&2; exit 1; }
jar cf "$target/ringsight-spark.jar" -C "$target/classes" .
printf '%s' "$want" > "$stamp"
echo "ringsight/spark-setup: ready in $(( $(date +%s) - start ))s" >&2
