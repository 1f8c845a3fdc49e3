import { defineEvent, EventRegistry, TopicDefinition } from '@streamline/schemas';
import { upcastOrderPlacedV1 } from './events/order-placed-upcaster';
import { OrderCancelledV1 } from './events/order-cancelled.v1';
import { OrderPaidV1 } from './events/order-paid.v1';
import { OrderPlacedV1 } from './events/order-placed.v1';
import { OrderShippedV1 } from './events/order-shipped.v1';
import { OrderPlacedV2 } from './events/order-placed.v2';
import { PaymentAuthorizedV1 } from './events/payment-authorized.v1';
import { PaymentFailedV1 } from './events/payment-failed.v1';
import { PaymentRefundedV1 } from './events/payment-refunded.v1';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The example apps' topics with their events. Adding an event = one class + one entry here. */
export const ORDER_TOPICS: readonly TopicDefinition[] = [
  {
    name: 'orders',
    partitions: 6,
    retentionMs: 7 * DAY_MS,
    description: 'Lifecycle of customer orders, keyed by order id so one order stays in order.',
    events: [
      defineEvent({
        type: 'order.placed.v1',
        dataClass: OrderPlacedV1,
        keyField: 'orderId',
        description: 'A customer placed an order.',
        supersededBy: 'order.placed.v2',
        upcast: upcastOrderPlacedV1,
        example: {
          orderId: '0d6f4b6e-8f3a-4d2c-9a61-3b8f0e5c7a21',
          customerId: 'c-42',
          items: [{ sku: 'BOOK-1', quantity: 2, unitPrice: 12.5 }],
          currency: 'EUR',
          placedAt: '2026-11-23T10:00:00Z',
        },
      }),
      defineEvent({
        type: 'order.placed.v2',
        dataClass: OrderPlacedV2,
        keyField: 'orderId',
        description: 'A customer placed an order; prices in minor units, customer as an object, total and channel stated.',
        example: {
          orderId: '0d6f4b6e-8f3a-4d2c-9a61-3b8f0e5c7a21',
          customer: { id: 'c-42', email: 'ada@example.org', tier: 'gold' },
          lines: [{ sku: 'BOOK-1', quantity: 2, unitPrice: { amountMinor: 1250, currency: 'EUR' } }],
          total: { amountMinor: 2500, currency: 'EUR' },
          channel: 'web',
          placedAt: '2026-11-23T10:00:00Z',
        },
      }),
      defineEvent({
        type: 'order.paid.v1',
        dataClass: OrderPaidV1,
        keyField: 'orderId',
        description: 'The payment of an order was captured.',
        example: {
          orderId: '0d6f4b6e-8f3a-4d2c-9a61-3b8f0e5c7a21',
          paymentId: 'pay_1N2b3C4d',
          amount: 25,
          currency: 'EUR',
          paidAt: '2026-11-23T10:01:00Z',
        },
      }),
      defineEvent({
        type: 'order.shipped.v1',
        dataClass: OrderShippedV1,
        keyField: 'orderId',
        description: 'A paid order was handed to a carrier.',
        example: {
          orderId: '0d6f4b6e-8f3a-4d2c-9a61-3b8f0e5c7a21',
          carrier: 'DHL',
          trackingNumber: 'JD014600006281230722',
          shippedAt: '2026-11-24T08:00:00Z',
        },
      }),
      defineEvent({
        type: 'order.cancelled.v1',
        dataClass: OrderCancelledV1,
        keyField: 'orderId',
        description: 'An order was cancelled before it shipped.',
        example: {
          orderId: '0d6f4b6e-8f3a-4d2c-9a61-3b8f0e5c7a21',
          reason: 'customer changed their mind',
          cancelledAt: '2026-11-23T11:00:00Z',
        },
      }),
    ],
  },
  {
    name: 'payments',
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    description: 'Payments of orders, keyed by payment id so one payment stays in order.',
    events: [
      defineEvent({
        type: 'payment.authorized.v1',
        dataClass: PaymentAuthorizedV1,
        keyField: 'paymentId',
        description: 'The payment provider reserved the amount of a payment.',
        example: {
          paymentId: '6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b',
          orderId: '0d6f4b6e-8f3a-4d2c-9a61-3b8f0e5c7a21',
          amount: { amountMinor: 2500, currency: 'EUR' },
          method: 'card',
          card: { brand: 'visa', last4: '4242' },
          authorizedAt: '2026-11-23T10:00:05Z',
        },
      }),
      defineEvent({
        type: 'payment.failed.v1',
        dataClass: PaymentFailedV1,
        keyField: 'paymentId',
        description: 'The payment provider declined a payment.',
        example: {
          paymentId: '6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b',
          orderId: '0d6f4b6e-8f3a-4d2c-9a61-3b8f0e5c7a21',
          amount: { amountMinor: 2500, currency: 'EUR' },
          code: 'card-declined',
          message: 'Do not honor',
          failedAt: '2026-11-23T10:00:05Z',
        },
      }),
      defineEvent({
        type: 'payment.refunded.v1',
        dataClass: PaymentRefundedV1,
        keyField: 'paymentId',
        description: 'Some or all of a payment went back to the customer.',
        example: {
          paymentId: '6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b',
          orderId: '0d6f4b6e-8f3a-4d2c-9a61-3b8f0e5c7a21',
          refundId: '9c8b7a6f-5e4d-4c3b-a2a1-0f9e8d7c6b5a',
          amount: { amountMinor: 1250, currency: 'EUR' },
          reason: 'customer-request',
          refundedAt: '2026-11-24T09:30:00Z',
        },
      }),
    ],
  },
];

/** The example apps' registry: what the producer, consumer, command line, console and bench speak. */
export const orderRegistry = new EventRegistry(ORDER_TOPICS);

/** Version stamped into the order registry's AsyncAPI document; bump when the registry changes shape. */
export const ORDER_CONTRACT_VERSION = '1.1.0';
