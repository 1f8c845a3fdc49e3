import { parseFaultsOptions } from './faults-options';

describe('npm run faults options', () => {
  it('chooses the Kafka client and group protocol of the services', () => {
    expect(parseFaultsOptions(['--client', 'platformatic', '--group-protocol', 'consumer'])).toMatchObject({
      client: 'platformatic',
      groupProtocol: 'consumer',
    });
    const defaults = parseFaultsOptions([]);
    expect([defaults.client, defaults.groupProtocol]).toEqual([undefined, undefined]);
  });

  it('refuses an unknown client, and KIP-848 groups on kafkajs, in one line saying what to use', () => {
    expect(() => parseFaultsOptions(['--client', 'rdkafka'])).toThrow(/^--client must be one of kafkajs, platformatic\n/);
    expect(() => parseFaultsOptions(['--group-protocol', 'consumer'])).toThrow(/^--group-protocol consumer needs --client platformatic/);
  });
});
