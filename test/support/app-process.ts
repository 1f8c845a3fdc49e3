import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitFor } from './wait-for';

const ROOT = join(__dirname, '..', '..');

/** A built Streamline app running as its own process, as it runs when deployed. */
export interface AppProcess {
  url: string;
  port: number;
  process: ChildProcess;
  /** Everything the process wrote, for assertions and failure messages. */
  output(): string;
  /** Sends a signal and waits until the process has exited; resolves with its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Starts `node dist/apps/<app>/main.js` with the given environment and waits until it
 * answers HTTP. Needs `npm run build` first (the test command does it).
 */
export async function startApp(
  app: 'producer' | 'consumer' | 'console',
  env: Record<string, string>,
  readyPath = '/health/live',
  readyTimeoutMs = 60_000,
): Promise<AppProcess> {
  const main = join(ROOT, 'dist', 'apps', app, 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  const port = Number(env.PORT ?? (await freePort()));
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: process.env.SPEC_APP_LOG_LEVEL ?? 'info', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  // 'close', not 'exit': a process's last lines can still be in the pipe when 'exit' fires.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      `${app} to answer on ${url}${readyPath}`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}: ${output}`);
        const response = await fetch(url + readyPath).catch(() => undefined);
        return response !== undefined && response.status < 500;
      },
      { timeoutMs: readyTimeoutMs, intervalMs: 200 },
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- ${app} output ---\n${output}`);
  }
  return {
    url,
    port,
    process: child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
