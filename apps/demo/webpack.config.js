// The demo's build of the producer and consumer: Nest's webpack defaults without the forked type
// check, which was three quarters of a cold build on two cores (79 s of 100 s, measured); the
// demo only runs the code, and `npm run typecheck` and CI check the types.
module.exports = (options) => ({
  ...options,
  plugins: options.plugins.filter((plugin) => plugin.constructor.name !== 'ForkTsCheckerWebpackPlugin'),
});
