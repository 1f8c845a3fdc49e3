import 'reflect-metadata';
import { createEnvelope, decodeRecord, encodeEnvelope } from '@streamline/schemas';
import { OrderPlacedV1 } from './events/order-placed.v1';
import { OrderPlacedV2 } from './events/order-placed.v2';
import { ORDER_TOPICS, orderRegistry } from './order-registry';

describe('versioned event types', () => {
  it('keeps order.placed.v1 and order.placed.v2 side by side on one topic, each decoded with its own class', () => {
    const orderId = '0d6f4b6e-8f3a-4d2c-9a61-3b8f0e5c7a21';
    const v1 = encodeEnvelope(
      orderRegistry,
      createEnvelope(orderRegistry, { type: 'order.placed.v1', source: '/old-checkout', data: orderRegistry.find('order.placed.v1')!.example! }),
    );
    const v2 = encodeEnvelope(
      orderRegistry,
      createEnvelope(orderRegistry, { type: 'order.placed.v2', source: '/checkout', data: orderRegistry.find('order.placed.v2')!.example! }),
    );
    expect([v1.topic, v2.topic]).toEqual(['orders', 'orders']);
    expect([v1.key, v2.key]).toEqual([orderId, orderId]);

    const old = decodeRecord(orderRegistry, { key: v1.key, value: v1.value, headers: v1.headers });
    const neu = decodeRecord(orderRegistry, { key: v2.key, value: v2.value, headers: v2.headers });
    expect(old.type).toBe('order.placed.v1');
    expect(old.data).toBeInstanceOf(OrderPlacedV1);
    expect((old.data as OrderPlacedV1).items[0].unitPrice).toBe(12.5);
    expect(neu.type).toBe('order.placed.v2');
    expect(neu.data).toBeInstanceOf(OrderPlacedV2);
    expect((neu.data as OrderPlacedV2).lines[0].unitPrice).toEqual({ amountMinor: 1250, currency: 'EUR' });
  });

  it('does not accept one version shape under the other type', () => {
    const v1Data = orderRegistry.find('order.placed.v1')!.example!;
    expect(() => createEnvelope(orderRegistry, { type: 'order.placed.v2', source: '/x', data: v1Data })).toThrow(/order.placed.v2 is invalid/);
  });

  it('points a superseded type at a registered successor on the same topic', () => {
    for (const type of orderRegistry.types()) {
      const next = orderRegistry.find(type)!.supersededBy;
      if (!next) continue;
      expect(orderRegistry.find(next)).toBeDefined();
      expect(orderRegistry.topicFor(next)!.name).toBe(orderRegistry.topicFor(type)!.name);
    }
  });

  it('names every type <domain>.<what>.v<n>, its class <Name>V<n>, unique across topics', () => {
    const names = new Set<string>();
    for (const topic of ORDER_TOPICS) {
      for (const e of topic.events) {
        const version = /^[a-z]+(\.[a-z-]+)+\.v(\d+)$/.exec(e.type)?.[2];
        expect({ type: e.type, version }).toEqual({ type: e.type, version: expect.any(String) });
        expect(e.dataClass.name.endsWith(`V${version}`)).toBe(true);
        expect(names.has(e.dataClass.name)).toBe(false);
        names.add(e.dataClass.name);
      }
    }
  });
});
