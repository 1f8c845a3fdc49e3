import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from './wait-for';

const ROOT = join(__dirname, '..', '..');

/** exactly-once-app.ts running as its own process. */
export interface ShippingService {
  /** Events it handled, as last printed (every 100). */
  handled(): number;
  output(): string;
  /** Sends `signal` and resolves once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts the exactly-once service against `brokers` and resolves once it is in its group. */
export async function startShippingService(settings: {
  brokers: string;
  topicPrefix: string;
  groupId: string;
  transactionalId: string;
}): Promise<ShippingService> {
  const child = spawn(process.execPath, ['-r', join(__dirname, 'ts-register.js'), join(__dirname, 'exactly-once-app.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      EOS_BROKERS: settings.brokers,
      EOS_TOPIC_PREFIX: settings.topicPrefix,
      EOS_GROUP_ID: settings.groupId,
      EOS_TRANSACTIONAL_ID: settings.transactionalId,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const service: ShippingService = {
    handled: () => Math.max(0, ...[...output.matchAll(/^handled (\d+)$/gm)].map((m) => Number(m[1]))),
    output: () => output,
    kill: async (signal) => {
      if (!gone()) child.kill(signal);
      await closed;
    },
  };
  try {
    const state = await waitFor('the exactly-once service in its group', () => (/^ready$/m.test(output) ? 'ready' : gone() && 'exited'), {
      timeoutMs: 120_000,
      intervalMs: 100,
    });
    if (state === 'exited') throw new Error('the exactly-once service exited before it was in its group');
  } catch (error) {
    await service.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- service output ---\n${output}`);
  }
  return service;
}
