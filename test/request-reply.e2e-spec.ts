import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Inject, Injectable, INestApplicationContext, Module, Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ConsumerRuntime,
  Database,
  EventHandler,
  IllegalStateError,
  KafkaModule,
  KafkaModuleOptions,
  PostgresDatabase,
  RemoteHandlerError,
  RequestClient,
  RequestTimeoutError,
} from '@streamline/kafka';
import { orderRegistry } from '@streamline/orders';
import { EventEnvelope } from '@streamline/schemas';
import { createTestDatabase, kafka } from './support/consumer-fixtures';
import { dataFor } from './support/producer-client';
import { randomName } from './support/random-names';
import { HeldReplier, startHeldReplier } from './support/replier-process';
import { testBrokers, testClient } from './support/test-broker';
import { waitFor } from './support/wait-for';

interface PlacedData {
  orderId: string;
  customerId: string;
  items: { sku: string; quantity: number; unitPrice: number }[];
}

/** What the replier answers: the order's total, and which replica computed it. */
interface Quote {
  orderId: string;
  total: number;
  replica: string;
}

const REPLICA = Symbol('replica');
/** Handler runs per order id, over every replica of this process. */
const runs = new Map<string, number>();

@Injectable()
class QuoteHandler {
  constructor(@Inject(REPLICA) private readonly replica: string) {}

  @EventHandler('order.placed.v1')
  async quote(event: EventEnvelope<PlacedData>): Promise<Quote> {
    const { orderId, customerId, items } = event.data;
    runs.set(orderId, (runs.get(orderId) ?? 0) + 1);
    if (customerId === 'blocked') throw new IllegalStateError(`customer ${customerId} may not order`);
    return { orderId, total: items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0), replica: this.replica };
  }
}

function order(quantity: number): PlacedData {
  const data = dataFor('order.placed.v1') as unknown as PlacedData;
  return { ...data, items: [{ sku: 'SKU-1', quantity, unitPrice: 2.5 }] };
}

async function counter(metric: { get(): Promise<{ values: { value: number }[] }> }): Promise<number> {
  return (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);
}

