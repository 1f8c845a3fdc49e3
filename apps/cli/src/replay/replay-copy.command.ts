import { Help, Option, SubCommand } from 'nest-commander';
import { KeyedSender } from '@streamline/kafka';
import { CE_HEADERS, headerString } from '@streamline/schemas';
import { UsageError } from '../errors/cli.errors';
import { KafkaCommand } from '../kafka/kafka-command';
import { KafkaConnection } from '../kafka/kafka-connection';
import { createTopicsReady } from '../kafka/topic-creation';
import { readTopic, ReadRecord } from '../kafka/record-reader';
import { resolvePositions, topicBounds } from '../kafka/topic-positions';
import { Printer } from '../output/printer';
import { Progress } from '../output/progress';
import { StageNotes } from '../output/stage-notes';
import { parseList, parseRate } from '../shared/flag-parsers';
import { interruptSignal } from '../shared/interrupt';
import { parsePosition, PositionSpec } from '../shared/position-spec';
import { RateLimiter } from '../shared/rate-limiter';
import { copiedPositions, copyMarker, markCopy, REPLAY_SOURCE_HEADER } from './copy-marker';

interface CopyOptions {
  from?: string;
  to?: string;
  since?: PositionSpec;
  until?: PositionSpec;
  type?: string[];
  key?: string[];
  rate?: number;
  createTarget?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

/** Counts of a copy, printed at its end. */
interface CopySummary {
  read: number;
  matched: number;
  written: number;
  /** Matching records the target already holds (copied by an earlier run). */
  skipped: number;
}

const CHUNK = 200;

/** `streamline replay copy`: re-publishes a window of one topic's history to another topic. */
@SubCommand({
  name: 'copy',
  description: 'copy a window of a topic to another topic: same key, value and headers, plus a header naming the source; never twice',
})
export class ReplayCopyCommand extends KafkaCommand<CopyOptions> {
  constructor(
    connection: KafkaConnection,
    private readonly printer: Printer,
  ) {
    super(connection);
  }

  protected async execute(_: string[], options: CopyOptions): Promise<void> {
    if (!options.from || !options.to) throw new UsageError('--from <topic> and --to <topic> are both required');
    const source = this.connection.topic(options.from);
    const target = this.connection.topic(options.to);
    if (source === target) throw new UsageError('--from and --to must be different topics');
    const bounds = await topicBounds(this.connection, source);
    const targetBounds = await this.targetBounds(target, bounds.length, options);
    const start = options.since ? await resolvePositions(this.connection, source, options.since, bounds) : new Map(bounds.map((b) => [b.partition, b.low]));
    const end = options.until ? await resolvePositions(this.connection, source, options.until, bounds) : new Map(bounds.map((b) => [b.partition, b.high]));
    for (const [partition, offset] of start) if (end.get(partition)! < offset) end.set(partition, offset);
    const windowSize = [...start].reduce((sum, [p, s]) => sum + Number(end.get(p)! - s), 0);

    const inTarget = targetBounds.reduce((sum, b) => sum + Number(b.high - b.low), 0);
    const findCopied = () => copiedPositions(this.connection, target, targetBounds, source);
    const copied =
      inTarget === 0
        ? new Set<string>()
        : await new StageNotes(this.printer).run(`reading the ${inTarget} record(s) of ${target} for copies made before`, findCopied);
    const producer = options.dryRun ? undefined : await this.connection.producer();
    const limiter = options.rate ? new RateLimiter(options.rate) : undefined;
    const summary: CopySummary = { read: 0, matched: 0, written: 0, skipped: 0 };
    const progress = new Progress(options.dryRun ? 'scan' : 'copy', windowSize, { json: options.json });
    const interrupt = interruptSignal();
    const matches = (r: ReadRecord) =>
      (!options.type || options.type.includes(headerString(r.headers, CE_HEADERS.type) ?? '')) &&
      (!options.key || options.key.includes(r.key?.toString('utf8') ?? ''));

    try {
      const outcome = await readTopic(this.connection, {
        topic: source,
        start,
        end,
        signal: interrupt.signal,
        onBatch: async (records) => {
          for (let i = 0; i < records.length; i += CHUNK) {
            if (interrupt.signal.aborted) return { consumed: i, stop: true };
            const chunk = records.slice(i, i + CHUNK);
            const fresh = chunk.filter(matches).filter((r) => !copied.has(copyMarker(source, r.partition, r.offset)));
            summary.read += chunk.length;
            summary.matched += chunk.filter(matches).length;
            summary.skipped += chunk.filter(matches).length - fresh.length;
            if (fresh.length > 0 && producer) {
              await limiter?.take(fresh.length, interrupt.signal);
              await this.send(producer, target, source, fresh);
              summary.written += fresh.length;
            }
            progress.increment(chunk.length);
          }
        },
      });
      progress.stop();
      this.report(summary, outcome.endedBy === 'signal' ? outcome.reached : undefined, end, source, target, options);
    } finally {
      progress.stop();
      interrupt.dispose();
    }
  }

