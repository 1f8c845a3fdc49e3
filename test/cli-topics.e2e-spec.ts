import { Kafka, logLevel } from 'kafkajs';

import { jsonLines, runCli } from './support/cli-process';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { ORDER_TOPICS } from '@streamline/orders';
import { createTopicsReady } from './support/kafkajs-oracle';

/** `streamline topics` and the command line's usage and connection errors. */
describe('streamline topics', () => {
  const prefix = `${randomName('cli-topics')}.`;
  const env = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix };

  it('reports the registry topics as missing, creates them, then reports them as they are on the broker', async () => {
    const before = await runCli(['topics', '--json', '--check'], env);
    expect(before.code).toBe(1);
    const registry = ORDER_TOPICS.map((t) => `${prefix}${t.name}`);
    expect(jsonLines(before.stdout)).toEqual(registry.map((name) => expect.objectContaining({ name, status: 'missing' })));

    const created = await runCli(['topics', 'create'], env);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`creating ${prefix}orders: 6 partitions, retention.ms=604800000`);

    const after = await runCli(['topics', '--check'], env);
    expect(after.code).toBe(0);
    const row = after.stdout.split('\n').find((l) => l.startsWith(`${prefix}orders `))!;
    expect(row.split(/\s+/)).toEqual([`${prefix}orders`, '6', '6', '1', '7d', '7d', '0', '0,0,0,0,0,0', 'ok']);

    const again = await runCli(['topics', 'create'], env);
    expect(again.stdout).toContain('nothing to create');
  });

  it('says which partitions and retention differ from the registry', async () => {
    const kafka = new Kafka({ brokers: testBrokers(), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const other = `${randomName('cli-topics')}.`;
    await createTopicsReady(admin, [{ topic: `${other}orders`, numPartitions: 2, configEntries: [{ name: 'retention.ms', value: '3600000' }] }]);
    await admin.disconnect();
    const result = await runCli(['topics', '--prefix', other, '--json', '--check'], env);
    expect(result.code).toBe(1);
    const orders = jsonLines(result.stdout).find((t) => t.name === `${other}orders`);
    expect(orders.status).toBe('differs');
    expect(orders.differences).toEqual(['partitions 2, registry 6', 'retention.ms 3600000, registry 604800000']);
  });

  it('names the unreachable broker after a bounded wait and exits 1 without a stack trace', async () => {
    const result = await runCli(['topics'], { ...env, KAFKA_BROKERS: '127.0.0.1:1', STREAMLINE_CONNECT_TIMEOUT_MS: '3000' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: cannot reach Kafka at 127\.0\.0\.1:1/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on bad usage: unknown flag, unknown command, bad flag value, bad environment', async () => {
    for (const [args, extra, message] of [
      [['topics', '--bogus'], {}, "unknown option '--bogus'"],
      [['nope'], {}, "unknown command 'nope'"],
      [[], {}, 'Usage: streamline [options] [command]'],
      [['replay', 'group', 'g'], {}, '--topic <topic> is required'],
      [['topics', '--brokers', 'nonsense'], {}, '--brokers must be host:port[,host:port]'],
      [['topics'], { KAFKA_BROKERS: 'no port' }, 'KAFKA_BROKERS must be host:port[,host:port]'],
    ] as const) {
      const result = await runCli([...args], { ...env, ...extra });
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toContain(message);
    }
  });

  it('shows help with an example and exits 0', async () => {
    const result = await runCli(['topics', '--help'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: streamline topics');
    expect(result.stdout).toContain('$ streamline topics');
  });
});
