import { Reply } from './request-headers';
import { RemoteHandlerError, RequestCancelledError, RequestTimeoutError } from '../errors/request.errors';
import { RequestMetrics } from './request.metrics';

/** One request waiting for its reply. */
interface Waiting {
  type: string;
  id: string;
  started: number;
  timer: NodeJS.Timeout;
  resolve(data: unknown): void;
  reject(error: Error): void;
}

/**
 * The requests of one requester that wait for a reply, by correlation id. Each one leaves the
 * map exactly once: on its reply, its timeout, a failure to send it, or shutdown. A reply that
 * finds nobody waiting is late: dropped and counted. Knows nothing of Kafka.
 */
export class PendingRequests {
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly metrics: RequestMetrics) {}

  get size(): number {
    return this.waiting.size;
  }

  /** Starts waiting for `correlationId`; the promise settles with the reply's data or a typed error. */
  wait(correlationId: string, type: string, id: string, timeoutMs: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.remove(correlationId, type, 'timeout')) reject(new RequestTimeoutError(type, id, timeoutMs));
      }, timeoutMs);
      this.waiting.set(correlationId, { type, id, started: performance.now(), timer, resolve, reject });
      this.metrics.pending.inc();
    });
  }

  /** Settles the request `reply` answers; false when none waits for it (a late reply, counted). */
  settle(reply: Reply): boolean {
    const request = this.waiting.get(reply.correlationId);
    if (!request) {
      this.metrics.lateReplies.inc();
      return false;
    }
    if (reply.status === 'ok') {
      this.remove(reply.correlationId, request.type, 'replied');
      this.metrics.duration.observe((performance.now() - request.started) / 1000);
      request.resolve(reply.data);
    } else {
      this.remove(reply.correlationId, request.type, 'remote-error');
      request.reject(new RemoteHandlerError(request.type, request.id, reply.failure));
    }
    return true;
  }

  /** The request could not be sent: stop waiting and fail with `error`. */
  fail(correlationId: string, error: Error): void {
    const request = this.waiting.get(correlationId);
    if (request && this.remove(correlationId, request.type, 'not-sent')) request.reject(error);
  }

  /** Shutdown: every waiting request fails with RequestCancelledError. */
  cancelAll(): void {
    for (const [correlationId, request] of [...this.waiting]) {
      this.remove(correlationId, request.type, 'cancelled');
      request.reject(new RequestCancelledError(request.type, request.id));
    }
  }

  private remove(correlationId: string, type: string, outcome: 'replied' | 'remote-error' | 'timeout' | 'cancelled' | 'not-sent'): boolean {
    const request = this.waiting.get(correlationId);
    if (!request) return false;
    clearTimeout(request.timer);
    this.waiting.delete(correlationId);
    this.metrics.pending.dec();
    this.metrics.requests.inc({ type, outcome });
    return true;
  }
}
