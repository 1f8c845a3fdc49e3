import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka } from 'kafkajs';
import {
  issueClientCertificate,
  KafkaTools,
  LocalKafka,
  LocalKafkaSecurity,
  makeCertificateAuthority,
  makeClientCertificate,
  runKafkaTool,
} from '@streamline/local-broker';
import { randomName } from './support/random-names';
import { SECURE_ACL_PREFIX, secureEnv, secureKafkajs, startSecureKafka } from './support/secure-broker';
import { jsonLines, runCli } from './support/cli-process';
import { startOAuthTokenEndpoint } from './support/oauth-token-endpoint';
import { createTopicsReady } from './support/kafkajs-oracle';

/** What a kafkajs call failed with: error name and Kafka error type, or 'ok'. */
async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'ok';
  } catch (error) {
    // kafkajs keeps the broker's error code on the errors it wraps (cause) or aggregates (errors).
    type Wrapped = { name?: string; type?: string; message?: string; cause?: unknown; errors?: Wrapped[] };
    const describe = (e: Wrapped | undefined, depth: number): string =>
      !e || depth > 5
        ? ''
        : [
            `${e.name} ${e.type ?? ''} ${e.message ?? ''}`,
            ...(e.errors ?? []).map((inner) => describe(inner, depth + 1)),
            e.cause !== e ? describe(e.cause as Wrapped, depth + 1) : '',
          ]
            .filter(Boolean)
            .join(' <- ');
    return describe(error as Wrapped, 0);
  }
}

/**
 * `npm run kafka:start -- --secure`: the cluster is checked with clients that are not
 * Streamline's (plain kafkajs and Kafka's own Java tools), so what it enforces is the broker's doing;
 * Streamline's command line then logs in with PLAIN on both clients.
 */
