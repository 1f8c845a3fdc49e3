import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Help, Option } from 'nest-commander';
import { CE_HEADERS, DEAD_LETTER_HEADERS, deadLetterTopicFor, headerString, StreamlineError } from '@streamline/schemas';
import { ORDER_TOPICS } from '@streamline/orders';
import { CliConfig } from '../cli.config';
import { CannotCheckError, describeError, UsageError } from '../errors/cli.errors';
import { describeGroup } from '../kafka/group-state';
import { KafkaCommand } from '../kafka/kafka-command';
import { KafkaConnection } from '../kafka/kafka-connection';
import { ReadRecord, readTopic } from '../kafka/record-reader';
import { resolvePositions, topicBounds } from '../kafka/topic-positions';
import { Printer } from '../output/printer';
import { parseList } from '../shared/flag-parsers';
import { interruptSignal } from '../shared/interrupt';
import { parsePosition, PositionSpec } from '../shared/position-spec';
import { AuditProgress } from './audit-progress';
import { AuditedTopic, buildReport, formatReport } from './audit-report';
import { compareDelivery, DeadLetterRecord, SourceRecord } from './delivery-audit';
import { ProcessedEventIds } from './processed-event-ids';

interface AuditOptions {
  since?: PositionSpec;
  topic?: string[];
  limit?: number;
  json?: boolean;
  databaseUrl?: string;
  pgliteDir?: string;
}

/**
 * `streamline audit <group>`: was every event on the group's source topics applied exactly once,
 * or dead-lettered? Compares the records' CloudEvents ids with the group's processed ids and its
 * dead letters. Exit 0 nothing missing, 1 something missing, 2 the audit could not be made.
 */
@Command({
  name: 'audit',
  arguments: '<group>',
  argsDescription: { group: "the consumer service's group (KAFKA_GROUP_ID)" },
  description:
    "check that every event on a group's source topics was applied (processed ids in the service's database) or dead-lettered; exit 0 nothing missing, 1 something missing, 2 the audit could not be made",
})
export class AuditCommand extends KafkaCommand<AuditOptions> {
  constructor(
    connection: KafkaConnection,
    private readonly printer: Printer,
    private readonly config: CliConfig,
  ) {
    super(connection);
  }

  protected async execute([group]: string[], options: AuditOptions): Promise<void> {
    const interrupt = interruptSignal();
    try {
      await this.audit(group, options, interrupt.signal);
    } catch (error) {
      if (error instanceof UsageError || error instanceof CannotCheckError) throw error;
      // Exit 1 is the audit's finding; whatever kept it from being made exits 2, on one line.
      const message = error instanceof StreamlineError ? error.message : describeError(error).split('\n')[0];
      throw new CannotCheckError(interrupt.signal.aborted ? `interrupted: ${message}` : message, { cause: error });
    } finally {
      interrupt.dispose();
    }
  }

