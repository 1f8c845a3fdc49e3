import { Counter, Gauge, Histogram, register } from 'prom-client';

/** How a request ended; the `outcome` label of the requests counter. */
export type RequestOutcome = 'replied' | 'remote-error' | 'timeout' | 'cancelled' | 'not-sent';

function metric<M>(name: string, create: () => M): M {
  return (register.getSingleMetric(name) as M | undefined) ?? create();
}

/**
 * Prometheus metrics of request/reply, in prom-client's default registry (served at /metrics).
 * Several requesters in one process share the same series.
 */
export class RequestMetrics {
  readonly requests = metric(
    'streamline_requests_total',
    () => new Counter({ name: 'streamline_requests_total', help: 'Requests sent, by event type and how they ended.', labelNames: ['type', 'outcome'] }),
  );
  readonly pending = metric(
    'streamline_requests_pending',
    () => new Gauge({ name: 'streamline_requests_pending', help: 'Requests waiting for their reply (0 when idle).' }),
  );
  readonly lateReplies = metric(
    'streamline_request_late_replies_total',
    () =>
      new Counter({
        name: 'streamline_request_late_replies_total',
        help: 'Replies addressed to this requester that found no request waiting (after its timeout, or a second answer); dropped.',
      }),
  );
  readonly duration = metric(
    'streamline_request_duration_seconds',
    () =>
      new Histogram({
        name: 'streamline_request_duration_seconds',
        help: 'Time from send to its reply, answered requests only.',
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      }),
  );
  readonly replies = metric(
    'streamline_replies_sent_total',
    () =>
      new Counter({
        name: 'streamline_replies_sent_total',
        help: 'Replies a consumer wrote to requests it handled, by status (ok, error).',
        labelNames: ['status'],
      }),
  );
  readonly replyFailures = metric(
    'streamline_replies_failed_total',
    () => new Counter({ name: 'streamline_replies_failed_total', help: 'Replies a consumer could not write (the requester times out).' }),
  );
}
