import { IllegalStateError } from '@streamline/kafka';

/** Where an order stands. */
export type OrderStatus = 'placed' | 'paid' | 'shipped' | 'cancelled';

/** What happened to it. */
export type OrderTransition = 'placed' | 'paid' | 'shipped' | 'cancelled';

/** From which statuses each event is legal (undefined: the order is not known yet). */
const ALLOWED: Record<OrderTransition, readonly (OrderStatus | undefined)[]> = {
  // Placing again while still only placed replaces the order (a corrected checkout).
  placed: [undefined, 'placed'],
  paid: ['placed'],
  shipped: ['paid'],
  cancelled: ['placed', 'paid'],
};

/**
 * The order's next status, or IllegalStateError (never retriable: per-key order means a retry
 * would see the same state) when the event is not legal now, e.g. shipped before paid.
 */
export function nextStatus(orderId: string, current: OrderStatus | undefined, transition: OrderTransition): OrderStatus {
  if (!ALLOWED[transition].includes(current)) {
    const state = current ? `is ${current}` : 'is not known';
    throw new IllegalStateError(`order ${orderId} ${state}; it cannot be ${transition}`);
  }
  return transition;
}
