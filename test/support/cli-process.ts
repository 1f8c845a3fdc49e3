import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** The built `streamline` bundle. */
export const CLI_BUNDLE = join(ROOT, 'dist', 'apps', 'cli', 'main.js');
/** `bin/streamline`, the package's `bin`: the bundle on the project's Node. */
export const CLI_BIN = join(ROOT, 'bin', 'streamline');

/** What a finished `streamline` run left behind. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A `streamline` run still going (tail, a long replay). */
export interface CliRun {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  done: Promise<CliResult>;
}

/**
 * Starts `bin/streamline` as a user does, with the project's Node first on PATH as `npm exec`
 * puts it.
 */
export function startCli(args: string[], env: Record<string, string> = {}, input?: string): CliRun {
  if (!existsSync(CLI_BUNDLE)) throw new Error(`${CLI_BUNDLE} is missing: run npm run build first`);
  const child = spawn(CLI_BIN, args, {
    cwd: ROOT,
    env: { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH}`, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  if (input !== undefined) child.stdin!.end(input);
  else child.stdin!.end();
  const done = new Promise<CliResult>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  return { process: child, stdout: () => stdout, stderr: () => stderr, done };
}

/** Runs `streamline <args>` to its end. */
export function runCli(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliResult> {
  return startCli(args, env, input).done;
}

/** stdout parsed as one JSON object per line. */
export function jsonLines<T = any>(stdout: string): T[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}
