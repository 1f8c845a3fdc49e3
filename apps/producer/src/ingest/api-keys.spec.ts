import * as crypto from 'node:crypto';

// The real comparison, watched: the spec shows which function compares, not how long it takes.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});
import { ApiKeys, isApiKeyEntry, presentedKey } from './api-keys';
import { checkEventTypes } from './api-key.guard';
import { IngestError } from './ingest.error';

const OLD = 'old-key-0123456789abcdef';
const NEW = 'new-key-0123456789abcdef';

describe('ApiKeys', () => {
  it('knows several named keys at once, so a key can be rotated without downtime', () => {
    const keys = new ApiKeys([`checkout=${OLD}`, `checkout-2=${NEW}`]);
    expect(keys.identify(OLD)?.name).toBe('checkout');
    expect(keys.identify(NEW)?.name).toBe('checkout-2');
    expect(keys.identify(`${NEW}x`)).toBeUndefined();
    expect(keys.identify(undefined)).toBeUndefined();
  });

  it('names a bare key by its place in the list', () => {
    expect(new ApiKeys([OLD, NEW]).identify(NEW)?.name).toBe('key-2');
  });

  it('compares with crypto.timingSafeEqual against every key, even after a match', () => {
    const spy = jest.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    expect(new ApiKeys([`a=${OLD}`, `b=${NEW}`, `c=${NEW}-third`]).identify(OLD)?.name).toBe('a');
    expect(spy).toHaveBeenCalledTimes(3);
    for (const [a, b] of spy.mock.calls) expect([(a as Buffer).length, (b as Buffer).length]).toEqual([32, 32]);
  });

  it('limits a key to its event types and answers 403 naming the type', () => {
    const keys = new ApiKeys([`payments=${OLD}`, `orders=${NEW}`], ['payments:payment.authorized.v1|payment.failed.v1']);
    const payments = keys.identify(OLD);
    expect(() => checkEventTypes(payments, ['payment.authorized.v1'])).not.toThrow();
    let error: unknown;
    try {
      checkEventTypes(payments, ['payment.failed.v1', 'order.placed.v1']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IngestError);
    expect(error).toMatchObject({ status: 403, message: 'API key "payments" may not publish order.placed.v1' });
    expect(() => checkEventTypes(keys.identify(NEW), ['order.placed.v1', 'payment.failed.v1'])).not.toThrow();
  });

  it('accepts name=key and bare keys of 16 to 256 characters without spaces', () => {
    expect(isApiKeyEntry(`checkout=${OLD}`)).toBe(true);
    expect(isApiKeyEntry(OLD)).toBe(true);
    expect(isApiKeyEntry('short')).toBe(false);
    expect(isApiKeyEntry(`has space ${OLD}`)).toBe(false);
  });

  it('reads the key from a bearer token or X-API-Key', () => {
    expect(presentedKey({ authorization: `Bearer ${OLD}` })).toBe(OLD);
    expect(presentedKey({ 'x-api-key': OLD })).toBe(OLD);
    expect(presentedKey({ authorization: `Basic ${OLD}` })).toBeUndefined();
  });
});