  private async audit(group: string, options: AuditOptions, signal: AbortSignal): Promise<void> {
    const processed = this.openDatabase(group, options);
    const progress = new AuditProgress(this.printer, group);
    try {
      const topics = await this.sourceTopics(group, options.topic);
      const admin = await this.connection.admin();
      const existing = new Set(await admin.listTopics());
      // Every window is fixed before anything is read: records written during the audit are not in it.
      const audited: AuditedTopic[] = [];
      for (const topic of topics) {
        const bounds = await topicBounds(this.connection, topic);
        const start = options.since ? await resolvePositions(this.connection, topic, options.since, bounds) : new Map(bounds.map((b) => [b.partition, b.low]));
        const deadLetterTopic = deadLetterTopicFor(topic, group);
        audited.push({
          topic,
          deadLetterTopic,
          deadLetterTopicExists: existing.has(deadLetterTopic),
          partitions: bounds.map((b) => {
            const from = start.get(b.partition) ?? b.low;
            return { partition: b.partition, from: String(from < 0n || from > b.high ? b.high : from), to: String(b.high) };
          }),
        });
      }

      progress.expect(audited.flatMap((t) => t.partitions.map((p) => BigInt(p.to) - BigInt(p.from))).reduce((a, b) => a + b, 0n));
      const records: SourceRecord[] = [];
      const deadLetters: DeadLetterRecord[] = [];
      for (const t of audited) {
        progress.phase(`reading ${t.topic}`);
        await this.read(
          t.topic,
          new Map(t.partitions.map((p) => [p.partition, BigInt(p.from)])),
          new Map(t.partitions.map((p) => [p.partition, BigInt(p.to)])),
          signal,
          (batch) => {
            for (const r of batch)
              records.push({ topic: r.topic, partition: r.partition, offset: r.offset, source: header(r, CE_HEADERS.source), id: header(r, CE_HEADERS.id) });
            progress.add(batch.length);
          },
        );
      }
      // The database, then the dead letters to their end by then: an event handled while the
      // topics were read is seen handled.
      progress.phase(`reading the processed ids of ${group} from ${processed.where}`);
      const applied = await processed.of(group);
      for (const t of audited.filter((a) => a.deadLetterTopicExists)) {
        progress.phase(`reading ${t.deadLetterTopic}`);
        const bounds = await topicBounds(this.connection, t.deadLetterTopic);
        await this.read(
          t.deadLetterTopic,
          new Map(bounds.map((b) => [b.partition, b.low])),
          new Map(bounds.map((b) => [b.partition, b.high])),
          signal,
          (batch) => {
            for (const r of batch) deadLetters.push(deadLetterOf(r));
          },
        );
      }
      progress.done();
      const comparison = compareDelivery(records, applied, deadLetters, options.limit ?? 10);
      const report = buildReport(
        { group, database: processed.kind, since: options.since?.kind === 'time' ? options.since.text : null, topics: audited, limit: options.limit ?? 10 },
        comparison,
      );
      if (options.json) this.printer.json(report);
      else formatReport(report, processed.where).forEach((line) => this.printer.line(line));
      if (!report.ok) process.exitCode = 1;
    } finally {
      progress.done();
      await processed.close();
    }
  }

  /** The database the group's service keeps its processed ids in, as `rebuild` finds it. */
  private openDatabase(group: string, options: AuditOptions): ProcessedEventIds {
    const url = options.databaseUrl ?? (options.pgliteDir ? undefined : this.config.DATABASE_URL);
    if (url) return new ProcessedEventIds('PostgreSQL', { url });
    const pgliteDir = options.pgliteDir ?? this.config.PGLITE_DATA_DIR ?? join('.streamline', 'consumer-db', group);
    if (pgliteDir === 'memory')
      throw new UsageError('the service keeps its processed ids in memory (PGLITE_DATA_DIR=memory): there is nothing to audit them against');
    // PGlite creates a missing directory as an empty database: the audit would find everything missing.
    if (!existsSync(pgliteDir))
      throw new CannotCheckError(`no PGlite database at ${pgliteDir}; point --pglite-dir (or PGLITE_DATA_DIR, DATABASE_URL) at the service's database`);
    return new ProcessedEventIds(`PGlite at ${pgliteDir}`, { pgliteDir });
  }

  /** `--topic`, or the registry's topics (and their priority lanes) the group has committed offsets for. */
  private async sourceTopics(group: string, named?: string[]): Promise<string[]> {
    if (named?.length) return [...new Set(named.map((t) => this.connection.topic(t)))];
    const state = await describeGroup(this.connection, group);
    if (!state.known)
      throw new CannotCheckError(
        `unknown consumer group "${group}" on ${this.connection.brokers.join(',')}: it has no members and no committed offsets; name its topics with --topic`,
      );
    const prefix = this.connection.prefix;
    const isSource = (topic: string) =>
      !/\.(retry\.\d+|dlq)$/.test(topic) && ORDER_TOPICS.some((t) => topic === prefix + t.name || topic.startsWith(`${prefix}${t.name}.`));
    const topics = state.topics.filter(isSource).sort();
    if (topics.length === 0) throw new CannotCheckError(`group ${group} has no committed offsets on the registry's topics; name its topics with --topic`);
    return topics;
  }

