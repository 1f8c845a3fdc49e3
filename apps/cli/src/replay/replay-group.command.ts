import { Help, Option, SubCommand } from 'nest-commander';
import { CommandFailedError, UsageError } from '../errors/cli.errors';
import { describeMembers, requireGroup } from '../kafka/group-state';
import { KafkaCommand } from '../kafka/kafka-command';
import { KafkaConnection } from '../kafka/kafka-connection';
import { resolvePositions, topicBounds } from '../kafka/topic-positions';
import { Printer } from '../output/printer';
import { parsePosition, PositionSpec } from '../shared/position-spec';
import { planMoves } from './replay-plan';

interface ReplayGroupOptions {
  topic?: string;
  to?: PositionSpec;
  execute?: boolean;
  json?: boolean;
}

/** `streamline replay group`: moves a consumer group's committed offsets so it re-reads history. */
@SubCommand({
  name: 'group',
  arguments: '<group>',
  argsDescription: { group: 'consumer group to rewind' },
  description: 'rewind a consumer group on a topic to a time, a duration ago, earliest or offsets; a dry run unless --execute',
})
export class ReplayGroupCommand extends KafkaCommand<ReplayGroupOptions> {
  constructor(
    connection: KafkaConnection,
    private readonly printer: Printer,
  ) {
    super(connection);
  }

  protected async execute([groupId]: string[], options: ReplayGroupOptions): Promise<void> {
    if (!options.topic) throw new UsageError('--topic <topic> is required');
    if (!options.to) throw new UsageError('--to <position> is required: an ISO time, a duration (15m), earliest, latest, 0:120,3:80 or shift:-N');
    const topic = this.connection.topic(options.topic);
    const bounds = await topicBounds(this.connection, topic);
    const group = await requireGroup(this.connection, groupId);
    const admin = await this.connection.admin();
    const committed = (await admin.groupOffsets(groupId, [topic]))[0]?.partitions ?? [];
    const current = new Map<number, bigint | null>(
      bounds.map((b) => {
        const raw = committed.find((p) => p.partition === b.partition)?.offset;
        return [b.partition, raw !== undefined && BigInt(raw) >= 0n ? BigInt(raw) : null];
      }),
    );
    const known = new Map([...current].filter(([, v]) => v !== null) as [number, bigint][]);
    const next = await resolvePositions(this.connection, topic, options.to, bounds, known);
    const moves = planMoves(bounds, current, next);
    const reread = moves.reduce((sum, m) => sum + m.reread, 0);
    const skipped = moves.reduce((sum, m) => sum + m.skipped, 0);
    const active = group.members.length > 0;

    if (options.json) {
      this.printer.json({
        group: groupId,
        topic,
        to: describeSpec(options.to),
        partitions: moves,
        reread,
        skipped,
        execute: options.execute === true,
        activeMembers: group.members,
      });
    } else {
      this.printer.line(`replay plan for group ${groupId} on ${topic}, to ${describeSpec(options.to)}:`);
      this.printer.table(
        [
          { header: 'PARTITION', align: 'right' },
          { header: 'CURRENT', align: 'right' },
          { header: 'NEW', align: 'right' },
          { header: 'END', align: 'right' },
          { header: 'RE-READ', align: 'right' },
          { header: 'SKIPPED', align: 'right' },
        ],
        moves.map((m) => [String(m.partition), m.current ?? '-', m.next, m.end, String(m.reread), String(m.skipped)]),
      );
      this.printer.line(`total: ${reread} record(s) to re-read${skipped ? `, ${skipped} skipped` : ''}`);
    }
    if (active) {
      const message = `group ${groupId} has ${group.members.length} active member(s): ${describeMembers(group)}; stop them before moving its offsets`;
      if (options.execute) throw new CommandFailedError(message);
      this.printer.note(`note: ${message}`);
    }
    if (!options.execute) {
      if (!options.json) this.printer.line('dry run: nothing changed; add --execute to apply');
      return;
    }
    await admin.setGroupOffsets(
      groupId,
      topic,
      moves.map((m) => ({ partition: m.partition, offset: m.next })),
    );
    if (!options.json) this.printer.line(`applied: ${groupId} will resume ${topic} at the new offsets when it next starts`);
  }

  @Option({ flags: '--topic <topic>', description: 'topic whose offsets move (required)' })
  parseTopic(value: string): string {
    return value;
  }

  @Option({
    flags: '--to <position>',
    description: 'an ISO time, a duration back from now (15m, 2h), earliest, latest, offsets per partition (0:120,3:80), or shift:-N (required)',
  })
  parseTo(value: string): PositionSpec {
    return parsePosition(value, '--to', { allowOffsets: true });
  }

  @Option({ flags: '--execute', description: 'apply the plan (without it, only print it)' })
  parseExecute(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'print the plan as one JSON object' })
  parseJson(): boolean {
    return true;
  }

  @Help('after')
  example(): string {
    return [
      '',
      'Examples:',
      '  $ streamline replay group streamline-consumer --topic orders --to 2026-11-23T09:00:00Z',
      '  $ streamline replay group streamline-consumer --topic orders --to 2h --execute',
      '  $ streamline replay group streamline-consumer --topic orders --to earliest --execute',
    ].join('\n');
  }
}

function describeSpec(spec: PositionSpec): string {
  switch (spec.kind) {
    case 'time':
      return spec.text;
    case 'offsets':
      return [...spec.offsets].map(([p, o]) => `${p}:${o}`).join(',');
    case 'shift':
      return `shift ${spec.by}`;
    default:
      return spec.kind;
  }
}
