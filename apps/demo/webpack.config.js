// The demo's build of the producer and consumer: the apps' webpack settings (../webpack.config.js,
// which bundles the project's own libraries) without the forked type check, which was most of a
// build on two cores (the producer alone: 79 s with it, 22-25 s without, measured side by side);
// the demo only runs the code, and `npm run typecheck` and CI check the types.
const appDefaults = require('../webpack.config');

module.exports = (options) => {
  const defaults = appDefaults(options);
  return { ...defaults, plugins: defaults.plugins.filter((plugin) => plugin.constructor.name !== 'ForkTsCheckerWebpackPlugin') };
};
