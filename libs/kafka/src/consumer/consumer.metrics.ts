import { Counter, Gauge, Histogram, register } from 'prom-client';

function counter(name: string, help: string, labelNames: string[]): Counter<string> {
  return (register.getSingleMetric(name) as Counter<string>) ?? new Counter({ name, help, labelNames });
}

function gauge(name: string, help: string, labelNames: string[]): Gauge<string> {
  return (register.getSingleMetric(name) as Gauge<string>) ?? new Gauge({ name, help, labelNames });
}

/**
 * Prometheus metrics of the consumer runtime, in prom-client's default registry (served by
 * MetricsController at /metrics). Created once per process; several runtimes share them.
 */
export class ConsumerMetrics {
  /** Records fetched, per topic (source and retry tiers). */
  readonly consumed = counter('streamline_consumer_records_consumed_total', 'Records fetched from Kafka', ['topic']);
  /** Events whose handler succeeded. */
  readonly handled = counter('streamline_consumer_events_handled_total', 'Events handled successfully', ['type']);
  /** Redelivered events the idempotency guard skipped. */
  readonly duplicates = counter('streamline_consumer_events_duplicate_total', 'Redelivered events skipped because they were processed before', ['type']);
  /** Handler failures, by reason (each attempt counts). */
  readonly failed = counter('streamline_consumer_events_failed_total', 'Handler attempts that failed', ['type', 'reason']);
  /** Records sent to a retry tier. */
  readonly retried = counter('streamline_consumer_events_retried_total', 'Records sent to a retry tier', ['topic', 'tier']);
  /** Records sent to the dead-letter topic, by reason. */
  readonly deadLettered = counter('streamline_consumer_dead_letters_total', 'Records sent to the dead-letter topic', ['topic', 'reason']);
  readonly handlingSeconds =
    (register.getSingleMetric('streamline_consumer_handling_seconds') as Histogram<string>) ??
    new Histogram({
      name: 'streamline_consumer_handling_seconds',
      help: 'Time to handle one event, its transaction included',
      labelNames: ['type'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
  /** Records between the group's committed position and the log end, per partition. */
  readonly lag = gauge('streamline_consumer_lag', 'Records not yet committed by the group, per partition (at the last fetch or commit)', [
    'topic',
    'partition',
  ]);
  /** Records fetched and not yet settled in this process. */
  readonly buffered = gauge('streamline_consumer_buffered_records', 'Records fetched and not yet settled', []);
  /** Keys waiting behind an event in a retry tier. */
  readonly parkedKeys = gauge('streamline_consumer_parked_keys', 'Keys parked behind a retry', []);
  /** 1 while fetching is paused for back-pressure. */
  readonly paused = gauge('streamline_consumer_fetch_paused', '1 while fetching is paused because the in-flight bound is reached', []);

  private readonly perType = new Map<string, { handled: Counter.Internal; duplicates: Counter.Internal; handlingSeconds: Histogram.Internal<string> }>();

  /**
   * An event handled (or recognised as a redelivery) and how long it took (left out for events of
   * a batch, whose handling time is the batch's). Runs for every event,
   * so the labelled series of each type are looked up once (prom-client hashes the labels on
   * every call otherwise).
   */
  recordHandled(type: string, duplicate: boolean, seconds?: number): void {
    let series = this.perType.get(type);
    if (!series) {
      series = { handled: this.handled.labels(type), duplicates: this.duplicates.labels(type), handlingSeconds: this.handlingSeconds.labels(type) };
      this.perType.set(type, series);
    }
    if (seconds !== undefined) series.handlingSeconds.observe(seconds);
    (duplicate ? series.duplicates : series.handled).inc();
  }
}
