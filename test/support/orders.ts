import { randomUUID } from 'node:crypto';

/** Valid `order.placed.v1` data for an order id. */
export function orderPlacedData(orderId = randomUUID(), seq = 0) {
  return {
    orderId,
    customerId: `customer-${seq % 17}`,
    items: [{ sku: `SKU-${seq}`, quantity: 1 + (seq % 5), unitPrice: 9.99 }],
    currency: 'EUR',
    placedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
  };
}

/** A structured-mode CloudEvent body. */
export function structuredEvent(type: string, data: object, id: string = randomUUID(), source = '/tests') {
  return { specversion: '1.0', id, source, type, time: new Date().toISOString(), data };
}
