import { StreamlineError } from '@streamline/schemas';
import type { GroupLag } from '../admin/consumer-lag';

/** The group did not reach zero lag in time. Retriable: the group may still be catching up. */
export class DrainTimeoutError extends StreamlineError {
  constructor(
    readonly lag: GroupLag,
    timeoutMs: number,
  ) {
    super('timeout', `group ${lag.groupId} still has a lag of ${lag.total} after ${timeoutMs} ms`, true);
  }
}
