import { Inject, Injectable } from '@nestjs/common';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleConfig } from '../console.config';
import { CliFailedError } from './cli-failed.error';

/** A finished `streamline` run: its exit code and stdout read as JSON lines. */
export interface CliOutput<T> {
  code: number;
  lines: T[];
  stderr: string;
}

/**
 * Runs `streamline` (the built command line) with `--json` and reads its answer. The console
 * plans, lists and redrives through the very commands an operator types, so a number on the
 * page is the number `streamline … --json` prints, and a redrive or replay from the page keeps
 * every rule of the command (at most once, refused while members are live).
 */
@Injectable()
export class CliRunner {
  readonly bundle: string;

  constructor(@Inject(ConsoleConfig) private readonly config: ConsoleConfig) {
    // dist/apps/console/main.js sits beside dist/apps/cli/main.js.
    this.bundle = config.STREAMLINE_CLI ?? join(__dirname, '..', 'cli', 'main.js');
  }

  /** Runs a command to its end; exit codes not in `ok` become a CliFailedError carrying its message. */
  async json<T = Record<string, unknown>>(args: string[], ok: number[] = [0]): Promise<CliOutput<T>> {
    if (!existsSync(this.bundle)) throw new CliFailedError(2, `the streamline command line is not built at ${this.bundle}: run npm run build`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      KAFKA_BROKERS: this.config.KAFKA_BROKERS.join(','),
      KAFKA_TOPIC_PREFIX: this.config.KAFKA_TOPIC_PREFIX ?? '',
    };
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [this.bundle, ...args, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
      child.once('error', reject);
      child.once('close', (exit) => resolve({ code: exit ?? 1, stdout: out, stderr: err }));
    });
    if (!ok.includes(code)) throw new CliFailedError(code, lastMessage(stderr) || `streamline ${args[0]} ended with exit code ${code}`);
    const lines = stdout
      .split('\n')
      .filter((l) => l.trim().startsWith('{'))
      .map((l) => JSON.parse(l) as T);
    return { code, lines, stderr };
  }
}

/** The command's own error line (`error: …`), or stderr's last line when there is none. */
function lastMessage(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const error = lines.filter((l) => l.startsWith('error: ')).pop();
  return (error ?? lines[lines.length - 1] ?? '').replace(/^error: /, '');
}
