import { ClusterAdmin } from '../cluster-admin';
import { ConsumerClient, ConsumerSettings } from '../consumer-client';
import { KafkaClient } from '../kafka-client';
import { RecordSender, SenderSettings } from '../record-sender';
import { TransactionalSender, TransactionalSettings } from '../transactional-sender';
import { PlatformaticTransactionalSender } from './platformatic-transactional-sender';
import { PlatformaticClusterAdmin } from './platformatic-cluster-admin';
import { baseOptionsOf, PlatformaticBaseOptions, PlatformaticConnectionOptions } from './platformatic-connection';
import { PlatformaticConsumerClient } from './platformatic-consumer-client';
import { PlatformaticRecordSender } from './platformatic-record-sender';

/**
 * KafkaClient over @platformatic/kafka (ESM only; loaded by Node's require of ES modules, Node ≥
 * 22.12). Each consumer, sender and admin is a library client of its own with its own connections.
 */
export class PlatformaticKafkaClient implements KafkaClient {
  readonly name = 'platformatic' as const;
  private readonly base: PlatformaticBaseOptions;

  constructor(options: PlatformaticConnectionOptions) {
    this.base = baseOptionsOf(options);
  }

  consumer(settings: ConsumerSettings): ConsumerClient {
    return new PlatformaticConsumerClient(this.base, settings);
  }

  sender(settings: SenderSettings): RecordSender {
    return new PlatformaticRecordSender(this.base, settings);
  }

  transactionalSender(settings: TransactionalSettings): TransactionalSender {
    return new PlatformaticTransactionalSender(this.base, settings);
  }

  admin(): ClusterAdmin {
    return new PlatformaticClusterAdmin(this.base);
  }
}
