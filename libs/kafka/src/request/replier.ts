import { KafkaHeaders } from '@streamline/schemas';
import { OutgoingRecord, RecordOutcome, RecordSender } from '../client/record-sender';
import { SendBatcher } from '../producer/send-batcher';
import { reasonOf } from '../consumer/dead-letter';
import { RemoteFailure, REQUEST_HEADERS, replyAddressOf, ReplyAddress } from './request-headers';
import { RequestMetrics } from './request.metrics';

/** Longest a reply waits in the queue for its request; a reply that old is most likely late anyway. */
const REPLY_QUEUE_TIMEOUT_MS = 30_000;

/** Log lines of the replier. */
export interface ReplierLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * The consumer's side of request/reply: after a request's handler succeeded (its transaction
 * committed) its return value goes back to the requester; after a request ended in dead letters,
 * the failure does. Writes with the consumer's own sender. A reply that cannot be written is
 * logged and counted, never retried by running the handler again: the effect is applied, and
 * the requester times out.
 */
export class Replier {
  /**
   * Replies of concurrent handlers leave together: the sender has one request in flight per
   * broker, and one request per reply capped a replier at a few hundred replies a second.
   */
  private readonly batcher: SendBatcher<OutgoingRecord & { bytes: number }, RecordOutcome>;

  constructor(
    sender: RecordSender,
    private readonly metrics: RequestMetrics,
    private readonly log: ReplierLog,
  ) {
    this.batcher = new SendBatcher((records) => sender.send(records), {
      maxBatchRecords: 1000,
      maxBatchBytes: 900 * 1024,
      lingerMs: 0,
      maxQueuedRecords: 10_000,
    });
  }

  /** True when the record is a request (it names where to reply). */
  static isRequest(headers: KafkaHeaders | undefined): boolean {
    return replyAddressOf(headers) !== undefined;
  }

  /** Replies with `result` (JSON) when the record is a request; a result JSON cannot carry is answered as a failure. */
  async answer(headers: KafkaHeaders | undefined, result: unknown): Promise<void> {
    const address = replyAddressOf(headers);
    if (!address) return;
    let value: string | null;
    try {
      value = result === undefined ? null : JSON.stringify(result);
    } catch (error) {
      await this.fail(address, {
        reason: 'reply-not-serializable',
        message: `the handler's result is not JSON: ${messageOf(error)}`,
        errorName: nameOf(error),
        attempts: 1,
      });
      return;
    }
    await this.write(address, 'ok', value);
  }

  /** Replies with the failure of a request that ended in dead letters. */
  async answerFailure(headers: KafkaHeaders | undefined, error: unknown, attempts: number): Promise<void> {
    const address = replyAddressOf(headers);
    if (!address) return;
    await this.fail(address, { reason: reasonOf(error), message: messageOf(error).slice(0, 4096), errorName: nameOf(error), attempts });
  }

  private fail(address: ReplyAddress, failure: RemoteFailure): Promise<void> {
    return this.write(address, 'error', JSON.stringify(failure));
  }

  private async write(address: ReplyAddress, status: 'ok' | 'error', value: string | null): Promise<void> {
    const record = {
      topic: address.topic,
      partition: address.partition,
      key: address.correlationId,
      value,
      headers: {
        [REQUEST_HEADERS.correlationId]: address.correlationId,
        [REQUEST_HEADERS.replyTo]: address.replyTo,
        [REQUEST_HEADERS.status]: status,
        'content-type': 'application/json',
      },
      bytes: (value?.length ?? 0) + address.correlationId.length * 2 + address.replyTo.length + 80,
    };
    try {
      const [outcome] = await this.batcher.enqueue([record], REPLY_QUEUE_TIMEOUT_MS).settled;
      if (outcome instanceof Error) throw outcome;
      this.metrics.replies.inc({ status });
    } catch (error) {
      this.metrics.replyFailures.inc();
      this.log.warn(
        { replyTopic: address.topic, partition: address.partition, correlationId: address.correlationId, error: messageOf(error) },
        'reply not written; the requester will time out',
      );
    }
  }

  /** Replies still queued are sent (before the consumer's sender disconnects). */
  close(): Promise<void> {
    return this.batcher.close();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}
