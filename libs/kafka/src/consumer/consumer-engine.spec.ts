import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createEnvelope, encodeEnvelope } from '@streamline/schemas';
import { orderRegistry } from '@streamline/orders';
import { CommitOffset, ConsumerClient, FetchedBatch, TopicPartitions } from '../client/consumer-client';
import { RecordingSender } from '../client/recording-sender';
import { ConsumerEngine, EngineSettings } from './consumer-engine';
import { ConsumerMetrics } from './consumer.metrics';
import { BoundHandler } from './handler-context';
import { ParkingLot } from './parking-lot';
import { RecordProcessor } from './record-processor';
import { RetryRouter } from './retry-router';

class FakeClient implements ConsumerClient {
  commits: CommitOffset[][] = [];
  paused = new Set<string>();
  connect = async () => undefined;
  subscribe = async () => undefined;
  run = async () => undefined;
  disconnect = async () => undefined;
  member = () => undefined;
  pause(parts: TopicPartitions[]): void {
    parts.forEach((p) => p.partitions.forEach((n) => this.paused.add(`${p.topic}/${n}`)));
  }
  resume(parts: TopicPartitions[]): void {
    parts.forEach((p) => p.partitions.forEach((n) => this.paused.delete(`${p.topic}/${n}`)));
  }
  seek(): void {}
  async commit(offsets: CommitOffset[]): Promise<void> {
    this.commits.push(offsets);
  }
  lastCommitted(topic: string, partition: number): string | undefined {
    const all = this.commits.flat().filter((c) => c.topic === topic && c.partition === partition);
    return all[all.length - 1]?.offset;
  }
}

function placedRecord(offset: number, orderId: string = randomUUID()) {
  const encoded = encodeEnvelope(
    orderRegistry,
    createEnvelope(orderRegistry, {
      type: 'order.placed.v1',
      source: '/spec',
      data: { orderId, customerId: 'c', items: [{ sku: 'A', quantity: 1, unitPrice: 1 }], currency: 'EUR', placedAt: '2026-01-01T00:00:00Z' },
    }),
  );
  return { offset: String(offset), key: Buffer.from(encoded.key), value: encoded.value, headers: encoded.headers, timestamp: '0' };
}

function batch(partition: number, from: number, count: number, keys?: string[]): FetchedBatch {
  const records = Array.from({ length: count }, (_, i) => placedRecord(from + i, keys?.[i]));
  return { topic: 'orders', partition, highWatermark: String(from + count), lastOffset: String(from + count - 1), records };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Waits until `check` passes (a busy machine can need more than one settle), then asserts it once more. */
async function eventually(check: () => void, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await settle();
    }
  }
}

function setup(handler: BoundHandler, maxInFlight = 100, extra: Partial<EngineSettings> = {}) {
  const client = new FakeClient();
  const sender = new RecordingSender();
  const parking = new ParkingLot();
  const metrics = new ConsumerMetrics();
  const roleOf = (topic: string) => ({ sourceTopic: topic, tier: 0 });
  const processor = new RecordProcessor({
    registry: orderRegistry,
    group: 'g',
    maxValueBytes: 1 << 20,
    handlers: new Map([['order.placed.v1', handler]]),
    router: new RetryRouter('g', [1000]),
    sender,
    parking,
    metrics,
    observers: [],
    log: { warn: () => undefined, debug: () => undefined },
    roleOf,
  });
  const log = { log: () => undefined, warn: () => undefined, error: () => undefined };
  const engine = new ConsumerEngine(
    client,
    processor,
    parking,
    metrics,
    { keyConcurrency: 4, maxInFlight, commitIntervalMs: 1, afterDeadLetter: 'continue', roleOf, laneOf: () => 0, lanes: 0, ...extra },
    log,
  );
  engine.onAssigned([{ topic: 'orders', partitions: [0, 1] }]);
  return { client, sender, engine };
}