describe('secured local cluster (SASL_SSL, SCRAM-SHA-512, ACLs)', () => {
  let kafka: LocalKafka & { security: LocalKafkaSecurity };
  const topic = `${SECURE_ACL_PREFIX}${randomName('cluster')}`;
  const clients: Kafka[] = [];
  const as = (name: 'producer' | 'consumer' | 'operator', mechanism?: 'plain' | 'scram-sha-256') => {
    const client = secureKafkajs(kafka, kafka.security.users[name], mechanism);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    kafka = await startSecureKafka('secure-cluster');
    const admin = secureKafkajs(kafka, kafka.security.users.admin).admin();
    await admin.connect();
    // `<topic>.orders`: a registry topic under the prefix `<topic>.`, which `streamline topics` reports.
    await createTopicsReady(admin, [
      { topic, numPartitions: 2 },
      { topic: `${topic}.orders`, numPartitions: 6 },
    ]);
    await admin.disconnect();
  }, 300_000);

  afterAll(async () => {
    await kafka?.stop();
  }, 60_000);

  it('lets the producer write and the consumer read in its group, over SASL_SSL with the CA it printed', async () => {
    const producer = as('producer').producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [
        { key: 'k1', value: 'one' },
        { key: 'k2', value: 'two' },
      ],
    });
    await producer.disconnect();

    const consumer = as('consumer').consumer({ groupId: `${SECURE_ACL_PREFIX}${randomName('group')}` });
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer.run({ eachMessage: async ({ message }) => void (seen.push(`${message.key}=${message.value}`), seen.length === 2 && resolve()) }).catch(reject);
    });
    await consumer.disconnect();
    expect(seen.sort()).toEqual(['k1=one', 'k2=two']);
  }, 120_000);

  it('accepts SCRAM-SHA-256 for the same users', async () => {
    const admin = as('operator', 'scram-sha-256').admin();
    expect(await outcome(() => admin.connect().then(() => admin.listTopics()))).toBe('ok');
    await admin.disconnect();
  }, 60_000);

  it('accepts SASL PLAIN over TLS for the same users, from kafkajs and from the command line on both clients', async () => {
    const admin = as('operator', 'plain').admin();
    expect(await outcome(() => admin.connect().then(() => admin.listTopics()))).toBe('ok');
    await admin.disconnect();
    for (const client of ['kafkajs', 'platformatic']) {
      const env = { ...secureEnv(kafka, 'operator'), KAFKA_SASL_MECHANISM: 'plain', KAFKA_CLIENT: client };
      const topics = await runCli(['topics', '--prefix', `${topic}.`, '--json'], env);
      expect({ client, code: topics.code, stderr: topics.stderr }).toMatchObject({ client, code: 0 });
      // Described, not "missing": the operator's ACLs applied to the principal that logged in.
      expect(jsonLines(topics.stdout).find((t) => t.name === `${topic}.orders`)).toMatchObject({ actual: { partitions: 6 } });
    }
  }, 120_000);

  it("authenticates by client certificate on the mutual-TLS listener, on both clients: the CA's is the user its CN names, another CA's is refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'client-cert-'));
    const trusted = await issueClientCertificate(kafka.security, 'operator', dir);
    const otherCa = mkdtempSync(join(tmpdir(), 'other-ca-'));
    await makeCertificateAuthority(otherCa, 'changeit', 'Another CA');
    const untrusted = await makeClientCertificate(otherCa, 'changeit', 'operator');
    // No SASL at all: the certificate is the login.
    const env = (client: string, cert: { certFile: string; keyFile: string }) => ({
      KAFKA_BROKERS: kafka.security.mtlsBootstrap!,
      KAFKA_SSL_CA_FILE: kafka.security.caFile,
      KAFKA_SSL_CERT_FILE: cert.certFile,
      KAFKA_SSL_KEY_FILE: cert.keyFile,
      KAFKA_CLIENT: client,
    });
    for (const client of ['kafkajs', 'platformatic']) {
      const accepted = await runCli(['topics', '--prefix', `${topic}.`, '--json'], env(client, trusted));
      expect({ client, code: accepted.code, stderr: accepted.stderr }).toMatchObject({ client, code: 0 });
      // Described, not "missing": the broker took the principal User:operator from the certificate.
      expect(jsonLines(accepted.stdout).find((t) => t.name === `${topic}.orders`)).toMatchObject({ actual: { partitions: 6 } });
      const refused = await runCli(['topics', '--prefix', `${topic}.`], env(client, untrusted));
      expect({ client, code: refused.code }).toEqual({ client, code: 1 });
      // kafkajs passes the TLS alert on; @platformatic/kafka reports only that the connection closed.
      expect(refused.stderr).toMatch(
        client === 'kafkajs'
          ? /the broker refused the client certificate \(ERR_SSL_[\w/]+\): set KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE/
          : /cannot reach Kafka at .* while connecting/,
      );
    }
  }, 180_000);

  it('accepts OAUTHBEARER tokens from a client-credentials grant on both clients, and names a refused client secret in one line', async () => {
    const endpoint = await startOAuthTokenEndpoint(kafka.security.oauth!, { 'operator-app': { secret: 'operator-app-secret', subject: 'operator' } });
    try {
      const env = (client: string, secret: string) => ({
        KAFKA_BROKERS: kafka.bootstrap,
        KAFKA_SSL_CA_FILE: kafka.security.caFile,
        KAFKA_SASL_MECHANISM: 'oauthbearer',
        KAFKA_SASL_OAUTH_TOKEN_ENDPOINT_URL: endpoint.url,
        KAFKA_SASL_OAUTH_CLIENT_ID: 'operator-app',
        KAFKA_SASL_OAUTH_CLIENT_SECRET: secret,
        KAFKA_CLIENT: client,
      });
      // kafkajs with the settings in variables, @platformatic/kafka with them in an --env-file.
      const envFile = join(mkdtempSync(join(tmpdir(), 'oauth-env-')), 'secured.env');
      writeFileSync(
        envFile,
        Object.entries(env('platformatic', 'operator-app-secret'))
          .map(([name, value]) => `${name}=${value}\n`)
          .join(''),
      );
      const runs = {
        kafkajs: await runCli(['topics', '--prefix', `${topic}.`, '--json'], env('kafkajs', 'operator-app-secret')),
        platformatic: await runCli(['--env-file', envFile, 'topics', '--prefix', `${topic}.`, '--json'], {}),
      };
      for (const [client, topics] of Object.entries(runs)) {
        expect({ client, code: topics.code, stderr: topics.stderr }).toMatchObject({ client, code: 0 });
        // The token names the operator, so the broker applies the operator's ACLs: the topic is described.
        expect(jsonLines(topics.stdout).find((t) => t.name === `${topic}.orders`)).toMatchObject({ actual: { partitions: 6 } });
      }
      expect(endpoint.requests.get('operator-app')).toBeGreaterThanOrEqual(2);

      for (const client of ['kafkajs', 'platformatic']) {
        const refused = await runCli(['topics', '--prefix', `${topic}.`], env(client, 'wrong-secret'));
        expect({ client, code: refused.code }).toEqual({ client, code: 1 });
        expect(refused.stderr).toContain('the OAuth token endpoint refused the client credentials (401 invalid_client: client authentication failed)');
        expect(refused.stderr).not.toContain('wrong-secret');
        expect(refused.stderr).not.toMatch(/\n\s+at /);
      }
    } finally {
      await endpoint.close();
    }
  }, 180_000);

  it('refuses the producer a topic outside its ACLs and topic creation, naming the authorization failure', async () => {
    const producer = as('producer').producer();
    await producer.connect();
    expect(await outcome(() => producer.send({ topic: `other.${randomName('t')}`, messages: [{ value: 'x' }] }))).toMatch(/TOPIC_AUTHORIZATION_FAILED/);
    await producer.disconnect();
    const admin = as('producer').admin();
    await admin.connect();
    expect(await outcome(() => admin.createTopics({ topics: [{ topic: `${SECURE_ACL_PREFIX}${randomName('new')}` }] }))).toMatch(/AUTHORIZATION_FAILED/);
    await admin.disconnect();
  }, 60_000);

  it('refuses a wrong password as an authentication failure', async () => {
    const admin = secureKafkajs(kafka, { username: 'producer', password: 'not-the-password' }).admin();
    expect(await outcome(() => admin.connect())).toMatch(/SASL.*[Aa]uthentication failed/);
  }, 60_000);

  it('is not trusted by a client that trusts another CA', async () => {
    const other = await makeCertificateAuthority(mkdtempSync(join(tmpdir(), 'other-ca-')), 'changeit', 'Another CA');
    const admin = secureKafkajs(kafka, { ...kafka.security.users.producer, caFile: other }).admin();
    expect(await outcome(() => admin.connect())).toMatch(/self.signed certificate|unable to (get|verify)/i);
  }, 60_000);

  it('grants each service only what it needs (Kafka AclCommand as the oracle)', async () => {
    const listed = await runKafkaTool(KafkaTools.acls, ['--bootstrap-server', kafka.bootstrap, '--command-config', kafka.security.adminToolConfig, '--list'], {
      timeoutMs: 200_000,
    });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('(principal=User:producer, host=*, operation=WRITE, permissionType=ALLOW)');
    expect(listed.stdout).not.toMatch(/principal=User:producer, host=\*, operation=READ/);
    expect(listed.stdout).not.toMatch(/principal=User:consumer, host=\*, operation=DELETE/);
    expect(listed.stdout).not.toMatch(/operation=ALL\b/);
  }, 240_000);
});
