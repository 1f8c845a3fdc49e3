import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from './wait-for';

const ROOT = join(__dirname, '..', '..');

/** Where the replier process joins, and how. */
export interface HeldReplierSettings {
  topicPrefix: string;
  groupId: string;
  databaseUrl: string;
  /** The member's session timeout: how long after a kill the group waits before it rebalances. */
  sessionTimeoutMs: number;
  /** How long its handler holds each request. Default: 5 minutes, longer than any spec waits. */
  holdMs?: number;
}

/** held-replier.ts running as its own process. */
export interface HeldReplier {
  pid: number;
  /** Order ids whose request reached the handler, in order. */
  handling(): string[];
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** Sends `signal` and resolves once the process is gone and its output read. */
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts a replier whose handler holds every request, in a process of its own on the spec's broker
 * (KAFKA_BROKERS and KAFKA_CLIENT are inherited), and resolves once it is in its group.
 */
export async function startHeldReplier(settings: HeldReplierSettings): Promise<HeldReplier> {
  const child = spawn(process.execPath, ['-r', join(__dirname, 'ts-register.js'), join(__dirname, 'held-replier.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      REPLIER_TOPIC_PREFIX: settings.topicPrefix,
      REPLIER_GROUP_ID: settings.groupId,
      REPLIER_SESSION_TIMEOUT_MS: String(settings.sessionTimeoutMs),
      REPLIER_HOLD_MS: String(settings.holdMs ?? 300_000),
      DATABASE_URL: settings.databaseUrl,
    },
    // stdin stays open as long as the spec runs: the process leaves by itself when the spec's process is gone.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  // 'close', not 'exit': the last lines can still be in the pipe when 'exit' fires.
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const replier: HeldReplier = {
    pid: child.pid!,
    handling: () => [...output.matchAll(/^handling (\S+)$/gm)].map((m) => m[1]),
    output: () => output,
    kill: async (signal) => {
      if (!gone()) child.kill(signal);
      return closed;
    },
  };
  try {
    const state = await waitFor('the replier process in its group', () => (/^ready$/m.test(output) ? 'ready' : gone() && 'exited'), {
      timeoutMs: 90_000,
      intervalMs: 100,
    });
    if (state === 'exited') throw new Error('the replier process exited before it was in its group');
  } catch (error) {
    await replier.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- replier output ---\n${output}`);
  }
  return replier;
}
