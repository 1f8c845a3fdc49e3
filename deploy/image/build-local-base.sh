#!/usr/bin/env bash
# Builds a stand-in for the official Node 24 Debian slim image, for machines that cannot pull it
# (CI here): a Debian bookworm minbase root file system (debootstrap) plus the project's pinned
# Node 24 runtime (the `node` devDependency's binary) and npm, imported into podman under the
# name given as $1. The Dockerfile is then built on it with --build-arg BASE_IMAGE=<that name>.
#
# Needs root, debootstrap and podman (apt-get install -y podman debootstrap). The root file system
# is cached as a tarball under .streamline/image/, keyed by the Node and npm versions, so a second
# run only imports it again (seconds). The Debian mirror is debootstrap's default, or
# $DEBOOTSTRAP_MIRROR.
set -euo pipefail
cd "$(dirname "$0")/../.."
image=${1:?usage: build-local-base.sh <image name, e.g. localhost/streamline-base:node24-bookworm-slim>}
cache=.streamline/image
mkdir -p "$cache"

node_bin=$(npm exec --silent -- node -p process.execPath)
node_version=$("$node_bin" --version)
case "$node_version" in v24.*) ;; *) echo "the pinned runtime is $node_version, not Node 24: run npm ci" >&2; exit 1 ;; esac
npm_version=${STREAMLINE_BASE_NPM_VERSION:-11}
tarball="$cache/bookworm-minbase-node-${node_version}-npm-${npm_version}.tar"

# A clean clone has no .streamline/, but the machine's podman storage may already hold the base
# (a previous run, another clone): reuse it when it carries the same Node and npm.
if [ ! -f "$tarball" ] && podman image exists "$image" \
  && [ "$(podman image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$image" | grep -c -e "^NODE_VERSION=${node_version#v}$" -e "^STREAMLINE_BASE_NPM=${npm_version}$")" = 2 ]; then
  echo "base image $image: already in podman's storage (Node $node_version, npm $npm_version)"
  exit 0
fi

if [ ! -f "$tarball" ]; then
  work=$(mktemp -d "$PWD/$cache/rootfs.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  rootfs="$work/rootfs"
  echo "debootstrap: bookworm minbase into $rootfs"
  # shellcheck disable=SC2086
  debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" ${DEBOOTSTRAP_MIRROR:-} >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  # As the official slim images: no apt lists, docs or caches left behind.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*

  echo "Node $node_version from $node_bin; npm $npm_version"
  install -D -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
  (cd "$work" && npm pack --silent "npm@$npm_version" >/dev/null)
  mkdir -p "$rootfs/usr/local/lib/node_modules/npm"
  tar -xzf "$work"/npm-*.tgz -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  # The official image's user for running apps.
  chroot "$rootfs" useradd --uid 1000 --user-group --create-home --shell /bin/sh node

  tar -C "$rootfs" -cf "$tarball.partial" . && mv "$tarball.partial" "$tarball"
  rm -rf "$work"
  trap - EXIT
fi

podman import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=${node_version#v}" \
  --change "ENV STREAMLINE_BASE_NPM=${npm_version}" \
  --change 'CMD ["node"]' \
  "$tarball" "$image" >/dev/null
echo "base image $image: Debian bookworm minbase, Node $node_version, npm $npm_version ($(du -h "$tarball" | cut -f1) uncompressed)"
