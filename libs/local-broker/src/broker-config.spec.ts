import { bootstrapServers, buildBrokerProperties, clusterPorts } from './broker-config';

function parse(text: string): Map<string, string> {
  const entries = text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at), line.slice(at + 1)] as [string, string];
    });
  return new Map(entries);
}

describe('buildBrokerProperties', () => {
  it('configures a single combined-mode broker with replication factor 1 for every internal topic', () => {
    const props = parse(buildBrokerProperties({ nodeId: 0, brokerCount: 1, port: 9092, dataDir: '/data/b0' }));

    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('node.id')).toBe('0');
    expect(props.get('controller.quorum.voters')).toBe('0@127.0.0.1:10092');
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:10092');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:9092');
    expect(props.get('controller.listener.names')).toBe('CONTROLLER');
    expect(props.get('log.dirs')).toBe('/data/b0');
    for (const key of [
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
      'share.coordinator.state.topic.replication.factor',
      'share.coordinator.state.topic.min.isr',
      'default.replication.factor',
      'min.insync.replicas',
    ]) {
      expect([key, props.get(key)]).toEqual([key, '1']);
    }
  });

  it('keeps topic creation explicit, six partitions by default and no initial rebalance delay', () => {
    const props = parse(buildBrokerProperties({ nodeId: 0, brokerCount: 1, port: 9092, dataDir: '/d' }));

    expect(props.get('auto.create.topics.enable')).toBe('false');
    expect(props.get('delete.topic.enable')).toBe('true');
    expect(props.get('num.partitions')).toBe('6');
    expect(props.get('group.initial.rebalance.delay.ms')).toBe('0');
  });

  it('gives each of three brokers its own ports and the same static voter list', () => {
    const all = [0, 1, 2].map((nodeId) => parse(buildBrokerProperties({ nodeId, brokerCount: 3, port: 39092, dataDir: `/d${nodeId}` })));

    expect(all.map((p) => p.get('controller.quorum.voters'))).toEqual(Array(3).fill('0@127.0.0.1:40092,1@127.0.0.1:40093,2@127.0.0.1:40094'));
    expect(all[2]!.get('node.id')).toBe('2');
    expect(all[2]!.get('listeners')).toBe('PLAINTEXT://127.0.0.1:39094,CONTROLLER://127.0.0.1:40094');
    expect(all[2]!.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:39094');
  });

  it('replicates three ways and requires two in-sync replicas in a three-broker cluster', () => {
    const props = parse(buildBrokerProperties({ nodeId: 1, brokerCount: 3, port: 39092, dataDir: '/d' }));

    expect(props.get('default.replication.factor')).toBe('3');
    expect(props.get('min.insync.replicas')).toBe('2');
    expect(props.get('offsets.topic.replication.factor')).toBe('3');
    expect(props.get('transaction.state.log.replication.factor')).toBe('3');
    expect(props.get('transaction.state.log.min.isr')).toBe('2');
    expect(props.get('share.coordinator.state.topic.replication.factor')).toBe('3');
  });

  it('leaves the share coordinator out for Kafka 3.9, which has none, and keeps everything else alike', () => {
    const input = { nodeId: 0, brokerCount: 1, port: 9092, dataDir: '/d' };
    const v3 = parse(buildBrokerProperties({ ...input, version: '3.9.2' }));
    const v4 = parse(buildBrokerProperties({ ...input, version: '4.3.1' }));

    expect([...v3.keys()].filter((key) => key.startsWith('share.'))).toEqual([]);
    expect(v4.get('share.coordinator.state.topic.replication.factor')).toBe('1');
    expect(new Map([...v4].filter(([key]) => !key.startsWith('share.')))).toEqual(v3);
  });

  it('escapes backslashes so a Windows data path survives java.util.Properties', () => {
    const text = buildBrokerProperties({ nodeId: 0, brokerCount: 1, port: 9092, dataDir: 'C:\\kafka\\data' });

    expect(text).toContain('log.dirs=C:\\\\kafka\\\\data\n');
  });

  it('rejects cluster sizes, node ids and ports it cannot lay out', () => {
    const base = { nodeId: 0, brokerCount: 1, port: 9092, dataDir: '/d' };

    expect(() => buildBrokerProperties({ ...base, brokerCount: 2 })).toThrow(RangeError);
    expect(() => buildBrokerProperties({ ...base, nodeId: 1 })).toThrow(/nodeId/);
    expect(() => buildBrokerProperties({ ...base, brokerCount: 3, port: 64600 })).toThrow(/65536/);
  });
});

describe('cluster addresses', () => {
  it('lists every broker in the bootstrap string and reserves client and controller ports', () => {
    expect(bootstrapServers(29092, 1)).toBe('127.0.0.1:29092');
    expect(bootstrapServers(39092, 3)).toBe('127.0.0.1:39092,127.0.0.1:39093,127.0.0.1:39094');
    expect(clusterPorts(39092, 3)).toEqual([39092, 39093, 39094, 40092, 40093, 40094]);
  });
});
