#!/usr/bin/env bash
# ringsight setup: what the test suite needs beyond node_modules.
#
#   npm run setup   (bash .ci/ensure-deps.sh)          installs what is missing; idempotent, quick when all is there
#   npm test's pretest (bash .ci/ensure-deps.sh --check) installs nothing: names what is missing and
#                                                       says to run `npm run setup`, exit 1
#
# One line per step in STEPS below: "name|check command|install command". A check exits 0 when the
# part is there; the install command puts it there (it may assume it runs from the repository root).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: Chromium (viewer end-to-end tests, report PDFs), Noto CJK fonts and poppler-utils
# (report PDFs), a JDK and Maven (the local Neo4j is built from Maven Central by neo4j/setup.sh).
apt_missing() {
  local m=()
  command -v chromium >/dev/null 2>&1 || m+=(chromium)
  command -v pdftotext >/dev/null 2>&1 || m+=(poppler-utils)
  # grep without -q reads to the end: an early exit would fail fc-list with SIGPIPE under pipefail.
  fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || m+=(fonts-noto-cjk)
  command -v javac >/dev/null 2>&1 || m+=(default-jdk-headless)
  command -v mvn >/dev/null 2>&1 || m+=(maven)
  echo "${m[*]}"
}
check_apt() { [ -z "$(apt_missing)" ]; }
install_apt() {
  local missing
  read -r -a missing <<< "$(apt_missing)"
  [ ${#missing[@]} -gt 0 ] || return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "ringsight/setup: missing ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  echo "ringsight/setup: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
# With NEO4J_URI set the tests use that server and never start the local one.
check_spark() { [ -f spark/target/ringsight-spark.jar ] && [ -f spark/target/classpath.txt ]; }
check_neo4j() { [ -n "${NEO4J_URI:-}" ] || bash neo4j/setup.sh --check 2>/dev/null; }

STEPS=(
  "system packages (\$(apt_missing))|check_apt|install_apt"
  "local Neo4j (neo4j/target, built by Maven)|check_neo4j|bash neo4j/setup.sh"
  "Spark job (spark/target, built by Maven)|check_spark|bash spark/setup.sh"
)

if [ "${1:-}" = --check ]; then
  missing=()
  for step in "${STEPS[@]}"; do
    IFS='|' read -r name check _ <<< "$step"
    eval "$check" || missing+=("$(eval "echo \"$name\"")")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "ringsight: the tests need parts this machine does not have yet:" >&2
    printf '  - %s\n' "${missing[@]}" >&2
    echo "Run \`npm run setup\` once (it installs them; system packages need root or sudo), then \`npm test\` again." >&2
    exit 1
  fi
  exit 0
fi

for step in "${STEPS[@]}"; do
  IFS='|' read -r name check install <<< "$step"
  eval "$check" && continue
  echo "ringsight/setup: $(eval "echo \"$name\"")" >&2
  eval "$install"
done
echo "ringsight/setup: ready" >&2
