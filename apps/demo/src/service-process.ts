import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** A Streamline service started by the demo, its output going to a log file. */
export interface ServiceProcess {
  name: string;
  url: string;
  logFile: string;
  child: ChildProcess;
  /** SIGTERM, then waits for the graceful shutdown to finish. */
  stop(): Promise<void>;
}

/** How far a starting service got, for the demo's progress messages. */
export type StartupStage = 'starting' | 'listening, not ready yet' | 'ready';

/** Bound on a service's start; generous because a loaded two-core machine took a minute to boot Nest alone. */
const READY_TIMEOUT_MS = 180_000;

/**
 * Starts `dist/apps/<name>/main.js` on this Node and waits until `/health/ready` answers 200,
 * telling `onStage` how far it got (the consumer is ready once it has joined its group).
 */
export async function startService(
  root: string,
  name: 'producer' | 'consumer',
  port: number,
  env: NodeJS.ProcessEnv,
  onStage: (stage: StartupStage) => void = () => undefined,
): Promise<ServiceProcess> {
  const logDir = join(root, '.streamline', 'demo');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${name}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', name, 'main.js')], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  onStage('starting');
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}; see ${logFile}`);
    const response = await fetch(`${url}/health/ready`).catch(() => undefined);
    await response?.body?.cancel();
    if (response?.status === 200) break;
    if (response) onStage('listening, not ready yet');
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within ${READY_TIMEOUT_MS / 1000} s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  onStage('ready');
  return {
    name,
    url,
    logFile,
    child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
