import { readFileSync } from 'node:fs';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Admin, Kafka, logLevel, ResourcePatternTypes, SASLOptions } from 'kafkajs';
import { LocalKafka, LocalKafkaSecurity, startLocalKafka } from '@streamline/local-broker';

/** Client port of the secured brokers the specs start (controller ports +1000). */
export const SECURE_BROKER_PORT = Number(process.env.KAFKA_SECURE_TEST_PORT ?? 29299);

/** Topics and groups the service users' ACLs cover: every secured spec names its own under it. */
export const SECURE_ACL_PREFIX = 'sec.';

/** Starts (or finds) a secured local cluster called `name`: SASL_SSL, SCRAM-SHA-512 users, ACLs on `sec.…`. */
export async function startSecureKafka(name: string, port = SECURE_BROKER_PORT): Promise<LocalKafka & { security: LocalKafkaSecurity }> {
  const kafka = await startLocalKafka({ name, port, secure: { aclPrefix: SECURE_ACL_PREFIX }, readyTimeoutMs: 120_000 });
  if (!kafka.security) throw new Error(`Kafka '${name}' started without security`);
  return kafka as LocalKafka & { security: LocalKafkaSecurity };
}

/** The environment a Streamline app needs to connect as `user`, its password read from a file. */
export function secureEnv(
  kafka: { bootstrap: string; security: LocalKafkaSecurity },
  user: 'producer' | 'consumer' | 'operator' | 'admin',
): Record<string, string> {
  return {
    KAFKA_BROKERS: kafka.bootstrap,
    KAFKA_SSL_CA_FILE: kafka.security.caFile,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: user,
    KAFKA_SASL_PASSWORD_FILE: kafka.security.users[user].passwordFile,
  };
}

/** A kafkajs client (an oracle independent of Streamline's code) logging in as `login` over SASL_SSL. */
export function secureKafkajs(
  kafka: { bootstrap: string; security: LocalKafkaSecurity },
  login: { username: string; password: string; caFile?: string },
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512' = 'scram-sha-512',
): Kafka {
  return new Kafka({
    clientId: 'secured-spec',
    brokers: kafka.bootstrap.split(','),
    ssl: { ca: [readFileSync(login.caFile ?? kafka.security.caFile, 'utf8')] },
    sasl: { mechanism, username: login.username, password: login.password } as SASLOptions,
    connectionTimeout: 5_000,
    // A few retries ride out a fresh broker's coordinator start; refusals are not retried by kafkajs.
    retry: { retries: 3, initialRetryTime: 300 },
    logLevel: logLevel.NOTHING,
  });
}

/**
 * Denies `user` one operation on one topic, as `admin` (a super user), and returns the undo. A
 * DENY wins over the user's prefixed ALLOW, so this takes one ACL away without touching the rest.
 */
export async function denyOnTopic(admin: Admin, user: string, operation: AclOperationTypes, topic: string): Promise<() => Promise<void>> {
  const binding = {
    resourceType: AclResourceTypes.TOPIC,
    resourceName: topic,
    resourcePatternType: ResourcePatternTypes.LITERAL,
    principal: `User:${user}`,
    host: '*',
    operation,
    permissionType: AclPermissionTypes.DENY,
  };
  await admin.createAcls({ acl: [binding] });
  return async () => {
    await admin.deleteAcls({ filters: [binding] });
  };
}
