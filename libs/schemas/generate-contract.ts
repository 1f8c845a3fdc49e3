/**
 * Regenerates libs/schemas/generated/ from the event classes and the registry:
 * `npm run schemas:generate`. Files no longer generated are removed.
 */
import 'reflect-metadata';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { renderContractFiles } from './src/contract/contract-files';

const root = join(__dirname, 'generated');
const files = renderContractFiles();
const listed = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? listed(join(dir, entry.name)) : [relative(root, join(dir, entry.name))]));

mkdirSync(root, { recursive: true });
for (const stale of listed(root).filter((path) => !files.has(path))) rmSync(join(root, stale));
for (const [path, content] of files) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}
process.stdout.write(`wrote ${files.size} files to ${relative(process.cwd(), root) || root}\n`);
