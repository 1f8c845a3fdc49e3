import 'reflect-metadata';
import { ConfigError, loadConfig } from '@streamline/kafka';
import { ConsumerConfig } from './consumer.config';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(ConsumerConfig, env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => p.variable);
  }
}

describe('ConsumerConfig', () => {
  it('has working defaults', () => {
    const config = loadConfig(ConsumerConfig, {});
    expect(config.CONSUMER_RETRY_DELAYS_MS).toEqual([1000, 10_000, 60_000]);
    expect(config.CONSUMER_AFTER_DEAD_LETTER).toBe('continue');
    expect(config.CONSUMER_PRIORITY_LANES).toEqual([]);
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('reads retry delays, lanes and bounds', () => {
    const config = loadConfig(ConsumerConfig, {
      CONSUMER_RETRY_DELAYS_MS: '500, 5000',
      CONSUMER_PRIORITY_LANES: 'orders.urgent,orders',
      CONSUMER_MAX_IN_FLIGHT: '250',
      DATABASE_URL: 'postgres://app@db:5432/orders',
    });
    expect(config.CONSUMER_RETRY_DELAYS_MS).toEqual([500, 5000]);
    expect(config.CONSUMER_PRIORITY_LANES).toEqual(['orders.urgent', 'orders']);
    expect(config.CONSUMER_MAX_IN_FLIGHT).toBe(250);
  });

  it('turns retries off with "none"', () => {
    expect(loadConfig(ConsumerConfig, { CONSUMER_RETRY_DELAYS_MS: 'none' }).CONSUMER_RETRY_DELAYS_MS).toEqual([]);
  });

  it('names every bad variable at once', () => {
    expect(
      problems({
        CONSUMER_RETRY_DELAYS_MS: '10000,1000',
        CONSUMER_AFTER_DEAD_LETTER: 'drop',
        CONSUMER_KEY_CONCURRENCY: '0',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
      }).sort(),
    ).toEqual(['CONSUMER_AFTER_DEAD_LETTER', 'CONSUMER_KEY_CONCURRENCY', 'CONSUMER_RETRY_DELAYS_MS', 'DATABASE_URL', 'LOG_LEVEL']);
  });

  it('refuses delays that are not numbers', () => {
    expect(problems({ CONSUMER_RETRY_DELAYS_MS: '1s,10s' })).toEqual(['CONSUMER_RETRY_DELAYS_MS']);
  });
});
