import { Command, Help, Option } from 'nest-commander';
import { formatDuration } from '../shared/durations';
import { KafkaCommand } from '../kafka/kafka-command';
import { KafkaConnection } from '../kafka/kafka-connection';
import { Printer } from '../output/printer';
import { inspectTopics, TopicInspection } from './topic-inspection';
import { TopicsCreateCommand } from './topics-create.command';
import { TopicsManifestCommand } from './topics-manifest.command';

interface TopicsOptions {
  json?: boolean;
  check?: boolean;
}

/** `streamline topics`: the registry's topics side by side with the broker's. */
@Command({
  name: 'topics',
  description: "compare the registry's topics with the broker's: partitions, replication, retention, end offsets",
  subCommands: [TopicsCreateCommand, TopicsManifestCommand],
})
export class TopicsCommand extends KafkaCommand<TopicsOptions> {
  constructor(
    connection: KafkaConnection,
    private readonly printer: Printer,
  ) {
    super(connection);
  }

  protected async execute(_: string[], options: TopicsOptions): Promise<void> {
    const topics = await inspectTopics(await this.connection.admin(), this.connection.prefix);
    if (options.json) topics.forEach((t) => this.printer.json(t));
    else printTopics(this.printer, topics);
    const problems = topics.filter((t) => t.status === 'missing' || t.status === 'differs');
    if (options.check && problems.length > 0) {
      this.printer.note(`${problems.length} topic(s) missing or different from the registry: ${problems.map((t) => t.name).join(', ')}`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--json', description: 'one JSON object per topic' })
  parseJson(): boolean {
    return true;
  }

  @Option({ flags: '--check', description: 'exit 1 when a registry topic is missing or differs' })
  parseCheck(): boolean {
    return true;
  }

  @Help('after')
  example(): string {
    return '\nExamples:\n  $ streamline topics\n  $ streamline topics --check || streamline topics create';
  }
}

export function printTopics(printer: Printer, topics: TopicInspection[]): void {
  const rows = topics.map((t) => {
    const a = t.actual;
    const partitions = a ? String(a.partitions) : '-';
    const wanted = t.wanted ? `${t.wanted.partitions}` : '';
    const retention = a?.retentionMs !== undefined ? formatDuration(a.retentionMs) : '-';
    const records = a ? String(a.endOffsets.reduce((sum, o) => sum + BigInt(o.high) - BigInt(o.low), 0n)) : '-';
    const ends = a ? a.endOffsets.map((o) => o.high).join(',') : '-';
    const status = t.status === 'derived' ? `derived from ${t.derivedFrom}` : t.status === 'differs' ? `differs: ${t.differences.join('; ')}` : t.status;
    return [
      t.name,
      partitions,
      wanted,
      a ? String(a.replicationFactor) : '-',
      retention,
      t.wanted ? formatDuration(t.wanted.retentionMs) : '',
      records,
      ends,
      status,
    ];
  });
  printer.table(
    [
      { header: 'TOPIC' },
      { header: 'PARTITIONS', align: 'right' },
      { header: 'REGISTRY', align: 'right' },
      { header: 'REPLICAS', align: 'right' },
      { header: 'RETENTION' },
      { header: 'REGISTRY' },
      { header: 'RECORDS', align: 'right' },
      { header: 'END OFFSETS' },
      { header: 'STATUS' },
    ],
    rows,
  );
}
