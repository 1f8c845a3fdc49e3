#!/usr/bin/env node
/**
 * Copies into <out> only the files of the production dependencies that the four programs can load,
 * found by @vercel/nft (the file tracer Next.js uses for its standalone output): it follows every
 * require and import from the bundles, the ones inside functions too (exporters chosen by
 * environment variables, PGlite's loaders). What is read from disk by path instead of by require
 * is named below. The Dockerfile runs it in its build stage:
 *
 *   node deploy/image/runtime-files.js <app dir with dist/ and node_modules/> <out>
 *
 * Production node_modules: 196 MB (apparent size) and 4,100 of its 32,000 files ever loaded; the
 * rest is TypeScript sources and declarations, source maps, ESM and browser copies of packages the
 * bundles load as CommonJS, and packages needed only by commands the programs do not have.
 */
'use strict';
const { cpSync, existsSync, lstatSync, mkdirSync, readdirSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');
const { nodeFileTrace } = require('@vercel/nft');

const PROGRAMS = ['producer', 'consumer', 'cli', 'console'];

/** Read from disk by path, not by require: the tracer cannot see them. */
const READ_BY_PATH = [
  // PGlite (the consumer's embedded database) loads its Postgres build and its initial data.
  'node_modules/@electric-sql/pglite/dist/pglite.wasm',
  'node_modules/@electric-sql/pglite/dist/pglite.data',
  'node_modules/@electric-sql/pglite/dist/initdb.wasm',
  // The console serves these to the browser (apps/console/src/main.ts).
  'node_modules/htm/preact',
  'node_modules/uplot/dist',
];

/** Loaded by name at run time: pino starts pino-pretty in a worker thread when stdout is a terminal. */
const LOADED_BY_NAME = ['node_modules/pino-pretty/index.js', 'node_modules/pino/lib/worker.js', 'node_modules/thread-stream/lib/worker.js'];

/**
 * Swagger UI's files, served by @nestjs/swagger from the package's folder, but for source maps
 * and the builds its page does not load (ES modules and the unbundled one, for bundlers; 2.4 MB).
 */
const SERVED_FOLDERS = ['node_modules/swagger-ui-dist'];
const NOT_SERVED = /(\.map|(^|\/)swagger-ui(-es-bundle(-core)?)?\.js)$/;

/**
 * Required only inside functions the programs never call: cosmiconfig loads TypeScript for a
 * `.ts` configuration file (nest-commander's plugin search, which the CLI does not enable), and
 * nest-commander loads @fig/complete-commander, and with it prettier, for fig completion specs.
 */
const NEVER_LOADED = ['node_modules/typescript/**', 'node_modules/prettier/**', '**/node_modules/@fig/complete-commander/**'];

async function main() {
  const [app, out] = process.argv.slice(2);
  if (!app || !out) throw new Error('usage: runtime-files.js <app dir with dist/ and node_modules/> <out>');
  const entries = [...PROGRAMS.map((p) => join(app, 'dist', 'apps', p, 'main.js')), ...LOADED_BY_NAME.map((f) => join(app, f))];
  for (const file of entries)
    if (!existsSync(file)) throw new Error(`${file} does not exist: build the programs and install the production dependencies first`);
  const { fileList, warnings } = await nodeFileTrace(entries, { base: app, processCwd: app, ignore: NEVER_LOADED, conditions: ['module-sync'] });

  let files = 0;
  let bytes = 0;
  const copy = (path) => {
    const from = join(app, path);
    const stat = lstatSync(from);
    if (stat.isDirectory()) {
      for (const name of readdirSync(from)) if (!NOT_SERVED.test(name)) copy(join(path, name));
      return;
    }
    mkdirSync(dirname(join(out, path)), { recursive: true });
    cpSync(from, join(out, path), { verbatimSymlinks: true });
    files += 1;
    bytes += stat.size;
  };
  const traced = [...fileList].filter((f) => f.startsWith('node_modules/'));
  for (const path of [...traced, ...READ_BY_PATH, ...SERVED_FOLDERS]) copy(path);
  const unresolved = [...warnings].filter((w) => /Failed to resolve/.test(String(w)) && !/node_modules\/(typescript|prettier)/.test(String(w)));
  console.log(`runtime files: ${files} files, ${(bytes / 1e6).toFixed(1)} MB of node_modules (${relative(process.cwd(), out) || out})`);
  if (unresolved.length) console.log(`not resolved (optional dependencies, not installed): ${unresolved.length}`);
}

main().catch((error) => {
  console.error(`runtime-files: ${error.message}`);
  process.exit(1);
});
