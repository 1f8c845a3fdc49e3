#!/usr/bin/env bash
# Builds stand-ins for the two official images the Dockerfile starts from, for machines that
# cannot pull them (CI here):
#   $1  node:24-bookworm-slim: Debian bookworm minbase (debootstrap) plus the project's pinned
#       Node 24 runtime (the `node` devDependency's binary) and npm; --build-arg BASE_IMAGE=<$1>
#   $2  debian:bookworm-slim: the same root file system without Node; --build-arg RUNTIME_IMAGE=<$2>
# Both are slimmed as Debian's official slim images are (debuerreotype's slimify: no docs but
# copyright files, no man or info pages, no translations, no apt lists), so the size the image
# check reports is close to the one built on the official images.
#
# Needs root, debootstrap and podman (apt-get install -y podman debootstrap). The root file systems
# are cached as tarballs under .streamline/image/, keyed by the Node and npm versions, so a second
# run only imports them again (seconds). The Debian mirror is debootstrap's default, or
# $DEBOOTSTRAP_MIRROR.
set -euo pipefail
cd "$(dirname "$0")/../.."
usage='usage: build-local-base.sh <node image, e.g. localhost/streamline-base:node24-bookworm-slim> <debian image, e.g. localhost/streamline-base:bookworm-slim>'
image=${1:?$usage}
debian_image=${2:?$usage}
cache=.streamline/image
mkdir -p "$cache"

node_bin=$(npm exec --silent -- node -p process.execPath)
node_version=$("$node_bin" --version)
case "$node_version" in v24.*) ;; *) echo "the pinned runtime is $node_version, not Node 24: run npm ci" >&2; exit 1 ;; esac
npm_version=${STREAMLINE_BASE_NPM_VERSION:-11}
tarball="$cache/bookworm-slim-node-${node_version}-npm-${npm_version}.tar"
debian_tarball="$cache/bookworm-slim.tar"

# A clean clone has no .streamline/, but the machine's podman storage may already hold the base
# (a previous run, another clone): reuse it when it carries the same Node and npm.
if [ ! -f "$tarball" ] && podman image exists "$image" && podman image exists "$debian_image" \
  && [ "$(podman image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$image" | grep -c -e "^NODE_VERSION=${node_version#v}$" -e "^STREAMLINE_BASE_NPM=${npm_version}$" -e "^STREAMLINE_BASE_SLIM=1$")" = 3 ]; then
  echo "base images $image and $debian_image: already in podman's storage (Node $node_version, npm $npm_version)"
  exit 0
fi

if [ ! -f "$tarball" ] || [ ! -f "$debian_tarball" ]; then
  work=$(mktemp -d "$PWD/$cache/rootfs.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  rootfs="$work/rootfs"
  echo "debootstrap: bookworm minbase into $rootfs"
  # shellcheck disable=SC2086
  debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" ${DEBOOTSTRAP_MIRROR:-} >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  # As the official slim images (debuerreotype's .slimify-excludes): copyright files are all that
  # stays of /usr/share/doc; no man or info pages, translations, lintian overrides, apt lists or caches.
  find "$rootfs"/usr/share/doc -mindepth 1 -not -name copyright -not -type d -delete
  find "$rootfs"/usr/share/doc -mindepth 1 -type d -empty -delete
  rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* \
    "$rootfs"/usr/share/lintian/overrides/* "$rootfs"/usr/share/linda/* \
    "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
    "$rootfs"/var/log/apt/* "$rootfs"/var/log/dpkg.log "$rootfs"/var/log/bootstrap.log
  tar -C "$rootfs" -cf "$debian_tarball.partial" . && mv "$debian_tarball.partial" "$debian_tarball"

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
  --change 'ENV STREAMLINE_BASE_SLIM=1' \
  --change 'CMD ["node"]' \
  "$tarball" "$image" >/dev/null
podman import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["bash"]' \
  "$debian_tarball" "$debian_image" >/dev/null
echo "base images: $debian_image, Debian bookworm slim ($(du -h "$debian_tarball" | cut -f1) uncompressed); $image, the same with Node $node_version and npm $npm_version ($(du -h "$tarball" | cut -f1))"