  private async read(
    topic: string,
    start: Map<number, bigint>,
    end: Map<number, bigint>,
    signal: AbortSignal,
    take: (records: ReadRecord[]) => void,
  ): Promise<void> {
    const outcome = await readTopic(this.connection, { topic, start, end, signal, onBatch: async (records) => take(records) });
    if (outcome.endedBy === 'signal') throw new CannotCheckError(`interrupted while reading ${topic}: no verdict`);
  }

  @Option({
    flags: '--since <time>',
    description: 'audit the records written from this time: ISO 8601 or a duration back from now (1h, 2d); default: from the beginning',
  })
  parseSince(value: string): PositionSpec {
    const spec = parsePosition(value, '--since');
    if (spec.kind === 'latest')
      throw new UsageError('--since must be a time or a duration back from now (1h, 2d), or beginning; "end" leaves nothing to audit');
    return spec;
  }

  @Option({ flags: '--topic <topic>', description: "source topics to audit (default: the registry's topics the group has offsets for); repeatable" })
  parseTopic(value: string, previous?: string[]): string[] {
    return parseList(value, previous);
  }

  @Option({ flags: '--limit <n|all>', description: 'how many missing and duplicated ids to list (default: 10)' })
  parseLimit(value: string): number {
    if (value === 'all') return Infinity;
    if (!/^\d+$/.test(value)) throw new UsageError(`--limit must be a whole number or all, got "${value}"`);
    return Number(value);
  }

  @Option({ flags: '--json', description: 'print the report as one JSON object (shape in the README)' })
  parseJson(): boolean {
    return true;
  }

  @Option({ flags: '--database-url <url>', description: 'PostgreSQL of the service (default: $DATABASE_URL)' })
  parseDatabaseUrl(value: string): string {
    if (!/^postgres(ql)?:\/\/\S+$/.test(value)) throw new UsageError('--database-url must be a postgres:// or postgresql:// URL');
    return value;
  }

  @Option({
    flags: '--pglite-dir <dir>',
    description: "the service's PGlite directory (default: $PGLITE_DATA_DIR or .streamline/consumer-db/<group>); stop the service first",
  })
  parsePgliteDir(value: string): string {
    return value;
  }

  @Help('after')
  example(): string {
    return [
      '',
      "What it sees: each record on the topics by (ce_source, ce_id); the group's processed ids, one row",
      'per event however often its effect ran (so an effect applied twice cannot be seen); the dead',
      'letters by id, or by source position for records without one. Ids written at several offsets are',
      'counted as duplicates in the log. Audit a drained group (streamline lag <group> --wait) for exact',
      'counts: an event still in flight or in a retry tier is missing until it is handled.',
      '',
      'Examples:',
      '  $ streamline audit streamline-consumer',
      '  $ DATABASE_URL=postgres://app@db/orders streamline audit streamline-consumer --since 1h --json',
      '  $ streamline audit streamline-consumer --topic orders --pglite-dir .streamline/consumer-db/streamline-consumer --limit all',
    ].join('\n');
  }
}

function header(record: ReadRecord, name: string): string | undefined {
  return headerString(record.headers, name) || undefined;
}

function deadLetterOf(record: ReadRecord): DeadLetterRecord {
  const partition = header(record, DEAD_LETTER_HEADERS.sourcePartition);
  return {
    source: header(record, CE_HEADERS.source),
    id: header(record, CE_HEADERS.id),
    sourceTopic: header(record, DEAD_LETTER_HEADERS.sourceTopic),
    sourcePartition: partition !== undefined && /^\d+$/.test(partition) ? Number(partition) : undefined,
    sourceOffset: header(record, DEAD_LETTER_HEADERS.sourceOffset),
  };
}
