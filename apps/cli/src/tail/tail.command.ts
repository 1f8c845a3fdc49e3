import { Command, Help, Option } from 'nest-commander';
import { KafkaCommand } from '../kafka/kafka-command';
import { KafkaConnection } from '../kafka/kafka-connection';
import { readTopic } from '../kafka/record-reader';
import { resolvePositions, topicBounds } from '../kafka/topic-positions';
import { Printer } from '../output/printer';
import { Progress } from '../output/progress';
import { parseCount, parseList } from '../shared/flag-parsers';
import { interruptSignal } from '../shared/interrupt';
import { parsePosition, PositionSpec } from '../shared/position-spec';
import { formatRecordLine, viewRecord } from '../shared/record-view';

interface TailOptions {
  from?: PositionSpec;
  limit?: number;
  key?: string[];
  type?: string[];
  json?: boolean;
  follow?: boolean;
}

/** `streamline tail <topic>`: decoded events as they arrive, or from a point in history. */
@Command({
  name: 'tail',
  arguments: '<topic>',
  argsDescription: { topic: 'topic to read (the prefix is added unless the name has it)' },
  description: 'print decoded events of a topic as they arrive or from a point in its history',
})
export class TailCommand extends KafkaCommand<TailOptions> {
  constructor(
    connection: KafkaConnection,
    private readonly printer: Printer,
  ) {
    super(connection);
  }

  protected async execute([name]: string[], options: TailOptions): Promise<void> {
    const topic = this.connection.topic(name);
    const bounds = await topicBounds(this.connection, topic);
    const from = options.from ?? { kind: 'latest' };
    // Offsets per partition (3:120) jump to those partitions only: the others start at their end and are not shown.
    const only = from.kind === 'offsets' ? new Set(from.offsets.keys()) : undefined;
    const start = await resolvePositions(this.connection, topic, from, bounds);
    if (only) for (const b of bounds) if (!only.has(b.partition)) start.set(b.partition, b.high);
    const end = options.follow === false ? new Map(bounds.map((b) => [b.partition, b.high])) : undefined;
    const limit = options.limit;
    const progress = limit !== undefined ? new Progress('tail', limit, { json: options.json, unit: 'events' }) : undefined;
    const interrupt = interruptSignal();
    let shown = 0;
    try {
      const outcome = await readTopic(this.connection, {
        topic,
        start,
        end,
        signal: interrupt.signal,
        onBatch: async (records) => {
          for (const [i, record] of records.entries()) {
            if (only && !only.has(record.partition)) continue;
            const view = viewRecord(record);
            if (options.key && !options.key.includes(view.key ?? '')) continue;
            if (options.type && !options.type.includes(view.type ?? '')) continue;
            const line = options.json ? JSON.stringify(view) : formatRecordLine(view);
            if (progress) progress.log(line);
            else this.printer.line(line);
            shown++;
            progress?.increment();
            if (limit !== undefined && shown >= limit) return { consumed: i + 1, stop: true };
          }
        },
      });
      progress?.stop();
      const why = outcome.endedBy === 'signal' ? 'interrupted' : outcome.endedBy === 'end' ? 'reached the end of the log' : `limit of ${limit} reached`;
      this.printer.note(`${shown} event(s) shown; ${why}`);
    } finally {
      progress?.stop();
      interrupt.dispose();
    }
  }

  @Option({
    flags: '--from <position>',
    description:
      'beginning, end (default), an ISO time, a duration back from now (15m, 2h), offsets per partition (3:120, only the partitions named) or shift:-N (the last N of each partition)',
  })
  parseFrom(value: string): PositionSpec {
    return parsePosition(value, '--from', { allowOffsets: true });
  }

  @Option({ flags: '-n, --limit <count>', description: 'stop after this many events' })
  parseLimit(value: string): number {
    return parseCount(value, '--limit');
  }

  @Option({ flags: '--key <key>', description: 'only events with this key (repeatable, or comma-separated)' })
  parseKey(value: string, previous?: string[]): string[] {
    return parseList(value, previous);
  }

  @Option({ flags: '--type <type>', description: 'only events of this type, e.g. order.placed.v1 (repeatable)' })
  parseType(value: string, previous?: string[]): string[] {
    return parseList(value, previous);
  }

  @Option({ flags: '--json', description: 'one JSON object per event: key, partition, offset, timestamp, headers, data, valid' })
  parseJson(): boolean {
    return true;
  }

  @Option({ flags: '--no-follow', description: 'stop at the end of the log instead of waiting for new events' })
  parseNoFollow(): boolean {
    return false;
  }

  @Help('after')
  example(): string {
    return [
      '',
      'Examples:',
      '  $ streamline tail orders                                  # new events, until Ctrl-C',
      '  $ streamline tail orders --from 15m --type order.paid.v1',
      '  $ streamline tail orders --from beginning --limit 100 --json > orders.jsonl',
      '  $ streamline tail orders --from 3:120 --no-follow',
      '  $ streamline tail orders.streamline-consumer.dlq --from beginning --no-follow',
    ].join('\n');
  }
}