/** Requests of the requester that ended with `outcome`, so far. */
async function ended(requester: RequestClient, outcome: string): Promise<number> {
  return (await requester.metrics.requests.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
}

/** Request/reply across two replier replicas in one group, against the real broker. */
describe('request/reply: RequestClient.send answered by @EventHandler return values', () => {
  const prefix = `${randomName('rr')}.`;
  const group = randomName('quotes');
  const brokers = testBrokers();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let database: Database;
  let requesterApp: INestApplicationContext;
  let requester: RequestClient;
  let replicas: INestApplicationContext[] = [];
  let killed: HeldReplier | undefined;

  /** A Nest application context with KafkaModule on the spec's broker, prefix and registry. */
  async function startContext(options: Partial<KafkaModuleOptions>, providers: Provider[] = []): Promise<INestApplicationContext> {
    @Module({
      imports: [KafkaModule.forRoot({ brokers, client: testClient(), registry: orderRegistry, createTopics: true, topicPrefix: prefix, ...options })],
      providers,
    })
    class SpecModule {}
    const app = await NestFactory.createApplicationContext(SpecModule, { logger: ['error'] });
    await app.init();
    return app;
  }

  async function startReplica(name: string): Promise<INestApplicationContext> {
    const app = await startContext({ clientId: `replier-${name}`, consumer: { groupId: group, retryDelaysMs: [], database, commitIntervalMs: 50 } }, [
      QuoteHandler,
      { provide: REPLICA, useValue: name },
    ]);
    await waitFor(`replica ${name} in its group`, () => app.get(ConsumerRuntime).ready);
    return app;
  }

  /** Waits until the group is stable with `members` members that share the partitions. */
  async function groupStable(members: number): Promise<void> {
    const admin = kafka().admin();
    await admin.connect();
    try {
      await waitFor(`group ${group} stable with ${members} member(s)`, async () => {
        const [described] = (await admin.describeGroups([group])).groups;
        return described.state === 'Stable' && described.members.length === members;
      });
    } finally {
      await admin.disconnect();
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    // Room for every partition's handlers of a replica at once: the guard's transactions set the pace.
    database = new PostgresDatabase(db.url, 48);
    requesterApp = await startContext({ clientId: 'requester', requests: { eager: true } });
    requester = requesterApp.get(RequestClient);
    replicas = [await startReplica('a'), await startReplica('b')];
    await groupStable(2);
  });
  afterAll(async () => {
    await killed?.kill('SIGKILL');
    await requesterApp?.close();
    for (const app of replicas) await app.close();
    await database?.close();
    await db?.drop();
  });

  it('answers 500 concurrent requests across two replicas, each once, each with its own answer', async () => {
    const lateBefore = await counter(requester.metrics.lateReplies);
    const orders = Array.from({ length: 500 }, (_, i) => order((i % 7) + 1));
    const quotes = await Promise.all(orders.map((data) => requester.send<Quote>('order.placed.v1', data, { timeout: 30_000 })));

    quotes.forEach((quote, i) => {
      expect(quote.orderId).toBe(orders[i].orderId);
      expect(quote.total).toBe(orders[i].items[0].quantity * 2.5);
    });
    expect(orders.every((o) => runs.get(o.orderId) === 1)).toBe(true);
    const byReplica = new Set(quotes.map((q) => q.replica));
    expect([...byReplica].sort()).toEqual(['a', 'b']);
    expect(requester.pendingCount).toBe(0);
    expect(await counter(requester.metrics.pending)).toBe(0);
    expect(await counter(requester.metrics.lateReplies)).toBe(lateBefore);
  });

  it('rejects with a RemoteHandlerError when the request ends in dead letters, without waiting for the timeout', async () => {
    const data = { ...order(1), customerId: 'blocked' };
    const error = await requester.send('order.placed.v1', data, { timeout: 60_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteHandlerError);
    expect(error).toMatchObject({ type: 'order.placed.v1', reason: 'illegal-state', remoteErrorName: 'IllegalStateError', attempts: 1 });
    expect((error as Error).message).toContain('customer blocked may not order');
    expect(requester.pendingCount).toBe(0);
  });

  it('leaks no pending request over 10,000 requests: the map empties and the heap stays bounded', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heapAfterGc = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const send = (n: number) => Promise.all(Array.from({ length: n }, () => requester.send<Quote>('order.placed.v1', order(2), { timeout: 30_000 })));
    await send(500); // warm-up: connections, compiled paths
    const before = heapAfterGc();
    let answered = 0;
    for (let round = 0; round < 20; round++) answered += (await send(500)).filter((q) => q.total === 5).length;
    const after = heapAfterGc();

    expect(answered).toBe(10_000);
    expect(requester.pendingCount).toBe(0);
    expect(await counter(requester.metrics.pending)).toBe(0);
    // 10,000 requests kept would hold their promises, timers and replies: growth stays far below that.
    expect(after - before).toBeLessThan(32 * 1024 * 1024);
  });

  it('times out, typed, while no replier runs, and counts the replies that arrive afterwards as late', async () => {
    for (const app of replicas) await app.close();
    replicas = [];
    const lateBefore = await counter(requester.metrics.lateReplies);
    const timeoutsBefore = await ended(requester, 'timeout');
    const orders = Array.from({ length: 50 }, () => order(3));
    const errors = await Promise.all(orders.map((data) => requester.send('order.placed.v1', data, { timeout: 1_500 }).catch((e: unknown) => e)));

    errors.forEach((error) => expect(error).toBeInstanceOf(RequestTimeoutError));
    expect(errors.map((e) => (e as RequestTimeoutError).type)).toEqual(orders.map(() => 'order.placed.v1'));
    expect(new Set(errors.map((e) => (e as RequestTimeoutError).id)).size).toBe(50);
    expect((errors[0] as RequestTimeoutError).timeoutMs).toBe(1_500);
    expect((errors[0] as Error).message).toMatch(/^no reply to order\.placed\.v1 \S+ within 1500 ms/);
    expect(requester.pendingCount).toBe(0);
    expect(await counter(requester.metrics.pending)).toBe(0);
    expect((await ended(requester, 'timeout')) - timeoutsBefore).toBe(50);

    // A replier comes back, handles the waiting requests and answers them: nobody waits any more.
    replicas = [await startReplica('c')];
    await waitFor('50 late replies counted', async () => (await counter(requester.metrics.lateReplies)) - lateBefore === 50, { timeoutMs: 60_000 });
    expect(orders.every((o) => runs.get(o.orderId) === 1)).toBe(true);
    expect(requester.pendingCount).toBe(0);
  });

  it('times out, typed, when the replier is killed (SIGKILL) with the requests in its handler; the member taking over answers them late', async () => {
    for (const app of replicas) await app.close();
    replicas = [];
    // The killed member is declared dead after its session timeout (the broker's least, 6 s), not the default 30 s.
    killed = await startHeldReplier({ topicPrefix: prefix, groupId: group, databaseUrl: db.url, sessionTimeoutMs: 6_000 });
    const replier = killed;
    const [lateBefore, timeoutsBefore, repliedBefore] = [
      await counter(requester.metrics.lateReplies),
      await ended(requester, 'timeout'),
      await ended(requester, 'replied'),
    ];
    const timeout = 20_000;
    const orders = Array.from({ length: 20 }, () => order(4));
    const ids = orders.map(() => randomUUID());
    const settled: { index: number; outcome: unknown; afterMs: number }[] = [];
    const requests = orders.map((data, index) => {
      const sent = performance.now();
      const done = (outcome: unknown) => settled.push({ index, outcome, afterMs: performance.now() - sent });
      return requester.send<Quote>('order.placed.v1', data, { timeout, id: ids[index] }).then(done, done);
    });

    await waitFor('every request in the handler of the replier process', () => orders.every((o) => replier.handling().includes(o.orderId)), {
      timeoutMs: 15_000,
    });
    expect(requester.pendingCount).toBe(20);
    expect(await counter(requester.metrics.pending)).toBe(20);
    expect(await replier.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(replier.handling().sort()).toEqual(orders.map((o) => o.orderId).sort());
    await Promise.all(requests);

    // Each request ended once, at its own timeout (neither before nor long after), with the typed error.
    expect(settled.map((s) => s.index).sort((a, b) => a - b)).toEqual(orders.map((_, i) => i));
    for (const { index, outcome, afterMs } of settled) {
      expect(outcome).toBeInstanceOf(RequestTimeoutError);
      expect(outcome).toMatchObject({ type: 'order.placed.v1', id: ids[index], timeoutMs: timeout, code: 'timeout', retriable: true });
      expect((outcome as Error).message).toContain(`no reply to order.placed.v1 ${ids[index]} within ${timeout} ms`);
      expect(afterMs).toBeGreaterThanOrEqual(timeout - 5);
      expect(afterMs).toBeLessThan(timeout + 5_000);
    }
    expect(requester.pendingCount).toBe(0);
    expect(await counter(requester.metrics.pending)).toBe(0);
    expect((await ended(requester, 'timeout')) - timeoutsBefore).toBe(20);

    // A healthy member takes the killed one's partitions: nothing of the requests was committed, so
    // it handles them, once each, and its replies find nobody waiting.
    replicas = [await startReplica('d')];
    await waitFor('20 late replies counted', async () => (await counter(requester.metrics.lateReplies)) - lateBefore === 20, { timeoutMs: 60_000 });
    expect(orders.every((o) => runs.get(o.orderId) === 1)).toBe(true);
    expect(settled).toHaveLength(20);
    expect((await ended(requester, 'replied')) - repliedBefore).toBe(0);
    expect(requester.pendingCount).toBe(0);
    expect(await counter(requester.metrics.pending)).toBe(0);
  });

  it('fails a request with an invalid event before sending anything, naming the field', async () => {
    const error = await requester.send('order.placed.v1', { ...order(1), currency: 'euros' }, { timeout: 1_000 }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('SchemaValidationError');
    expect((error as Error).message).toContain('currency');
    await expect(requester.send('order.placed.v1', order(1), { timeout: 0 })).rejects.toThrow('options.timeout must be a positive number of milliseconds');
    expect(requester.pendingCount).toBe(0);
  });
});
