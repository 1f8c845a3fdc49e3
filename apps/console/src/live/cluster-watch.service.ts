import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { BrokerUnavailableError, ClusterReader, ClusterSnapshot, openClusterReader } from '@streamline/kafka';
import { ConsoleConfig } from '../console.config';
import { kafkaOptionsOf } from '../kafka-options';
import { Sample, sampleOf } from './sample';

/** Samples kept for the charts: the last ten minutes at the default interval. */
const HISTORY = 300;

/**
 * Takes a cluster snapshot every CONSOLE_SAMPLE_SECONDS, keeps the last minutes of samples
 * (end offsets per topic, lag per group and partition) and pushes each new one to the pages
 * listening on the live stream.
 */
@Injectable()
export class ClusterWatch implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ClusterWatch.name);
  private reader?: Promise<ClusterReader>;
  private latest?: ClusterSnapshot;
  private inFlight?: Promise<ClusterSnapshot>;
  private readonly samples: Sample[] = [];
  private readonly updates = new Subject<Sample>();
  private timer?: NodeJS.Timeout;
  private lastError?: string;

  constructor(@Inject(ConsoleConfig) private readonly config: ConsoleConfig) {}

  onModuleInit(): void {
    const tick = () => {
      this.refresh()
        .catch(() => undefined)
        .finally(() => (this.timer = setTimeout(tick, this.config.CONSOLE_SAMPLE_SECONDS * 1000)));
    };
    tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.updates.complete();
    await (await this.reader?.catch(() => undefined))?.close().catch(() => undefined);
  }

  /** The newest snapshot, taken now when there is none yet or the last one is older than one interval. */
  async current(): Promise<ClusterSnapshot> {
    const fresh = this.latest && Date.now() - Date.parse(this.latest.at) < this.config.CONSOLE_SAMPLE_SECONDS * 1000;
    return fresh ? this.latest! : this.refresh();
  }

  /** The samples of the last minutes, oldest first. */
  history(): Sample[] {
    return [...this.samples];
  }

  /** Each new sample as it is taken. */
  stream(): Observable<Sample> {
    return this.updates.asObservable();
  }

  private refresh(): Promise<ClusterSnapshot> {
    this.inFlight ??= this.take().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async take(): Promise<ClusterSnapshot> {
    try {
      this.reader ??= openClusterReader(kafkaOptionsOf(this.config));
      const snapshot = await (await this.reader).snapshot();
      const sample = sampleOf(snapshot, this.samples[this.samples.length - 1]);
      this.latest = snapshot;
      this.samples.push(sample);
      if (this.samples.length > HISTORY) this.samples.shift();
      this.updates.next(sample);
      if (this.lastError) this.logger.log('Kafka answers again');
      this.lastError = undefined;
      return snapshot;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastError) this.logger.warn(`cluster snapshot failed: ${message}`);
      this.lastError = message;
      // A reader whose connection broke is opened again on the next try.
      const reader = this.reader;
      this.reader = undefined;
      await (await reader?.catch(() => undefined))?.close().catch(() => undefined);
      throw new BrokerUnavailableError(`cannot reach Kafka at ${this.config.KAFKA_BROKERS.join(',')}: ${message}`, { cause: error });
    }
  }
}
