import 'reflect-metadata';
import { ConfigError, loadConfig } from '@streamline/kafka';
import { ProducerConfig } from '../producer.config';
import { RateLimits } from './api-key-rate-limit';

const messagesOf = (env: Record<string, string>) => {
  try {
    loadConfig(ProducerConfig, env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable}: ${p.expected}`);
    throw error;
  }
};

describe('API key rate limits', () => {
  it("reads every key's limit and named keys' own, which take precedence", () => {
    const limits = new RateLimits(['200/1s', 'partner=20/500ms', 'batch=6000/1h', 'slow=3/2m']);
    expect(limits.of({ name: 'checkout' })).toEqual({ limit: 200, ttlMs: 1000, text: '200/1s' });
    expect(limits.of({ name: 'partner' })).toEqual({ limit: 20, ttlMs: 500, text: '20/500ms' });
    expect(limits.of({ name: 'batch' })).toMatchObject({ limit: 6000, ttlMs: 3_600_000 });
    expect(limits.of({ name: 'slow' })).toMatchObject({ limit: 3, ttlMs: 120_000 });
    expect(limits.of(undefined)).toBeUndefined();
  });

  it('leaves keys without a limit unlimited when no limit is given for every key', () => {
    const limits = new RateLimits(['partner=20/1s']);
    expect(limits.of({ name: 'checkout' })).toBeUndefined();
    expect(new RateLimits([]).of({ name: 'partner' })).toBeUndefined();
  });

  it('is configured with API_KEY_RATE_LIMIT, next to the keys it limits', () => {
    const config = loadConfig(ProducerConfig, { API_KEYS: 'partner=partner-key-0123456789,key-two-0123456789', API_KEY_RATE_LIMIT: '100/1s, partner=10/1s' });
    expect(config.API_KEY_RATE_LIMIT).toEqual(['100/1s', 'partner=10/1s']);
    expect(loadConfig(ProducerConfig, { API_KEYS: 'key-one-0123456789', API_KEY_RATE_LIMIT: 'key-1=5/1s' }).API_KEY_RATE_LIMIT).toEqual(['key-1=5/1s']);
  });

  it('refuses a malformed limit, one without keys, and one naming a key that does not exist, each in one line', () => {
    for (const bad of ['100', '0/1s', '10/1d', '10/s', 'partner=10', '10 / 1s']) {
      expect(messagesOf({ API_KEYS: 'partner=partner-key-0123456789', API_KEY_RATE_LIMIT: bad })).toEqual([
        'API_KEY_RATE_LIMIT: API_KEY_RATE_LIMIT must be a comma-separated list of N/duration or name=N/duration, duration in ms, s, m or h (200/1s)',
      ]);
    }
    expect(messagesOf({ API_KEY_RATE_LIMIT: '10/1s' })).toEqual(['API_KEY_RATE_LIMIT: API_KEY_RATE_LIMIT limits API keys: set API_KEYS too']);
    expect(messagesOf({ API_KEYS: 'partner=partner-key-0123456789', API_KEY_RATE_LIMIT: 'partnr=10/1s' })).toEqual([
      'API_KEY_RATE_LIMIT: API_KEY_RATE_LIMIT names partnr, which is not a key of API_KEYS (partner)',
    ]);
  });
});
