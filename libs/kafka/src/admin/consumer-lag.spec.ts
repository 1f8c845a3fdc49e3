import 'reflect-metadata';
import { DrainTimeoutError } from '../errors/drain-timeout.error';
import { fetchGroupLag, OffsetsAdmin, waitUntilDrained } from './consumer-lag';

function adminWith(committed: Record<string, Record<number, string>>, ends: Record<string, [low: string, high: string][]>): OffsetsAdmin {
  return {
    groupOffsets: async (_group, topics) =>
      (topics ?? Object.keys(committed)).map((topic) => ({
        topic,
        partitions: Object.entries(committed[topic] ?? {}).map(([partition, offset]) => ({ partition: Number(partition), offset })),
      })),
    topicOffsets: async (topic) => ends[topic].map(([low, high], partition) => ({ partition, low, high })),
  };
}

describe('fetchGroupLag', () => {
  it('reports high minus committed per partition and the total', async () => {
    const admin = adminWith(
      { orders: { 0: '5', 1: '10' } },
      {
        orders: [
          ['0', '8'],
          ['0', '10'],
        ],
      },
    );
    const lag = await fetchGroupLag(admin, 'g', ['orders']);
    expect(lag.partitions.map((p) => [p.partition, p.committed, p.lag])).toEqual([
      [0, '5', 3],
      [1, '10', 0],
    ]);
    expect(lag.total).toBe(3);
  });

  it('counts every kept record as lag where the group never committed', async () => {
    const admin = adminWith({ orders: { 0: '-1' } }, { orders: [['2', '9']] });
    const lag = await fetchGroupLag(admin, 'g', ['orders']);
    expect(lag.partitions[0]).toMatchObject({ committed: null, lag: 7 });
  });

  it('does not count records removed by retention', async () => {
    const admin = adminWith({ orders: { 0: '1' } }, { orders: [['5', '9']] });
    expect((await fetchGroupLag(admin, 'g', ['orders'])).total).toBe(4);
  });

  it('defaults to the topics the group committed on', async () => {
    const admin = adminWith({ a: { 0: '1' }, b: { 0: '0' } }, { a: [['0', '1']], b: [['0', '2']] });
    const lag = await fetchGroupLag(admin, 'g');
    expect(lag.partitions.map((p) => p.topic)).toEqual(['a', 'b']);
    expect(lag.total).toBe(2);
  });
});

describe('waitUntilDrained', () => {
  it('resolves once the lag reaches zero', async () => {
    const committed = { orders: { 0: '0' } };
    const admin = adminWith(committed, { orders: [['0', '3']] });
    let reads = 0;
    const lag = await waitUntilDrained(admin, 'g', ['orders'], {
      intervalMs: 1,
      onLag: () => {
        if (++reads === 3) committed.orders[0] = '3';
      },
    });
    expect(lag.total).toBe(0);
    expect(reads).toBe(4);
  });

  it('fails with the last lag when the group does not drain in time', async () => {
    const admin = adminWith({ orders: { 0: '0' } }, { orders: [['0', '3']] });
    const error = await waitUntilDrained(admin, 'g', ['orders'], { timeoutMs: 20, intervalMs: 5 }).catch((e) => e);
    expect(error).toBeInstanceOf(DrainTimeoutError);
    expect(error.lag.total).toBe(3);
    expect(error.retriable).toBe(true);
  });
});
