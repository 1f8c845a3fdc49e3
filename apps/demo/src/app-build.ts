import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

/** The apps the demo runs. */
export type DemoApp = 'producer' | 'consumer';

/** Folders and files whose content ends up in an app's bundle or decides how it is built. */
function inputsOf(root: string, app: DemoApp): string[] {
  return [join(root, 'apps', app), join(root, 'libs'), join(root, 'tsconfig.json'), join(root, 'nest-cli.json'), join(root, 'apps', 'webpack.config.js')];
}

/** Newest modification time under `path`; specs and Maven's target/ never reach a bundle. */
function newestMtime(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file shows only as its folder's change
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'target' || entry.name === 'node_modules' || entry.name.endsWith('.spec.ts')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

function bundleOf(root: string, app: DemoApp): string {
  return join(root, 'dist', 'apps', app, 'main.js');
}

/** The apps whose bundle is missing or older than one of its inputs. */
export function staleApps(root: string, apps: DemoApp[]): DemoApp[] {
  return apps.filter((app) => {
    const bundle = bundleOf(root, app);
    return !existsSync(bundle) || statSync(bundle).mtimeMs < Math.max(...inputsOf(root, app).map(newestMtime));
  });
}

/**
 * Builds `apps` in one `nest build`, without Nest's forked type check (most of a build on two
 * cores: the producer alone 79 s with it, 22-25 s without, measured side by side); the demo only
 * runs the code, and `npm run typecheck` and CI check the types. Each bundle is then dated to the
 * moment the build started, so a source saved while webpack ran still counts as newer.
 */
export async function buildApps(root: string, apps: DemoApp[]): Promise<void> {
  const started = new Date();
  const nest = join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
  const child = spawn(process.execPath, [nest, 'build', ...apps], {
    cwd: root,
    env: { ...process.env, STREAMLINE_BUILD_TYPECHECK: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`nest build ${apps.join(' ')} failed (exit ${code}):\n${output.trim()}`);
  for (const app of apps) utimesSync(bundleOf(root, app), started, started);
}
