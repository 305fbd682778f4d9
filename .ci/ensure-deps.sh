#!/usr/bin/env bash
# Installs the system parts the test suite needs when they are missing:
# Chromium (viewer end-to-end tests), Noto CJK fonts and poppler-utils
# (report PDFs), the Maven-built local Neo4j and the Spark job (spark/). Idempotent and quick when
# everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-deps: missing ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "ensure-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ -f neo4j/setup.sh ]; then bash neo4j/setup.sh; fi
if [ -f spark/setup.sh ]; then bash spark/setup.sh; fi
