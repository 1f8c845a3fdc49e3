import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DEFAULT_MAX_VALUE_BYTES, EventRegistry } from '@streamline/schemas';
import { EVENT_REGISTRY, KAFKA_CLIENT, MODULE_OPTIONS_TOKEN } from '../kafka.constants';
import { ConsumerOptions, KafkaModuleOptions } from '../kafka.options';
import { ClusterAdmin } from '../client/cluster-admin';
import { ConsumerClient } from '../client/consumer-client';
import { KafkaClient } from '../client/kafka-client';
import { RecordSender } from '../client/record-sender';
import { ensureTopics } from '../admin/topic-provisioner';
import { IdempotencyGuard } from '../idempotency/idempotency-guard';
import { SqlParkStore } from '../idempotency/sql-park-store';
import { Database } from '../idempotency/database';
import { toAccessDenied } from '../errors/access-denied.error';
import { assertWritable } from '../admin/write-access';
import { DatabaseGate } from './database-gate';
import { ConsumerEngine } from './consumer-engine';
import { ConsumerMetrics } from './consumer.metrics';
import { ConsumerObserver } from './consumer-observer';
import { DiscoveredHandlers, HandlerDiscovery } from './handler-discovery';
import { LoadProbe } from './load-probe';
import { ParkingLot } from './parking-lot';
import { RecordProcessor, TopicRole } from './record-processor';
import { RetryRouter } from './retry-router';
import { Replier } from '../request/replier';
import { RequestMetrics } from '../request/request.metrics';
import { assertExactlyOnceUsable, openTransactions } from './exactly-once/open-transactions';

/** Defaults of the consumer options, in one place. */
export const CONSUMER_DEFAULTS = {
  retryDelaysMs: [1000, 10_000, 60_000],
  afterDeadLetter: 'continue',
  keyConcurrency: 16,
  maxInFlight: 10_000,
  shutdownTimeoutMs: 10_000,
  commitIntervalMs: 100,
  processedIdRetentionMs: 7 * 24 * 60 * 60 * 1000,
} as const;

/**
 * How long a fetched batch waits for room under the in-flight bound before the rest is fetched
 * again. Holding it is what keeps the broker's fetches going at the pace of handling; it also
 * holds that broker's retry-tier fetches, so it stays short.
 */
const HOLD_FOR_ROOM_MS = 1000;

/** Connections the park store keeps apart from the handlers' pool. */
const PARK_STORE_CONNECTIONS = 2;

/**
 * The consumer runtime of a service: one consumer group reading the topics of its handlers
 * (and their retry tiers), handing every decoded event to its `@EventHandler`.
 * Per-key order always; partitions, and optionally keys within a partition, run concurrently.
 * At-least-once: a partition's offset is committed only past records that are settled (handled,
 * dead-lettered or handed to a retry tier); with a database, effects are applied once.
 */
