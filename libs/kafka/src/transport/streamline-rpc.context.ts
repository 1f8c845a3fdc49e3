import { BaseRpcContext } from '@nestjs/microservices';
import { EventEnvelope } from '@streamline/schemas';
import { HandlerContext } from '../consumer/handler-context';
import { SqlExecutor } from '../idempotency/database';

/**
 * What a `@EventPattern`/`@MessagePattern` handler run by StreamlineServer gets as `@Ctx()`
 * (KafkaContext's counterpart): the event's envelope and where its record came from. The payload
 * (`@Payload()`) is the event's data.
 */
export class StreamlineRpcContext extends BaseRpcContext<[EventEnvelope, HandlerContext]> {
  /** The whole CloudEvents envelope: id, source, type, time, subject, data. */
  getEnvelope(): EventEnvelope {
    return this.args[0];
  }

  /** The runtime's HandlerContext, as an `@EventHandler` gets it. */
  getHandlerContext(): HandlerContext {
    return this.args[1];
  }

  /** Topic the record was read from (a retry tier's name on a retry). */
  getTopic(): string {
    return this.args[1].topic;
  }

  getPartition(): number {
    return this.args[1].partition;
  }

  getOffset(): string {
    return this.args[1].offset;
  }

  /** The record's key, the ordering key (null for a record without one). */
  getKey(): string | null {
    return this.args[1].key;
  }

  /** 1 on first delivery, higher on retries. */
  getAttempt(): number {
    return this.args[1].attempt;
  }

  /** The event's transaction when the consumer has a database (effects applied once); undefined without one. */
  getTx(): SqlExecutor | undefined {
    return this.args[1].tx;
  }
}
