import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ScenarioContext } from '../scenario';

const exec = promisify(execFile);

/**
 * Restarts broker `id` on its data and waits until it serves and the cluster's metadata lists
 * every broker again. After a SIGKILL a broker first recovers its logs, which on a busy machine
 * takes longer than local-broker's 60 s bound; the broker is then still starting, not broken,
 * so the wait goes on (up to `timeoutMs`) instead of ending the scenario.
 */
export async function restartBrokerAndWait(ctx: ScenarioContext, id: number, timeoutMs = 240_000): Promise<void> {
  const { kafka } = ctx.stack;
  try {
    await kafka.restartBroker(id);
    return;
  } catch (error) {
    if (!kafka.brokers[id]?.alive) throw error;
    ctx.log(`broker ${id} is still starting after local-broker's bound (${(error as Error).message.split('\n')[0]}); waiting on`);
  }
  const port = kafka.brokers[id]!.port;
  const count = kafka.brokers.length;
  await ctx.waitFor(
    `broker ${id} to serve with ${count} brokers in its metadata`,
    async () => {
      const metadata = await exec('kcat', ['-L', '-J', '-b', `127.0.0.1:${port}`, '-m', '5'], { timeout: 15_000 }).catch(() => undefined);
      if (!metadata) return false;
      return (JSON.parse(metadata.stdout) as { brokers?: unknown[] }).brokers?.length === count;
    },
    timeoutMs,
  );
}
