import { Help, Option, SubCommand } from 'nest-commander';
import { KeyedSender } from '@streamline/kafka';
import { CommandFailedError, describeError } from '../errors/cli.errors';
import { describeGroup, describeMembers } from '../kafka/group-state';
import { KafkaConnection } from '../kafka/kafka-connection';
import { readTopic, ReadRecord } from '../kafka/record-reader';
import { topicBounds } from '../kafka/topic-positions';
import { Printer } from '../output/printer';
import { Progress } from '../output/progress';
import { interruptSignal } from '../shared/interrupt';
import { stripDeadLetterHeaders } from '../shared/record-view';
import { DeadLetterView, matchesDeadLetter, viewDeadLetter } from './dead-letter-view';
import { DlqFilteredCommand, DlqFilterOptions } from './dlq-filter-options';
import { committedRedriveProgress, redriveGroupFor } from './redrive-state';
import { appendRedriveLog, offsetRanges, redriveHeaders, RedriveLogEntry, redriveLogTopicFor, redriveStamp } from './redrive-log';
import { requireDeadLetterTopic } from './dead-letter-reasons';

interface RedriveOptions extends DlqFilterOptions {
  dryRun?: boolean;
}

/** Counts of a redrive. */
interface RedriveSummary {
  read: number;
  matched: number;
  sent: number;
  /** Sent by an earlier redrive. */
  alreadySent: number;
  /** Left in the topic because the filters did not pick them. */
  notMatched: number;
  /** Picked but without a usable source topic header. */
  unroutable: number;
  byTopic: Record<string, number>;
}

/**
 * Kafka keeps at most 4096 bytes of metadata per committed offset (offset.metadata.max.bytes);
 * a redrive stops before its ranges could outgrow that: the limit plus one chunk of single offsets.
 */
const METADATA_LIMIT = 2500;
const SEND_CHUNK = 100;

/** Where a dead letter goes back to. */
type Target = { topic: string; partition?: number };

/** `streamline dlq redrive`: sends dead letters back to their source topic, each at most once. */
@SubCommand({
  name: 'redrive',
  arguments: '<topic>',
  argsDescription: { topic: 'dead-letter topic, <topic>.<group>.dlq' },
  description: 'send dead letters back to their source topic with their original key, value and headers; a second run sends nothing twice',
})
export class DlqRedriveCommand extends DlqFilteredCommand<RedriveOptions> {
  constructor(
    connection: KafkaConnection,
    private readonly printer: Printer,
  ) {
    super(connection);
  }

  protected async execute([name]: string[], options: RedriveOptions): Promise<void> {
    const topic = this.connection.topic(name);
    requireDeadLetterTopic(topic);
    const bounds = await topicBounds(this.connection, topic);
    const groupId = redriveGroupFor(topic);
    const group = await describeGroup(this.connection, groupId);
    if (group.members.length > 0)
      throw new CommandFailedError(`another redrive of ${topic} is running (group ${groupId}: ${describeMembers(group)}); wait for it to end`);

    const progress = await committedRedriveProgress(this.connection, topic, bounds);
    const start = new Map([...progress].map(([p, r]) => [p, r.offset]));
    const end = new Map(bounds.map((b) => [b.partition, b.high]));
    const total = bounds.reduce((sum, b) => sum + Number(b.high - start.get(b.partition)!), 0);
    const summary: RedriveSummary = { read: 0, matched: 0, sent: 0, alreadySent: 0, notMatched: 0, unroutable: 0, byTopic: {} };
    const producer = options.dryRun ? undefined : await this.connection.producer();
    const partitionCounts = new Map<string, number | null>();
    const bar = new Progress(options.dryRun ? 'redrive (dry run)' : 'redrive', total, { json: options.json });
    const interrupt = interruptSignal();
    let stopReason: string | undefined;
    const stamp = redriveStamp();
    const log = new Map<number, RedriveLogEntry & { sent: bigint[] }>();

    try {
      const outcome = await readTopic(this.connection, {
        topic,
        start,
        end,
        groupId: options.dryRun ? undefined : groupId,
        signal: interrupt.signal,
        onBatch: async (records, context) => {
          const partitionProgress = progress.get(context.partition)!;
          const pending: { record: ReadRecord; target: Target }[] = [];
          // Sent in chunks, in order; marked sent (and so committed) only once Kafka acknowledged them.
          const flush = async () => {
            if (pending.length === 0) return;
            if (producer) await this.sendAll(producer, topic, stamp, pending);
            for (const { record, target } of pending) {
              partitionProgress.markSent(BigInt(record.offset));
              const entry = log.get(record.partition) ?? { deadLetterTopic: topic, partition: record.partition, offsets: '', ...stamp, sentTo: {}, sent: [] };
              entry.sent.push(BigInt(record.offset));
              entry.sentTo[target.topic] = (entry.sentTo[target.topic] ?? 0) + 1;
              log.set(record.partition, entry);
              summary.sent++;
              summary.byTopic[target.topic] = (summary.byTopic[target.topic] ?? 0) + 1;
            }
            pending.length = 0;
            if (partitionProgress.metadata().length > METADATA_LIMIT) {
              stopReason = `too many re-driven records lie after records this filter leaves in ${topic}/${context.partition}; re-drive those first (or without filters), then run this again`;
            }
          };
          let consumed = 0;
          for (const record of records) {
            if (interrupt.signal.aborted || stopReason) break;
            const letter = viewDeadLetter(record);
            summary.read++;
            consumed++;
            bar.increment();
            if (partitionProgress.wasSent(BigInt(record.offset))) summary.alreadySent++;
            else if (!matchesDeadLetter(letter, options)) summary.notMatched++;
            else {
              summary.matched++;
              const target = await this.targetOf(letter, partitionCounts);
              if (!target) summary.unroutable++;
              else pending.push({ record, target });
              if (pending.length >= SEND_CHUNK) await flush();
            }
          }
          await flush();
          const done = records.slice(0, consumed).map((r) => BigInt(r.offset));
          const whole = consumed === records.length;
          partitionProgress.advance(
            done,
            whole ? BigInt(records[records.length - 1].offset) + 1n : done.length ? done[done.length - 1] + 1n : partitionProgress.offset,
          );
          if (producer && done.length > 0) await context.commit(partitionProgress.offset, partitionProgress.metadata());
          return { consumed, stop: consumed < records.length };
        },
      });
      bar.stop();
      this.report(topic, summary, options, outcome.endedBy === 'signal' || interrupt.signal.aborted);
      if (stopReason) throw new CommandFailedError(`redrive stopped: ${stopReason}`);
    } finally {
      bar.stop();
      interrupt.dispose();
      if (producer) {
        const entries = [...log.values()].map(({ sent, ...entry }) => ({ ...entry, offsets: offsetRanges(sent) }));
        await appendRedriveLog(this.connection, topic, entries).catch((error) =>
          this.printer.note(
            `the redrive log ${redriveLogTopicFor(topic)} could not be written (what was sent is still recorded in group ${groupId}): ${describeError(error)}`,
          ),
        );
      }
    }
  }

