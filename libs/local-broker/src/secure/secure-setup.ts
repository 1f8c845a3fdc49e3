import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { LocalBrokerError } from '../local-broker.error';
import { ClientCertificate, makeClientCertificate, makeClusterCertificates } from './certificates';
import { makeOAuthIssuer, OAuthIssuerFiles } from './oauth-issuer';
import { aclEntries } from './acl-entries';
import { BROKER_USER, BrokerSecurity, randomPassword, ScramUser, serviceAcls, SERVICE_USERS, ServiceUser, toolClientProperties } from './secure-config';

/** What a secured cluster records in its state file: certificates, stores, users. */
export interface SecureClusterState {
  dir: string;
  caFile: string;
  keystoreFile: string;
  truststoreFile: string;
  storePassword: string;
  /** The broker principal (super user) first, then the service users. */
  users: ScramUser[];
  /** Prefix the service users' topic and group ACLs match; absent: every name. */
  aclPrefix?: string;
  /** The key OAUTHBEARER tokens must be signed with (clusters made before it was added have none). */
  oauth?: OAuthIssuerFiles;
}

/** A user of a secured local cluster, with the file its password is kept in (for `…_FILE` variables). */
export interface LocalKafkaUser extends ScramUser {
  passwordFile: string;
}

/** How to connect to a secured local cluster. */
export interface LocalKafkaSecurity {
  /** The CA certificate (PEM) clients trust: KAFKA_SSL_CA_FILE. */
  caFile: string;
  /** SASL mechanism of every user. */
  mechanism: 'scram-sha-512';
  /** The super user `admin` and the service users `producer`, `consumer`, `operator`. */
  users: Record<typeof BROKER_USER | ServiceUser, LocalKafkaUser>;
  /** Client properties for Kafka's Java tools connecting as the super user (`--command-config`). */
  adminToolConfig: string;
  /** PKCS12 truststore with the CA, and its password, for Java clients. */
  truststoreFile: string;
  truststorePassword: string;
  /** The key OAUTHBEARER tokens must be signed with; `issueOAuthToken` signs one for a user. */
  oauth?: OAuthIssuerFiles;
  /**
   * The brokers' mutual-TLS listener (TLS, no SASL): a client certificate is required, and its
   * `CN` is the principal (`CN=operator` is `User:operator`). `issueClientCertificate` makes one.
   */
  mtlsBootstrap?: string;
}

const passwordFile = (secure: SecureClusterState, user: string) => join(secure.dir, `${user}.password`);
const adminToolConfig = (secure: SecureClusterState) => join(secure.dir, 'admin-client.properties');

/** Makes the CA, the broker certificate, random passwords and the files clients read them from. */
export async function prepareSecurity(clusterDir: string, aclPrefix?: string): Promise<SecureClusterState> {
  const dir = join(clusterDir, 'security');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const storePassword = randomPassword();
  const certificates = await makeClusterCertificates(dir, storePassword);
  const users = [BROKER_USER, ...SERVICE_USERS].map((username) => ({ username, password: randomPassword() }));
  const oauth = await makeOAuthIssuer(dir);
  const secure: SecureClusterState = { dir, ...certificates, storePassword, users, oauth, ...(aclPrefix ? { aclPrefix } : {}) };
  for (const user of users) await writeFile(passwordFile(secure, user.username), user.password, { mode: 0o600 });
  await writeFile(adminToolConfig(secure), toolClientProperties(users[0]!, certificates.truststoreFile, storePassword), { mode: 0o600 });
  return secure;
}

/** The broker's view of the security settings. */
export function brokerSecurity(secure: SecureClusterState): BrokerSecurity {
  return {
    keystoreFile: secure.keystoreFile,
    truststoreFile: secure.truststoreFile,
    storePassword: secure.storePassword,
    broker: secure.users[0]!,
    plainUsers: secure.users,
    ...(secure.oauth ? { oauthJwksFile: secure.oauth.jwksFile } : {}),
  };
}

/**
 * Grants each service user its ACLs in one CreateAcls request, as the super user. (Kafka's
 * AclCommand does the same, one JVM per grant: minutes on a busy machine instead of a second.)
 */
export async function grantServiceAcls(secure: SecureClusterState, bootstrap: string): Promise<void> {
  const admin = superUserAdmin(secure, bootstrap);
  try {
    await admin.connect();
    await admin.createAcls({ acl: serviceAcls(secure.aclPrefix).flatMap(aclEntries) });
  } catch (error) {
    throw new LocalBrokerError('tool-failed', `granting the service users their ACLs failed: ${(error as Error).message}`, { cause: error });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The connection details a secured cluster's handle exposes. */
export function describeSecurity(secure: SecureClusterState): LocalKafkaSecurity {
  const users = Object.fromEntries(secure.users.map((user) => [user.username, { ...user, passwordFile: passwordFile(secure, user.username) }]));
  return {
    caFile: secure.caFile,
    mechanism: 'scram-sha-512',
    users: users as LocalKafkaSecurity['users'],
    adminToolConfig: adminToolConfig(secure),
    truststoreFile: secure.truststoreFile,
    truststorePassword: secure.storePassword,
    ...(secure.oauth ? { oauth: secure.oauth } : {}),
  };
}

function superUserAdmin(secure: SecureClusterState, bootstrap: string): Admin {
  const { username, password } = secure.users[0]!;
  return new Kafka({
    clientId: 'streamline-local-broker',
    brokers: bootstrap.split(','),
    ssl: { ca: [readFileSync(secure.caFile, 'utf8')] },
    sasl: { mechanism: 'scram-sha-512', username, password },
    logLevel: logLevel.NOTHING,
  }).admin();
}

/** A client certificate signed by the cluster's CA, `CN=<commonName>`: the principal `User:<commonName>` on the mutual-TLS listener. */
export function issueClientCertificate(security: LocalKafkaSecurity, commonName: string, outDir?: string): Promise<ClientCertificate> {
  return makeClientCertificate(dirname(security.caFile), security.truststorePassword, commonName, outDir);
}
