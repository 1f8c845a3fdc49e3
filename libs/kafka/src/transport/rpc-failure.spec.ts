import { isRetriable } from '../consumer/retry-router';
import { HandlerError } from '../errors/kafka.errors';
import { toHandlerFailure } from './rpc-failure';

describe('toHandlerFailure', () => {
  const pattern = "@EventPattern('order.placed.v1')";

  it('names the pattern and keeps the message of what an RpcException became, retriable', () => {
    const error = toHandlerFailure({ status: 'error', message: 'Forbidden resource' }, pattern);
    expect(error).toBeInstanceOf(HandlerError);
    expect(error.message).toBe("@EventPattern('order.placed.v1'): Forbidden resource");
    expect(isRetriable(error)).toBe(true);
  });

  it('dead-letters at once when the object says retriable: false', () => {
    const failure = { message: 'order too big', retriable: false };
    const error = toHandlerFailure(failure, pattern);
    expect(isRetriable(error)).toBe(false);
    expect(error.cause).toBe(failure);
  });

  it('shows an object without a message as JSON, and anything else as text', () => {
    expect(toHandlerFailure({ code: 42 }, pattern).message).toBe(`${pattern}: {"code":42}`);
    expect(toHandlerFailure('boom', pattern).message).toBe(`${pattern}: boom`);
  });

  it('keeps an Error a filter rethrew as it is, retriable or not', () => {
    const final = new HandlerError('no', false);
    expect(toHandlerFailure(final, pattern)).toBe(final);
  });
});
