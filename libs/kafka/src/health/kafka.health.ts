import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ClusterAdmin } from '../client/cluster-admin';
import { KafkaClient } from '../client/kafka-client';
import { KAFKA_CLIENT } from '../kafka.constants';
import { ConsumerRuntime } from '../consumer/consumer.runtime';
import { toAccessDenied } from '../errors/access-denied.error';

const PING_TIMEOUT_MS = 2000;

/** Terminus indicators: can Kafka be reached, and is the consumer in its group. */
@Injectable()
export class KafkaHealthIndicator {
  private admin?: ClusterAdmin;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: KafkaClient,
    private readonly health: HealthIndicatorService,
    private readonly runtime: ConsumerRuntime,
  ) {}

  /** Up when a broker answers a metadata request within two seconds. */
  async broker(key = 'kafka'): Promise<HealthIndicatorResult> {
    const session = this.health.check(key);
    try {
      const cluster = await withTimeout(this.describeCluster(), PING_TIMEOUT_MS);
      return session.up({ brokers: cluster.brokers.length, controller: cluster.controller });
    } catch (error) {
      this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
      const denied = toAccessDenied(error);
      return session.down({ message: denied?.message ?? (error instanceof Error ? error.message : String(error)) });
    }
  }

  /** Up when the consumer has joined its group and knows its assignment (possibly empty). */
  consumer(key = 'consumer'): HealthIndicatorResult {
    const session = this.health.check(key);
    if (this.runtime.ready) return session.up();
    const failure = this.runtime.startFailure;
    return session.down({ message: failure ? `not in the consumer group: could not start: ${failure}` : 'not in the consumer group' });
  }

  /**
   * Up while the consumer's database answers (or there is none). Down during an outage: the
   * consumer holds its events until the database is back, and its read API cannot answer either.
   * Liveness stays up: restarting the process would not bring the database back.
   */
  database(key = 'database'): HealthIndicatorResult {
    const session = this.health.check(key);
    const down = this.runtime.databaseDown;
    return down ? session.down({ message: `unreachable since ${down.since.toISOString()}: ${down.reason}` }) : session.up();
  }

  private async describeCluster() {
    this.admin ??= this.kafka.admin({ retries: 0 });
    return this.admin.describeCluster();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from Kafka within ${ms} ms`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}
