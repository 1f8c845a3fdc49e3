import { AppProcess, startApp } from './support/app-process';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { waitFor } from './support/wait-for';

/** Lines logged at error level (pino's 50) or above. */
const errorLines = (app: AppProcess) =>
  app
    .output()
    .split('\n')
    .filter((line) => /"level":(5\d|60)/.test(line));

/** A healthy start logs no error: readiness polls, group joins and rebalances are normal. */
describe('service logs: a healthy start is quiet', () => {
  const prefix = `${randomName('logs')}.`;
  const group = randomName('group');
  const apps: AppProcess[] = [];
  let env: Record<string, string>;

  beforeAll(() => {
    env = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_ID: group, PGLITE_DATA_DIR: 'memory' };
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop('SIGKILL')));
  });

  it('logs no error-level line and none of the kafkajs warnings that do not apply while two consumers join one group and a producer starts', async () => {
    // startApp polls /health/ready until it answers 200, so every poll while the member joins is a failed check.
    const first = await startApp('consumer', env, '/health/ready');
    apps.push(first);
    const second = await startApp('consumer', env, '/health/ready');
    apps.push(second);
    // The second member's join makes the first one rebalance: heartbeats answered "rebalancing".
    await waitFor('both members to hold partitions after the rebalance', () => [first, second].every((app) => /assigned \S+orders\[\d/.test(app.output())), {
      timeoutMs: 60_000,
    });
    const producer = await startApp('producer', { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix }, '/health/ready');
    apps.push(producer);

    for (const app of apps) {
      expect(errorLines(app)).toEqual([]);
      expect(app.output()).not.toContain('TimeoutNegativeWarning');
      expect(app.output()).not.toContain('switched default partitioner');
      expect(app.output()).not.toContain('Limiting retries for the idempotent producer');
    }
  });
});
