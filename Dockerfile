# syntax=docker/dockerfile:1
# One image for the four programs: `producer` (default), `consumer`, `console` (the web console)
# and `streamline …` (the CLI).
#   docker build -t streamline .
#   docker run --rm -p 3000:3000 -e KAFKA_BROKERS=kafka:9092 streamline producer
#   docker run --rm -p 3300:3300 -e KAFKA_BROKERS=kafka:9092 -e CONSOLE_HOST=0.0.0.0 -e CONSOLE_TOKEN=… streamline console
#   docker run --rm -e KAFKA_BROKERS=kafka:9092 streamline streamline lag streamline-consumer --wait
# See docs/deploy.md.

# The Node release the project pins (the `node` devDependency in package.json). The build stages
# run on the official Node image; the runtime is Debian slim with that image's node binary only
# (no npm, corepack, yarn or headers: 30 MB and a few hundred files fewer to patch), the same
# Debian release the Node image is built on.
ARG NODE_VERSION=24.21.0
ARG BASE_IMAGE=node:${NODE_VERSION}-bookworm-slim
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---- build: every dependency, the four bundles, the files of the dependencies they load ----------
FROM ${BASE_IMAGE} AS build
# Behind a TLS-intercepting proxy: the path of its CA bundle, mounted into the build (see docs/deploy.md).
ARG NODE_EXTRA_CA_CERTS=""
WORKDIR /src
COPY package.json package-lock.json ./
# The workspaces' manifests (the libraries are npm workspaces), so npm ci finds what the lock names.
COPY libs/schemas/package.json libs/schemas/
COPY libs/kafka/package.json libs/kafka/
COPY libs/local-broker/package.json libs/local-broker/
COPY libs/testing/package.json libs/testing/
# --ignore-scripts: the base image is the runtime, so the `node` devDependency need not fetch
# another one; nothing the build uses has an install script it needs.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY nest-cli.json tsconfig.json ./
COPY apps ./apps
COPY libs ./libs
# One type check of the whole tree, then each app bundled without one of its own (Nest would run a
# type check per app: four times the same libraries).
RUN npx tsc -p tsconfig.json --noEmit \
 && export STREAMLINE_BUILD_TYPECHECK=off \
 && npx nest build producer && npx nest build consumer && npx nest build cli && npx nest build console
# Of the dependencies, only the files the programs can load (deploy/image/runtime-files.js:
# @vercel/nft follows every require from the four bundles): 40 MB of the production dependencies'
# 196 MB. No development dependency is reachable from the bundles, so none is kept, and the tree is
# the one `npm ci --omit=dev` would install: no second install is needed.
COPY deploy/image/runtime-files.js deploy/image/
RUN node deploy/image/runtime-files.js /src /runtime

# ---- the node binary, without its symbol table by default ---------------------------------------
# Node's release binary carries its symbols (18 of its 127 MB). Stripped, JavaScript stack traces,
# --cpu-prof and heap snapshots are unchanged; native frames in perf, gdb or a diagnostic report
# show addresses instead of names. --build-arg NODE_SYMBOLS=keep keeps them.
FROM ${BASE_IMAGE} AS node
ARG NODE_SYMBOLS=strip
RUN cp /usr/local/bin/node /node \
 && if [ "$NODE_SYMBOLS" = strip ]; then \
      apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends binutils >/dev/null \
      && strip /node && /node --version; \
    fi

# ---- runtime -------------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE}
ARG VERSION=0.1.0
ARG REVISION=unknown
# The repository URL, e.g. --build-arg SOURCE="$(git remote get-url origin)".
ARG SOURCE=""
LABEL org.opencontainers.image.title="streamline" \
      org.opencontainers.image.description="Streamline producer, consumer, console and the streamline command line" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="Apache-2.0"

# tini (Debian's package) runs as PID 1: it forwards SIGTERM/SIGINT to Node, which then shuts down
# gracefully (stop taking work, finish, commit, leave the group), and it reaps zombie processes.
# The apps run as `node` (uid 1000, as in the official Node images).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt/* /var/log/dpkg.log \
 && (id node >/dev/null 2>&1 || useradd --uid 1000 --user-group --create-home --shell /bin/sh node)
COPY --from=node /node /usr/local/bin/node

WORKDIR /app
COPY --from=build /runtime/node_modules ./node_modules
COPY --from=build /src/dist/apps/producer ./dist/apps/producer
COPY --from=build /src/dist/apps/consumer ./dist/apps/consumer
COPY --from=build /src/dist/apps/cli ./dist/apps/cli
# The console runs the CLI bundle beside it and serves its page from apps/console/public, with
# htm and uPlot from node_modules (production dependencies) as they are.
COPY --from=build /src/dist/apps/console ./dist/apps/console
COPY apps/console/public ./apps/console/public
COPY package.json LICENSE ./
COPY deploy/image/bin/ /usr/local/bin/
COPY deploy/image/healthcheck.js ./deploy/image/healthcheck.js
# The consumer's embedded database (PGlite, when DATABASE_URL is not set) and the console's action
# log (.streamline/console/actions.jsonl) live under .streamline/.
RUN mkdir -p /app/.streamline && chown node:node /app/.streamline

ENV NODE_ENV=production
USER node
EXPOSE 3000 3001 3300
# /health/live of whichever service runs here (the console's page, which has no /health/live): PORT,
# else the producer's, the consumer's and the console's default ports.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["node", "/app/deploy/image/healthcheck.js"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["producer"]
