import { LocalBrokerError } from './local-broker.error';
import { KAFKA_VERSION } from './paths';

/**
 * Kafka releases this library can lay out: 3.9 (the last 3.x, KRaft only with a static quorum
 * as configured here) and 4.x. Older 3.x releases still default to ZooKeeper-era settings.
 */
const SUPPORTED = /^(3\.9|4\.\d+)\.\d+$/;

/** Returns `version` (the default when undefined or empty) or throws naming what is supported. */
export function checkKafkaVersion(version: string | undefined): string {
  if (version === undefined || version === '') return KAFKA_VERSION;
  if (!SUPPORTED.test(version)) {
    throw new LocalBrokerError('unsupported-version', `Kafka version "${version}" is not supported: use 3.9.x or 4.x.y (default ${KAFKA_VERSION})`);
  }
  return version;
}

/** The major version number: 3 or 4. */
export function kafkaMajor(version: string): number {
  return Number(version.split('.')[0]);
}
