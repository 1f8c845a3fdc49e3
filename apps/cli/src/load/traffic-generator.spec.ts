import { createEnvelope } from '@streamline/schemas';
import { LOAD_SOURCE_PREFIX, parseEpochMicros } from '@streamline/kafka';
import { orderRegistry } from '@streamline/orders';
import { TrafficGenerator } from './traffic-generator';

const keyOf = (event: { type: string; data: object }) => (event.data as Record<string, string>)[orderRegistry.find(event.type)!.keyField];
const LEGAL_NEXT: Record<string, string[]> = {
  start: ['order.placed.v1'],
  'order.placed.v1': ['order.paid.v1', 'order.cancelled.v1'],
  'order.paid.v1': ['order.shipped.v1', 'order.cancelled.v1'],
};

describe('traffic generator', () => {
  it('tells each key an order story in legal steps, with schema-valid events stamped for the run', () => {
    const traffic = new TrafficGenerator(undefined, 20, 1, 'run-a');
    const last = new Map<string, string>();
    const ended = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const event = traffic.next('run-a', 1_795_000_000_000_000 + i * 500);
      expect(() => createEnvelope(orderRegistry, event)).not.toThrow();
      expect(event.source).toBe(`${LOAD_SOURCE_PREFIX}run-a`);
      expect(parseEpochMicros(event.time)).toBe(event.intendedMicros);
      const key = keyOf(event);
      expect(ended.has(key)).toBe(false);
      expect(LEGAL_NEXT[last.get(key) ?? 'start']).toContain(event.type);
      last.set(key, event.type);
      if (event.type === 'order.shipped.v1' || event.type === 'order.cancelled.v1') ended.add(key);
      traffic.settled([event]);
    }
    expect(new Set([...last.values()])).toEqual(new Set(['order.placed.v1', 'order.paid.v1', 'order.shipped.v1', 'order.cancelled.v1']));
  });

  it('never draws a key again while its previous event is unanswered', () => {
    const traffic = new TrafficGenerator(undefined, 3, 1, 'run-b');
    const first = [0, 1, 2].map((i) => traffic.next('run-b', i));
    expect(new Set(first.map(keyOf)).size).toBe(3);
    const overflow = traffic.next('run-b', 3);
    expect(overflow.type).toBe('order.placed.v1');
    expect(first.map(keyOf)).not.toContain(keyOf(overflow));
  });

  it('draws a type mix over a fixed pool of keys, the same again for the same seed and run', () => {
    const draw = (seed: number) => {
      const traffic = new TrafficGenerator(
        [
          { type: 'order.placed.v1', weight: 3 },
          { type: 'order.paid.v1', weight: 1 },
        ],
        5,
        seed,
        'run-c',
      );
      return Array.from({ length: 400 }, (_, i) => traffic.next('run-c', i));
    };
    const events = draw(7);
    expect(new Set(events.map(keyOf)).size).toBe(5);
    const placed = events.filter((e) => e.type === 'order.placed.v1').length;
    expect(placed).toBeGreaterThan(250);
    expect(placed).toBeLessThan(350);
    expect(draw(7).map((e) => [e.id, e.type, keyOf(e)])).toEqual(events.map((e) => [e.id, e.type, keyOf(e)]));
    expect(draw(8).map((e) => e.id)).not.toEqual(events.map((e) => e.id));
  });

  it('grows events towards a payload size by repeating list entries, staying valid', () => {
    const traffic = new TrafficGenerator([{ type: 'order.placed.v1', weight: 1 }], 5, 1, 'run-d', 2000);
    const event = traffic.next('run-d', 0);
    const bytes = Buffer.byteLength(JSON.stringify(event.data));
    expect(bytes).toBeGreaterThan(1800);
    expect(bytes).toBeLessThanOrEqual(2000);
    expect(() => createEnvelope(orderRegistry, event)).not.toThrow();
  });
});
