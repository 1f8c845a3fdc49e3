import { randomUUID } from 'node:crypto';
import { AppProcess, startApp } from './app-process';
import { runCli } from './cli-process';
import { placed, produce, TestRecord } from './consumer-fixtures';
import { runKcat } from './kcat-headers';
import { testBrokers } from './test-broker';

/** On a busy machine a service takes minutes to start; the specs wait, they do not time it. */
const READY_TIMEOUT_MS = 240_000;

/** A topic handled by a real consumer service, one poison record of it in the dead letters, the consumer stopped. */
export interface DeadLetterScene {
  env: Record<string, string>;
  prefix: string;
  group: string;
  topic: string;
  dlq: string;
  orders: number;
  poisonKey: string;
}

/**
 * Runs the consumer service over `orders` orders and one record that is not JSON, waits until
 * the group has handled all of them (the poison one in the dead-letter topic), then stops it:
 * a rewind or a redrive needs a group without live members.
 */
export async function arrangeDeadLetter(prefix: string, group: string, orders = 12): Promise<DeadLetterScene> {
  const env = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix };
  const topic = `${prefix}orders`;
  const poisonKey = `poison-${randomUUID().slice(0, 8)}`;
  const consumer: AppProcess = await startApp(
    'consumer',
    { ...env, KAFKA_GROUP_ID: group, PGLITE_DATA_DIR: 'memory', CONSUMER_RETRY_DELAYS_MS: 'none' },
    '/health/ready',
    READY_TIMEOUT_MS,
  );
  try {
    const poison: TestRecord = {
      key: poisonKey,
      value: '<order id="1"/>',
      headers: { ce_specversion: '1.0', ce_id: randomUUID(), ce_source: '/console-spec', ce_type: 'order.placed.v1', 'content-type': 'application/json' },
      id: 'poison',
    };
    await produce(topic, [...Array.from({ length: orders }, (_, i) => placed(randomUUID(), i)), poison]);
    const lag = await runCli(['lag', group, '--topic', 'orders', '--wait', '--timeout', '90s'], env);
    if (lag.code !== 0) throw new Error(`the consumer did not drain ${topic}: ${lag.stdout}${lag.stderr}`);
  } finally {
    await consumer.stop();
  }
  return { env, prefix, group, topic, dlq: `${topic}.${group}.dlq`, orders, poisonKey };
}

/** Records on a topic as kcat (a client that is not ours) reads them from the beginning to the end. */
export async function kcatCount(topic: string): Promise<number> {
  const out = await runKcat(['-b', testBrokers()[0], '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%p@%o\\n']);
  return out.toString().split('\n').filter(Boolean).length;
}

/** Starts the built console against the test broker. */
export function startConsole(env: Record<string, string>, extra: Record<string, string> = {}): Promise<AppProcess> {
  return startApp('console', { ...env, CONSOLE_SAMPLE_SECONDS: '1', ...extra }, '/', READY_TIMEOUT_MS);
}

/** A JSON request to the console: status and parsed body. */
export async function call<T = any>(url: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}
