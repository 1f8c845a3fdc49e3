import { randomUUID } from 'node:crypto';
import { LocalKafka, startLocalKafka } from '@streamline/local-broker';
import { ownBroker } from './support/test-broker';
import { AppProcess, startApp } from './support/app-process';
import { Answer, cloudEvent, dataFor, post } from './support/producer-client';
import { randomName } from './support/random-names';
import { countIds, readTopic } from './support/topic-contents';
import { waitFor } from './support/wait-for';

/**
 * The only broker stops (kill -9): the producer answers 503 with Retry-After instead of
 * hanging, recovers by itself when the broker is back, loses nothing it acknowledged, and a
 * client retrying its 503s with the same ids ends with every event on the topic once.
 */
describe('producer when Kafka stops entirely', () => {
  const prefix = `${randomName('outage')}.`;
  const topic = `${prefix}orders`;
  let kafka: LocalKafka;
  let producer: AppProcess;

  beforeAll(async () => {
    kafka = await startLocalKafka(ownBroker('producer-outage', 29099));
    producer = await startApp('producer', {
      KAFKA_BROKERS: kafka.bootstrap,
      KAFKA_TOPIC_PREFIX: prefix,
      PUBLISH_TIMEOUT_MS: '1500',
      RETRY_AFTER_SECONDS: '2',
    });
  }, 120_000);
  afterAll(async () => {
    await producer?.stop();
    await kafka?.stop();
  }, 60_000);

  it('answers 503 while Kafka is down, recovers by itself, and loses nothing it acknowledged', async () => {
    const events = new Map<string, ReturnType<typeof cloudEvent>>();
    const acknowledged = new Set<string>();
    const refused = new Set<string>();
    const send = async (event = cloudEvent('order.placed.v1', dataFor('order.placed.v1'))): Promise<Answer> => {
      events.set(event.id, event);
      const answer = await post(producer.url, event);
      if (answer.status === 202) {
        acknowledged.add(event.id);
        refused.delete(event.id);
      } else refused.add(event.id);
      return answer;
    };

    // A fresh broker is still loading its coordinators; the first publish may take a moment.
    await waitFor('the first event to be accepted', async () => (await send()).status === 202, { timeoutMs: 60_000 });
    for (let i = 0; i < 20; i++) expect((await send()).status).toBe(202);

    await kafka.killBroker(0, 'SIGKILL');
    const down = await send();
    expect({ status: down.status, body: down.body }).toEqual({
      status: 503,
      body: { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: expect.stringMatching(/Kafka/) },
    });
    expect(down.headers.get('retry-after')).toBe('2');
    expect(down.body.detail).toMatch(/Kafka/);
    expect(down.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const during = await Promise.all(Array.from({ length: 10 }, () => send()));
    expect(during.map((a) => `${a.status} ${a.body.detail}`)).toEqual(Array(10).fill(expect.stringMatching(/^503 /)));
    await waitFor('readiness to report Kafka down', async () => (await fetch(`${producer.url}/health/ready`)).status === 503);

    await kafka.restartBroker(0);
    // No restart of the producer: it reconnects on its own.
    await waitFor('the producer to accept events again', async () => (await send()).status === 202, { timeoutMs: 90_000, intervalMs: 500 });
    await waitFor('readiness to report Kafka up', async () => (await fetch(`${producer.url}/health/ready`)).status === 200);
    for (let i = 0; i < 20; i++) expect((await send()).status).toBe(202);

    // A client retries each 503 with the same source and id: whether or not the first attempt
    // reached Kafka in the end, the event is on the topic once.
    for (const id of [...refused]) expect((await send(events.get(id)!)).status).toBe(202);
    expect(refused.size).toBe(0);

    const stored = await readTopic(kafka.bootstrap.split(','), topic);
    const counts = countIds(stored);
    expect([...acknowledged].filter((id) => counts.get(id) !== 1)).toEqual([]);
    expect([...counts.keys()].filter((id) => !acknowledged.has(id))).toEqual([]);
    expect(acknowledged.size).toBe(events.size);
  });

  it('stops within its shutdown timeout while Kafka is down and a send it accepted is still being retried', async () => {
    const second = await startApp('producer', {
      KAFKA_BROKERS: kafka.bootstrap,
      KAFKA_TOPIC_PREFIX: prefix,
      PUBLISH_TIMEOUT_MS: '1000',
      SHUTDOWN_TIMEOUT_MS: '3000',
    });
    try {
      await waitFor('an event accepted', async () => (await post(second.url, cloudEvent('order.placed.v1', dataFor('order.placed.v1')))).status === 202, {
        timeoutMs: 60_000,
      });
      await kafka.killBroker(0, 'SIGKILL');
      // Answered 503 once its publish timeout passed; the client library goes on retrying it.
      expect((await post(second.url, cloudEvent('order.placed.v1', dataFor('order.placed.v1')))).status).toBe(503);
      const stopping = Date.now();
      const exit = await Promise.race([second.stop(), new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 30_000))]);
      // SIGTERM re-raised once shutdown is done (143), well before a bound ten times the timeout.
      expect({ exit, output: exit === 'still running' ? second.output().slice(-3000) : '' }).toEqual({ exit: null, output: '' });
      expect(second.process.signalCode).toBe('SIGTERM');
      process.stdout.write(`producer stopped ${Date.now() - stopping} ms after SIGTERM with Kafka down\n`);
    } finally {
      second.process.kill('SIGKILL');
      await kafka.restartBroker(0);
    }
  }, 150_000);

  it('answers 503 quickly to new events when nothing can reach Kafka at start-up either', async () => {
    const orphan = await startApp('producer', {
      KAFKA_BROKERS: '127.0.0.1:29098',
      KAFKA_TOPIC_PREFIX: prefix,
      PUBLISH_TIMEOUT_MS: '1000',
    });
    try {
      const answer = await post(orphan.url, cloudEvent('order.placed.v1', dataFor('order.placed.v1'), randomUUID()));
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect((await fetch(`${orphan.url}/health/ready`)).status).toBe(503);
    } finally {
      await orphan.stop();
    }
  });
});
