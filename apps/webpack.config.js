// Nest's webpack defaults for every app, with one change: the project's own libraries are
// bundled from their sources (through the tsconfig path aliases), never required at run time.
// They are npm workspaces, so npm links them into node_modules, and Nest's default
// `nodeExternals()` would leave `@streamline/*` for Node to load from each package's built
// dist/ (which a clone does not have, or has stale).
const nodeExternals = require('webpack-node-externals');

module.exports = (options) => ({
  ...options,
  externals: [nodeExternals({ allowlist: [/^@streamline\//] })],
});
