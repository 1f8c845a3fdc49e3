import 'reflect-metadata';
import { ConfigError, loadConfig } from '@streamline/kafka';
import { ProducerConfig, producerOptionsOf } from './producer.config';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(ProducerConfig, env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.variable).sort();
    throw error;
  }
};

describe('ProducerConfig', () => {
  it('has working defaults', () => {
    const config = loadConfig(ProducerConfig, {});
    expect(config.API_KEYS).toEqual([]);
    expect(producerOptionsOf(config)).toMatchObject({ publishTimeoutMs: 5000, lingerMs: 0, compression: 'none', dedupWindowMs: 600_000 });
  });

  it('reads the producer settings', () => {
    const config = loadConfig(ProducerConfig, {
      API_KEYS: 'key-one-0123456789, key-two-0123456789',
      MAX_BATCH_EVENTS: '50',
      PUBLISH_TIMEOUT_MS: '2500',
      KAFKA_LINGER_MS: '5',
      KAFKA_COMPRESSION: 'gzip',
      DEDUP_WINDOW_MS: '0',
    });
    expect(config.API_KEYS).toEqual(['key-one-0123456789', 'key-two-0123456789']);
    expect(config.MAX_BATCH_EVENTS).toBe(50);
    expect(producerOptionsOf(config)).toMatchObject({ publishTimeoutMs: 2500, lingerMs: 5, compression: 'gzip', dedupWindowMs: 0 });
  });

  it('names every bad variable at once', () => {
    expect(problemsOf({ API_KEYS: 'short', MAX_BATCH_EVENTS: '0', PUBLISH_TIMEOUT_MS: 'soon', KAFKA_COMPRESSION: 'zstd', KAFKA_CREATE_TOPICS: 'yes' })).toEqual(
      ['API_KEYS', 'KAFKA_COMPRESSION', 'KAFKA_CREATE_TOPICS', 'MAX_BATCH_EVENTS', 'PUBLISH_TIMEOUT_MS'],
    );
  });

  it('bounds the HTTP timeouts and wants the request timeout no shorter than the headers timeout', () => {
    expect(loadConfig(ProducerConfig, {})).toMatchObject({ HTTP_HEADERS_TIMEOUT_MS: 10_000, HTTP_REQUEST_TIMEOUT_MS: 30_000 });
    expect(problemsOf({ HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '4000' })).toEqual(['HTTP_REQUEST_TIMEOUT_MS']);
    expect(problemsOf({ HTTP_HEADERS_TIMEOUT_MS: '0' })).toEqual(['HTTP_HEADERS_TIMEOUT_MS']);
  });
});
