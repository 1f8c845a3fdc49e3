import { Help, Option, SubCommand } from 'nest-commander';
import { KafkaConnection } from '../kafka/kafka-connection';
import { readTopic } from '../kafka/record-reader';
import { topicBounds } from '../kafka/topic-positions';
import { Printer } from '../output/printer';
import { parseCount } from '../shared/flag-parsers';
import { viewRecord } from '../shared/record-view';
import { matchesDeadLetter, viewDeadLetter } from './dead-letter-view';
import { DlqFilteredCommand, DlqFilterOptions } from './dlq-filter-options';
import { requireDeadLetterTopic } from './dead-letter-reasons';

interface ShowOptions extends DlqFilterOptions {
  limit?: number;
}

/** `streamline dlq show`: dead letters one by one, with why they failed and where they came from. */
@SubCommand({
  name: 'show',
  arguments: '<topic>',
  argsDescription: { topic: 'dead-letter topic, <topic>.<group>.dlq' },
  description: 'print dead letters with their error headers, key and data',
})
export class DlqShowCommand extends DlqFilteredCommand<ShowOptions> {
  constructor(
    connection: KafkaConnection,
    private readonly printer: Printer,
  ) {
    super(connection);
  }

  protected async execute([name]: string[], options: ShowOptions): Promise<void> {
    const topic = this.connection.topic(name);
    requireDeadLetterTopic(topic);
    const bounds = await topicBounds(this.connection, topic);
    let shown = 0;
    await readTopic(this.connection, {
      topic,
      start: new Map(bounds.map((b) => [b.partition, b.low])),
      end: new Map(bounds.map((b) => [b.partition, b.high])),
      onBatch: async (records) => {
        for (const [i, record] of records.entries()) {
          const letter = viewDeadLetter(record);
          if (!matchesDeadLetter(letter, options)) continue;
          const view = viewRecord(record);
          if (options.json) {
            this.printer.json({ ...letter, timestamp: view.timestamp, attributes: view.attributes, headers: view.headers, data: view.data });
          } else {
            this.printer.line(`${topic}/${letter.partition}@${letter.offset} key=${letter.key ?? '-'} type=${letter.type ?? '-'}`);
            this.printer.line(`  reason:  ${letter.reason}${letter.errorName ? ` (${letter.errorName})` : ''}: ${letter.message ?? ''}`);
            this.printer.line(
              `  source:  ${letter.sourceTopic ?? '?'}/${letter.sourcePartition ?? '?'}@${letter.sourceOffset ?? '?'}, group ${letter.group ?? '?'}, attempts ${letter.attempts ?? '?'}, failed at ${letter.failedAt ?? '?'}`,
            );
            const attributes = Object.entries(view.attributes ?? {}).map(([n, v]) => `${n}=${v}`);
            if (attributes.length > 0) this.printer.line(`  event:   ${attributes.join(' ')}`);
            this.printer.line(`  data:    ${typeof view.data === 'string' ? JSON.stringify(view.data) : JSON.stringify(view.data)}`);
          }
          shown++;
          if (options.limit !== undefined && shown >= options.limit) return { consumed: i + 1, stop: true };
        }
      },
    });
    this.printer.note(`${shown} dead letter(s) shown`);
  }

  @Option({ flags: '-n, --limit <count>', description: 'show at most this many' })
  parseLimit(value: string): number {
    return parseCount(value, '--limit');
  }

  @Help('after')
  example(): string {
    return '\nExamples:\n  $ streamline dlq show orders.streamline-consumer.dlq --reason invalid-data --limit 5\n  $ streamline dlq show orders.streamline-consumer.dlq --json | jq .message';
  }
}
