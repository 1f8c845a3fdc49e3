import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Help, Option } from 'nest-commander';
import { retryTopicFor } from '@streamline/schemas';
import { CliConfig } from '../cli.config';
import { CommandFailedError, UsageError } from '../errors/cli.errors';
import { describeMembers, requireGroup } from '../kafka/group-state';
import { KafkaCommand } from '../kafka/kafka-command';
import { KafkaConnection } from '../kafka/kafka-connection';
import { topicBounds } from '../kafka/topic-positions';
import { Printer } from '../output/printer';
import { StageNotes } from '../output/stage-notes';
import { parseList } from '../shared/flag-parsers';
import { planMoves } from '../replay/replay-plan';
import { ReadModelStore } from './read-model-store';

interface RebuildOptions {
  topic?: string[];
  tables?: string[];
  databaseUrl?: string;
  pgliteDir?: string;
  execute?: boolean;
}

/**
 * `streamline rebuild <group>`: rebuilds a consumer service's read model from history. Clears the
 * read model with the group's idempotency records (one transaction), rewinds the group to the
 * earliest records, and drops pending retries; the service, started again, re-applies everything.
 */
@Command({
  name: 'rebuild',
  arguments: '<group>',
  argsDescription: { group: "the consumer service's group (KAFKA_GROUP_ID)" },
  description:
    "rebuild a consumer service's read model from history: clear it with its idempotency records, rewind the group to earliest; a dry run unless --execute",
})
export class RebuildCommand extends KafkaCommand<RebuildOptions> {
  constructor(
    connection: KafkaConnection,
    private readonly printer: Printer,
    private readonly config: CliConfig,
  ) {
    super(connection);
  }

