import { Help, Option, SubCommand } from 'nest-commander';
import { KafkaCommand } from '../kafka/kafka-command';
import { KafkaConnection } from '../kafka/kafka-connection';
import { readTopic } from '../kafka/record-reader';
import { topicBounds } from '../kafka/topic-positions';
import { Printer } from '../output/printer';
import { viewDeadLetter } from './dead-letter-view';

interface ListOptions {
  json?: boolean;
}

interface Bucket {
  reason: string;
  type: string;
  count: number;
  sourceTopics: Set<string>;
  firstFailedAt?: string;
  lastFailedAt?: string;
}

/** `streamline dlq list`: dead letters counted by reason and event type. */
@SubCommand({ name: 'list', arguments: '<topic>', argsDescription: { topic: 'dead-letter topic, <topic>.<group>.dlq' }, description: 'count the dead letters of a topic by reason and event type' })
export class DlqListCommand extends KafkaCommand<ListOptions> {
  constructor(
    connection: KafkaConnection,
    private readonly printer: Printer,
  ) {
    super(connection);
  }

  protected async execute([name]: string[], options: ListOptions): Promise<void> {
    const topic = this.connection.topic(name);
    const bounds = await topicBounds(this.connection, topic);
    const buckets = new Map<string, Bucket>();
    let total = 0;
    await readTopic(this.connection, {
      topic,
      start: new Map(bounds.map((b) => [b.partition, b.low])),
      end: new Map(bounds.map((b) => [b.partition, b.high])),
      onBatch: async (records) => {
        for (const record of records) {
          const view = viewDeadLetter(record);
          const type = view.type ?? '-';
          const bucket = buckets.get(`${view.reason}\u0000${type}`) ?? { reason: view.reason, type, count: 0, sourceTopics: new Set<string>() };
          bucket.count++;
          if (view.sourceTopic) bucket.sourceTopics.add(view.sourceTopic);
          if (view.failedAt && (!bucket.firstFailedAt || view.failedAt < bucket.firstFailedAt)) bucket.firstFailedAt = view.failedAt;
          if (view.failedAt && (!bucket.lastFailedAt || view.failedAt > bucket.lastFailedAt)) bucket.lastFailedAt = view.failedAt;
          buckets.set(`${view.reason}\u0000${type}`, bucket);
          total++;
        }
      },
    });
    const rows = [...buckets.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason) || a.type.localeCompare(b.type));
    if (options.json) {
      rows.forEach((b) => this.printer.json({ ...b, sourceTopics: [...b.sourceTopics] }));
      return;
    }
    this.printer.line(`${total} dead letter(s) in ${topic}`);
    if (total === 0) return;
    this.printer.table(
      [{ header: 'REASON' }, { header: 'TYPE' }, { header: 'COUNT', align: 'right' }, { header: 'SOURCE' }, { header: 'FIRST FAILED' }, { header: 'LAST FAILED' }],
      rows.map((b) => [b.reason, b.type, String(b.count), [...b.sourceTopics].join(',') || '-', b.firstFailedAt ?? '-', b.lastFailedAt ?? '-']),
    );
  }

  @Option({ flags: '--json', description: 'one JSON object per reason and type' })
  parseJson(): boolean {
    return true;
  }

  @Help('after')
  example(): string {
    return '\nExample:\n  $ streamline dlq list orders.streamline-consumer.dlq';
  }
}
