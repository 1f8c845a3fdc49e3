import { kafkaMajor } from './kafka-version';
import { KAFKA_VERSION } from './paths';
import { BrokerSecurity, secureBrokerSettings } from './secure/secure-config';

/** Where one broker of a local KRaft cluster listens and keeps its data. */
export interface BrokerConfigInput {
  /** Node id of this broker, 0 to brokerCount - 1. */
  nodeId: number;
  /** How many brokers (each also a controller) the cluster has: 1 or 3. */
  brokerCount: number;
  /** Client port of broker 0; broker i listens on port + i. */
  port: number;
  /** Folder for the broker's log segments and KRaft metadata. */
  dataDir: string;
  /** Kafka release the broker runs, e.g. '3.9.2'; default 4.3.1. Settings it does not know are left out. */
  version?: string;
  /** Set for a secured broker: SASL_SSL clients, SCRAM users, ACLs. Default: one plain listener. */
  security?: BrokerSecurity;
}

/** Controller ports sit this far above the client ports. */
export const CONTROLLER_PORT_OFFSET = 1000;

/** Client port of broker `nodeId`. */
export function clientPort(port: number, nodeId: number): number {
  return port + nodeId;
}

/** Controller (KRaft quorum) port of broker `nodeId`. */
export function controllerPort(port: number, nodeId: number): number {
  return port + CONTROLLER_PORT_OFFSET + nodeId;
}

/** A secured cluster's mutual-TLS listener is at `port + MTLS_PORT_OFFSET + nodeId`. */
export const MTLS_PORT_OFFSET = 2000;

/** Mutual-TLS (client certificate) port of broker `nodeId` of a secured cluster. */
export function mtlsPort(port: number, nodeId: number): number {
  return port + MTLS_PORT_OFFSET + nodeId;
}

/** Every port a cluster of `brokerCount` brokers based at `port` needs (a secured one: its mutual-TLS ports too). */
export function clusterPorts(port: number, brokerCount: number, secure = false): number[] {
  const ids = [...Array(brokerCount).keys()];
  return [...ids.map((id) => clientPort(port, id)), ...ids.map((id) => controllerPort(port, id)), ...(secure ? ids.map((id) => mtlsPort(port, id)) : [])];
}

/** The bootstrap list of a secured cluster's mutual-TLS listener. */
export function mtlsBootstrapServers(port: number, brokerCount: number): string {
  return [...Array(brokerCount).keys()].map((id) => `127.0.0.1:${mtlsPort(port, id)}`).join(',');
}

/** The bootstrap list clients use: every broker's client address. */
export function bootstrapServers(port: number, brokerCount: number): string {
  return [...Array(brokerCount).keys()].map((id) => `127.0.0.1:${clientPort(port, id)}`).join(',');
}

/**
 * server.properties for one broker of a combined-mode (broker + controller) KRaft cluster on
 * loopback, with a static controller quorum.
 */
export function buildBrokerProperties(input: BrokerConfigInput): string {
  const { nodeId, brokerCount, port, dataDir, version = KAFKA_VERSION } = input;
  if (brokerCount !== 1 && brokerCount !== 3) throw new RangeError(`brokerCount must be 1 or 3, got ${brokerCount}`);
  if (!Number.isInteger(nodeId) || nodeId < 0 || nodeId >= brokerCount) {
    throw new RangeError(`nodeId must be in 0..${brokerCount - 1}, got ${nodeId}`);
  }
  const highest = input.security ? mtlsPort(port, brokerCount - 1) : controllerPort(port, brokerCount - 1);
  if (!Number.isInteger(port) || port < 1024 || highest > 65535) {
    throw new RangeError(`port ${port} leaves no room for ${brokerCount} broker and controller ports below 65536`);
  }

  const voters = [...Array(brokerCount).keys()].map((id) => `${id}@127.0.0.1:${controllerPort(port, id)}`).join(',');
  // A replicated cluster keeps acks=all writes on two of three replicas, so one broker may die.
  const replication = brokerCount === 1 ? 1 : 3;
  const minIsr = brokerCount === 1 ? 1 : 2;

  const settings: Array<[string, string | number | boolean]> = [
    ['process.roles', 'broker,controller'],
    ['node.id', nodeId],
    ['controller.quorum.voters', voters],
    ['listeners', `PLAINTEXT://127.0.0.1:${clientPort(port, nodeId)},CONTROLLER://127.0.0.1:${controllerPort(port, nodeId)}`],
    ['advertised.listeners', `PLAINTEXT://127.0.0.1:${clientPort(port, nodeId)}`],
    ['listener.security.protocol.map', 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT'],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    ['controller.listener.names', 'CONTROLLER'],
    ['log.dirs', dataDir],
    ['num.partitions', 6],
    ['default.replication.factor', replication],
    ['min.insync.replicas', minIsr],
    // Internal topics default to replication factor 3; a single broker could never create them
    // and group coordination would stay "not available".
    ['offsets.topic.replication.factor', replication],
    ['transaction.state.log.replication.factor', replication],
    ['transaction.state.log.min.isr', minIsr],
    // Share groups (KIP-932) arrived in 4.x; 3.9 has no share coordinator to configure.
    ...(kafkaMajor(version) >= 4
      ? ([
          ['share.coordinator.state.topic.replication.factor', replication],
          ['share.coordinator.state.topic.min.isr', minIsr],
        ] as Array<[string, number]>)
      : []),
    // Topics are created on purpose (registry, CLI, tests), never by a typo in a producer.
    ['auto.create.topics.enable', false],
    ['delete.topic.enable', true],
    // The first consumer of a group starts at once instead of waiting 3 s for others to join.
    ['group.initial.rebalance.delay.ms', 0],
  ];
  const secured = input.security
    ? secureBrokerSettings(input.security, { client: clientPort(port, nodeId), controller: controllerPort(port, nodeId), mtls: mtlsPort(port, nodeId) })
    : [];
  const replaced = new Set(secured.map(([key]) => key));
  const merged = [...settings.filter(([key]) => !replaced.has(key)), ...secured];
  const lines = merged.map(([key, value]) => `${key}=${escapeValue(String(value))}`);
  return `# Local Kafka broker ${nodeId} of ${brokerCount}, written by libs/local-broker\n${lines.join('\n')}\n`;
}

/** Escapes what java.util.Properties would otherwise read as an escape (backslashes, e.g. in Windows paths). */
function escapeValue(value: string): string {
  return value.replace(/\\/g, '\\\\');
}
