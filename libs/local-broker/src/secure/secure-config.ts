import { randomBytes } from 'node:crypto';

/** The broker's own principal: inter-broker and controller traffic, and the only super user. */
export const BROKER_USER = 'admin';

/** The service users a secured local cluster creates, each with only the ACLs it needs. */
export const SERVICE_USERS = ['producer', 'consumer', 'operator'] as const;
export type ServiceUser = (typeof SERVICE_USERS)[number];

/** A SCRAM user of the secured cluster. */
export interface ScramUser {
  username: string;
  password: string;
}

/** Files and secrets a secured broker needs; passwords are random per cluster. */
export interface BrokerSecurity {
  /** PKCS12 keystore holding the broker's key and the certificate the local CA signed. */
  keystoreFile: string;
  /** PKCS12 truststore holding the local CA. */
  truststoreFile: string;
  /** Password of both stores and of the key. */
  storePassword: string;
  /** The broker principal (super user) and its password. */
  broker: ScramUser;
  /** Users that may also log in with SASL PLAIN (same passwords); PLAIN is checked against the broker's own list. */
  plainUsers: ScramUser[];
  /** JSON Web Key Set whose keys sign the OAUTHBEARER tokens the brokers accept; none: no OAUTHBEARER. */
  oauthJwksFile?: string;
}

/** A random password: 32 hex characters, nothing a properties or JAAS file would need to escape. */
export function randomPassword(): string {
  return randomBytes(16).toString('hex');
}

const scramModule = (user: ScramUser) =>
  `org.apache.kafka.common.security.scram.ScramLoginModule required username="${user.username}" password="${user.password}";`;

const plainModule = (login: ScramUser, users: ScramUser[]) =>
  `org.apache.kafka.common.security.plain.PlainLoginModule required username="${login.username}" password="${login.password}" ${users
    .map((user) => `user_${user.username}="${user.password}"`)
    .join(' ')};`;

/**
 * The settings a secured broker adds: one SASL_SSL listener for clients and brokers (SCRAM-SHA-512
 * between brokers, SCRAM-SHA-256/512 and PLAIN for clients), a SASL_PLAINTEXT controller listener on loopback
 * (PLAIN: SCRAM credentials live in the metadata log the controllers serve, so they cannot
 * authenticate the quorum itself, KIP-631), and the StandardAuthorizer with the broker as super user.
 */
export function secureBrokerSettings(security: BrokerSecurity, ports: { client: number; controller: number; mtls: number }): Array<[string, string]> {
  const { broker } = security;
  return [
    ['listeners', `SASL_SSL://127.0.0.1:${ports.client},CONTROLLER://127.0.0.1:${ports.controller},MTLS://127.0.0.1:${ports.mtls}`],
    ['advertised.listeners', `SASL_SSL://127.0.0.1:${ports.client},MTLS://127.0.0.1:${ports.mtls}`],
    ['listener.security.protocol.map', 'SASL_SSL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT,MTLS:SSL'],
    // Mutual TLS without SASL, as some managed clusters offer: a certificate the CA signed is
    // required, and its CN is the principal (CN=operator is User:operator, with its ACLs).
    ['listener.name.mtls.ssl.client.auth', 'required'],
    ['ssl.principal.mapping.rules', 'RULE:^CN=([^,]+)$/$1/,DEFAULT'],
    ['inter.broker.listener.name', 'SASL_SSL'],
    ['sasl.enabled.mechanisms', ['SCRAM-SHA-512', 'SCRAM-SHA-256', 'PLAIN', ...(security.oauthJwksFile ? ['OAUTHBEARER'] : [])].join(',')],
    ['sasl.mechanism.inter.broker.protocol', 'SCRAM-SHA-512'],
    ['listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config', scramModule(broker)],
    // Every enabled mechanism needs a login entry; the server side reads credentials from the metadata.
    ['listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config', scramModule(broker)],
    // PLAIN, as some managed clusters offer it: the broker checks it against this list (never in the clear: TLS only).
    ['listener.name.sasl_ssl.plain.sasl.jaas.config', plainModule(broker, security.plainUsers)],
    ...oauthSettings(security.oauthJwksFile),
    ['sasl.mechanism.controller.protocol', 'PLAIN'],
    ['listener.name.controller.sasl.enabled.mechanisms', 'PLAIN'],
    [
      'listener.name.controller.plain.sasl.jaas.config',
      `org.apache.kafka.common.security.plain.PlainLoginModule required username="${broker.username}" password="${broker.password}" user_${broker.username}="${broker.password}";`,
    ],
    ['ssl.keystore.type', 'PKCS12'],
    ['ssl.keystore.location', security.keystoreFile],
    ['ssl.keystore.password', security.storePassword],
    ['ssl.key.password', security.storePassword],
    ['ssl.truststore.type', 'PKCS12'],
    ['ssl.truststore.location', security.truststoreFile],
    ['ssl.truststore.password', security.storePassword],
    // Clients may present a certificate (mutual TLS); the principal still comes from SASL.
    ['ssl.client.auth', 'requested'],
    ['authorizer.class.name', 'org.apache.kafka.metadata.authorizer.StandardAuthorizer'],
    ['super.users', `User:${broker.username}`],
    ['allow.everyone.if.no.acl.found', 'false'],
  ];
}

