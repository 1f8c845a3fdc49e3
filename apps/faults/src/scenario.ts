import type { LocalKafka } from '../../../libs/local-broker/src';

/** What a scenario needs started before it runs. */
export interface ScenarioNeeds {
  /** 1 broker, or a replicated cluster of 3 (RF 3, min.insync.replicas 2). */
  brokers: 1 | 3;
  /** A fresh PostgreSQL database, or an embedded PGlite directory (one consumer only). */
  database: 'postgres' | 'pglite';
  /** Consumer replicas in the group at the start. */
  consumers: 1 | 2 | 3;
  /** Extra environment of every consumer replica (e.g. CONSUMER_RETRY_DELAYS_MS). */
  consumerEnv?: Record<string, string>;
  /** Extra environment of the producer. */
  producerEnv?: Record<string, string>;
}

/** The figures of one scenario run; every scenario reports all of them. */
export interface ScenarioCounts {
  /** HTTP requests sent to the producer. */
  attempted: number;
  /** Answered 202: the producer promised the event is in the log. */
  accepted: number;
  /** Answered 503 (the producer could not reach Kafka in time); the client may retry. */
  unavailable: number;
  /** Any other answer, or no answer at all. */
  failed: number;
  /** Accepted, and neither applied in the read model nor dead-lettered. */
  lost: number;
  /** Records in the topic beyond the first with the same ce_id. */
  duplicatesInLog: number;
  /** Events applied to the read model more than once (an event id twice in an order's applied events). */
  duplicateEffects: number;
  /** Records in the dead-letter topic. */
  deadLetters: number;
  /** Redeliveries the idempotency guard skipped, summed over the replicas' /metrics. */
  redeliveries: number;
  /** Redeliveries as a share of accepted events, in per cent. */
  redeliveryPercent: number;
  /** Orders whose applied events are not in the order they were accepted (placed → paid → shipped). */
  orderViolations: number;
  /** From the end of the fault until every accepted event was applied or dead-lettered; undefined if never. */
  recoverySeconds: number | undefined;
  /** What the scenario wants said beside the figures (e.g. "consumer exited when its sessions ended"). */
  notes: string[];
}

/** A Streamline app running as its own process, which a scenario can hurt. */
export interface ServiceHandle {
  /** `producer`, `consumer-1`, … */
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly pid: number | undefined;
  /** True while the process runs (frozen counts as running). */
  readonly running: boolean;
  /** Path of the file its output goes to. */
  readonly logFile: string;
  /** SIGKILL; resolves once it has exited. */
  kill(): Promise<void>;
  /** SIGTERM; resolves with the exit code once it has exited. */
  stop(): Promise<number | null>;
  /** SIGSTOP: the process keeps its sockets but does nothing. */
  freeze(): void;
  /** SIGCONT after freeze. */
  thaw(): void;
  /** Starts it again with the same environment (after a kill or stop) and waits until it answers. */
  restart(): Promise<void>;
}

/** Options of a consumer replica beyond the scenario's needs. */
export interface ConsumerStartOptions {
  env?: Record<string, string>;
  /** A command put before `node …`, e.g. `['ip', 'netns', 'exec', 'faults-a']`. */
  wrap?: string[];
}

/** What the stack helper started for a scenario. */
export interface FaultStack {
  kafka: LocalKafka;
  /** KAFKA_BROKERS of the apps. */
  bootstrap: string;
  /** KAFKA_TOPIC_PREFIX of the apps; the orders topic is `${topicPrefix}orders`. */
  topicPrefix: string;
  /** The orders topic, its dead-letter topic, and the consumer group. */
  topic: string;
  deadLetterTopic: string;
  group: string;
  /** postgres:// URL of the scenario's own database (undefined with PGlite). */
  databaseUrl: string | undefined;
  /** postgres:// URL of a maintenance database on the same server, for ALTER DATABASE and pg_terminate_backend. */
  adminDatabaseUrl: string | undefined;
  /** The database's name (with PGlite, its directory). */
  databaseName: string;
  producer: ServiceHandle;
  /** Replicas in start order; stopped ones stay in the list. */
  consumers: ServiceHandle[];
  /** Starts one more replica in the group. */
  addConsumer(options?: ConsumerStartOptions): Promise<ServiceHandle>;
}

/** Fixed-rate order traffic, as in {@link ScenarioContext.underLoad}. */
export interface LoadOptions {
  /** How long orders are posted at least; they go on until the fault is over. */
  seconds: number;
  /** Events per second posted (each order is three events: placed → paid → shipped). */
  eventsPerSecond: number;
  /** How long to wait after the traffic for everything accepted to be applied. Default 180 s. */
  recoveryTimeoutSeconds?: number;
}

/** What a scenario runs with. */
export interface ScenarioContext {
  stack: FaultStack;
  /** `--short`: small counts, the CI form. */
  short: boolean;
  /** One line of progress, prefixed with the scenario's name. */
  log(line: string): void;
  /** Waits, showing progress while it waits. */
  sleep(ms: number, label?: string): Promise<void>;
  /** Waits for a condition, showing progress; throws after the bound. */
  waitFor(label: string, condition: () => Promise<boolean> | boolean, timeoutMs?: number): Promise<void>;
  /**
   * Posts orders at a fixed rate for `load.seconds`, and longer if `fault` (started with the
   * traffic) has not ended by then; `fault` resolves when the fault has ended (e.g. the killed
   * broker is back).
   * Then waits until everything accepted is applied or dead-lettered, reads the oracle and
   * returns the counts, recovery measured from the end of the fault.
   */
  underLoad(load: LoadOptions, fault: (ctx: ScenarioContext) => Promise<void>): Promise<ScenarioCounts>;
  /** How long each 202 of the traffic took, in ms, for the answers that came between `from` and `to` (epoch ms). */
  acceptTimes(from: number, to: number): number[];
}

/** One fault scenario. */
export interface Scenario {
  /** Kebab-case, unique; `--only <name>` picks it. */
  name: string;
  /** One line: what is done to the pipeline. */
  title: string;
  needs: ScenarioNeeds;
  /** Part of the `--short` (CI) run. */
  inShort: boolean;
  run(ctx: ScenarioContext): Promise<ScenarioCounts>;
}
