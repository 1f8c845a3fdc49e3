import { Histogram } from 'hdr-histogram-js';
import { newLatencyHistogram } from '@streamline/kafka';
import { latencyAtPercentile, latencyRecord, LatencyRecord, summarizeHistogram } from './latency-summary';

/** One second of a step, from the sender's side. */
export interface SenderSecond {
  /** Seconds since the step started. */
  second: number;
  sent: number;
  acked: number;
  errors: number;
  ackP50Ms: number;
  ackP99Ms: number;
}

/**
 * Counts and latencies of one step as the sender sees them. Every latency is measured from the
 * event's intended send time, so time an event spent waiting to be sent is counted too.
 */
export class LoadRecorder {
  sent = 0;
  acked = 0;
  readonly errors: Record<string, number> = {};
  readonly ack: Histogram = newLatencyHistogram();
  private readonly seconds: { sent: number; acked: number; errors: number; ack: Histogram }[] = [];

  constructor(readonly startedAtMicros: number) {}

  get errorCount(): number {
    return Object.values(this.errors).reduce((a, b) => a + b, 0);
  }

  recordSent(count: number, atMicros: number): void {
    this.sent += count;
    this.secondAt(atMicros).sent += count;
  }

  recordAcked(intendedMicros: number[], atMicros: number): void {
    const second = this.secondAt(atMicros);
    for (const intended of intendedMicros) {
      const latency = Math.max(1, atMicros - intended);
      this.ack.recordValue(latency);
      second.ack.recordValue(latency);
    }
    this.acked += intendedMicros.length;
    second.acked += intendedMicros.length;
  }

  recordError(kind: string, count: number, atMicros: number): void {
    this.errors[kind] = (this.errors[kind] ?? 0) + count;
    this.secondAt(atMicros).errors += count;
  }

  /** p99 of acknowledgements in the last complete second, for the progress line. */
  recentAckP99Ms(nowMicros: number): number | undefined {
    const index = Math.floor((nowMicros - this.startedAtMicros) / 1_000_000) - 1;
    const second = this.seconds[index];
    return second && second.ack.totalCount > 0 ? latencyAtPercentile(second.ack, 99) / 1000 : undefined;
  }

  timeline(): SenderSecond[] {
    return Array.from(this.seconds, (s, i) => {
      const summary = s ? summarizeHistogram(s.ack) : undefined;
      return { second: i, sent: s?.sent ?? 0, acked: s?.acked ?? 0, errors: s?.errors ?? 0, ackP50Ms: summary?.p50 ?? 0, ackP99Ms: summary?.p99 ?? 0 };
    });
  }

  ackLatency(): LatencyRecord {
    return latencyRecord(this.ack);
  }

  private secondAt(atMicros: number) {
    const index = Math.max(0, Math.floor((atMicros - this.startedAtMicros) / 1_000_000));
    for (let i = this.seconds.length; i <= index; i++) this.seconds[i] = { sent: 0, acked: 0, errors: 0, ack: newLatencyHistogram() };
    return this.seconds[index];
  }
}