  private async targetBounds(target: string, partitions: number, options: CopyOptions) {
    const admin = await this.connection.admin();
    if (options.createTarget && !(await admin.listTopics()).includes(target)) {
      await createTopicsReady(this.connection, [{ name: target, partitions }]);
      this.printer.note(`created ${target} with ${partitions} partitions`);
    }
    return topicBounds(this.connection, target);
  }

  /** One request per chunk, in source order: the idempotent producer keeps per-key order on the target. */
  private async send(producer: KeyedSender, target: string, source: string, records: ReadRecord[]): Promise<void> {
    await producer.send(
      target,
      records.map((r) => ({ key: r.key, value: r.value, headers: markCopy(r.headers, copyMarker(source, r.partition, r.offset)) })),
    );
  }

  private report(
    summary: CopySummary,
    interruptedAt: Map<number, bigint> | undefined,
    end: Map<number, bigint>,
    source: string,
    target: string,
    options: CopyOptions,
  ): void {
    const verb = options.dryRun ? 'would write' : 'written';
    if (options.json) {
      this.printer.json({
        source,
        target,
        ...summary,
        dryRun: options.dryRun === true,
        interrupted: interruptedAt !== undefined,
        reached: interruptedAt ? Object.fromEntries(interruptedAt) : undefined,
      });
    } else {
      const written = options.dryRun ? summary.matched - summary.skipped : summary.written;
      this.printer.line(`read ${summary.read}, matched ${summary.matched}, ${verb} ${written}, skipped ${summary.skipped} (already in ${target})`);
    }
    if (interruptedAt) {
      const positions = [...interruptedAt].map(([p, o]) => `${p}@${o}/${end.get(p)}`).join(' ');
      this.printer.note(
        `interrupted: reached ${source} partitions ${positions} (next offset / end). Run the same command again to finish: records already copied carry ${REPLAY_SOURCE_HEADER} and are skipped.`,
      );
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--from <topic>', description: 'topic to copy from (required)' })
  parseFrom(value: string): string {
    return value;
  }

  @Option({ flags: '--to <topic>', description: 'topic to copy to (required; must exist unless --create-target)' })
  parseTo(value: string): string {
    return value;
  }

  @Option({ flags: '--since <time>', description: 'first record time: ISO time, duration back from now (2h) or earliest (default: the log start)' })
  parseSince(value: string): PositionSpec {
    return parsePosition(value, '--since');
  }

  @Option({
    flags: '--until <time>',
    description: 'copy records before this time: ISO time or duration back from now (default: the end at the start of the copy)',
  })
  parseUntil(value: string): PositionSpec {
    return parsePosition(value, '--until');
  }

  @Option({ flags: '--type <type>', description: 'only events of this type (repeatable, or comma-separated)' })
  parseType(value: string, previous?: string[]): string[] {
    return parseList(value, previous);
  }

  @Option({ flags: '--key <key>', description: 'only records with this key (repeatable, or comma-separated)' })
  parseKey(value: string, previous?: string[]): string[] {
    return parseList(value, previous);
  }

  @Option({ flags: '--rate <n/s>', description: 'write at most this many records per second, e.g. 500/s' })
  parseRate(value: string): number {
    return parseRate(value, '--rate');
  }

  @Option({ flags: '--create-target', description: 'create the target topic, with as many partitions as the source, when missing' })
  parseCreateTarget(): boolean {
    return true;
  }

  @Option({ flags: '--dry-run', description: 'count what would be copied, write nothing' })
  parseDryRun(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'print the summary as one JSON object' })
  parseJson(): boolean {
    return true;
  }

  @Help('after')
  example(): string {
    return [
      '',
      'Examples:',
      '  $ streamline replay copy --from orders --to orders.audit --since 2026-11-23T09:00:00Z --until 2026-11-23T10:00:00Z',
      '  $ streamline replay copy --from orders --to orders.paid-only --since 24h --type order.paid.v1 --rate 500/s --create-target',
    ].join('\n');
  }
}
