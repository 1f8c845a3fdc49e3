import { enableCompileCache } from 'node:module';
import { version } from '../../../package.json';
import { readHelpSnapshot, snapshotHelpFor } from './help-snapshot';

/**
 * `streamline`: `--version` and `--help` are answered before anything heavy loads (Nest, kafkajs,
 * the schemas take most of a start); every other run loads the full program.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) return print(`${version}\n`);
  const help = snapshotHelpFor(args, readHelpSnapshot(__dirname));
  if (help !== undefined) return print(help);
  // The full program loads some 1,700 modules (Nest, kafkajs, class-validator, rxjs); V8's compile
  // cache, kept in the OS's temp directory, spares compiling them again on every run (~10 % of the CPU of
  // `topics`). Node before 22.1 has none, and runs without.
  enableCompileCache?.();
  const { runCli } = await import('./run-cli');
  await runCli(version);
}

function print(text: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(text, () => resolve()));
}

void main();
