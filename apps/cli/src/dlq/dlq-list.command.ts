import { Help, Option, SubCommand } from 'nest-commander';
import { KafkaCommand } from '../kafka/kafka-command';
import { KafkaConnection } from '../kafka/kafka-connection';
import { readTopic } from '../kafka/record-reader';
import { topicBounds } from '../kafka/topic-positions';
import { Printer } from '../output/printer';
import { Progress } from '../output/progress';
import { viewDeadLetter } from './dead-letter-view';
import { requireDeadLetterTopic } from './dead-letter-reasons';
import { readRedriveLog, redriveIndex } from './redrive-log';
import { committedRedriveProgress, redriveGroupFor } from './redrive-state';

interface ListOptions {
  json?: boolean;
}

interface Bucket {
  reason: string;
  type: string;
  count: number;
  /** Already sent back by a redrive. */
  redriven: number;
  sourceTopics: Set<string>;
  firstFailedAt?: string;
  lastFailedAt?: string;
}

/** One redrive run as far as this topic's letters go: who, when, how many. */
interface Redrive {
  by: string | null;
  at: string | null;
  count: number;
}

/** `streamline dlq list`: dead letters counted by reason and event type, and what redrives already sent back. */
@SubCommand({
  name: 'list',
  arguments: '<topic>',
  argsDescription: { topic: 'dead-letter topic, <topic>.<group>.dlq' },
  description: 'count the dead letters of a topic by reason and event type, and which were already redriven (by whom, when)',
})
export class DlqListCommand extends KafkaCommand<ListOptions> {
  constructor(
    connection: KafkaConnection,
    private readonly printer: Printer,
  ) {
    super(connection);
  }

  protected async execute([name]: string[], options: ListOptions): Promise<void> {
    const topic = this.connection.topic(name);
    requireDeadLetterTopic(topic);
    const bounds = await topicBounds(this.connection, topic);
    const sent = await committedRedriveProgress(this.connection, topic, bounds);
    const whoSent = redriveIndex(await readRedriveLog(this.connection, topic));
    const buckets = new Map<string, Bucket>();
    const redrives = new Map<string, Redrive>();
    let total = 0;
    let redriven = 0;
    const progress = new Progress(
      `reading ${topic}`,
      bounds.reduce((sum, b) => sum + Number(b.high - b.low), 0),
      { json: options.json },
    );
    await readTopic(this.connection, {
      topic,
      start: new Map(bounds.map((b) => [b.partition, b.low])),
      end: new Map(bounds.map((b) => [b.partition, b.high])),
      onBatch: async (records) => {
        for (const record of records) {
          const view = viewDeadLetter(record);
          const type = view.type ?? '-';
          const key = `${view.reason}\u0000${type}`;
          const bucket = buckets.get(key) ?? { reason: view.reason, type, count: 0, redriven: 0, sourceTopics: new Set<string>() };
          bucket.count++;
          if (view.sourceTopic) bucket.sourceTopics.add(view.sourceTopic);
          if (view.failedAt && (!bucket.firstFailedAt || view.failedAt < bucket.firstFailedAt)) bucket.firstFailedAt = view.failedAt;
          if (view.failedAt && (!bucket.lastFailedAt || view.failedAt > bucket.lastFailedAt)) bucket.lastFailedAt = view.failedAt;
          const offset = BigInt(record.offset);
          if (sent.get(record.partition)?.wasSent(offset)) {
            bucket.redriven++;
            redriven++;
            // The group's offsets say what was sent; the log says by whom and when (absent for redrives before it existed).
            const entry = whoSent(record.partition, offset);
            const run = redrives.get(`${entry?.by}\u0000${entry?.at}`) ?? { by: entry?.by ?? null, at: entry?.at ?? null, count: 0 };
            run.count++;
            redrives.set(`${entry?.by}\u0000${entry?.at}`, run);
          }
          buckets.set(key, bucket);
          total++;
          progress.increment();
        }
      },
    }).finally(() => progress.stop());
    const rows = [...buckets.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason) || a.type.localeCompare(b.type));
    const runs = [...redrives.values()].sort((a, b) => (a.at ?? '').localeCompare(b.at ?? ''));
    if (options.json) {
      rows.forEach((b) => this.printer.json({ ...b, sourceTopics: [...b.sourceTopics] }));
      runs.forEach((run) => this.printer.json({ redrive: run }));
      return;
    }
    this.printer.line(`${total} dead letter(s) in ${topic}${redriven > 0 ? `, ${redriven} already redriven, ${total - redriven} not` : ''}`);
    if (total === 0) return;
    this.printer.table(
      [
        { header: 'REASON' },
        { header: 'TYPE' },
        { header: 'COUNT', align: 'right' },
        { header: 'REDRIVEN', align: 'right' },
        { header: 'SOURCE' },
        { header: 'FIRST FAILED' },
        { header: 'LAST FAILED' },
      ],
      rows.map((b) => [
        b.reason,
        b.type,
        String(b.count),
        String(b.redriven),
        [...b.sourceTopics].join(',') || '-',
        b.firstFailedAt ?? '-',
        b.lastFailedAt ?? '-',
      ]),
    );
    for (const run of runs) {
      this.printer.line(
        run.at
          ? `redriven ${run.count} at ${run.at} by ${run.by}`
          : `redriven ${run.count} (recorded in group ${redriveGroupFor(topic)}; who and when not recorded)`,
      );
    }
  }

  @Option({ flags: '--json', description: 'one JSON object per reason and type, then one per redrive ({"redrive": {by, at, count}})' })
  parseJson(): boolean {
    return true;
  }

  @Help('after')
  example(): string {
    return '\nExample:\n  $ streamline dlq list orders.streamline-consumer.dlq';
  }
}
