// @platformatic/kafka is an ES module only. jest 29 loads modules with its own CommonJS loader,
// which cannot run one (and hands out its own `module.createRequire`); Node's own require can
// (require of ES modules, Node >= 22.12), as in the built apps. jest maps the package name here
// (see "moduleNameMapper" in package.json).
const { createRequire } = process.getBuiltinModule('node:module');

module.exports = createRequire(__filename)('@platformatic/kafka');
