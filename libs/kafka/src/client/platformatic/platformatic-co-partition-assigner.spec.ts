import { coPartitionAssigner } from './platformatic-co-partition-assigner';

const metadata = (counts: Record<string, number>) => ({
  topics: new Map(Object.entries(counts).map(([topic, partitionsCount]) => [topic, { partitionsCount } as never])),
});
const members = (ids: string[], topics: string[]) => new Map(ids.map((memberId) => [memberId, { memberId, version: 0, topics }]));
const partitionsOf = (result: ReturnType<typeof coPartitionAssigner>, memberId: string, topic: string) =>
  result.find((r) => r.memberId === memberId)?.assignments.get(topic)?.partitions ?? [];

describe('coPartitionAssigner', () => {
  it('gives partition i of every topic to the same member when the partition count is not a multiple of the members', () => {
    const topics = ['orders', 'orders.g.retry.1'];
    const result = coPartitionAssigner('b', members(['b', 'a'], topics), new Set(topics), metadata({ orders: 3, 'orders.g.retry.1': 3 }));
    expect(partitionsOf(result, 'a', 'orders')).toEqual([0, 1]);
    expect(partitionsOf(result, 'a', 'orders.g.retry.1')).toEqual([0, 1]);
    expect(partitionsOf(result, 'b', 'orders')).toEqual([2]);
    expect(partitionsOf(result, 'b', 'orders.g.retry.1')).toEqual([2]);
  });

  it('assigns every partition exactly once', () => {
    const topics = ['x', 'y'];
    const result = coPartitionAssigner('m1', members(['m1', 'm2', 'm3'], topics), new Set(topics), metadata({ x: 7, y: 7 }));
    for (const topic of topics) {
      const all = result.flatMap((r) => r.assignments.get(topic)?.partitions ?? []).sort((a, b) => a - b);
      expect(all).toEqual([0, 1, 2, 3, 4, 5, 6]);
    }
  });

  it('keeps the partitions each member says it holds', () => {
    const topics = ['orders'];
    const m = new Map([
      ['a', { memberId: 'a', version: 0, topics, metadata: Buffer.from('{"owned":[3,4,5]}') }],
      ['b', { memberId: 'b', version: 0, topics, metadata: Buffer.from('{"owned":[0,1,2]}') }],
      ['c', { memberId: 'c', version: 0, topics }],
    ]);
    const result = coPartitionAssigner('a', m, new Set(topics), metadata({ orders: 6 }));
    expect(partitionsOf(result, 'a', 'orders')).toEqual([3, 4]);
    expect(partitionsOf(result, 'b', 'orders')).toEqual([0, 1]);
    expect(partitionsOf(result, 'c', 'orders')).toEqual([2, 5]);
  });

  it('gives a topic only to members subscribed to it', () => {
    const m = new Map([
      ['a', { memberId: 'a', version: 0, topics: ['x'] }],
      ['b', { memberId: 'b', version: 0, topics: ['x', 'y'] }],
    ]);
    const result = coPartitionAssigner('a', m, new Set(['x', 'y']), metadata({ x: 2, y: 2 }));
    expect(partitionsOf(result, 'b', 'y')).toEqual([0, 1]);
    expect(partitionsOf(result, 'a', 'y')).toEqual([]);
  });
});
