import { coPartitionAssignment, coPartitionPlan, decodeOwnedPartitions, encodeOwnedPartitions } from './co-partition-plan';

const byMember = (plan: Map<number, string>) => {
  const result: Record<string, number[]> = {};
  for (const [n, id] of [...plan].sort(([a], [b]) => a - b)) (result[id] ??= []).push(n);
  return result;
};
const moved = (before: Map<number, string>, after: Map<number, string>) =>
  [...after].filter(([n, id]) => before.get(n) !== undefined && before.get(n) !== id).length;
const members = (owned: Record<string, number[]>) => Object.entries(owned).map(([id, numbers]) => ({ id, owned: numbers }));

describe('coPartitionPlan', () => {
  it('gives every number to exactly one member, shares differing by one at most', () => {
    for (const count of [1, 5, 6, 7, 12]) {
      for (const n of [1, 2, 3, 4, 6]) {
        const plan = coPartitionPlan(members(Object.fromEntries(Array.from({ length: n }, (_, i) => [`m${i}`, []]))), count);
        expect([...plan.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
        const sizes = Object.values(byMember(plan)).map((numbers) => numbers.length);
        expect(Math.max(...sizes) - Math.min(...sizes, count < n ? 0 : Infinity)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('moves only what a joining member needs for its share', () => {
    const two = coPartitionPlan(members({ a: [], b: [] }), 6);
    const owned = byMember(two);
    const three = coPartitionPlan(members({ a: owned.a, b: owned.b, c: [] }), 6);
    expect(moved(two, three)).toBe(2);
    expect(byMember(three).c).toHaveLength(2);
    // The old plan (i mod members, sorted by random ids) moved four of six here.
  });

  it('moves only what a leaving member held', () => {
    const before = new Map([0, 1, 2, 3, 4, 5].map((n) => [n, ['a', 'b', 'c'][Math.floor(n / 2)]]));
    const after = coPartitionPlan(members({ a: [0, 1], c: [4, 5] }), 6);
    expect(byMember(after)).toEqual({ a: [0, 1, 2], c: [3, 4, 5] });
    expect(moved(before, after)).toBe(2);
  });

  it('keeps a restarted member out of what others hold, and hands it the free share', () => {
    const plan = coPartitionPlan(members({ a: [0, 1], b: [2, 3], c: [4, 5], d: [] }), 6);
    expect(byMember(plan).d).toHaveLength(1);
    expect(moved(new Map([0, 1, 2, 3, 4, 5].map((n) => [n, ['a', 'b', 'c'][Math.floor(n / 2)]])), plan)).toBe(1);
  });

  it('resolves a number claimed twice (a stale member) to the first by id, and ignores numbers beyond the count', () => {
    const plan = coPartitionPlan(members({ b: [0, 1, 9], a: [1, 2] }), 4);
    expect(plan.get(1)).toBe('a');
    expect(plan.get(2)).toBe('a');
    expect(plan.get(0)).toBe('b');
    expect([...plan.keys()].sort()).toEqual([0, 1, 2, 3]);
  });

  it('is the same for the same input, whatever the order of members', () => {
    const one = coPartitionPlan(members({ x: [3], y: [], z: [0, 5] }), 6);
    const two = coPartitionPlan(members({ z: [0, 5], x: [3], y: [] }), 6);
    expect([...one].sort()).toEqual([...two].sort());
  });
});

describe('coPartitionAssignment', () => {
  it('gives partition i of a topic and of its retry tiers to the same member', () => {
    const result = coPartitionAssignment(
      members({ a: [], b: [] }),
      new Map([
        ['orders', 3],
        ['orders.g.retry.1', 3],
      ]),
    );
    for (const id of ['a', 'b']) expect(result.get(id)!.get('orders')).toEqual(result.get(id)!.get('orders.g.retry.1'));
  });

  it('shares a topic only among the members subscribed to it', () => {
    const result = coPartitionAssignment(
      [
        { id: 'a', owned: [], topics: ['x'] },
        { id: 'b', owned: [], topics: ['x', 'y'] },
      ],
      new Map([
        ['x', 2],
        ['y', 2],
      ]),
    );
    expect(result.get('b')!.get('y')).toEqual([0, 1]);
    expect(result.get('a')!.get('y')).toBeUndefined();
  });
});

describe('owned partitions in the subscription', () => {
  it('round-trips, and reads nothing from a member that sent nothing or something else', () => {
    expect(decodeOwnedPartitions(encodeOwnedPartitions([3, 1, 3]))).toEqual([1, 3]);
    expect(decodeOwnedPartitions(Buffer.alloc(0))).toEqual([]);
    expect(decodeOwnedPartitions(undefined)).toEqual([]);
    expect(decodeOwnedPartitions(Buffer.from('\u0000\u0001'))).toEqual([]);
    expect(decodeOwnedPartitions(Buffer.from('{"owned":[1,"x",-2]}'))).toEqual([1]);
  });
});