/** An engine whose handler holds every event of one order (the slow key) until `release()`. */
function setupWithSlowKey(extra: Partial<EngineSettings> = {}) {
  let release!: () => void;
  const blocker = new Promise<void>((resolve) => (release = resolve));
  const slowOrder = randomUUID();
  const handled: string[] = [];
  const { client, engine } = setup(
    async (event) => {
      if ((event.data as { orderId: string }).orderId === slowOrder) await blocker;
      handled.push(event.id);
    },
    100,
    extra,
  );
  return { client, engine, slowOrder, handled, release };
}

describe('ConsumerEngine', () => {
  it('commits each partition up to the records it handled', async () => {
    const { client, engine } = setup(async () => undefined);
    expect(await engine.onBatch(batch(0, 0, 5))).toBe('4');
    expect(await engine.onBatch(batch(1, 10, 3))).toBe('12');
    await settle();
    await engine.commitNow();
    expect(client.lastCommitted('orders', 0)).toBe('5');
    expect(client.lastCommitted('orders', 1)).toBe('13');
    expect(engine.inFlight).toBe(0);
  });

  it('never commits past a record whose handler is still running', async () => {
    let release!: () => void;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const slowOrder = randomUUID();
    const { client, engine } = setup(async (event) => {
      if ((event.data as { orderId: string }).orderId === slowOrder) await blocker;
    });
    await engine.onBatch(batch(0, 0, 4, [slowOrder, randomUUID(), randomUUID(), randomUUID()]));
    await settle();
    await engine.commitNow();
    expect(client.lastCommitted('orders', 0)).toBeUndefined();
    release();
    await settle();
    await engine.commitNow();
    expect(client.lastCommitted('orders', 0)).toBe('4');
  });

  it('on a rebalance drops records not started, commits what ran, and takes the partition again from an earlier offset', async () => {
    let release!: () => void;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const handled: number[] = [];
    const { client, engine } = setup(async (_event, context) => {
      if (context.offset === '0') await blocker;
      handled.push(Number(context.offset));
    });
    const order = randomUUID();
    await engine.onBatch(batch(0, 0, 3, [order, order, order]));
    await settle();
    void engine.onRebalancing();
    expect(engine.ready).toBe(false);
    release();
    await eventually(() => expect(client.lastCommitted('orders', 0)).toBe('1'));
    expect(handled).toEqual([0]);
    engine.onAssigned([{ topic: 'orders', partitions: [0] }]);
    expect(await engine.onBatch(batch(0, 1, 2, [order, order]))).toBe('2');
    await eventually(() => expect(handled).toEqual([0, 1, 2]));
  });

  it('redelivers nothing of a partition it keeps across a rebalance: commits what settled when it starts, starts nothing during it, and skips what it already took when read again', async () => {
    const { client, engine, slowOrder, handled, release } = setupWithSlowKey({ commitIntervalMs: 60_000 });
    // Offsets 0-2 handled, 3 runs (slow), 4-5 queued behind it (same key).
    await engine.onBatch(batch(0, 0, 6, [randomUUID(), randomUUID(), randomUUID(), slowOrder, slowOrder, slowOrder]));
    await settle();
    expect(client.lastCommitted('orders', 0)).toBeUndefined();
    void engine.onRebalancing();
    await settle();
    // Committed at once, while the old generation is still the group's.
    expect(client.lastCommitted('orders', 0)).toBe('3');
    release();
    await settle();
    // The record that was running finished; the two behind it did not start during the rebalance.
    expect(handled).toHaveLength(4);
    engine.onAssigned([{ topic: 'orders', partitions: [0] }]);
    // The client reads the kept partition again from its committed offset (3): offsets 3-5 are
    // this member's already, 6-7 are new.
    const again = batch(0, 3, 5, [slowOrder, slowOrder, slowOrder, randomUUID(), randomUUID()]);
    expect(await engine.onBatch(again)).toBe('7');
    await settle();
    await engine.commitNow();
    expect(client.lastCommitted('orders', 0)).toBe('8');
    // Each of the 8 records handled exactly once.
    expect(handled).toHaveLength(8);
    expect(new Set(handled).size).toBe(8);
  });

  it('settles a rebalance once the records running at its start have finished, with them committed, for a client that holds its rejoin until then', async () => {
    const { client, engine, slowOrder, handled, release } = setupWithSlowKey({ commitIntervalMs: 60_000 });
    // Offset 0 handled, 1 runs (slow), 2 queued behind it (same key).
    await engine.onBatch(batch(0, 0, 3, [randomUUID(), slowOrder, slowOrder]));
    await settle();
    let settled = false;
    const rebalancing = Promise.resolve(engine.onRebalancing()).then(() => (settled = true));
    await settle();
    expect(client.lastCommitted('orders', 0)).toBe('1');
    expect(settled).toBe(false);
    release();
    await rebalancing;
    // The running record is committed before the client rejoins; the queued one did not start.
    expect(client.lastCommitted('orders', 0)).toBe('2');
    expect(handled).toHaveLength(2);
  });

  it('drops the queued records of a partition it loses in a rebalance, so its next owner runs them once', async () => {
    const { client, engine, slowOrder, handled, release } = setupWithSlowKey();
    await engine.onBatch(batch(1, 0, 3, [slowOrder, slowOrder, randomUUID()]));
    await settle();
    void engine.onRebalancing();
    engine.onAssigned([{ topic: 'orders', partitions: [0] }]);
    release();
    await settle();
    // Offset 2 ran before the rebalance, offset 0 was running; offset 1 was queued and is left to
    // the next owner. Nothing is committed for a partition after it moved: the next owner's
    // progress is not this member's to overwrite.
    expect(handled).toHaveLength(2);
    expect(client.lastCommitted('orders', 1)).toBeUndefined();
  });

  it('commits nothing of its old partitions after it rejoins without having seen the rebalance (cut off from the group, its partitions moved on)', async () => {
    const { client, engine } = setup(async () => undefined, 100, { commitIntervalMs: 60_000 });
    await engine.onBatch(batch(0, 0, 5));
    await settle();
    // Cut off: the group moved partition 0 elsewhere and on; the member learns only that it is
    // unknown, and joins again with a new membership.
    engine.onAssigned([{ topic: 'orders', partitions: [0, 1] }]);
    await settle();
    await engine.commitNow();
    expect(client.lastCommitted('orders', 0)).toBeUndefined();
    // Read again from the group's committed offset; only what is handled from now on is committed.
    await engine.onBatch(batch(0, 40, 2));
    await settle();
    await engine.commitNow();
    expect(client.lastCommitted('orders', 0)).toBe('42');
  });

  it('pauses fetching at the in-flight bound and resumes once half is done', async () => {
    let release!: () => void;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const { client, engine } = setup(() => blocker, 10);
    // Only what fits under the bound is taken; the rest is fetched again after resuming.
    expect(await engine.onBatch(batch(0, 0, 12))).toBe('9');
    expect(engine.inFlight).toBe(10);
    expect(client.paused).toEqual(new Set(['orders/0', 'orders/1']));
    expect(await engine.onBatch(batch(1, 0, 5))).toBeUndefined();
    release();
    await settle();
    expect(client.paused.size).toBe(0);
  });

  it('holds a batch at the in-flight bound and takes the rest as room frees, without pausing any partition', async () => {
    let release!: () => void;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const { client, engine } = setup(() => blocker, 10, { holdForRoomMs: 10_000 });
    let answered: string | undefined;
    const held = engine.onBatch(batch(0, 0, 12)).then((offset) => (answered = offset));
    await settle();
    expect(engine.inFlight).toBe(10);
    expect(answered).toBeUndefined();
    expect(client.paused.size).toBe(0);
    release();
    await held;
    expect(answered).toBe('11');
    await settle();
    await engine.commitNow();
    expect(client.lastCommitted('orders', 0)).toBe('12');
    expect(client.paused.size).toBe(0);
  });

  it('ends a hold when its time is up or the heartbeat reports a rebalance, leaving the rest to be fetched again', async () => {
    const { client, engine } = setup(() => new Promise<void>(() => undefined), 10, { holdForRoomMs: 50 });
    const started = Date.now();
    expect(await engine.onBatch(batch(0, 0, 12))).toBe('9');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(client.paused.size).toBe(0);
    const rebalancing = async () => {
      throw new Error('The group is rebalancing, so a rejoin is needed');
    };
    const stuck = setup(() => new Promise<void>(() => undefined), 10, { holdForRoomMs: 10_000 });
    const heldAt = Date.now();
    expect(await stuck.engine.onBatch(batch(0, 0, 12), { heartbeat: rebalancing })).toBe('9');
    expect(Date.now() - heldAt).toBeLessThan(5_000);
  });

  it('refuses batches while stopping, and stops after committing what it handled', async () => {
    const { client, engine } = setup(async () => undefined);
    await engine.onBatch(batch(0, 0, 3));
    expect(await engine.stop(1000)).toBe(true);
    expect(client.lastCommitted('orders', 0)).toBe('3');
    expect(await engine.onBatch(batch(0, 3, 1))).toBeUndefined();
  });

  it('dead-letters a record that cannot be decoded and moves on', async () => {
    const { client, sender, engine } = setup(async () => undefined);
    const bad = { offset: '0', key: Buffer.from('k'), value: Buffer.from('{oops'), headers: { ...placedRecord(0).headers }, timestamp: '0' };
    await engine.onBatch({ topic: 'orders', partition: 0, highWatermark: '2', lastOffset: '1', records: [bad, placedRecord(1)] });
    await settle();
    await engine.commitNow();
    expect(sender.sent.map((s) => s.topic)).toEqual(['orders.g.dlq']);
    expect(client.lastCommitted('orders', 0)).toBe('2');
  });
});

