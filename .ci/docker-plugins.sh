#!/usr/bin/env bash
# Installs the Docker CLI plugins Compose v2 and buildx, what Docker Desktop users have, into
# ~/.docker/cli-plugins (or $DOCKER_CONFIG/cli-plugins) where they are missing. Debian 12's own
# Compose is v1 (end of life); Debian 13 (trixie) packages both plugins as static binaries, so they
# are downloaded from trixie (a sources list and package lists of their own, in a temporary folder)
# and unpacked, never installed into the system. Idempotent: with both plugins answering, it does
# nothing.
set -euo pipefail
plugins="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
answers() { [ -x "$plugins/docker-$1" ] && docker "$1" version >/dev/null 2>&1; }
if answers compose && answers buildx; then exit 0; fi

work=$(mktemp -d /tmp/ci-docker-plugins.XXXXXX)
trap 'rm -rf "$work"' EXIT
# The same mirror as the machine's bookworm entry.
mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror:-http://deb.debian.org/debian} trixie main" >"$work/trixie.list"
mkdir -p "$work/lists/partial" "$work/root"
# APT::Sandbox::User: the temporary folder is root's, which apt's _apt user cannot write.
apt=(-o Dir::Etc::SourceList="$work/trixie.list" -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists="$work/lists" -o APT::Sandbox::User=root)
apt-get "${apt[@]}" update -qq
(cd "$work" && apt-get "${apt[@]}" download -qq docker-compose docker-buildx)
for deb in "$work"/*.deb; do dpkg -x "$deb" "$work/root"; done
mkdir -p "$plugins"
cp "$work"/root/usr/libexec/docker/cli-plugins/docker-compose "$work"/root/usr/libexec/docker/cli-plugins/docker-buildx "$plugins/"
answers compose && answers buildx || { echo 'docker-plugins: the plugins do not answer after installing them' >&2; exit 1; }
echo "docker-plugins: $(docker compose version), $(docker buildx version)"
