import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** The built `streamline` executable, the file `npx streamline` runs. */
export const CLI_BIN = join(ROOT, 'dist', 'apps', 'cli', 'main.js');

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
 * Starts the built executable itself (shebang and execute bit included), with the project's
 * Node first on PATH as `npx` puts it.
 */
export function startCli(args: string[], env: Record<string, string> = {}, input?: string): CliRun {
  if (!existsSync(CLI_BIN)) throw new Error(`${CLI_BIN} is missing: run npm run build first`);
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
  return stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}
