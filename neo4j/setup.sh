#!/usr/bin/env bash
# ringsight/neo4j/setup.sh — fetch Neo4j 5.26 (Maven Central) and compile the launcher.
#
# Idempotent: a no-op (well under a second) when target/ is already built from the
# current pom.xml + sources and every jar on target/classpath.txt is still present.
# Produces:
#   neo4j/target/classes/ringsight/Neo4jLauncher.class
#   neo4j/target/classpath.txt     (absolute jar paths, ':'-separated)
# Extra arguments go to mvn, e.g. `neo4j/setup.sh -Dmaven.repo.local=/tmp/m2`.
# Set RINGSIGHT_NEO4J_SETUP_FORCE=1 to rebuild regardless.
# `--check` builds nothing: exit 0 when the build is up to date, 1 (and why, on stderr) when not.
set -euo pipefail
check=0
if [[ "${1:-}" == --check ]]; then check=1; shift; fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="$here/target"
stamp="$target/.setup-stamp"
launcher_src="$here/src/main/java/ringsight/Neo4jLauncher.java"

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "ringsight/neo4j-setup: '$tool' not found on PATH (need Java 17+ and Maven 3.8+)" >&2
    exit 1
  fi
done

# What the build depends on: the pom, the launcher source and the JVM.
want="$(cat "$here/pom.xml" "$launcher_src" | sha256sum | cut -d' ' -f1) $(java -version 2>&1 | head -1)"

up_to_date() {
  [[ "${RINGSIGHT_NEO4J_SETUP_FORCE:-}" != 1 ]] || return 1
  [[ -f "$stamp" && -f "$target/classpath.txt" && -f "$target/classes/ringsight/Neo4jLauncher.class" ]] || return 1
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
if [[ $check == 1 ]]; then
  echo "ringsight/neo4j-setup: the local Neo4j is not built (or is out of date with neo4j/pom.xml)" >&2
  exit 1
fi

echo "ringsight/neo4j-setup: fetching Neo4j and compiling the launcher (a fresh ~/.m2 downloads ~160 MB)..." >&2
start=$(date +%s)
rm -f "$stamp"
# -q prints only errors; Debian's mvn still emits bare colour codes, so strip them.
# (pipefail keeps mvn's exit status.)
mvn -B -q --no-transfer-progress -Dstyle.color=never \
  -Dmaven.wagon.http.retryHandler.count=3 \
  -f "$here/pom.xml" "$@" compile 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g' >&2
[[ -s "$target/classpath.txt" ]] || { echo "ringsight/neo4j-setup: mvn did not write $target/classpath.txt" >&2; exit 1; }
printf '%s' "$want" > "$stamp"
echo "ringsight/neo4j-setup: ready in $(( $(date +%s) - start ))s" >&2
