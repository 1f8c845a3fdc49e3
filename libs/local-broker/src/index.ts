export {
  bootstrapServers,
  buildBrokerProperties,
  clientPort,
  controllerPort,
  CONTROLLER_PORT_OFFSET,
  mtlsBootstrapServers,
  MTLS_PORT_OFFSET,
} from './broker-config';
export type { BrokerConfigInput } from './broker-config';
export { installKafkaJars, kafkaJarsInstalled } from './install';
export { KafkaTools, runKafkaTool } from './kafka-tool';
export type { KafkaToolOptions, KafkaToolResult } from './kafka-tool';
export { LocalBrokerError } from './local-broker.error';
export type { LocalBrokerErrorCode } from './local-broker.error';
export { findRunningKafka, startLocalKafka, stopLocalKafka } from './local-cluster';
export type { LocalBroker, LocalKafka, StartLocalKafkaOptions } from './local-cluster';
export { ephemeralPortProblem, readEphemeralPortRange } from './ephemeral-ports';
export type { PortRange } from './ephemeral-ports';
export { checkKafkaVersion } from './kafka-version';
export { KAFKA_VERSION } from './paths';
export { hideKafkajsTimerWarning } from './timer-warning';
export { requireJava, requireMaven } from './requirements';
export { makeCertificateAuthority, makeClientCertificate } from './secure/certificates';
export type { ClientCertificate } from './secure/certificates';
export { issueOAuthToken } from './secure/oauth-issuer';
export type { OAuthIssuerFiles } from './secure/oauth-issuer';
export { serviceAcls, SERVICE_USERS } from './secure/secure-config';
export type { AclGrant, ScramUser, ServiceUser } from './secure/secure-config';
export { issueClientCertificate } from './secure/secure-setup';
export type { LocalKafkaSecurity, LocalKafkaUser } from './secure/secure-setup';
