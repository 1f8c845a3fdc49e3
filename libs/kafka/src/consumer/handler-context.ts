import { EventEnvelope } from '@streamline/schemas';

/** Where the event being handled came from. */
export interface HandlerContext {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** 1 on first delivery, higher on retries. */
  attempt: number;
}

/** A discovered handler, bound to its provider instance. */
export type BoundHandler = (event: EventEnvelope, context: HandlerContext) => Promise<void>;
