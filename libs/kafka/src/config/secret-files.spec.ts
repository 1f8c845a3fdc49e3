import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../errors/config.error';
import { kafkaOptionsFromEnv } from '../kafka.options';
import { KafkaEnv } from './kafka-env';
import { loadConfig } from './load-config';

const dir = mkdtempSync(join(tmpdir(), 'streamline-secrets-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';

function problemsOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(KafkaEnv, env);
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('secrets from files', () => {
  it('reads the SASL password from KAFKA_SASL_PASSWORD_FILE, without the trailing newline', () => {
    const config = loadConfig(KafkaEnv, {
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'producer',
      KAFKA_SASL_PASSWORD_FILE: file('password', 's3cret-from-file\n'),
    });
    expect(kafkaOptionsFromEnv(config).sasl).toEqual({ mechanism: 'scram-sha-512', username: 'producer', password: 's3cret-from-file' });
  });

  it('refuses a secret set both directly and from a file, without saying either value', () => {
    const error = problemsOf({ KAFKA_SASL_PASSWORD: 'direct-value', KAFKA_SASL_PASSWORD_FILE: file('p2', 'file-value') });
    expect(error.problems).toContainEqual({ variable: 'KAFKA_SASL_PASSWORD_FILE', expected: 'set KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both' });
    expect(error.message).not.toMatch(/direct-value|file-value/);
  });

  it('names a file that cannot be read and why', () => {
    const error = problemsOf({ KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') });
    expect(error.problems[0]).toEqual({ variable: 'KAFKA_SSL_CA_FILE', expected: expect.stringContaining('ENOENT') });
  });

  it('says which SASL setting is missing instead of connecting without SASL', () => {
    const error = problemsOf({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'producer' });
    expect(error.problems.map((p) => p.variable)).toEqual(['KAFKA_SASL_PASSWORD']);
  });

  it('refuses a CA file that holds no certificate, without printing its content', () => {
    const error = problemsOf({ KAFKA_SSL_CA_FILE: file('not-a-cert', 'hunter2') });
    expect(error.problems.map((p) => p.variable)).toEqual(['KAFKA_SSL_CA']);
    expect(error.message).not.toContain('hunter2');
  });
});

describe('TLS from the environment', () => {
  it('stays off by default and is plain "on" with KAFKA_SSL=true alone', () => {
    expect(kafkaOptionsFromEnv(loadConfig(KafkaEnv, {})).ssl).toBe(false);
    expect(kafkaOptionsFromEnv(loadConfig(KafkaEnv, { KAFKA_SSL: 'true' })).ssl).toBe(true);
  });

  it('trusts the CA file, presents the client certificate, and checks host names unless told not to', () => {
    const env = { KAFKA_SSL_CA_FILE: file('ca.pem', CA), KAFKA_SSL_CERT_FILE: file('c.pem', CA), KAFKA_SSL_KEY_FILE: file('k.pem', KEY) };
    expect(kafkaOptionsFromEnv(loadConfig(KafkaEnv, env)).ssl).toEqual({ ca: CA.trimEnd(), cert: CA.trimEnd(), key: KEY.trimEnd(), checkHostname: true });
    expect(kafkaOptionsFromEnv(loadConfig(KafkaEnv, { ...env, KAFKA_SSL_CHECK_HOSTNAME: 'false' })).ssl).toMatchObject({ checkHostname: false });
  });

  it('needs the key with a client certificate', () => {
    const error = problemsOf({ KAFKA_SSL_CERT_FILE: file('c2.pem', CA) });
    expect(error.problems.map((p) => p.variable)).toEqual(['KAFKA_SSL_KEY']);
  });
});
