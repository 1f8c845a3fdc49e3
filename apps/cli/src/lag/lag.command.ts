import { Command, Help, Option } from 'nest-commander';
import { DrainTimeoutError, fetchGroupLag, GroupLag, waitUntilDrained } from '@streamline/kafka';
import { KafkaCommand } from '../kafka/kafka-command';
import { KafkaConnection } from '../kafka/kafka-connection';
import { describeGroup, GroupState, requireGroup } from '../kafka/group-state';
import { topicBounds } from '../kafka/topic-positions';
import { Printer } from '../output/printer';
import { parseDuration } from '../shared/durations';
import { parseList } from '../shared/flag-parsers';
import { interruptSignal } from '../shared/interrupt';
import { CommandFailedError, UsageError } from '../errors/cli.errors';

interface LagOptions {
  topic?: string[];
  wait?: boolean;
  timeout?: number;
  json?: boolean;
}

/** `streamline lag <group>`: how far behind a group is, and `--wait` until it has caught up. */
@Command({
  name: 'lag',
  arguments: '<group>',
  argsDescription: { group: 'consumer group id' },
  description: "a consumer group's lag per partition and in total; --wait returns once it is zero (exit 0) or on time-out (exit 1)",
})
export class LagCommand extends KafkaCommand<LagOptions> {
  constructor(
    connection: KafkaConnection,
    private readonly printer: Printer,
  ) {
    super(connection);
  }

  protected async execute([groupId]: string[], options: LagOptions): Promise<void> {
    const topics = options.topic?.map((t) => this.connection.topic(t));
    const group = topics?.length ? await describeGroup(this.connection, groupId) : await requireGroup(this.connection, groupId);
    for (const topic of topics ?? []) await topicBounds(this.connection, topic);
    if (!topics?.length && group.topics.length === 0) {
      throw new CommandFailedError(`group ${groupId} has no committed offsets yet; name the topics to measure with --topic`);
    }
    const admin = await this.connection.admin();
    if (!options.wait) {
      this.print(group, await fetchGroupLag(admin, groupId, topics ?? group.topics), options);
      return;
    }
    const timeoutMs = options.timeout ?? 60_000;
    const interrupt = interruptSignal();
    let lastNote = 0;
    try {
      const lag = await waitUntilDrained(admin, groupId, topics ?? group.topics, {
        timeoutMs,
        signal: interrupt.signal,
        onLag: (l) => {
          if (!options.json && l.total > 0 && Date.now() - lastNote >= 5000) {
            lastNote = Date.now();
            this.printer.note(`waiting for ${groupId} to drain: lag ${l.total}`);
          }
        },
      });
      this.print(group, lag, options);
      if (!options.json) this.printer.line(`drained: ${groupId} has handled everything written to ${lag.partitions.length} partition(s)`);
    } catch (error) {
      if (error instanceof DrainTimeoutError) {
        this.print(group, error.lag, options);
        throw new CommandFailedError(`timed out after ${timeoutMs / 1000} s: ${groupId} still has a lag of ${error.lag.total}`);
      }
      if (interrupt.signal.aborted) throw new CommandFailedError(`interrupted while waiting for ${groupId} to drain`);
      throw error;
    } finally {
      interrupt.dispose();
    }
  }

  private print(group: GroupState, lag: GroupLag, options: LagOptions): void {
    if (options.json) {
      this.printer.json({ ...lag, state: group.state, members: group.members.length });
      return;
    }
    this.printer.line(`group ${group.groupId}: ${group.state}, ${group.members.length} member(s)`);
    this.printer.table(
      [
        { header: 'TOPIC' },
        { header: 'PARTITION', align: 'right' },
        { header: 'COMMITTED', align: 'right' },
        { header: 'END', align: 'right' },
        { header: 'LAG', align: 'right' },
      ],
      lag.partitions.map((p) => [p.topic, String(p.partition), p.committed ?? '-', p.high, String(p.lag)]),
    );
    this.printer.line(`total lag: ${lag.total}`);
  }

  @Option({ flags: '--topic <topic>', description: 'topics to measure (default: every topic the group has committed offsets for); repeatable' })
  parseTopic(value: string, previous?: string[]): string[] {
    return parseList(value, previous);
  }

  @Option({ flags: '--wait', description: 'wait until the lag is zero; exit 0 when drained, 1 on time-out' })
  parseWait(): boolean {
    return true;
  }

  @Option({ flags: '--timeout <duration>', description: 'how long --wait waits (default: 60s), e.g. 30s, 5m' })
  parseTimeout(value: string): number {
    const ms = parseDuration(value);
    if (ms === undefined || ms <= 0) throw new UsageError(`--timeout must be a duration such as 30s or 5m, got "${value}"`);
    return ms;
  }

  @Option({ flags: '--json', description: 'print the lag as one JSON object' })
  parseJson(): boolean {
    return true;
  }

  @Help('after')
  example(): string {
    return [
      '',
      'Examples:',
      '  $ streamline lag streamline-consumer',
      '  $ streamline lag streamline-consumer --topic orders --wait --timeout 2m && echo drained',
    ].join('\n');
  }
}
