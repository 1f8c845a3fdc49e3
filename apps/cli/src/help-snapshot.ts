import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every command's `--help` text, written beside the bundle when it is built (see the CLI's
 * webpack config) and keyed by the command's path (`''`, `topics`, `dlq list`). Nest and the
 * Kafka client take most of a start; help needs neither, so it is answered from here.
 */
export type HelpSnapshot = Record<string, string>;

/** The file the build writes next to `main.js`. */
export const HELP_SNAPSHOT_FILE = 'help.json';

const HELP_FLAGS = new Set(['-h', '--help']);

/**
 * The help text commander would print for these arguments, or undefined when the answer needs
 * the full program (no snapshot, an unknown command, anything but a plain help request).
 */
export function snapshotHelpFor(args: readonly string[], snapshot: HelpSnapshot | undefined): string | undefined {
  if (!snapshot) return undefined;
  const end = args.indexOf('--');
  const before = end === -1 ? args : args.slice(0, end);
  if (!before.some((a) => HELP_FLAGS.has(a))) return undefined;
  const path: string[] = [];
  for (const arg of before) {
    if (arg.startsWith('-')) break;
    const next = [...path, arg].join(' ');
    if (!(next in snapshot)) {
      // An argument of a command (`tail orders --help`) is fine; an unknown command is not ours to explain.
      if (path.length === 0) return undefined;
      break;
    }
    path.push(arg);
  }
  return snapshot[path.join(' ')];
}

/** The snapshot beside the running bundle, or undefined when the build wrote none. */
export function readHelpSnapshot(dir: string): HelpSnapshot | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, HELP_SNAPSHOT_FILE), 'utf8')) as HelpSnapshot;
  } catch {
    return undefined;
  }
}
