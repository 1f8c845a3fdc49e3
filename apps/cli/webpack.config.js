// The apps' webpack settings (../webpack.config.js), plus what an executable needs: a shebang line and the execute bit,
// so `npx streamline …` (the package's `bin`) runs the bundle directly; and every command's
// help text written beside it, so `--help` is answered without starting Nest (see help-snapshot.ts).
const { execFileSync } = require('node:child_process');
const { chmodSync, rmSync } = require('node:fs');
const { dirname, join } = require('node:path');
const appDefaults = require('../webpack.config');

module.exports = (options, webpack) => {
  const defaults = appDefaults(options);
  return {
    ...defaults,
    plugins: [
      ...defaults.plugins,
      new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true }),
      {
        apply(compiler) {
          compiler.hooks.afterEmit.tap('ExecutableBundle', (compilation) => {
            for (const chunk of compilation.chunks) {
              for (const file of chunk.files) {
                if (!file.endsWith('main.js')) continue;
                const bundle = join(compilation.outputOptions.path, file);
                chmodSync(bundle, 0o755);
                writeHelpSnapshot(bundle);
              }
            }
          });
        },
      },
    ],
  };
};

/** A stale snapshot would answer with old help, so a failed one leaves none: help then starts the full program. */
function writeHelpSnapshot(bundle) {
  const file = join(dirname(bundle), 'help.json');
  rmSync(file, { force: true });
  try {
    // Only PATH: the help text must not depend on the environment of the build.
    execFileSync(process.execPath, [bundle, '--write-help-snapshot', file], { env: { PATH: process.env.PATH }, stdio: 'pipe', timeout: 60_000 });
  } catch (error) {
    rmSync(file, { force: true });
    console.warn(`help snapshot not written (--help will start the full program): ${error.stderr?.toString() || error.message}`);
  }
}
