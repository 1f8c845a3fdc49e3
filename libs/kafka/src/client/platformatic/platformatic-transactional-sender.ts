import { Logger } from '@nestjs/common';
import { ProduceAcks, Producer, type Consumer, type Message } from '@platformatic/kafka';
import { OutgoingRecord } from '../record-sender';
import { ConsumedOffsets, TransactionalSender, TransactionalSettings } from '../transactional-sender';
import { PlatformaticBaseOptions } from './platformatic-connection';
import { describeError, toStreamlineError } from './platformatic-errors';
import { logEventsOf } from './platformatic-log';
import { messageOf } from './platformatic-record-sender';

/**
 * TransactionalSender over @platformatic/kafka's transactions. The offsets go with the member's
 * id and generation (KIP-447): the coordinator refuses them from a member the group has moved
 * on from, so a member cut off from its group cannot commit output for partitions it lost.
 */
export class PlatformaticTransactionalSender implements TransactionalSender {
  private readonly logger = new Logger('KafkaTransactions');
  private producer: Producer<Buffer, Buffer, string, Buffer>;
  private opened?: Promise<void>;

  constructor(
    private readonly base: PlatformaticBaseOptions,
    private readonly settings: TransactionalSettings,
  ) {
    this.producer = this.createProducer();
  }

  private createProducer(): Producer<Buffer, Buffer, string, Buffer> {
    const producer = new Producer<Buffer, Buffer, string, Buffer>({
      ...this.base,
      transactionalId: this.settings.transactionalId,
      // The library gives the broker its `timeout` as the transaction timeout.
      timeout: this.settings.transactionTimeoutMs,
      requestTimeout: this.settings.requestTimeoutMs,
      idempotent: true,
      // No producer id yet (-1): the broker then fences any earlier producer of this transactional
      // id and aborts what it left open. The library's default (0, 0) reads as a claim to be
      // producer 0, which the broker refuses (PRODUCER_FENCED) for an id it already knows.
      producerId: -1n,
      producerEpoch: -1,
      acks: ProduceAcks.ALL,
      retries: 10,
      autocreateTopics: false,
      serializers: { headerKey: (name?: string) => (name === undefined ? undefined : Buffer.from(name)) },
    });
    logEventsOf(producer, this.logger);
    return producer;
  }

  connect(): Promise<void> {
    this.opened ??= this.producer
      .metadata({ topics: [] })
      .then(() => undefined)
      .catch((error: unknown) => {
        this.opened = undefined;
        throw toStreamlineError(error, 'connecting the transactional producer');
      });
    return this.opened;
  }

  async commit(records: OutgoingRecord[], consumed: ConsumedOffsets): Promise<void> {
    await this.connect();
    const producer = this.producer;
    let transaction: Awaited<ReturnType<typeof producer.beginTransaction>> | undefined;
    try {
      transaction = await producer.beginTransaction();
      if (records.length > 0) {
        await transaction.send({
          messages: records.map(messageOf),
        });
      }
      // The library reads only the group id of the consumer it is given here.
      await transaction.addConsumer({ groupId: consumed.groupId } as unknown as Consumer<Buffer, Buffer, Buffer, Buffer>);
      for (const { topic, partition, offset } of consumed.offsets) {
        // It commits the offset after the message it is given: the one before the next to read.
        const message = {
          topic,
          partition,
          offset: BigInt(offset) - 1n,
          metadata: {
            consumer: {
              groupId: consumed.groupId,
              generationId: consumed.member?.generationId ?? -1,
              memberId: consumed.member?.memberId ?? '',
              coordinatorId: consumed.member?.coordinatorId,
            },
          },
        } as unknown as Message<Buffer, Buffer, Buffer, Buffer>;
        await transaction.addOffset(message);
      }
      await transaction.commit();
    } catch (error) {
      if (transaction && !transaction.completed) {
        await transaction
          .abort()
          .catch((abortError: unknown) =>
            this.logger.warn(`aborting the transaction failed (the broker aborts it at its timeout): ${describeError(abortError)}`),
          );
      }
      // A fenced or failed producer is replaced: the new one takes the id over and aborts what was left open.
      if (this.producer === producer) {
        this.producer = this.createProducer();
        this.opened = undefined;
        await producer.close(true).catch(() => undefined);
      }
      throw toStreamlineError(error, 'committing a transaction');
    }
  }

  async disconnect(timeoutMs: number): Promise<void> {
    await Promise.race([this.producer.close(), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]).catch(() => undefined);
  }
}
