import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ConfigError } from '../errors/config.error';
import { KafkaEnv } from './kafka-env';
import { loadConfig } from './load-config';

class TestConfig extends KafkaEnv {
  @Type(() => Number)
  @IsInt({ message: 'PORT must be an integer from 1 to 65535' })
  @Min(1, { message: 'PORT must be an integer from 1 to 65535' })
  @Max(65535, { message: 'PORT must be an integer from 1 to 65535' })
  PORT = 3000;
}

describe('loadConfig', () => {
  it('uses defaults when variables are absent or empty', () => {
    const config = loadConfig(TestConfig, { PORT: '' });
    expect(config.PORT).toBe(3000);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
  });

  it('parses a broker list', () => {
    expect(loadConfig(TestConfig, { KAFKA_BROKERS: 'a:9092, b:9093' }).KAFKA_BROKERS).toEqual(['a:9092', 'b:9093']);
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig(TestConfig, { KAFKA_BROKERS: 'localhost', PORT: 'eighty', KAFKA_SSL: 'yes' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['KAFKA_BROKERS', 'KAFKA_SSL', 'PORT']);
    expect((error as ConfigError).message).toContain('KAFKA_BROKERS must be host:port[,host:port]');
  });

  it('says each bad variable once, though IsInt, Min and Max all refuse it', () => {
    let error: unknown;
    try {
      loadConfig(TestConfig, { PORT: 'abc' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual([{ variable: 'PORT', expected: 'PORT must be an integer from 1 to 65535' }]);
    expect((error as ConfigError).message.split('must be an integer')).toHaveLength(2);
  });
});