  /** Where a dead letter goes back to: its source topic, on its source partition when that still exists. */
  private async targetOf(letter: DeadLetterView, counts: Map<string, number | null>): Promise<Target | undefined> {
    if (!letter.sourceTopic) return undefined;
    if (!counts.has(letter.sourceTopic)) {
      const admin = await this.connection.admin();
      const exists = (await admin.listTopics()).includes(letter.sourceTopic);
      counts.set(letter.sourceTopic, exists ? (await admin.describeTopics([letter.sourceTopic]))[0].partitions.length : null);
    }
    const count = counts.get(letter.sourceTopic);
    if (count === null || count === undefined) return undefined;
    const partition = letter.sourcePartition !== null && letter.sourcePartition < count ? letter.sourcePartition : undefined;
    return { topic: letter.sourceTopic, partition };
  }

  /** One request for a chunk; within a topic the records keep their order. Each copy says where it came from, who sent it and when. */
  private async sendAll(
    producer: KeyedSender,
    topic: string,
    stamp: { by: string; at: string },
    items: { record: ReadRecord; target: Target }[],
  ): Promise<void> {
    await producer.sendMany(
      items.map(({ record, target }) => ({
        topic: target.topic,
        record: {
          key: record.key,
          value: record.value,
          headers: { ...stripDeadLetterHeaders(record.headers), ...redriveHeaders(topic, record.partition, record.offset, stamp) },
          partition: target.partition,
        },
      })),
    );
  }

  private report(topic: string, summary: RedriveSummary, options: RedriveOptions, interrupted: boolean): void {
    if (options.json) {
      this.printer.json({ topic, ...summary, dryRun: options.dryRun === true, interrupted });
    } else {
      const verb = options.dryRun ? 'would send' : 'sent';
      const where = Object.entries(summary.byTopic)
        .map(([t, n]) => `${n} to ${t}`)
        .join(', ');
      this.printer.line(
        `read ${summary.read}, matched ${summary.matched}, ${verb} ${summary.sent}${where ? ` (${where})` : ''}, already sent before ${summary.alreadySent}, not matching ${summary.notMatched}, unroutable ${summary.unroutable}`,
      );
      if (summary.unroutable > 0)
        this.printer.note(`${summary.unroutable} dead letter(s) have no source topic header, or their source topic no longer exists; they stay in ${topic}`);
    }
    if (interrupted) {
      this.printer.note(`interrupted: progress up to here is committed in group ${redriveGroupFor(topic)}; run the same command again to continue`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--dry-run', description: 'say what would be sent, send and commit nothing' })
  parseDryRun(): boolean {
    return true;
  }

  @Help('after')
  example(): string {
    return [
      '',
      'Examples:',
      '  $ streamline dlq redrive orders.streamline-consumer.dlq --dry-run',
      '  $ streamline dlq redrive orders.streamline-consumer.dlq --reason handler-failed --type order.paid.v1',
    ].join('\n');
  }
}
