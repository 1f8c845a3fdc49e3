// Nest's webpack defaults, plus what an executable needs: a shebang line and the execute bit,
// so `npx streamline …` (the package's `bin`) runs the bundle directly.
const { chmodSync } = require('node:fs');
const { join } = require('node:path');

module.exports = (options, webpack) => ({
  ...options,
  plugins: [
    ...options.plugins,
    new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true }),
    {
      apply(compiler) {
        compiler.hooks.afterEmit.tap('ExecutableBundle', (compilation) => {
          for (const chunk of compilation.chunks) {
            for (const file of chunk.files) {
              if (file.endsWith('main.js')) chmodSync(join(compilation.outputOptions.path, file), 0o755);
            }
          }
        });
      },
    },
  ],
});
