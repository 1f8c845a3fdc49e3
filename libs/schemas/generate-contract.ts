/**
 * Regenerates a registry's contract files (a JSON Schema per event type, the AsyncAPI document):
 * `npm run schemas:generate` for the order registry into libs/orders/generated/, or
 * `npm run schemas:generate -- --registry ./dist/my-events.js --out ./contract` for an app's own
 * (flags: contract-target.ts). Files no longer generated are removed.
 */
import 'reflect-metadata';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { renderContractFiles } from './src/contract/contract-files';
import { contractTarget } from './contract-target';

function main(): void {
  const { registry, version, outDir: root } = contractTarget(process.argv.slice(2));
  const files = renderContractFiles(registry, { version });
  const listed = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? listed(join(dir, entry.name)) : [relative(root, join(dir, entry.name))],
    );
  mkdirSync(root, { recursive: true });
  for (const stale of listed(root).filter((path) => !files.has(path))) rmSync(join(root, stale));
  for (const [path, content] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  process.stdout.write(`wrote ${files.size} files to ${relative(process.cwd(), root) || root}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`schemas:generate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
