import { ClusterSnapshot } from '@streamline/kafka';
import { sampleOf } from './sample';

const snapshot = (at: string, highs: number[], committed: (string | null)[]): ClusterSnapshot => ({
  at,
  brokers: [],
  topics: [{ name: 'orders', partitions: highs.map((high, partition) => ({ partition, low: '0', high: String(high) })) }],
  groups: [
    {
      groupId: 'g',
      state: 'Stable',
      members: [{ memberId: 'm', clientId: 'c', clientHost: '/127.0.0.1', assignment: { orders: [0, 1] } }],
      lag: {
        groupId: 'g',
        partitions: highs.map((high, partition) => ({
          topic: 'orders',
          partition,
          committed: committed[partition],
          low: '0',
          high: String(high),
          lag: high - Number(committed[partition] ?? 0),
        })),
        total: highs.reduce((sum, high, p) => sum + high - Number(committed[p] ?? 0), 0),
      },
    },
  ],
});

describe('sampleOf', () => {
  it('has no rates on the first sample, then records per second over the time between two samples', () => {
    const first = sampleOf(snapshot('2026-12-02T10:00:00.000Z', [10, 20], ['10', null]));
    expect(first).toMatchObject({ ends: { orders: 30 }, rates: {}, lag: { g: 20 }, members: { g: 1 } });
    const second = sampleOf(snapshot('2026-12-02T10:00:02.000Z', [30, 40], ['25', '5']), first);
    expect(second.rates).toEqual({ orders: 20 });
    expect(second.partitionLag).toEqual({ g: { 'orders/0': 5, 'orders/1': 35 } });
  });

  it('never shows a negative rate when a topic was deleted and created again with fewer records', () => {
    const first = sampleOf(snapshot('2026-12-02T10:00:00.000Z', [100, 100], ['0', '0']));
    expect(sampleOf(snapshot('2026-12-02T10:00:01.000Z', [0, 0], [null, null]), first).rates).toEqual({ orders: 0 });
  });
});
