import { jsonLines, runCli } from './support/cli-process';
import { placedRecords, startRecordingConsumer, testKafka, writeRecords } from './support/cli-fixtures';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { waitFor } from './support/wait-for';

/** `streamline replay group`: rewinding a consumer group by time, and what it refuses. */
describe('streamline replay group', () => {
  const prefix = `${randomName('cli-rg')}.`;
  const topic = `${prefix}orders`;
  const group = randomName('group');
  const env = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix };
  const kafka = testKafka();
  const base = Date.now() - 30 * 60_000;
  const cut = base + 10 * 60_000;
  const early = placedRecords(60, 6, base);
  // The first late record is written exactly at the cut: "at or after" includes it.
  const late = placedRecords(60, 6, cut);

  beforeAll(async () => {
    expect((await runCli(['topics', 'create'], env)).code).toBe(0);
    await writeRecords(kafka, topic, [...early, ...late]);
  });

  it('re-handles exactly the records at or after the time, on every partition, and only with --execute', async () => {
    const first = await startRecordingConsumer(kafka, group, topic);
    await waitFor('the group to handle all 120 records', () => first.handled.length === 120);
    await first.stop();

    const dry = await runCli(['replay', 'group', group, '--topic', 'orders', '--to', new Date(cut).toISOString()], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`replay plan for group ${group} on ${topic}, to ${new Date(cut).toISOString()}:`);
    expect(dry.stdout).toContain('total: 60 record(s) to re-read');
    expect(dry.stdout).toContain('dry run: nothing changed; add --execute to apply');
    const untouched = await runCli(['lag', group, '--json'], env);
    expect(jsonLines(untouched.stdout)[0].total).toBe(0);

    const applied = await runCli(['replay', 'group', group, '--topic', 'orders', '--to', new Date(cut).toISOString(), '--execute', '--json'], env);
    expect(applied.code).toBe(0);
    const [plan] = jsonLines(applied.stdout);
    expect(plan.reread).toBe(60);
    expect(plan.partitions.map((p: { partition: number; next: string }) => [p.partition, p.next])).toEqual([0, 1, 2, 3, 4, 5].map((p) => [p, '10']));

    const second = await startRecordingConsumer(kafka, group, topic);
    const drained = await runCli(['lag', group, '--wait', '--timeout', '60s'], env);
    expect(drained.code).toBe(0);
    await second.stop();
    const expected = late.map((r, i) => `${r.partition}@${10 + Math.floor(i / 6)}`).sort();
    expect(second.handled.map((h) => `${h.partition}@${h.offset}`).sort()).toEqual(expected);
    expect(new Set(second.handled.map((h) => h.partition))).toEqual(new Set([0, 1, 2, 3, 4, 5]));
  });

  it('refuses to move the offsets while the group has active members, naming them', async () => {
    const member = await startRecordingConsumer(kafka, group, topic);
    try {
      const result = await runCli(['replay', 'group', group, '--topic', 'orders', '--to', 'earliest', '--execute'], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`error: group ${group} has 1 active member(s): ${member.clientId} on`);
      expect(result.stdout).toContain('total: 120 record(s) to re-read');
    } finally {
      await member.stop();
    }
  });

  it('says what the earliest kept record is when the time is before the start of the log', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.fetchTopicMetadata({ topics: [topic] });
      await admin.deleteTopicRecords({ topic, partitions: [{ partition: 2, offset: '4' }] });
    } finally {
      await admin.disconnect();
    }
    const before = new Date(base - 60_000).toISOString();
    const earliestKept = new Date(early[2 + 4 * 6].timestamp).toISOString();
    for (const args of [
      ['replay', 'group', group, '--topic', 'orders', '--to', before],
      ['tail', 'orders', '--from', before, '--no-follow'],
    ]) {
      const result = await runCli(args, env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`error: ${before} is before the start of the log of ${topic}`);
      expect(result.stderr).toContain(`partition 2 from ${earliestKept} (offset 4)`);
    }
  });

  it('names an unknown group and an unknown topic', async () => {
    const noGroup = await runCli(['replay', 'group', 'no-such-group', '--topic', 'orders', '--to', 'earliest'], env);
    expect(noGroup.code).toBe(1);
    expect(noGroup.stderr).toContain('error: unknown consumer group "no-such-group"');
    const noTopic = await runCli(['replay', 'group', group, '--topic', 'nope', '--to', 'earliest'], env);
    expect(noTopic.code).toBe(1);
    expect(noTopic.stderr).toContain(`error: unknown topic "${prefix}nope"`);
    const badTo = await runCli(['replay', 'group', group, '--topic', 'orders', '--to', 'soon'], env);
    expect(badTo.code).toBe(2);
  });
});
