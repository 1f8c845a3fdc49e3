import { randomUUID } from 'node:crypto';
import { AppProcess, startApp } from './support/app-process';
import { jsonLines, runCli } from './support/cli-process';
import { placed, produce } from './support/consumer-fixtures';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';

/** `streamline lag --wait`: the queue's join, for scripts and tests. */
describe('streamline lag', () => {
  const prefix = `${randomName('cli-lag')}.`;
  const group = randomName('group');
  const env = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix };
  const consumerEnv = { ...env, KAFKA_GROUP_ID: group, PGLITE_DATA_DIR: 'memory' };
  let consumer: AppProcess | undefined;

  afterAll(async () => {
    await consumer?.stop();
  });

  it('times out with 1 while the consumer is stopped, and returns 0 once it has drained the backlog', async () => {
    consumer = await startApp('consumer', consumerEnv, '/health/ready');
    await consumer.stop();
    consumer = undefined;
    await produce(
      `${prefix}orders`,
      Array.from({ length: 300 }, (_, i) => placed(randomUUID(), i)),
    );

    const stopped = await runCli(['lag', group, '--topic', 'orders', '--wait', '--timeout', '3s'], env);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain(`error: timed out after 3 s: ${group} still has a lag of 300`);
    expect(stopped.stdout).toContain('total lag: 300');

    const before = await runCli(['lag', group, '--topic', 'orders', '--json'], env);
    expect(before.code).toBe(0);
    const [lag] = jsonLines(before.stdout);
    expect(lag.total).toBe(300);
    expect(lag.partitions).toHaveLength(6);
    expect(lag.members).toBe(0);

    consumer = await startApp('consumer', consumerEnv, '/health/ready');
    const drained = await runCli(['lag', group, '--topic', 'orders', '--wait', '--timeout', '90s'], env);
    expect(drained.code).toBe(0);
    expect(drained.stdout).toContain('total lag: 0');
    expect(drained.stdout).toContain(`drained: ${group} has handled everything written to 6 partition(s)`);
  });

  it('names an unknown group', async () => {
    const result = await runCli(['lag', 'no-such-group'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: unknown consumer group "no-such-group" on ${testBrokers().join(',')}: it has no members and no committed offsets\n`);
    expect((await runCli(['lag', group, '--wait', '--timeout', 'forever'], env)).code).toBe(2);
  });
});