  protected async execute([groupId]: string[], options: RebuildOptions): Promise<void> {
    const url = options.databaseUrl ?? (options.pgliteDir ? undefined : this.config.DATABASE_URL);
    const pgliteDir = options.pgliteDir ?? this.config.PGLITE_DATA_DIR ?? join('.streamline', 'consumer-db', groupId);
    if (!url && pgliteDir === 'memory') {
      throw new UsageError(
        'the service keeps its read model in memory (PGLITE_DATA_DIR=memory): restarting it clears it; then run streamline replay group <group> --topic <topic> --to earliest --execute',
      );
    }
    if (!url && !existsSync(pgliteDir))
      throw new CommandFailedError(`no PGlite database at ${pgliteDir}; point --pglite-dir (or PGLITE_DATA_DIR, DATABASE_URL) at the service's database`);
    const stages = new StageNotes(this.printer);
    const group = await stages.run(`asking ${this.connection.brokers.join(',')} about group ${groupId}`, () => requireGroup(this.connection, groupId));
    const topics = options.topic?.map((t) => this.connection.topic(t)) ?? group.topics.filter((t) => !/\.(retry\.\d+|dlq)$/.test(t));
    if (topics.length === 0) throw new CommandFailedError(`group ${groupId} has no committed offsets; name its topics with --topic`);
    const admin = await this.connection.admin();
    const existing = new Set(await admin.listTopics());

    const store = new ReadModelStore(
      url ? 'PostgreSQL' : `PGlite at ${pgliteDir}`,
      { url, pgliteDir: url ? undefined : pgliteDir },
      options.tables ?? ['orders'],
      groupId,
    );
    try {
      const counts = await stages.run(`opening ${store.where} and counting what the rebuild clears`, () => store.count());
      this.printer.line(`rebuild of the read model of group ${groupId}:`);
      this.printer.line(`  database: ${store.where}`);
      const cleared = counts.tables.map((t) => `${t.name} (${t.rows} rows)`).join(', ');
      this.printer.line(
        `  clear:    ${cleared}, processed event ids of ${groupId} (${counts.processedEvents}), parked keys of ${groupId} (${counts.parkedKeys})`,
      );
      const rewinds: { topic: string; moves: ReturnType<typeof planMoves> }[] = [];
      for (const topic of topics) {
        const [bounds, committed] = await stages.run(
          `reading the offsets of ${topic}`,
          async () => [await topicBounds(this.connection, topic), (await admin.groupOffsets(groupId, [topic]))[0]?.partitions ?? []] as const,
        );
        const current = new Map(
          bounds.map((b) => {
            const raw = committed.find((p) => p.partition === b.partition)?.offset;
            return [b.partition, raw !== undefined && BigInt(raw) >= 0n ? BigInt(raw) : null] as const;
          }),
        );
        const moves = planMoves(bounds, current, new Map(bounds.map((b) => [b.partition, b.low])));
        rewinds.push({ topic, moves });
        this.printer.line(`  rewind:   ${topic} to earliest: ${moves.reduce((sum, m) => sum + m.lagAfter, 0)} record(s) to apply again`);
      }
      const retries = topics.flatMap((t) => Array.from({ length: 10 }, (_, i) => retryTopicFor(t, groupId, i + 1))).filter((t) => existing.has(t));
      for (const retry of retries) this.printer.line(`  skip:     pending retries in ${retry} (their events are applied again from the source)`);

      if (group.members.length > 0) {
        const message = `group ${groupId} has ${group.members.length} active member(s): ${describeMembers(group)}; stop the service before rebuilding`;
        if (options.execute) throw new CommandFailedError(message);
        this.printer.note(`note: ${message}`);
      }
      if (!options.execute) {
        this.printer.line('dry run: nothing changed; add --execute to rebuild');
        return;
      }
      // Offsets first: if clearing then failed, the rewound group would only find its events
      // already applied (harmless); the other way round would leave a read model missing history.
      await stages.run(`rewinding group ${groupId}`, async () => {
        for (const { topic, moves } of rewinds)
          await admin.setGroupOffsets(
            groupId,
            topic,
            moves.map((m) => ({ partition: m.partition, offset: m.next })),
          );
        for (const retry of retries) {
          const bounds = await topicBounds(this.connection, retry);
          await admin.setGroupOffsets(
            groupId,
            retry,
            bounds.map((b) => ({ partition: b.partition, offset: b.high.toString() })),
          );
        }
      });
      await stages.run(`clearing the read model and the idempotency records of ${groupId} in one transaction`, () => store.clear());
      this.printer.line(`done: start the service; it applies every event again (streamline lag ${groupId} --wait tells when it has caught up)`);
    } finally {
      await stages.run(`closing ${store.where}`, () => store.close());
    }
  }

  @Option({ flags: '--topic <topic>', description: 'topics the read model is built from (default: those the group has offsets for); repeatable' })
  parseTopic(value: string, previous?: string[]): string[] {
    return parseList(value, previous);
  }

  @Option({ flags: '--tables <names>', description: "read-model tables to empty (default: orders, the consumer service's)" })
  parseTables(value: string, previous?: string[]): string[] {
    return parseList(value, previous);
  }

  @Option({ flags: '--database-url <url>', description: 'PostgreSQL of the service (default: $DATABASE_URL)' })
  parseDatabaseUrl(value: string): string {
    if (!/^postgres(ql)?:\/\/\S+$/.test(value)) throw new UsageError('--database-url must be a postgres:// or postgresql:// URL');
    return value;
  }

  @Option({ flags: '--pglite-dir <dir>', description: "the service's PGlite directory (default: $PGLITE_DATA_DIR or .streamline/consumer-db/<group>)" })
  parsePgliteDir(value: string): string {
    return value;
  }

  @Option({ flags: '--execute', description: 'rebuild (without it, only print what would happen)' })
  parseExecute(): boolean {
    return true;
  }

  @Help('after')
  example(): string {
    return [
      '',
      'Examples:',
      '  $ streamline rebuild streamline-consumer                       # what would be cleared and re-read',
      '  $ streamline rebuild streamline-consumer --execute && npx node dist/apps/consumer/main.js',
      '  $ DATABASE_URL=postgres://app@db/orders streamline rebuild streamline-consumer --topic orders --execute',
    ].join('\n');
  }
}
