import { hostname } from 'node:os';
import { EventRegistry } from '@streamline/schemas';
import { KafkaClient } from '../../client/kafka-client';
import { ConfigError } from '../../errors/config.error';
import { ExactlyOnceOptions } from '../../kafka.options';
import { PartitionResolver } from '../../producer/partition-resolver';
import { EmittedEvents } from './emitted-events';
import { Transactions } from './transactional-committer';

/** Longest a transaction of a member that died stays open (and holds read_committed readers back) by default. */
export const DEFAULT_TRANSACTION_TIMEOUT_MS = 10_000;

/**
 * Throws ConfigError (at start, not retried) when exactly-once mode cannot hold: with a database
 * (a handler the idempotency guard skips as already applied would not emit again, though the
 * events of its first run may have died with their transaction), or on a client without a transactional sender (kafkajs: no KIP-447 fencing).
 */
export function assertExactlyOnceUsable(kafka: KafkaClient, hasDatabase: boolean): void {
  if (hasDatabase) {
    throw new ConfigError([
      {
        variable: 'consumer.exactlyOnce',
        expected: 'without consumer.database (an exactly-once handler writes its effect as emitted events, not to a database)',
      },
    ]);
  }
  if (!kafka.transactionalSender) {
    throw new ConfigError([
      {
        variable: 'KAFKA_CLIENT',
        expected: `platformatic for exactly-once mode (${kafka.name}' transactions cannot be fenced by the group generation, KIP-447)`,
      },
    ]);
  }
}

/** The transactions of an exactly-once consumer: a transactional producer and the encoder of the events handlers emit. */
export async function openTransactions(
  kafka: KafkaClient,
  registry: EventRegistry,
  groupId: string,
  topicPrefix: string,
  options: ExactlyOnceOptions,
): Promise<Transactions & { close(): Promise<void> }> {
  const sender = kafka.transactionalSender!({
    transactionalId: options.transactionalId ?? `${groupId}.${hostname()}.${process.pid}`,
    transactionTimeoutMs: options.transactionTimeoutMs ?? DEFAULT_TRANSACTION_TIMEOUT_MS,
    requestTimeoutMs: 10_000,
  });
  await sender.connect();
  const admin = kafka.admin();
  const events = new EmittedEvents(registry, topicPrefix, options.source ?? `/streamline/${groupId}`, new PartitionResolver(admin));
  return {
    groupId,
    sender,
    events,
    admin,
    close: async () => {
      await sender.disconnect(5_000);
      await admin.disconnect().catch(() => undefined);
    },
  };
}
