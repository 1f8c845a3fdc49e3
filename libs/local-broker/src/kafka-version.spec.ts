import { checkKafkaVersion, kafkaMajor } from './kafka-version';
import { KAFKA_VERSION } from './paths';

describe('checkKafkaVersion', () => {
  it('defaults to the pinned 4.3.1 when no version is asked for', () => {
    expect(checkKafkaVersion(undefined)).toBe(KAFKA_VERSION);
    expect(checkKafkaVersion('')).toBe(KAFKA_VERSION);
  });

  it('accepts 3.9.x and 4.x.y releases', () => {
    expect(['3.9.0', '3.9.2', '4.0.0', '4.3.1'].map(checkKafkaVersion)).toEqual(['3.9.0', '3.9.2', '4.0.0', '4.3.1']);
    expect(kafkaMajor('3.9.2')).toBe(3);
  });

  it('refuses releases it cannot lay out in KRaft, and anything that is not a release, in one line', () => {
    for (const version of ['3.8.1', '2.8.2', '4.3', 'latest', '4.3.1; rm -rf /']) {
      expect(() => checkKafkaVersion(version)).toThrow(/^Kafka version ".*" is not supported: use 3\.9\.x or 4\.x\.y \(default 4\.3\.1\)$/);
    }
  });
});
