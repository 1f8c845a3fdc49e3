import { Help, Option, SubCommand } from 'nest-commander';

import { KafkaCommand } from '../kafka/kafka-command';
import { KafkaConnection } from '../kafka/kafka-connection';
import { createTopicsReady } from '../kafka/topic-creation';
import { Printer } from '../output/printer';
import { UsageError } from '../errors/cli.errors';
import { ORDER_TOPICS } from '@streamline/orders';

interface CreateOptions {
  replicationFactor?: number;
  dryRun?: boolean;
}

/** `streamline topics create`: creates the registry's topics that the broker lacks. */
@SubCommand({ name: 'create', description: "create the registry's topics that are missing on the broker" })
export class TopicsCreateCommand extends KafkaCommand<CreateOptions> {
  constructor(
    connection: KafkaConnection,
    private readonly printer: Printer,
  ) {
    super(connection);
  }

  protected async execute(_: string[], options: CreateOptions): Promise<void> {
    const admin = await this.connection.admin();
    const existing = new Set(await admin.listTopics());
    const missing = ORDER_TOPICS.map((t) => ({ ...t, name: this.connection.topic(t.name) })).filter((t) => !existing.has(t.name));
    if (missing.length === 0) {
      this.printer.line('every registry topic exists; nothing to create');
      return;
    }
    for (const t of missing) {
      const rf = options.replicationFactor ? `replication factor ${options.replicationFactor}` : "the broker's default replication factor";
      this.printer.line(`${options.dryRun ? 'would create' : 'creating'} ${t.name}: ${t.partitions} partitions, retention.ms=${t.retentionMs}, ${rf}`);
    }
    if (options.dryRun) return;
    await createTopicsReady(
      this.connection,
      missing.map((t) => ({
        name: t.name,
        partitions: t.partitions,
        replicationFactor: options.replicationFactor,
        configs: { 'retention.ms': String(t.retentionMs) },
      })),
    );
    this.printer.line(`created ${missing.length} topic(s); every partition has a leader`);
  }

  @Option({ flags: '--replication-factor <n>', description: "replicas per partition (default: the broker's default.replication.factor)" })
  parseReplicationFactor(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--replication-factor must be a positive integer, got "${value}"`);
    return n;
  }

  @Option({ flags: '--dry-run', description: 'say what would be created, create nothing' })
  parseDryRun(): boolean {
    return true;
  }

  @Help('after')
  example(): string {
    return '\nExample:\n  $ KAFKA_TOPIC_PREFIX=staging. streamline topics create --replication-factor 3';
  }
}
