import { randomUUID } from 'node:crypto';
import { createEnvelope } from './encode';
import { upcastEvent } from './upcast';
import { OrderPlacedV2, orderRegistry } from '@streamline/orders';

const v1 = (orderId = randomUUID(), placedAt = '2026-11-23T10:00:00Z') =>
  createEnvelope(orderRegistry, {
    type: 'order.placed.v1',
    source: '/history',
    subject: 'kept',
    extensions: { tenant: 'acme' },
    data: {
      orderId,
      customerId: 'c-1',
      items: [
        { sku: 'A', quantity: 2, unitPrice: 12.5 },
        { sku: 'B', quantity: 1, unitPrice: 0.1 },
      ],
      currency: 'EUR',
      placedAt,
    },
  });

describe('upcasters', () => {
  it('turns order.placed.v1 history into a valid order.placed.v2, keeping identity and attributes', () => {
    const event = v1();
    const upcast = upcastEvent(orderRegistry, event, (type) => type === 'order.placed.v2')!;
    expect(upcast.data).toBeInstanceOf(OrderPlacedV2);
    expect({ ...upcast, data: JSON.parse(JSON.stringify(upcast.data)) }).toEqual({
      ...event,
      type: 'order.placed.v2',
      data: {
        orderId: event.data.orderId,
        customer: { id: 'c-1', tier: 'standard' },
        lines: [
          { sku: 'A', quantity: 2, unitPrice: { amountMinor: 1250, currency: 'EUR' } },
          { sku: 'B', quantity: 1, unitPrice: { amountMinor: 10, currency: 'EUR' } },
        ],
        total: { amountMinor: 2510, currency: 'EUR' },
        channel: 'web',
        placedAt: '2026-11-23T10:00:00Z',
      },
    });
  });

  it('reads a v1 time without offset as UTC, and upcasts nothing when no version on the chain is wanted', () => {
    expect((upcastEvent(orderRegistry, v1(randomUUID(), '2026-11-23T10:00:00'), (t) => t === 'order.placed.v2')!.data as OrderPlacedV2).placedAt).toBe(
      '2026-11-23T10:00:00Z',
    );
    expect(upcastEvent(orderRegistry, v1(), (t) => t === 'order.paid.v1')).toBeUndefined();
  });
});
