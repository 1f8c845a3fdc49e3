import { Logger } from '@nestjs/common';
import { describeError } from './platformatic-errors';
import { levelOfPlatformaticEvent } from './platformatic-log-level';

/** The part of a library client that emits events. */
interface EventSource {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

/** Events worth a line; everything else the library emits stays silent (it prints nothing itself unless DEBUG is set). */
const LOGGED_EVENTS = [
  'consumer:group:join',
  'consumer:group:leave',
  'consumer:group:rebalance',
  'consumer:heartbeat:error',
  'consumer:heartbeat:stalled',
  'client:broker:failed',
  'client:broker:disconnect',
];

/** A readable one-liner for an event's payload: broker address, group, member, error. */
function describePayload(payload: unknown): string {
  if (!payload || typeof payload !== 'object') return '';
  const p = payload as { broker?: { host: string; port: number }; groupId?: string; memberId?: string; error?: unknown; generationId?: number };
  const parts = [
    p.broker ? `broker ${p.broker.host}:${p.broker.port}` : '',
    p.groupId ? `group ${p.groupId}` : '',
    p.memberId ? `member ${p.memberId}` : '',
    p.generationId !== undefined ? `generation ${p.generationId}` : '',
    p.error ? describeError(p.error) : '',
  ];
  return parts.filter(Boolean).join(', ');
}

/**
 * Writes a library client's events to Nest's log at the level `levelOfPlatformaticEvent` gives
 * them, and listens for `error` so a failure the library reports as an event never becomes an
 * uncaught exception.
 */
export function logEventsOf(client: EventSource, logger: Logger, onError?: (error: Error) => void): void {
  for (const event of LOGGED_EVENTS) {
    client.on(event, (payload: unknown) => {
      const error = (payload as { error?: unknown } | undefined)?.error;
      logger[levelOfPlatformaticEvent(event, error)](`${event} ${describePayload(payload)}`.trim());
    });
  }
  client.on('error', (error: unknown) => {
    logger[levelOfPlatformaticEvent('error', error)](`error: ${describeError(error)}`);
    onError?.(error as Error);
  });
}
