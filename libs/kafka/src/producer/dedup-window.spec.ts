import { createEnvelope, encodeEnvelope } from '@streamline/schemas';
import { orderRegistry } from '@streamline/orders';
import { DedupWindow } from './dedup-window';
import { fingerprintOf, identityOf } from './event-identity';

describe('DedupWindow', () => {
  let now = 0;
  const window = () => new DedupWindow<string>({ ttlMs: 1000, maxEntries: 3 }, () => now);
  beforeEach(() => (now = 0));

  it('answers a resubmission with the first outcome, also while the first is still in flight', async () => {
    const w = window();
    const first = w.claim('s/1', 'f');
    expect(first.kind).toBe('new');
    let resolve!: (v: string) => void;
    if (first.kind === 'new') first.settle(new Promise((r) => (resolve = r)));
    const again = w.claim('s/1', 'f');
    expect(again.kind).toBe('duplicate');
    resolve('p0@5');
    if (again.kind === 'duplicate') await expect(again.result).resolves.toBe('p0@5');
  });

  it('calls the same identity with other content a conflict', () => {
    const w = window();
    const c = w.claim('s/1', 'f');
    if (c.kind === 'new') c.settle(Promise.resolve('x'));
    expect(w.claim('s/1', 'other').kind).toBe('conflict');
  });

  it('forgets a failed publication so its retry publishes anew', async () => {
    const w = window();
    const c = w.claim('s/1', 'f');
    if (c.kind === 'new') c.settle(Promise.reject(new Error('down')));
    await new Promise((r) => setImmediate(r));
    expect(w.claim('s/1', 'f').kind).toBe('new');
  });

  it('forgets after the window and beyond the entry bound, oldest first', async () => {
    const w = window();
    for (const id of ['a', 'b', 'c', 'd']) {
      const c = w.claim(id, 'f');
      if (c.kind === 'new') c.settle(Promise.resolve(id));
    }
    await new Promise((r) => setImmediate(r));
    expect(w.size).toBe(3);
    expect(w.claim('a', 'f').kind).toBe('new');
    expect(w.claim('d', 'f').kind).toBe('duplicate');
    now = 1001;
    expect(w.claim('d', 'f').kind).toBe('new');
  });

  it('forgets surplus identities in batches, oldest first, never holding more than the bound', async () => {
    const w = new DedupWindow<number>({ ttlMs: 60_000, maxEntries: 6400 }, () => now);
    for (let i = 0; i <= 6400; i++) {
      const c = w.claim(`s/${i}`, 'f');
      if (c.kind === 'new') c.settle(Promise.resolve(i));
      expect(w.size).toBeLessThanOrEqual(6400);
    }
    await new Promise((r) => setImmediate(r));
    // 6,401 remembered would be one too many: the oldest go at once, down to 1/64 below the bound.
    expect(w.size).toBe(6300);
    expect(w.claim('s/100', 'f').kind).toBe('new');
    expect(w.claim('s/101', 'f').kind).toBe('duplicate');
    expect(w.claim('s/6400', 'f').kind).toBe('duplicate');
  });

  it('is off with a zero window', () => {
    const w = new DedupWindow<string>({ ttlMs: 0, maxEntries: 10 });
    const c = w.claim('s/1', 'f');
    if (c.kind === 'new') c.settle(Promise.resolve('x'));
    expect(w.claim('s/1', 'f').kind).toBe('new');
  });
});

describe('event identity', () => {
  it('is source plus id, and the fingerprint ignores field order and time but not data', () => {
    expect(identityOf({ source: '/a', id: '1' })).not.toBe(identityOf({ source: '/a1', id: '' }));
    const base = { type: 't.v1', data: { a: 1, b: { c: [1, 2] } } };
    expect(fingerprintOf(base)).toBe(fingerprintOf({ type: 't.v1', data: { b: { c: [1, 2] }, a: 1 } }));
    expect(fingerprintOf(base)).not.toBe(fingerprintOf({ ...base, data: { a: 2, b: { c: [1, 2] } } }));
    expect(fingerprintOf(base)).not.toBe(fingerprintOf({ ...base, subject: 'x' }));
  });

  it('takes validated data from its Kafka encoding, which field order in the input does not change', () => {
    const v2 = orderRegistry.find('order.placed.v2')!;
    const reordered = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reordered)
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reordered(v)]),
            )
          : value;
    const fingerprint = (data: unknown) => {
      const envelope = createEnvelope(orderRegistry, { type: v2.type, source: '/a', data: data as object });
      return fingerprintOf(envelope, encodeEnvelope(orderRegistry, envelope).value);
    };
    const example = structuredClone(v2.example) as Record<string, unknown>;
    expect(JSON.stringify(reordered(example))).not.toBe(JSON.stringify(example));
    expect(fingerprint(reordered(example))).toBe(fingerprint(example));
    expect(fingerprint({ ...example, channel: 'store' })).not.toBe(fingerprint(example));
  });
});