describe('ConsumerEngine with a batch handler', () => {
  it('hands events of a batched type over in batches, one per key, in per-key order', async () => {
    const batches: string[][] = [];
    const client = new FakeClient();
    const parking = new ParkingLot();
    const metrics = new ConsumerMetrics();
    const roleOf = (topic: string) => ({ sourceTopic: topic, tier: 0 });
    const processor = new RecordProcessor({
      registry: orderRegistry,
      group: 'g',
      maxValueBytes: 1 << 20,
      handlers: new Map(),
      batchHandlers: new Map([['order.placed.v1', { maxSize: 10, handle: async (events) => void batches.push(events.map((e) => e.id)) }]]),
      router: new RetryRouter('g', []),
      sender: new RecordingSender(),
      parking,
      metrics,
      observers: [],
      log: { warn: () => undefined, debug: () => undefined },
      roleOf,
    });
    const log = { log: () => undefined, warn: () => undefined, error: () => undefined };
    const engine = new ConsumerEngine(
      client,
      processor,
      parking,
      metrics,
      {
        keyConcurrency: 1,
        maxInFlight: 100,
        commitIntervalMs: 1,
        afterDeadLetter: 'continue',
        roleOf,
        laneOf: () => 0,
        lanes: 0,
        batchSizeOf: () => 10,
      },
      log,
    );
    engine.onAssigned([{ topic: 'orders', partitions: [0] }]);
    const [a, b] = [randomUUID(), randomUUID()];
    const fetched = batch(0, 0, 4, [a, b, a, b]);
    const ids = fetched.records.map((r) => String(r.headers.ce_id));
    await engine.onBatch(fetched);
    await settle();
    await engine.commitNow();
    expect(batches).toEqual([
      [ids[0], ids[1]],
      [ids[2], ids[3]],
    ]);
    expect(client.lastCommitted('orders', 0)).toBe('4');
  });
});

