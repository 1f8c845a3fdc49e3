// Lets a plain `node` process run the repository's TypeScript compiled as ts-jest and the Nest
// build compile it: `node -r ./test/support/ts-register.js test/support/quote-replier.ts`.
// tsx cannot run a Nest app of the libraries: esbuild emits no decorator metadata
// (`design:paramtypes`), and Nest injects the libraries' providers by their constructor parameter
// types. Each file is compiled on its own (the tsconfig has isolatedModules), and the tsconfig's
// path aliases (`@streamline/kafka`…) resolve to their sources.
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { join, resolve } = require('node:path');
const ts = require('typescript');

const ROOT = join(__dirname, '..', '..');
const { config, error } = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, ROOT);
const compilerOptions = { ...options, sourceMap: false, inlineSourceMap: true, inlineSources: true };
const aliases = new Map(Object.entries(options.paths ?? {}).map(([name, [target]]) => [name, resolve(ROOT, target)]));

Module._extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, aliases.get(request) ?? request, ...rest);
};
