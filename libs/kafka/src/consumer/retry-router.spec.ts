import 'reflect-metadata';
import { DecodeError } from '@streamline/schemas';
import { HandlerError, IllegalStateError } from '../errors/kafka.errors';
import { RetryRouter } from './retry-router';

describe('RetryRouter', () => {
  const router = new RetryRouter('billing', [1000, 10_000, 60_000]);
  const now = 1_700_000_000_000;

  it('sends a retriable failure from the source topic to the first tier, due after its delay', () => {
    expect(router.route({ sourceTopic: 'orders', tier: 0, error: new HandlerError('db down', true), now })).toEqual({
      kind: 'retry',
      topic: 'orders.billing.retry.1',
      tier: 1,
      dueAt: now + 1000,
    });
  });

  it('moves a retriable failure from one tier to the next', () => {
    expect(router.route({ sourceTopic: 'orders', tier: 2, error: new HandlerError('x', true), now })).toMatchObject({
      kind: 'retry',
      topic: 'orders.billing.retry.3',
      dueAt: now + 60_000,
    });
  });

  it('dead-letters a retriable failure after the last tier', () => {
    expect(router.route({ sourceTopic: 'orders', tier: 3, error: new HandlerError('x', true), now })).toEqual({
      kind: 'dead-letter',
      topic: 'orders.billing.dlq',
    });
  });

  it('dead-letters a non-retriable failure at once', () => {
    for (const error of [new IllegalStateError('shipped before paid'), new HandlerError('bad', false), new DecodeError('not-json', 'x')]) {
      expect(router.route({ sourceTopic: 'orders', tier: 0, error, now }).kind).toBe('dead-letter');
    }
  });

  it('retries errors that do not say whether a retry helps', () => {
    expect(router.route({ sourceTopic: 'orders', tier: 0, error: new TypeError('boom'), now }).kind).toBe('retry');
  });

  it('dead-letters at once when no tiers are configured', () => {
    expect(new RetryRouter('g', []).route({ sourceTopic: 'orders', tier: 0, error: new HandlerError('x', true), now }).kind).toBe('dead-letter');
  });

  it('names the tiers of a topic', () => {
    expect(router.retryTopics('orders')).toEqual(['orders.billing.retry.1', 'orders.billing.retry.2', 'orders.billing.retry.3']);
  });
});
