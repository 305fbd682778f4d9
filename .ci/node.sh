# ringsight CI: puts the newest Node LTS it can install first on PATH (sourced by .ci/run).
# The npm package `node` ships the official binaries, so the npm registry is all it needs. Tried in
# the order of RINGSIGHT_CI_NODE (default "24 22 system"): a major is installed once into
# RINGSIGHT_NODE_CACHE (default ~/.cache/ringsight/node/<major>) and reused; "system" is whatever
# node is already on PATH. `RINGSIGHT_CI_NODE=system bash .ci/run` runs CI on the machine's own node.
for major in ${RINGSIGHT_CI_NODE:-24 22 system}; do
  if [ "$major" = system ]; then
    break
  fi
  dir="${RINGSIGHT_NODE_CACHE:-$HOME/.cache/ringsight/node}/$major"
  bin="$dir/node_modules/node/bin"
  if [ ! -x "$bin/node" ]; then
    echo "ci: installing Node $major (npm package node@$major) into $dir" >&2
    mkdir -p "$dir"
    if ! npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund "node@$major" >"$dir/install.log" 2>&1; then
      echo "ci: could not install Node $major (see $dir/install.log); trying the next" >&2
      continue
    fi
  fi
  if "$bin/node" -e 'process.exit(0)' >/dev/null 2>&1; then
    export PATH="$bin:$PATH"
    break
  fi
  echo "ci: Node $major in $dir does not run; trying the next" >&2
done
echo "ci: Node $(node -v), npm $(npm -v)" >&2
