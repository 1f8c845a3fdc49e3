import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { ServiceHandle } from '../scenario';

/** How a service is started; kept so that restart() starts the same thing again. */
export interface ServiceSpec {
  name: string;
  app: 'producer' | 'consumer';
  root: string;
  env: Record<string, string>;
  logFile: string;
  port?: number;
  wrap?: string[];
  /** Path answered 200 once the service serves. */
  readyPath?: string;
  /** Runs before the service is signalled to end, e.g. to read its metrics one last time. */
  beforeEnd?: (service: ServiceProcess) => Promise<void>;
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

/** A built Streamline app as a child process, its output appended to a log file. */
export class ServiceProcess implements ServiceHandle {
  readonly name: string;
  readonly logFile: string;
  port = 0;
  /** Every pid this service ran under, so metrics of killed incarnations stay counted. */
  readonly pids: number[] = [];
  private child?: ChildProcess;
  private exited: Promise<number | null> = Promise.resolve(null);

  constructor(private readonly spec: ServiceSpec) {
    this.name = spec.name;
    this.logFile = spec.logFile;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and waits until `readyPath` answers 200. */
  async start(readyPath = this.spec.readyPath ?? '/health/live'): Promise<void> {
    if (this.running) throw new Error(`${this.name} already runs (pid ${this.pid})`);
    this.port ||= this.spec.port ?? (await freePort());
    mkdirSync(dirname(this.logFile), { recursive: true });
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const main = join(this.spec.root, 'dist', 'apps', this.spec.app, 'main.js');
    const command = [...(this.spec.wrap ?? []), process.execPath, main];
    const child = spawn(command[0]!, command.slice(1), {
      cwd: this.spec.root,
      env: { ...process.env, ...this.spec.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    if (child.pid !== undefined) this.pids.push(child.pid);
    await this.awaitReady(readyPath);
  }

  async kill(): Promise<void> {
    await this.signalAndWait('SIGKILL');
  }

  async stop(): Promise<number | null> {
    return this.signalAndWait('SIGTERM');
  }

  freeze(): void {
    if (this.running) this.child!.kill('SIGSTOP');
  }

  thaw(): void {
    if (this.running) this.child!.kill('SIGCONT');
  }

  async restart(): Promise<void> {
    if (this.running) await this.stop();
    // Liveness only: a restart may happen while Kafka or the database is still down.
    await this.start('/health/live');
  }

  private async signalAndWait(signal: NodeJS.Signals): Promise<number | null> {
    if (!this.running) return this.exited;
    await this.spec.beforeEnd?.(this);
    // A frozen process only acts on SIGTERM once it runs again.
    this.child!.kill('SIGCONT');
    this.child!.kill(signal);
    return this.exited;
  }

  private async awaitReady(path: string): Promise<void> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (!this.running) throw new Error(`${this.name} exited before it served (code ${this.child?.exitCode}); see ${this.logFile}`);
      const response = await fetch(this.url + path, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
      if (response?.status === 200) return;
      if (Date.now() > deadline) {
        await this.kill();
        throw new Error(`${this.name} did not answer ${path} within 90 s; see ${this.logFile}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
