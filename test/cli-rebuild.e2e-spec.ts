import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess, startApp } from './support/app-process';
import { runCli } from './support/cli-process';
import { cancelled, getJson, orderStreams, placed, produce } from './support/consumer-fixtures';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { randomUUID } from 'node:crypto';

/** Rebuilding the consumer service's read model from history with `streamline rebuild`. */
describe('streamline rebuild', () => {
  const prefix = `${randomName('cli-rebuild')}.`;
  const group = randomName('group');
  const dir = mkdtempSync(join(tmpdir(), 'cli-rebuild-'));
  const env = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix };
  const consumerEnv = { ...env, KAFKA_GROUP_ID: group, PGLITE_DATA_DIR: dir, CONSUMER_RETRY_DELAYS_MS: 'none' };
  let consumer: AppProcess | undefined;

  afterAll(async () => {
    await consumer?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('clears the read model with its idempotency records, rewinds the group, and the service rebuilds the same read model', async () => {
    const { orderIds, records } = orderStreams(30);
    const extra = randomUUID();
    consumer = await startApp('consumer', consumerEnv, '/health/ready');
    await produce(`${prefix}orders`, [...records, placed(extra, 99), cancelled(extra)]);
    expect((await runCli(['lag', group, '--topic', 'orders', '--wait', '--timeout', '90s'], env)).code).toBe(0);
    const snapshot = async () => Promise.all([...orderIds, extra].map(async (id) => (await getJson(`${consumer!.url}/orders/${id}`)).body));
    const before = await snapshot();
    expect(before.filter((o) => o.status === 'shipped')).toHaveLength(30);
    expect(before[30].status).toBe('cancelled');

    const refused = await runCli(['rebuild', group, '--pglite-dir', dir, '--execute'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`error: group ${group} has 1 active member(s)`);
    await consumer.stop();
    consumer = undefined;

    const dry = await runCli(['rebuild', group, '--pglite-dir', dir], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(
      [
        `rebuild of the read model of group ${group}:`,
        `  database: PGlite at ${dir}`,
        `  clear:    orders (31 rows), processed event ids of ${group} (92), parked keys of ${group} (0)`,
        `  rewind:   ${prefix}orders to earliest: 92 record(s) to apply again`,
        'dry run: nothing changed; add --execute to rebuild',
        '',
      ].join('\n'),
    );

    const rebuilt = await runCli(['rebuild', group, '--pglite-dir', dir, '--execute'], env);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toContain(`done: start the service; it applies every event again`);
    // Never silent: each slow stage is announced on stderr before it starts.
    expect(rebuilt.stderr.split('\n').filter((l) => l.endsWith('…'))).toEqual([
      `asking ${env.KAFKA_BROKERS} about group ${group}…`,
      `opening PGlite at ${dir} and counting what the rebuild clears…`,
      `reading the offsets of ${prefix}orders…`,
      `rewinding group ${group}…`,
      `clearing the read model and the idempotency records of ${group} in one transaction…`,
      `closing PGlite at ${dir}…`,
    ]);
    // PGlite does not load inside jest's module sandbox; the command line reads the database for us.
    const cleared = await runCli(['rebuild', group, '--pglite-dir', dir], env);
    expect(cleared.stdout).toContain(`  clear:    orders (0 rows), processed event ids of ${group} (0), parked keys of ${group} (0)\n`);
    expect(cleared.stdout).toContain(`  rewind:   ${prefix}orders to earliest: 92 record(s) to apply again\n`);
    expect((await runCli(['lag', group, '--topic', 'orders', '--json'], env)).stdout).toContain('"total":92');

    consumer = await startApp('consumer', consumerEnv, '/health/ready');
    expect((await runCli(['lag', group, '--topic', 'orders', '--wait', '--timeout', '90s'], env)).code).toBe(0);
    const after2 = await snapshot();
    const withoutTime = (orders: any[]) => orders.map(({ updatedAt, ...order }) => order);
    expect(withoutTime(after2)).toEqual(withoutTime(before));
    // Every row was written again by the rebuild, not left over.
    after2.forEach((order, i) => expect(Date.parse(order.updatedAt)).toBeGreaterThan(Date.parse(before[i].updatedAt)));
  }, 300_000); // ten CLI runs and two service starts: minutes on a loaded machine

  it('explains what to do when the read model lives in memory, and names a missing database', async () => {
    const memory = await runCli(['rebuild', group, '--pglite-dir', 'memory'], env);
    expect(memory.code).toBe(2);
    expect(memory.stderr).toContain('restarting it clears it; then run streamline replay group');
    const missing = await runCli(['rebuild', group, '--pglite-dir', join(dir, 'nope')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`error: no PGlite database at ${join(dir, 'nope')}`);
  });
});
