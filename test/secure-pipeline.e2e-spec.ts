import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AclOperationTypes, Kafka } from 'kafkajs';
import { LocalKafka, LocalKafkaSecurity, makeCertificateAuthority } from '@streamline/local-broker';
import { AppProcess, startApp } from './support/app-process';
import { jsonLines, runCli } from './support/cli-process';
import { orderPlacedData, structuredEvent } from './support/orders';
import { randomName } from './support/random-names';
import { denyOnTopic, SECURE_ACL_PREFIX, SECURE_BROKER_PORT, secureEnv, secureKafkajs, startSecureKafka } from './support/secure-broker';
import { ownBroker } from './support/test-broker';
import { waitFor } from './support/wait-for';
import { createTopicsReady, readWithKafkajs } from './support/kafkajs-oracle';
import { placed } from './support/consumer-fixtures';

/**
 * Producer and consumer services against a secured cluster (SASL_SSL, SCRAM-SHA-512, ACLs),
 * each as its own user with only its ACLs, passwords read from files; then what a person sees
 * when the password, an ACL or the CA is wrong.
 */
describe('secured pipeline: SASL_SSL with SCRAM-SHA-512 and per-service ACLs', () => {
  let kafka: LocalKafka & { security: LocalKafkaSecurity };
  const prefix = `${SECURE_ACL_PREFIX}${randomName('pipe')}.`;
  const group = `${SECURE_ACL_PREFIX}${randomName('group')}`;
  const apps: AppProcess[] = [];
  let producer: AppProcess;
  let consumer: AppProcess;
  let oracle: Kafka;
  const cliOutput: string[] = [];

  const post = (app: AppProcess, type: string, data: object, id = randomUUID()) =>
    fetch(`${app.url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify(structuredEvent(type, data, id)),
    });
  const start = async (app: 'producer' | 'consumer', env: Record<string, string>, readyPath?: string) => {
    const started = await startApp(
      app,
      { KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_ID: group, PGLITE_DATA_DIR: 'memory', CONSUMER_RETRY_DELAYS_MS: '200', ...env },
      readyPath,
      // Each secured spec runs its own broker beside the shared one: a busy machine starts services slowly.
      180_000,
    );
    apps.push(started);
    return started;
  };

  beforeAll(async () => {
    // A cluster per client: the two jest projects run this spec at the same time.
    const own = ownBroker('secure-pipeline', SECURE_BROKER_PORT + 10);
    kafka = await startSecureKafka(own.name, own.port);
    oracle = secureKafkajs(kafka, kafka.security.users.admin);
    // The operator creates the topics (the services' users may not), as a deploy would.
    const admin = oracle.admin();
    await admin.connect();
    await createTopicsReady(
      admin,
      [`${prefix}orders`, `${prefix}payments`, `${prefix}orders.${group}.dlq`, `${prefix}orders.${group}.retry.1`].map((topic) => ({
        topic,
        numPartitions: 6,
      })),
    );
    await admin.disconnect();
    producer = await start('producer', secureEnv(kafka, 'producer'), '/health/ready');
    consumer = await start('consumer', secureEnv(kafka, 'consumer'));
  }, 600_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await kafka?.stop();
  }, 60_000);

  it('carries posted orders to the read model and an illegal event to the dead letters, each service as its own user', async () => {
    const orderIds = Array.from({ length: 10 }, () => randomUUID());
    for (const [i, orderId] of orderIds.entries()) expect((await post(producer, 'order.placed.v1', orderPlacedData(orderId, i))).status).toBe(202);
    for (const orderId of orderIds) {
      await waitFor(`order ${orderId} in the read model`, async () => (await fetch(`${consumer.url}/orders/${orderId}`)).status === 200, { timeoutMs: 90_000 });
    }

    const unknownOrder = randomUUID();
    const paidId = randomUUID();
    const paid = { orderId: unknownOrder, paymentId: 'pay-1', amount: 10, currency: 'EUR', paidAt: '2026-11-23T10:05:00.000Z' };
    expect((await post(producer, 'order.paid.v1', paid, paidId)).status).toBe(202);
    const deadLetters = await waitFor(
      'the paid-before-placed event in the dead letters',
      async () => {
        const offsets = await withAdmin((admin) => admin.fetchTopicOffsets(`${prefix}orders.${group}.dlq`));
        return offsets.some((p) => Number(p.high) > 0) ? offsets : undefined;
      },
      { timeoutMs: 90_000 },
    );
    expect(deadLetters.reduce((sum, p) => sum + Number(p.high), 0)).toBe(1);
  }, 600_000);

  it('serves the operator on the command line: topics, tail, lag, replay group (dry run), dlq list, doctor', async () => {
    const env = { ...secureEnv(kafka, 'operator'), KAFKA_TOPIC_PREFIX: prefix };
    const cli = async (args: string[]) => {
      const result = await runCli(args, env);
      cliOutput.push(result.stdout, result.stderr);
      return result;
    };
    const topics = await cli(['topics']);
    expect(topics).toMatchObject({ code: 0 });
    expect(topics.stdout).toContain(`${prefix}orders`);
    const tail = await cli(['tail', 'orders', '--from', 'beginning', '--no-follow', '--type', 'order.paid.v1', '--json']);
    expect(tail.code).toBe(0);
    expect(jsonLines(tail.stdout)).toHaveLength(1);
    const lag = await cli(['lag', group, '--topic', 'orders', '--json']);
    expect(lag.code).toBe(0);
    expect(jsonLines(lag.stdout)[0]).toMatchObject({ groupId: group });
    const replay = await cli(['replay', 'group', group, '--topic', 'orders', '--to', new Date().toISOString()]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain(`replay plan for group ${group} on ${prefix}orders`);
    const dlq = await cli(['dlq', 'list', `${prefix}orders.${group}.dlq`, '--json']);
    expect(dlq.code).toBe(0);
    expect(jsonLines(dlq.stdout)).toHaveLength(1);

    const doctor = await cli(['doctor', '--group', group, '--consumer-topics', 'orders', '--retry-tiers', '1']);
    expect(doctor.stdout).toMatch(/✓ +connected to 1 broker\(s\) at .* as operator \(scram-sha-512\)/);
    expect(doctor.stdout).toMatch(/✓ +producer +User:producer WRITE on topic .*orders/);
    expect(doctor.stdout).toMatch(/✓ +consumer +User:consumer WRITE on topic .*orders\..*\.dlq/);
    expect(doctor.stdout).not.toContain('✗');
    expect(doctor.code).toBe(0);
  }, 240_000);

  it('has doctor name what is missing and exit 1 when run as a principal that may not list ACLs', async () => {
    const doctor = await runCli(['doctor', '--group', group], { ...secureEnv(kafka, 'producer'), KAFKA_TOPIC_PREFIX: prefix });
    cliOutput.push(doctor.stdout, doctor.stderr);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/✗ +ACLs could not be listed \(CLUSTER_AUTHORIZATION_FAILED\) +run doctor as a principal with DESCRIBE on the cluster/);
  }, 120_000);

  it('keeps answering with a wrong password: readiness 503 naming the refused login, ingest 503, retries instead of exiting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wrong-password-'));
    writeFileSync(join(dir, 'password'), 'not-the-password\n');
    const wrong = { ...secureEnv(kafka, 'producer'), KAFKA_SASL_PASSWORD_FILE: join(dir, 'password') };
    const [badProducer, badConsumer] = [
      await start('producer', wrong),
      await start('consumer', { ...secureEnv(kafka, 'consumer'), KAFKA_SASL_PASSWORD_FILE: join(dir, 'password') }),
    ];
    expect((await fetch(`${badProducer.url}/health/ready`)).status).toBe(503);
    await waitFor('the producer to say the login was refused', () => badProducer.output().includes('Kafka refused the login (SASL_AUTHENTICATION_FAILED)'), {
      timeoutMs: 60_000,
    });
    expect((await post(badProducer, 'order.placed.v1', orderPlacedData())).status).toBe(503);
    await waitFor('the consumer to try again', () => /consumer could not start \(attempt 2\): Kafka refused the login/.test(badConsumer.output()), {
      timeoutMs: 60_000,
    });
    expect(badConsumer.process.exitCode).toBeNull();
    expect((await fetch(`${badConsumer.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${badConsumer.url}/health/ready`)).status).toBe(503);
  }, 600_000);

  it('answers 503 while the producer may not write its topic, naming the ACL; once granted, exactly the accepted events are there', async () => {
    const deniedPrefix = `${SECURE_ACL_PREFIX}${randomName('nowrite')}.`;
    const admin = oracle.admin();
    await admin.connect();
    try {
      await createTopicsReady(
        admin,
        [`${deniedPrefix}orders`, `${deniedPrefix}payments`].map((topic) => ({ topic, numPartitions: 3 })),
      );
      const grant = await denyOnTopic(admin, 'producer', AclOperationTypes.WRITE, `${deniedPrefix}orders`);
      const denied = await start('producer', { ...secureEnv(kafka, 'producer'), KAFKA_TOPIC_PREFIX: deniedPrefix }, '/health/ready');
      const refused = await post(denied, 'order.placed.v1', orderPlacedData());
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      await waitFor('the producer to name the refused ACL', () =>
        denied.output().includes(`event not accepted: Kafka refused WRITE on topic ${deniedPrefix}orders (TOPIC_AUTHORIZATION_FAILED)`),
      );

      await grant();
      const accepted: string[] = [];
      await waitFor('the producer to accept events once granted', async () => {
        const id = randomUUID();
        const status = (await post(denied, 'order.placed.v1', orderPlacedData(), id)).status;
        if (status === 202) accepted.push(id);
        return status === 202;
      });
      for (let i = 0; i < 4; i++) {
        const id = randomUUID();
        expect((await post(denied, 'order.placed.v1', orderPlacedData(), id)).status).toBe(202);
        accepted.push(id);
      }
      const stored = await readWithKafkajs(oracle, `${deniedPrefix}orders`, accepted.length);
      expect(stored.map((r) => r.headers.ce_id.toString()).sort()).toEqual([...accepted].sort());
    } finally {
      await admin.disconnect();
    }
  }, 400_000);

  it('has a consumer that may not write its dead-letter topic say so at start-up and take nothing; once granted, it handles every event', async () => {
    const [nodlqPrefix, nodlqGroup] = [`${SECURE_ACL_PREFIX}${randomName('nodlq')}.`, `${SECURE_ACL_PREFIX}${randomName('group')}`];
    const deadLetters = `${nodlqPrefix}orders.${nodlqGroup}.dlq`;
    const admin = oracle.admin();
    await admin.connect();
    try {
      await createTopicsReady(
        admin,
        [`${nodlqPrefix}orders`, `${nodlqPrefix}payments`, deadLetters, `${nodlqPrefix}orders.${nodlqGroup}.retry.1`].map((topic) => ({
          topic,
          numPartitions: 3,
        })),
      );
      const grant = await denyOnTopic(admin, 'consumer', AclOperationTypes.WRITE, deadLetters);
      const orderIds = Array.from({ length: 5 }, () => randomUUID());
      const sender = oracle.producer();
      await sender.connect();
      await sender.send({ topic: `${nodlqPrefix}orders`, acks: -1, messages: orderIds.map((id, i) => placed(id, i)) });
      await sender.disconnect();

      const refused = await start('consumer', { ...secureEnv(kafka, 'consumer'), KAFKA_TOPIC_PREFIX: nodlqPrefix, KAFKA_GROUP_ID: nodlqGroup });
      const refusal = `Kafka refused WRITE on topic ${deadLetters} (TOPIC_AUTHORIZATION_FAILED), which the consumer needs to park failed records`;
      await waitFor('the consumer to name the dead-letter topic it may not write', () => /consumer could not start \(attempt 2\)/.test(refused.output()), {
        timeoutMs: 60_000,
      });
      expect(refused.output()).toContain(refusal);
      const ready = await fetch(`${refused.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(JSON.stringify(await ready.json())).toContain(refusal);
      const committed = await admin.fetchOffsets({ groupId: nodlqGroup, topics: [`${nodlqPrefix}orders`] });
      expect(committed[0].partitions.every((p) => p.offset === '-1')).toBe(true);

      await grant();
      for (const orderId of orderIds) {
        await waitFor(`order ${orderId} in the read model`, async () => (await fetch(`${refused.url}/orders/${orderId}`)).status === 200, {
          timeoutMs: 120_000,
        });
      }
      expect((await fetch(`${refused.url}/health/ready`)).status).toBe(200);
    } finally {
      await admin.disconnect();
    }
  }, 400_000);

  it("names the certificate problem when the broker's CA is not trusted", async () => {
    const other = await makeCertificateAuthority(mkdtempSync(join(tmpdir(), 'other-ca-')), 'changeit', 'Another CA');
    const untrusting = await start('producer', { ...secureEnv(kafka, 'producer'), KAFKA_SSL_CA_FILE: other });
    expect((await fetch(`${untrusting.url}/health/ready`)).status).toBe(503);
    await waitFor(
      'the producer to name the certificate problem',
      () => /the broker's TLS certificate is not trusted \(SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain\)/.test(untrusting.output()),
      { timeoutMs: 120_000 },
    );
  }, 400_000);

  it('never writes a password to any log or command output', () => {
    const logs = [...apps.map((app) => app.output()), ...cliOutput].join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const user of Object.values(kafka.security.users)) expect(logs).not.toContain(user.password);
    expect(logs).not.toContain('not-the-password');
  });

  async function withAdmin<T>(use: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
    const admin = oracle.admin();
    await admin.connect();
    try {
      return await use(admin);
    } finally {
      await admin.disconnect();
    }
  }
});
