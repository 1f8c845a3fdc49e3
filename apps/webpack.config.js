// Nest's webpack defaults for every app, with two changes:
// - the project's own libraries are bundled from their sources (through the tsconfig path
//   aliases), never required at run time. They are npm workspaces, so npm links them into
//   node_modules, and Nest's default `nodeExternals()` would leave `@streamline/*` for Node to load
//   from each package's built dist/ (which a clone does not have, or has stale);
// - with STREAMLINE_BUILD_TYPECHECK=off the bundle is built without Nest's type check (a forked
//   `tsc` over the app and every library, ~12 s of CPU per app): `npm run build` and the
//   Dockerfile type-check the whole project once (`npm run typecheck`) and then bundle each app.
const nodeExternals = require('webpack-node-externals');

const typecheck = process.env.STREAMLINE_BUILD_TYPECHECK !== 'off';

module.exports = (options) => ({
  ...options,
  externals: [nodeExternals({ allowlist: [/^@streamline\//] })],
  plugins: typecheck ? options.plugins : options.plugins.filter((plugin) => plugin.constructor.name !== 'ForkTsCheckerWebpackPlugin'),
});
