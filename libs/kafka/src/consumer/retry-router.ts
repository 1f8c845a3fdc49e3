import { deadLetterTopicFor, retryTopicFor, StreamlineError } from '@streamline/schemas';

/** Where a failed record goes next. */
export type FailureRoute = { kind: 'retry'; topic: string; tier: number; dueAt: number } | { kind: 'dead-letter'; topic: string };

/** What the router needs to know about a failure. */
export interface FailureFacts {
  /** The topic the event was first read from (not a retry tier). */
  sourceTopic: string;
  /** Retry tier the failed attempt was read from; 0 for the source topic. */
  tier: number;
  error: unknown;
  /** Epoch ms of the failure. */
  now: number;
}

/**
 * Picks where a failed record goes: a retriable error moves to the next retry tier, due after
 * that tier's delay; a non-retriable error, or one after the last tier, goes to the dead letters.
 * Reads `retriable` from the error, never its message. An error that is not a StreamlineError
 * (a bug, a driver error) is treated as retriable: a retry costs little and transient faults
 * rarely announce themselves.
 */
export class RetryRouter {
  constructor(
    private readonly group: string,
    /** Delay of each tier, ascending, e.g. [1000, 10000, 60000]; empty = no retries. */
    private readonly delaysMs: readonly number[],
  ) {}

  route({ sourceTopic, tier, error, now }: FailureFacts): FailureRoute {
    const next = tier + 1;
    if (isRetriable(error) && next <= this.delaysMs.length) {
      return { kind: 'retry', topic: retryTopicFor(sourceTopic, this.group, next), tier: next, dueAt: now + this.delaysMs[next - 1] };
    }
    return { kind: 'dead-letter', topic: deadLetterTopicFor(sourceTopic, this.group) };
  }

  /** The dead-letter topic of a source topic. */
  deadLetterTopic(sourceTopic: string): string {
    return deadLetterTopicFor(sourceTopic, this.group);
  }

  /** Every retry tier topic of a source topic. */
  retryTopics(sourceTopic: string): string[] {
    return this.delaysMs.map((_, i) => retryTopicFor(sourceTopic, this.group, i + 1));
  }
}

/** True unless the error says a retry cannot help. */
export function isRetriable(error: unknown): boolean {
  return error instanceof StreamlineError ? error.retriable : true;
}
