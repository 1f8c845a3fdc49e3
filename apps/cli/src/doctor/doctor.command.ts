import { Command, Help, Option } from 'nest-commander';
import { deadLetterTopicFor, retryTopicFor } from '@streamline/schemas';
import { inspectCluster, serviceNeeds, toAccessDenied } from '@streamline/kafka';
import { ORDER_TOPICS } from '@streamline/orders';
import { CliConfig } from '../cli.config';
import { KafkaCommand } from '../kafka/kafka-command';
import { KafkaConnection } from '../kafka/kafka-connection';
import { Printer } from '../output/printer';
import { parseCount, parseList } from '../shared/flag-parsers';
import { accessChecks, DoctorCheck, topicChecks } from './doctor-checks';

interface DoctorOptions {
  producerUser?: string;
  consumerUser?: string;
  cliUser?: string;
  group?: string;
  consumerTopics?: string[];
  retryTiers?: number;
}

/** `streamline doctor`: checks a cluster before a deploy and says what to fix. */
@Command({
  name: 'doctor',
  description:
    "check a cluster before a deploy: connection (TLS, SASL), each service's ACLs, the registry's topics (partitions, replication, min.insync.replicas); exit 1 on a problem",
})
export class DoctorCommand extends KafkaCommand<DoctorOptions> {
  constructor(
    connection: KafkaConnection,
    private readonly printer: Printer,
    private readonly config: CliConfig,
  ) {
    super(connection);
  }

  protected async execute(_: string[], options: DoctorOptions): Promise<void> {
    const checks: DoctorCheck[] = [];
    const login = this.config.KAFKA_SASL_MECHANISM === 'oauthbearer' ? `client ${this.config.KAFKA_SASL_OAUTH_CLIENT_ID}` : this.config.KAFKA_SASL_USERNAME;
    const as = this.config.KAFKA_SASL_MECHANISM ? `as ${login} (${this.config.KAFKA_SASL_MECHANISM})` : 'without SASL';
    const expected = ORDER_TOPICS.map((t) => ({ name: this.connection.topic(t.name), partitions: t.partitions }));
    try {
      const admin = await this.connection.admin();
      const inspection = await inspectCluster(
        admin,
        expected.map((t) => t.name),
      );
      checks.push({ ok: true, check: `connected to ${inspection.brokers} broker(s) at ${this.connection.brokers.join(',')} ${as}` });
      const group = options.group ?? 'streamline-consumer';
      const consumed = (options.consumerTopics ?? ORDER_TOPICS.map((t) => t.name)).map((t) => this.connection.topic(t));
      const tiers = options.retryTiers ?? 3;
      const parking = consumed.flatMap((topic) => [
        deadLetterTopicFor(topic, group),
        ...Array.from({ length: tiers }, (_, i) => retryTopicFor(topic, group, i + 1)),
      ]);
      const needs = serviceNeeds({ topics: expected.map((t) => t.name), consumedTopics: consumed, group, parkingTopics: parking });
      const principals = {
        producer: `User:${options.producerUser ?? 'producer'}`,
        consumer: `User:${options.consumerUser ?? 'consumer'}`,
        cli: `User:${options.cliUser ?? this.config.KAFKA_SASL_USERNAME ?? 'operator'}`,
      };
      checks.push(...accessChecks(inspection.acls, needs, principals), ...topicChecks(inspection, expected));
    } catch (error) {
      const reason = toAccessDenied(error)?.message ?? (error as Error).message;
      checks.push({ ok: false, check: `connect to ${this.connection.brokers.join(',')} ${as}`, fix: reason });
    }
    this.print(checks);
    if (checks.some((c) => !c.ok)) process.exitCode = 1;
  }

  private print(checks: DoctorCheck[]): void {
    this.printer.table(
      [{ header: '' }, { header: 'check' }, { header: 'to fix' }],
      checks.map((c) => [c.ok ? '✓' : '✗', c.check, c.fix ?? '']),
    );
    const failed = checks.filter((c) => !c.ok).length;
    this.printer.line(failed ? `${failed} of ${checks.length} checks failed` : `all ${checks.length} checks passed`);
  }

  @Option({ flags: '--producer-user <name>', description: 'SASL user the producer service runs as (default: producer)' })
  parseProducerUser(value: string): string {
    return value;
  }

  @Option({ flags: '--consumer-user <name>', description: 'SASL user the consumer service runs as (default: consumer)' })
  parseConsumerUser(value: string): string {
    return value;
  }

  @Option({ flags: '--cli-user <name>', description: 'SASL user the command line runs as (default: $KAFKA_SASL_USERNAME or operator)' })
  parseCliUser(value: string): string {
    return value;
  }

  @Option({ flags: '--group <id>', description: "the consumer service's group (default: streamline-consumer)" })
  parseGroup(value: string): string {
    return value;
  }

  @Option({ flags: '--consumer-topics <topic,...>', description: 'topics the consumer reads (default: every registry topic)' })
  parseConsumerTopics(value: string, previous?: string[]): string[] {
    return parseList(value, previous);
  }

  @Option({ flags: '--retry-tiers <n>', description: "the consumer's retry tiers (default: 3)" })
  parseRetryTiers(value: string): number {
    return parseCount(value, '--retry-tiers', 0);
  }

  @Help('after')
  example(): string {
    return '\nExamples:\n  $ streamline doctor\n  $ streamline doctor --group orders-service --consumer-topics orders --retry-tiers 2';
  }
}