/**
 * OAUTHBEARER on the client listener (KIP-768): JWTs validated against the key set in a file, the
 * principal taken from the `sub` claim, as brokers behind an identity provider do.
 */
function oauthSettings(jwksFile: string | undefined): Array<[string, string]> {
  if (!jwksFile) return [];
  return [
    [
      'listener.name.sasl_ssl.oauthbearer.sasl.server.callback.handler.class',
      'org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler',
    ],
    ['listener.name.sasl_ssl.oauthbearer.sasl.jaas.config', 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;'],
    ['sasl.oauthbearer.jwks.endpoint.url', `file://${jwksFile}`],
    ['sasl.oauthbearer.expected.issuer', 'streamline-local'],
  ];
}

/** `kafka-storage format` arguments that create every user's SCRAM-SHA-256 and -512 credentials. */
export function addScramArgs(users: ScramUser[]): string[] {
  return users.flatMap((user) =>
    ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((mechanism) => ['--add-scram', `${mechanism}=[name=${user.username},password=${user.password}]`]),
  );
}

/** Client properties for Kafka's Java tools, connecting as `user` over SASL_SSL. */
export function toolClientProperties(user: ScramUser, truststoreFile: string, storePassword: string): string {
  const lines = [
    'security.protocol=SASL_SSL',
    'sasl.mechanism=SCRAM-SHA-512',
    `sasl.jaas.config=${scramModule(user)}`,
    'ssl.truststore.type=PKCS12',
    `ssl.truststore.location=${truststoreFile.replace(/\\/g, '\\\\')}`,
    `ssl.truststore.password=${storePassword}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** One ACL binding: allow `principal` these operations on a resource. */
export interface AclGrant {
  user: ServiceUser;
  resource: 'topic' | 'group' | 'cluster';
  /** Resource name, or a prefix when `prefixed`; '*' matches every name. Unused for the cluster. */
  name: string;
  prefixed: boolean;
  operations: string[];
}

/**
 * What each service needs, and nothing more: topics and groups are matched by `prefix` when one
 * is given (the services' KAFKA_TOPIC_PREFIX, also used for group names), otherwise every name.
 * The consumer's retry and dead-letter topics (`<topic>.<group>.retry.<n>`, `<topic>.<group>.dlq`)
 * share that prefix; it creates them at start-up when missing.
 */
export function serviceAcls(prefix?: string): AclGrant[] {
  const named = prefix ? { name: prefix, prefixed: true } : { name: '*', prefixed: false };
  return [
    // Producer: publish and read topic metadata for partitioning. WRITE on a topic also allows the
    // idempotent producer's InitProducerId since Kafka 3.0 (KIP-679), so no IDEMPOTENT_WRITE.
    { user: 'producer', resource: 'topic', ...named, operations: ['Write', 'Describe'] },
    // Consumer: read its topics in its group; write (and create) its retry and dead-letter topics.
    { user: 'consumer', resource: 'topic', ...named, operations: ['Read', 'Describe', 'Write', 'Create'] },
    { user: 'consumer', resource: 'group', ...named, operations: ['Read', 'Describe'] },
    // Operator (the CLI): topics, tail, produce, lag, replay, dead letters, doctor.
    {
      user: 'operator',
      resource: 'topic',
      ...named,
      operations: ['Read', 'Write', 'Describe', 'Create', 'DescribeConfigs', 'AlterConfigs'],
    },
    { user: 'operator', resource: 'group', ...named, operations: ['Read', 'Describe', 'Delete'] },
    // tail, dlq list and replay copy read through throwaway groups named streamline-cli-<random>.
    { user: 'operator', resource: 'group', name: 'streamline-cli-', prefixed: true, operations: ['Read', 'Describe', 'Delete'] },
    { user: 'operator', resource: 'cluster', name: 'kafka-cluster', prefixed: false, operations: ['Describe', 'DescribeConfigs'] },
  ];
}

/** `AclCommand` arguments (after the connection options) that add one grant. */
export function aclCommandArgs(grant: AclGrant): string[] {
  const resource =
    grant.resource === 'cluster' ? ['--cluster'] : [`--${grant.resource}`, grant.name, '--resource-pattern-type', grant.prefixed ? 'prefixed' : 'literal'];
  return ['--add', '--allow-principal', `User:${grant.user}`, ...grant.operations.flatMap((op) => ['--operation', op]), ...resource];
}
