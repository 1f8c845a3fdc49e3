import { EventEnvelope, KafkaHeaders } from '@streamline/schemas';

/** What an observer learns about one handled event. */
export interface HandledEventInfo {
  topic: string;
  partition: number;
  offset: string;
  /** The record's headers as read (CloudEvents attributes, and whatever the producer added). */
  headers: KafkaHeaders;
  /** Milliseconds the handler (and its transaction) took. */
  handlingMs: number;
  /** True when the guard found the event processed before and skipped the handler. */
  duplicate: boolean;
}

/**
 * Hook called after a handler succeeded, e.g. to measure end-to-end latency from a timestamp
 * the producer put in a header. Must be quick and must not throw; it runs on the handling path.
 */
export interface ConsumerObserver {
  onHandled(event: EventEnvelope, info: HandledEventInfo): void;
}
