// The demo's build of the producer and consumer: Nest's webpack defaults without the forked type
// check, which was most of a build on two cores (the producer alone: 79 s with it, 22-25 s
// without, measured side by side); the demo only runs the code, and `npm run typecheck` and CI
// check the types.
module.exports = (options) => ({
  ...options,
  plugins: options.plugins.filter((plugin) => plugin.constructor.name !== 'ForkTsCheckerWebpackPlugin'),
});
