import 'reflect-metadata';
import { IllegalStateError } from '@streamline/kafka';
import { nextStatus, OrderStatus, OrderTransition } from './order-lifecycle';

describe('order lifecycle', () => {
  const legal: [OrderStatus | undefined, OrderTransition][] = [
    [undefined, 'placed'],
    ['placed', 'placed'],
    ['placed', 'paid'],
    ['paid', 'shipped'],
    ['placed', 'cancelled'],
    ['paid', 'cancelled'],
  ];
  it.each(legal)('from %s allows %s', (current, transition) => {
    expect(nextStatus('o', current, transition)).toBe(transition);
  });

  const illegal: [OrderStatus | undefined, OrderTransition][] = [
    [undefined, 'paid'],
    [undefined, 'shipped'],
    [undefined, 'cancelled'],
    ['placed', 'shipped'],
    ['paid', 'paid'],
    ['paid', 'placed'],
    ['shipped', 'cancelled'],
    ['shipped', 'shipped'],
    ['cancelled', 'paid'],
    ['cancelled', 'cancelled'],
  ];
  it.each(illegal)('from %s refuses %s as a non-retriable illegal state', (current, transition) => {
    const attempt = () => nextStatus('o', current, transition);
    expect(attempt).toThrow(IllegalStateError);
    try {
      attempt();
    } catch (error) {
      expect((error as IllegalStateError).retriable).toBe(false);
    }
  });
});
