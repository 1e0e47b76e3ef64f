#!/usr/bin/env bash
# Prints the bin directory of a Node 22 binary (NODE22_VERSION picks the release): scripts/node.sh 22.
# Reuse: PATH="$(scripts/node22.sh):$PATH" make test
exec "$(dirname "$0")/node.sh" 22
