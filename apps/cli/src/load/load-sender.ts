import { StreamlineError } from '@streamline/schemas';

/** One generated event, with the time it was meant to be sent. */
export interface LoadEvent {
  id: string;
  source: string;
  type: string;
  /** The intended send time, RFC 3339 with microseconds; it is also the event's CloudEvents `time`. */
  time: string;
  intendedMicros: number;
  data: object;
}

/** Sends events through one way into the pipeline; a rejected promise carries a SendFailure. */
export interface LoadSender {
  send(events: LoadEvent[]): Promise<void>;
  close(): Promise<void>;
}

/** Why a send failed, as counted in "errors by kind": `http-503`, `timeout`, `connection`, `broker-unavailable`, … */
export class SendFailure extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

/** The kind of a failure thrown by fetch or the producer library. */
export function failureKind(error: unknown): string {
  if (error instanceof SendFailure) return error.kind;
  if (error instanceof StreamlineError) return error.code;
  const e = error as { name?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timeout';
  if (e?.cause?.code) return e.cause.code === 'UND_ERR_HEADERS_TIMEOUT' ? 'timeout' : 'connection';
  return e?.name ?? 'error';
}