@Injectable()
export class ConsumerRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ConsumerRuntime.name);
  private handlers: DiscoveredHandlers = { single: new Map(), batch: new Map() };
  private readonly observers: ConsumerObserver[] = [];
  private engine?: ConsumerEngine;
  private client?: ConsumerClient;
  private sender?: RecordSender;
  private transactions?: Awaited<ReturnType<typeof openTransactions>>;
  private replier?: Replier;
  private admin?: ClusterAdmin;
  private guard?: IdempotencyGuard;
  private gate?: DatabaseGate;
  private lastStartFailure?: string;
  /** Connections of the park store, apart from the handlers' (closed here when they are not the app's own). */
  private parkDb?: Database;
  private pruneTimer?: NodeJS.Timeout;
  private stopped?: Promise<void>;
  private starting?: Promise<void>;
  private stopRequested = false;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: KafkaClient,
    @Inject(MODULE_OPTIONS_TOKEN) private readonly options: KafkaModuleOptions,
    private readonly discovery: HandlerDiscovery,
    loadProbe: LoadProbe,
    @Inject(EVENT_REGISTRY) private readonly registry: EventRegistry,
  ) {
    this.observers.push({ onHandled: (event, info) => !info.duplicate && loadProbe.observe(event) });
  }

  /**
   * Discovers the handlers and starts consuming in the background, so the app answers HTTP
   * (liveness, metrics) while it connects; readiness turns up once it is in its group. A start
   * that fails (Kafka unreachable) is tried again with growing pauses until shutdown.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.consumer) return;
    if (this.options.consumer.exactlyOnce) assertExactlyOnceUsable(this.kafka, this.options.consumer.database !== undefined);
    this.handlers = await this.discovery.discover(this.registry);
    if (this.options.consumer.autoStart !== false) this.starting = this.startUntilRunning();
  }

  private async startUntilRunning(): Promise<void> {
    for (let attempt = 1; !this.stopRequested; attempt++) {
      try {
        await this.start();
        this.lastStartFailure = undefined;
        return;
      } catch (error) {
        const pauseMs = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
        const reason = toAccessDenied(error)?.message ?? (error instanceof Error ? error.message : String(error));
        this.lastStartFailure = reason;
        this.logger.error(`consumer could not start (attempt ${attempt}): ${reason}; trying again in ${pauseMs} ms`);
        await this.release();
        await new Promise((resolve) => setTimeout(resolve, pauseMs).unref());
      }
    }
  }

  /** Why the last attempt to start failed, while the consumer is still trying; undefined once it runs. */
  get startFailure(): string | undefined {
    return this.lastStartFailure;
  }

  /** True while the consumer is in its group with a known assignment (possibly empty). */
  get ready(): boolean {
    return this.engine?.ready ?? false;
  }

  /** Why the consumer's database counts as unreachable, and since when; undefined while it answers (or there is none). */
  get databaseDown(): { since: Date; reason: string } | undefined {
    return this.gate?.down;
  }

  /** Adds an observer called after every handled event (e.g. a latency probe). */
  addObserver(observer: ConsumerObserver): void {
    this.observers.push(observer);
  }

  /** Source topics this group reads: the configured ones and lanes, or every topic with a handled event type. */
  topics(): string[] {
    const consumer = this.consumerOptions();
    const prefix = this.options.topicPrefix ?? '';
    const types = [...this.handlers.single.keys(), ...this.handlers.batch.keys()];
    const base = consumer.topics?.length ? consumer.topics : types.map((type) => prefix + this.registry.topicFor(type)!.name);
    return [...new Set([...(consumer.priorityLanes ?? []), ...base])];
  }

  async start(): Promise<void> {
    const options = { ...CONSUMER_DEFAULTS, ...this.consumerOptions() };
    const group = options.groupId;
    const sources = this.topics();
    const router = new RetryRouter(group, options.retryDelaysMs);
    const roles = new Map<string, TopicRole>();
    for (const topic of sources) {
      roles.set(topic, { sourceTopic: topic, tier: 0 });
      router.retryTopics(topic).forEach((retry, i) => roles.set(retry, { sourceTopic: topic, tier: i + 1 }));
    }
    const retryTopics = [...roles].filter(([, role]) => role.tier > 0).map(([topic]) => topic);

    this.admin = this.kafka.admin();
    // Lane topics need not be in the registry; they get the partitions of the registry topic they extend.
    const prefix = this.options.topicPrefix ?? '';
    const laneSpecs = (options.priorityLanes ?? []).map((name) => {
      const base = this.registry.topics().find((t) => name === prefix + t.name || name.startsWith(`${prefix}${t.name}.`));
      return { name, partitions: base?.partitions ?? 6 };
    });
    if (laneSpecs.length) await ensureTopics(this.admin, laneSpecs);
    const counts = new Map((await this.admin.describeTopics(sources)).map((t) => [t.name, t.partitions.length]));
    const parkTopics = sources.flatMap((topic) => [router.deadLetterTopic(topic), ...router.retryTopics(topic)]);
    await ensureTopics(
      this.admin,
      sources.flatMap((topic) => {
        const partitions = counts.get(topic) ?? 1;
        return [router.deadLetterTopic(topic), ...router.retryTopics(topic)].map((name) => ({ name, partitions }));
      }),
    );
    // Before taking a record: one it could not park (retry) or dead-letter would have nowhere to go.
    await assertWritable(this.admin, parkTopics, 'the consumer needs to park failed records (retry and dead-letter topics)');

    let parkStore: SqlParkStore | undefined;
    if (options.database) {
      this.gate = new DatabaseGate(options.database, { warn: (m) => this.logger.warn(m), log: (m) => this.logger.log(m) });
      this.guard = new IdempotencyGuard(options.database, group);
      await this.guard.init();
      // Parking a failed event's key must not wait behind handlers holding every pooled
      // connection (a hot row locked for seconds): the park store has connections of its own.
      this.parkDb = options.database.isolated(PARK_STORE_CONNECTIONS);
      parkStore = new SqlParkStore(this.parkDb, group);
      await parkStore.init();
      this.schedulePrune(options.processedIdRetentionMs);
    }
    const parking = new ParkingLot(parkStore);
    const metrics = new ConsumerMetrics();
    this.sender = this.kafka.sender({ requestTimeoutMs: this.options.producer?.requestTimeoutMs ?? 10_000, compression: 'none' });
    await this.sender.connect();
    const { exactlyOnce } = options;
    this.transactions = exactlyOnce && (await openTransactions(this.kafka, this.registry, group, prefix, exactlyOnce));

    const processor = new RecordProcessor({
      group,
      registry: this.registry,
      maxValueBytes: options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES,
      handlers: this.handlers.single,
      batchHandlers: this.handlers.batch,
      guard: this.guard,
      gate: this.gate,
      router,
      sender: this.sender,
      parking,
      metrics,
      observers: [...this.observers, ...(options.observers ?? [])],
      replier: (this.replier = new Replier(this.sender, new RequestMetrics(), { warn: (fields, message) => this.logger.warn({ ...fields, msg: message }) })),
      log: {
        warn: (fields, message) => this.logger.warn({ ...fields, msg: message }),
        debug: (fields, message) => this.logger.debug({ ...fields, msg: message }),
      },
      roleOf: (topic) => roles.get(topic) ?? { sourceTopic: topic, tier: 0 },
      emitter: this.transactions?.events,
    });
    const lanes = options.priorityLanes ?? [];
    this.client = this.kafka.consumer({
      groupId: group,
      coPartitioned: true,
      groupInstanceId: options.groupInstanceId,
      groupProtocol: options.groupProtocol,
      // Batches are taken over at once (handling runs in the workers), so every partition may deliver at the same time.
      partitionsConsumedConcurrently: Math.max(1, [...counts.values()].reduce((a, b) => a + b, 0) * (1 + options.retryDelaysMs.length)),
      sessionTimeoutMs: options.sessionTimeoutMs,
    });
    this.engine = new ConsumerEngine(
      this.client,
      processor,
      parking,
      metrics,
      {
        keyConcurrency: options.keyConcurrency,
        maxInFlight: options.maxInFlight,
        commitIntervalMs: options.commitIntervalMs,
        afterDeadLetter: options.afterDeadLetter,
        roleOf: (topic) => roles.get(topic) ?? { sourceTopic: topic, tier: 0 },
        laneOf: (topic) => (lanes.includes(topic) ? lanes.indexOf(topic) : lanes.length),
        lanes: lanes.length,
        ...(this.handlers.batch.size > 0 && { batchSizeOf: (type: string) => this.handlers.batch.get(type)?.maxSize }),
        holdForRoomMs: HOLD_FOR_ROOM_MS,
        gate: this.gate,
        transactions: this.transactions,
      },
      { log: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m), error: (m) => this.logger.error(m) },
    );
    await this.client.connect();
    await this.client.subscribe(sources, options.fromBeginning ?? true);
    if (retryTopics.length) await this.client.subscribe(retryTopics, true);
    await this.client.run(this.engine);
    this.logger.log(`consuming ${sources.join(', ')} as group ${group} (retry tiers: ${options.retryDelaysMs.join(', ') || 'none'} ms)`);
  }

  /**
   * Shutdown, in order: stop fetching, finish running handlers within `shutdownTimeoutMs`,
   * commit, leave the group, disconnect. Runs before the app's own shutdown hooks (which may
   * close the database the handlers write to).
   */
  beforeApplicationShutdown(): Promise<void> {
    this.stopped ??= this.stop();
    return this.stopped;
  }

  private async stop(): Promise<void> {
    this.stopRequested = true;
    clearInterval(this.pruneTimer);
    this.gate?.stop();
    await this.starting;
    if (this.engine) {
      const timeout = this.options.consumer?.shutdownTimeoutMs ?? CONSUMER_DEFAULTS.shutdownTimeoutMs;
      const drained = await this.engine.stop(timeout);
      if (!drained) this.logger.warn(`handlers still running after ${timeout} ms; leaving the group anyway (their records are read again)`);
    }
    const wasRunning = this.client !== undefined;
    await this.replier?.close();
    await this.release();
    if (wasRunning) this.logger.log(`stopped: handled records committed, left group ${this.options.consumer?.groupId}`);
  }

  private async release(): Promise<void> {
    await this.client?.disconnect().catch((e) => this.logger.warn(`consumer disconnect: ${e}`));
    await this.sender?.disconnect(5_000).catch((e) => this.logger.warn(`producer disconnect: ${e}`));
    await this.transactions?.close();
    await this.admin?.disconnect();
    if (this.parkDb && this.parkDb !== this.consumerOptions().database) await this.parkDb.close().catch((e) => this.logger.warn(`park store close: ${e}`));
    this.client = this.sender = this.admin = this.engine = this.parkDb = this.transactions = undefined;
    this.replier = undefined;
  }

  private schedulePrune(retentionMs: number): void {
    const prune = () =>
      this.guard
        ?.prune(new Date(Date.now() - retentionMs))
        .then((n) => n > 0 && this.logger.log(`forgot ${n} processed event ids older than ${retentionMs} ms`))
        .catch((e) => this.logger.warn(`pruning processed event ids failed: ${e}`));
    this.pruneTimer = setInterval(prune, 60 * 60 * 1000).unref();
  }

  private consumerOptions(): ConsumerOptions {
    if (!this.options.consumer) throw new Error('KafkaModule was configured without consumer options');
    return this.options.consumer;
  }
}
