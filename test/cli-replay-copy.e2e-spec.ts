import { createEnvelope, encodeEnvelope } from '@streamline/schemas';
import { orderRegistry, SampleEventGenerator } from '@streamline/orders';
import { runCli, startCli } from './support/cli-process';
import { readAll, testKafka, TimedRecord, writeRecords } from './support/cli-fixtures';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { waitFor } from './support/wait-for';
import { createTopicsReady } from './support/kafkajs-oracle';

/** `streamline replay copy`: a window of history to another topic, exactly once. */
describe('streamline replay copy', () => {
  const prefix = `${randomName('cli-copy')}.`;
  const source = `${prefix}orders`;
  const env = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix };
  const kafka = testKafka();
  const base = Date.now() - 60 * 60_000;
  const windowStart = base + 20 * 60_000;
  const windowEnd = base + 40 * 60_000;
  const records: TimedRecord[] = [];

  beforeAll(async () => {
    expect((await runCli(['topics', 'create'], env)).code).toBe(0);
    // 12 orders, each with placed and paid events in three windows (before, inside, after).
    const samples = new SampleEventGenerator({ seed: 'copy-spec' });
    const orders = Array.from({ length: 12 }, () => (samples.next('order.placed.v1').data as { orderId: string }).orderId);
    for (const [w, start] of [base, windowStart, windowEnd].entries()) {
      for (let round = 0; round < 3; round++) {
        orders.forEach((orderId, i) => {
          const type = (round + i) % 2 === 0 ? 'order.paid.v1' : 'order.placed.v1';
          const drawn = samples.next(type);
          const envelope = createEnvelope(orderRegistry, { ...drawn, data: { ...drawn.data, orderId } });
          const record = encodeEnvelope(orderRegistry, envelope);
          const timestamp = start + (round * orders.length + i) * 1000 + (w === 1 && round === 0 && i === 0 ? 0 : 1);
          records.push({ partition: i % 6, key: record.key, value: record.value, headers: record.headers, timestamp });
        });
      }
    }
    await writeRecords(kafka, source, records);
  });

  it('copies exactly the matching records of the window, keys and headers intact, in per-key order; a re-run writes nothing', async () => {
    const args = [
      'replay',
      'copy',
      '--from',
      'orders',
      '--to',
      'orders.paid-window',
      '--create-target',
      '--since',
      new Date(windowStart).toISOString(),
      '--until',
      new Date(windowEnd).toISOString(),
      '--type',
      'order.paid.v1',
    ];
    const expected = records.filter((r) => r.timestamp >= windowStart && r.timestamp < windowEnd && r.headers.ce_type === 'order.paid.v1');
    expect(expected.length).toBe(18);

    const first = await runCli(args, env);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`read 36, matched 18, written 18, skipped 0 (already in ${prefix}orders.paid-window)\n`);

    const sourceStored = await readAll(kafka, source);
    const target = await readAll(kafka, `${prefix}orders.paid-window`);
    expect(target.map((r) => r.headers.ce_id).sort()).toEqual(expected.map((r) => r.headers.ce_id).sort());
    for (const copy of target) {
      const original = sourceStored.find((r) => r.headers.ce_id === copy.headers.ce_id)!;
      expect(copy.key).toBe(original.key);
      expect(copy.value).toBe(original.value);
      expect(copy.headers).toEqual({ ...original.headers, streamline_replay_source: `${source}/${original.partition}/${original.offset}` });
    }
    const byKey = (stored: { key: string; headers: Record<string, string> }[]) =>
      Object.fromEntries([...new Set(stored.map((r) => r.key))].map((key) => [key, stored.filter((r) => r.key === key).map((r) => r.headers.ce_id)]));
    const expectedOrder = byKey(sourceStored.filter((r) => expected.some((e) => e.headers.ce_id === r.headers.ce_id)));
    expect(byKey(target)).toEqual(expectedOrder);

    const again = await runCli(args, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`read 36, matched 18, written 0, skipped 18 (already in ${prefix}orders.paid-window)\n`);
    expect((await readAll(kafka, `${prefix}orders.paid-window`)).length).toBe(18);
  });

  it('stops cleanly on Ctrl-C saying how far it got, and a re-run finishes without duplicates', async () => {
    const target = `${prefix}orders.all`;
    const admin = kafka.admin();
    await admin.connect();
    await createTopicsReady(admin, [{ topic: target, numPartitions: 3 }]);
    const run = startCli(['replay', 'copy', '--from', 'orders', '--to', 'orders.all', '--rate', '20/s'], env);
    await waitFor('the copy to write its first records', async () => {
      const offsets = await admin.fetchTopicOffsets(target);
      return offsets.reduce((sum, o) => sum + Number(o.high), 0) >= 10;
    });
    await admin.disconnect();
    run.process.kill('SIGINT');
    const interrupted = await run.done;
    expect(interrupted.code).toBe(1);
    expect(interrupted.stderr).toMatch(/interrupted: reached .*orders partitions 0@\d+\/\d+ 1@\d+\/\d+/);
    expect(interrupted.stderr).toContain('Run the same command again to finish');
    const written = Number(/written (\d+)/.exec(interrupted.stdout)![1]);
    expect(written).toBeGreaterThanOrEqual(10);
    expect(written).toBeLessThan(records.length);

    const rest = await runCli(['replay', 'copy', '--from', 'orders', '--to', 'orders.all'], env);
    expect(rest.code).toBe(0);
    expect(rest.stdout).toContain(`read ${records.length}, matched ${records.length}, written ${records.length - written}, skipped ${written}`);
    const copies = await readAll(kafka, target);
    expect(copies.length).toBe(records.length);
    expect(new Set(copies.map((c) => c.headers.streamline_replay_source)).size).toBe(records.length);
  });

  it('refuses bad flags and unknown topics', async () => {
    expect((await runCli(['replay', 'copy', '--from', 'orders'], env)).code).toBe(2);
    expect((await runCli(['replay', 'copy', '--from', 'orders', '--to', 'x', '--rate', 'fast'], env)).code).toBe(2);
    const missing = await runCli(['replay', 'copy', '--from', 'orders', '--to', 'no-such-target'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`error: unknown topic "${prefix}no-such-target"`);
  });
});
