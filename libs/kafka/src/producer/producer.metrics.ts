import { Counter, Gauge, Histogram, register } from 'prom-client';

/** Why an event was not published; the `reason` label of the rejected counter. */
export type RejectionReason =
  'invalid' | 'duplicate-conflict' | 'broker-unavailable' | 'publish-failed' | 'unauthorized' | 'too-large' | 'unsupported-media-type' | 'rate-limited';

function metric<M>(name: string, create: () => M): M {
  return (register.getSingleMetric(name) as M | undefined) ?? create();
}

/**
 * Prometheus metrics of publishing, in prom-client's default registry (served at /metrics).
 * Several producers in one process share the same series.
 */
export class ProducerMetrics {
  readonly published = metric(
    'streamline_producer_events_published_total',
    () => new Counter({ name: 'streamline_producer_events_published_total', help: 'Events Kafka acknowledged, by topic.', labelNames: ['topic'] }),
  );
  readonly rejected = metric(
    'streamline_producer_events_rejected_total',
    () => new Counter({ name: 'streamline_producer_events_rejected_total', help: 'Events not published, by reason.', labelNames: ['reason'] }),
  );
  readonly deduplicated = metric(
    'streamline_producer_events_deduplicated_total',
    () => new Counter({ name: 'streamline_producer_events_deduplicated_total', help: 'Resubmitted events answered with their first publication.' }),
  );
  readonly latency = metric(
    'streamline_producer_publish_duration_seconds',
    () =>
      new Histogram({
        name: 'streamline_producer_publish_duration_seconds',
        help: 'Time from a publish call to Kafka acknowledging it (acks=all), successful publishes only.',
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      }),
  );
  readonly batchSize = metric(
    'streamline_producer_batch_records',
    () =>
      new Histogram({
        name: 'streamline_producer_batch_records',
        help: 'Records per Kafka produce request.',
        buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000],
      }),
  );
  readonly queueDepth = metric(
    'streamline_producer_queued_records',
    () => new Gauge({ name: 'streamline_producer_queued_records', help: 'Records waiting for a Kafka request.' }),
  );

  reject(reason: RejectionReason, count = 1): void {
    this.rejected.inc({ reason }, count);
  }
}