describe('ConsumerEngine parking behind retries', () => {
  function parkingSetup(afterDeadLetter: 'continue' | 'dead-letter', failing: Set<string>) {
    const client = new FakeClient();
    const sender = new RecordingSender();
    const parking = new ParkingLot();
    const metrics = new ConsumerMetrics();
    const handled: string[] = [];
    const roleOf = (topic: string) => (topic === 'orders.g.retry.1' ? { sourceTopic: 'orders', tier: 1 } : { sourceTopic: topic, tier: 0 });
    const processor = new RecordProcessor({
      registry: orderRegistry,
      group: 'g',
      maxValueBytes: 1 << 20,
      handlers: new Map([
        [
          'order.placed.v1',
          async (event: { id: string }) => {
            if (failing.has(event.id)) throw new Error('database unavailable');
            handled.push(event.id);
          },
        ],
      ]),
      router: new RetryRouter('g', [0]),
      sender,
      parking,
      metrics,
      observers: [],
      log: { warn: () => undefined, debug: () => undefined },
      roleOf,
    });
    const log = { log: () => undefined, warn: () => undefined, error: () => undefined };
    const engine = new ConsumerEngine(
      client,
      processor,
      parking,
      metrics,
      { keyConcurrency: 4, maxInFlight: 100, commitIntervalMs: 1, afterDeadLetter, roleOf, laneOf: () => 0, lanes: 0 },
      log,
    );
    engine.onAssigned([
      { topic: 'orders', partitions: [0] },
      { topic: 'orders.g.retry.1', partitions: [0] },
    ]);
    /** Delivers what was sent to the retry tier, as the member owning its partition reads it. */
    const deliverRetries = async () => {
      const records = sender.sent
        .filter((s) => s.topic === 'orders.g.retry.1')
        .map((s, i) => ({
          offset: String(i),
          key: s.record.key as Buffer,
          value: s.record.value as Buffer,
          headers: s.record.headers as Record<string, string>,
          timestamp: '0',
        }));
      await engine.onBatch({ topic: 'orders.g.retry.1', partition: 0, highWatermark: String(records.length), lastOffset: String(records.length - 1), records });
      await settle();
    };
    return { client, sender, engine, handled, deliverRetries, parking };
  }

  it('holds later events of a key while its event waits in a retry tier, lets other keys flow, and resumes them in order', async () => {
    const key = randomUUID();
    const fetched = batch(0, 0, 3, [key, randomUUID(), key]);
    const [first, other, later] = fetched.records.map((r) => String(r.headers.ce_id));
    const failing = new Set([first]);
    const { client, engine, handled, deliverRetries, parking } = parkingSetup('continue', failing);
    await engine.onBatch(fetched);
    await settle();
    await engine.commitNow();
    expect(handled).toEqual([other]);
    expect(parking.size).toBe(1);
    expect(client.lastCommitted('orders', 0)).toBe('2');
    failing.clear();
    await deliverRetries();
    await engine.commitNow();
    expect(handled).toEqual([other, first, later]);
    expect(parking.size).toBe(0);
    expect(client.lastCommitted('orders', 0)).toBe('3');
  });

  it('after the parked event ends in dead letters, continues with the key or dead-letters what waited, as configured', async () => {
    for (const policy of ['continue', 'dead-letter'] as const) {
      const key = randomUUID();
      const fetched = batch(0, 0, 2, [key, key]);
      const [first, later] = fetched.records.map((r) => String(r.headers.ce_id));
      const { sender, engine, handled, deliverRetries } = parkingSetup(policy, new Set([first]));
      await engine.onBatch(fetched);
      await settle();
      await deliverRetries();
      const dead = sender.sent
        .filter((s) => s.topic === 'orders.g.dlq')
        .map((s) => [String(s.record.headers.ce_id), String(s.record.headers.streamline_error_reason)]);
      if (policy === 'continue') {
        expect(dead).toEqual([[first, 'handler-failed']]);
        expect(handled).toEqual([later]);
      } else {
        expect(dead).toEqual([
          [first, 'handler-failed'],
          [later, 'parked-behind-dead-letter'],
        ]);
        expect(handled).toEqual([]);
      }
    }
  });
});
