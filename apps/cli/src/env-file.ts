import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { UsageError } from './errors/cli.errors';

const FLAG = '--env-file';

/**
 * `--env-file <file>` anywhere in `argv`: the settings of a `NAME=value` file (as `docker run
 * --env-file` and Node's `--env-file` read them) over the environment, for a secured cluster's
 * dozen variables in one flag. The flag is taken out of `argv`; the variables go into
 * `process.env`, so every part of the program sees them. Returns the file read, if any.
 */
export function applyEnvFile(argv: string[]): string | undefined {
  const at = argv.findIndex((arg) => arg === FLAG || arg.startsWith(`${FLAG}=`));
  if (at < 0) return undefined;
  const inline = argv[at]!.startsWith(`${FLAG}=`) ? argv[at]!.slice(FLAG.length + 1) : undefined;
  const file = inline ?? argv[at + 1];
  if (!file || file.startsWith('--')) throw new UsageError(`${FLAG} needs a file of NAME=value lines`);
  argv.splice(at, inline === undefined ? 2 : 1);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${FLAG}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  Object.assign(process.env, parseEnv(text));
  return file;
}
