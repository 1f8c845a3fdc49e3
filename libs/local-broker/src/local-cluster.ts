import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { relative } from 'node:path';
import { bootstrapServers, clientPort, clusterPorts, CONTROLLER_PORT_OFFSET, mtlsBootstrapServers, MTLS_PORT_OFFSET } from './broker-config';
import { brokerLogTail, isBrokerAlive, launchBroker, prepareBroker, randomClusterId } from './broker-process';
import { brokerFiles, ClusterState, readBrokerPid, readClusterState, removeBrokerPid, writeClusterState } from './cluster-state';
import { ephemeralPortProblem, readEphemeralPortRange } from './ephemeral-ports';
import { installKafkaJars } from './install';
import { LocalBrokerError } from './local-broker.error';
import { checkKafkaVersion } from './kafka-version';
import { clusterDir, KAFKA_VERSION, repoRoot } from './paths';
import { findBusyPorts, isPortFree } from './ports';
import { signalProcess, terminateProcess, waitForExit } from './process-control';
import { requireJava } from './requirements';
import { describeSecurity, grantServiceAcls, LocalKafkaSecurity, prepareSecurity } from './secure/secure-setup';
import { waitUntilServing } from './wait-ready';

/** Options of {@link startLocalKafka}. */
export interface StartLocalKafkaOptions {
  /** 1 for a single broker, 3 for a replicated cluster (RF 3, min.insync.replicas 2). Default 1. */
  brokers?: 1 | 3;
  /** Client port of broker 0; broker i uses port + i, its controller port + 1000 + i. Default 9092. */
  port?: number;
  /** Names the state folder, so several clusters can coexist. Default 'default'. */
  name?: string;
  /** Java heap of each broker in MB. Default 512. */
  heapMb?: number;
  /** How long to wait for the cluster to serve. Default 60 s. */
  readyTimeoutMs?: number;
  /** Kafka release to run: 3.9.x or 4.x.y, jars fetched with Maven on first use. Default 4.3.1. */
  version?: string;
  /**
   * Start secured: one SASL_SSL listener (a CA and broker certificate made now), SCRAM-SHA-512
   * users `admin` (super user), `producer`, `consumer` and `operator`, the StandardAuthorizer, and
   * each service user's ACLs (topics and groups matched by `aclPrefix` when set). Default: plain.
   */
  secure?: boolean | { aclPrefix?: string };
}

/** One broker of a local cluster; `pid` is the last process started for it. */
export interface LocalBroker {
  id: number;
  port: number;
  pid: number | undefined;
  alive: boolean;
}

/** A running local Kafka cluster. */
export interface LocalKafka {
  name: string;
  /** The Kafka release the brokers run. */
  version: string;
  /** Every broker's address, comma separated, for KAFKA_BROKERS. */
  bootstrap: string;
  /** How to connect when the cluster is secured; undefined for a plain one. */
  security?: LocalKafkaSecurity;
  /** The brokers as they are now. */
  readonly brokers: LocalBroker[];
  /** Path of broker `id`'s log file. */
  logFile(id: number): string;
  /** Sends `signal` to broker `id` and, for signals that end it, waits until it has exited. */
  killBroker(id: number, signal?: NodeJS.Signals): Promise<void>;
  /** Stops broker `id` if it runs, starts it on the same data and waits until it serves again. */
  restartBroker(id: number): Promise<void>;
  /** Stops every broker (SIGTERM, then SIGKILL after a bound) and removes the data unless `keepData`. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

const STOP_GRACE_MS = 20_000;
const ENDING_SIGNALS = new Set<NodeJS.Signals>(['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP']);

const brokerIds = (state: ClusterState) => [...Array(state.brokerCount).keys()];
const aliveIds = (state: ClusterState) => brokerIds(state).filter((id) => isBrokerAlive(state, id, readBrokerPid(state.dir, id)));

/**
 * Starts a local KRaft cluster on loopback from the Maven-installed jars and resolves once every
 * broker serves. The brokers are detached and outlive this process. If a cluster of that name
 * already runs with the same shape, it is returned instead.
 */
export async function startLocalKafka(options: StartLocalKafkaOptions = {}): Promise<LocalKafka> {
  const { brokers = 1, port = 9092, name = 'default', heapMb = 512, readyTimeoutMs = 60_000 } = options;
  const version = checkKafkaVersion(options.version);
  if (brokers !== 1 && brokers !== 3) throw new LocalBrokerError('cluster-mismatch', `brokers must be 1 or 3, got ${brokers}`);
  const secure = Boolean(options.secure);
  const ephemeral = ephemeralPortProblem(
    clusterPorts(port, brokers, secure),
    readEphemeralPortRange(),
    (secure ? MTLS_PORT_OFFSET : CONTROLLER_PORT_OFFSET) + brokers - 1,
  );
  if (ephemeral) throw new LocalBrokerError('port-ephemeral', ephemeral);

  const existing = readClusterState(name);
  if (existing) {
    const alive = aliveIds(existing);
    if (alive.length === existing.brokerCount) {
      const existingVersion = existing.version ?? KAFKA_VERSION;
      if (existing.brokerCount !== brokers || existing.port !== port || existingVersion !== version) {
        throw new LocalBrokerError(
          'cluster-mismatch',
          `Kafka '${name}' already runs (${existingVersion}) with ${existing.brokerCount} broker(s) at ${bootstrapServers(existing.port, existing.brokerCount)}; stop it first to start ${version} with ${brokers} at port ${port}`,
        );
      }
      if (Boolean(existing.secure) !== Boolean(options.secure)) {
        throw new LocalBrokerError(
          'cluster-mismatch',
          `Kafka '${name}' already runs ${existing.secure ? 'secured' : 'plain'}; stop it first to start it ${options.secure ? 'secured' : 'plain'}`,
        );
      }
      await awaitServing(existing, bootstrapServers(existing.port, existing.brokerCount), readyTimeoutMs);
      return handleFor(existing);
    }
    if (alive.length > 0) {
      throw new LocalBrokerError(
        'cluster-mismatch',
        `Kafka '${name}' is partly running (brokers ${alive.join(', ')} of ${existing.brokerCount}); stop it first`,
      );
    }
    await rm(existing.dir, { recursive: true, force: true });
  }

  requireJava();
  const jarDir = await installKafkaJars(version);
  const busy = await findBusyPorts(clusterPorts(port, brokers, secure));
  if (busy.length > 0) {
    throw new LocalBrokerError('port-in-use', `port${busy.length > 1 ? 's' : ''} ${busy.join(', ')} already in use on 127.0.0.1; choose another base port`);
  }

  const state: ClusterState = { name, dir: clusterDir(name), brokerCount: brokers, port, heapMb, clusterId: randomClusterId(), jarDir, version };
  await mkdir(state.dir, { recursive: true });
  try {
    if (options.secure) {
      const aclPrefix = typeof options.secure === 'object' ? options.secure.aclPrefix : undefined;
      state.secure = await prepareSecurity(state.dir, aclPrefix);
    }
    await writeClusterState(state);
    await Promise.all(brokerIds(state).map((id) => prepareBroker(state, id)));
    for (const id of brokerIds(state)) await launchBroker(state, id);
    await awaitServing(state, bootstrapServers(port, brokers), readyTimeoutMs);
    if (state.secure) await grantServiceAcls(state.secure, bootstrapServers(port, brokers));
  } catch (error) {
    await stopCluster(state, true); // the logs stay for reading
    throw error;
  }
  return handleFor(state);
}

/** Stops the cluster `name` (started by any process) and removes its data; false if there was none. */
export async function stopLocalKafka(name = 'default'): Promise<boolean> {
  const state = readClusterState(name);
  if (!state) {
    await rm(clusterDir(name), { recursive: true, force: true });
    return false;
  }
  await stopCluster(state, false);
  return true;
}

/** The bootstrap address of cluster `name` if all its brokers run, else undefined. */
export function findRunningKafka(name = 'default'): string | undefined {
  const state = readClusterState(name);
  if (!state || aliveIds(state).length !== state.brokerCount) return undefined;
  return bootstrapServers(state.port, state.brokerCount);
}

function handleFor(state: ClusterState): LocalKafka {
  const pidOf = (id: number) => readBrokerPid(state.dir, id);
  const checkId = (id: number) => {
    if (!Number.isInteger(id) || id < 0 || id >= state.brokerCount) {
      throw new LocalBrokerError('cluster-mismatch', `Kafka '${state.name}' has no broker ${id} (ids 0..${state.brokerCount - 1})`);
    }
  };
  return {
    name: state.name,
    version: state.version ?? KAFKA_VERSION,
    bootstrap: bootstrapServers(state.port, state.brokerCount),
    security: state.secure && { ...describeSecurity(state.secure), mtlsBootstrap: mtlsBootstrapServers(state.port, state.brokerCount) },
    get brokers() {
      return brokerIds(state).map((id) => {
        const pid = pidOf(id);
        return { id, port: clientPort(state.port, id), pid, alive: isBrokerAlive(state, id, pid) };
      });
    },
    logFile: (id) => brokerFiles(state.dir, id).log,
    async killBroker(id, signal = 'SIGKILL') {
      checkId(id);
      const pid = pidOf(id);
      if (!isBrokerAlive(state, id, pid)) return;
      signalProcess(pid, signal);
      if (ENDING_SIGNALS.has(signal) && !(await waitForExit(pid, STOP_GRACE_MS))) {
        throw new LocalBrokerError('broker-exited', `broker ${id} (pid ${pid}) still runs ${STOP_GRACE_MS / 1000} s after ${signal}`);
      }
    },
    async restartBroker(id) {
      checkId(id);
      const pid = pidOf(id);
      if (isBrokerAlive(state, id, pid)) await terminateProcess(pid, STOP_GRACE_MS);
      await removeBrokerPid(state.dir, id);
      const port = clientPort(state.port, id);
      for (let tries = 0; !(await isPortFree(port)); tries++) {
        if (tries > 50) throw new LocalBrokerError('port-in-use', `port ${port} of broker ${id} is still taken`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await launchBroker(state, id);
      // Asking the restarted broker itself proves it serves, not merely that the others do.
      await awaitServing(state, `127.0.0.1:${port}`, 60_000, [id]);
    },
    stop: ({ keepData = false } = {}) => stopCluster(state, keepData),
  };
}

/** Waits until the cluster serves; on failure throws with the tail of the relevant broker log. */
async function awaitServing(state: ClusterState, bootstrap: string, timeoutMs: number, watched = brokerIds(state)) {
  let exited: number | undefined;
  const outcome = await waitUntilServing({
    bootstrap,
    expectedBrokers: state.brokerCount,
    timeoutMs,
    secured: state.secure && { ca: readFileSync(state.secure.caFile, 'utf8'), ...state.secure.users[0]! },
    failFast: () => {
      exited = watched.find((id) => !isBrokerAlive(state, id, readBrokerPid(state.dir, id)));
      return exited === undefined ? undefined : `broker ${exited} exited`;
    },
  });
  if (outcome.ready) return;
  const id = exited ?? watched[0]!;
  const log = relative(repoRoot(), brokerFiles(state.dir, id).log);
  throw new LocalBrokerError(
    exited === undefined ? 'start-timeout' : 'broker-exited',
    `Kafka '${state.name}' is not serving at ${bootstrap}: ${outcome.reason}; see ${log}\n${brokerLogTail(state, id)}`,
  );
}

async function stopCluster(state: ClusterState, keepData: boolean): Promise<void> {
  await Promise.all(
    brokerIds(state).map(async (id) => {
      const pid = readBrokerPid(state.dir, id);
      if (isBrokerAlive(state, id, pid)) await terminateProcess(pid, STOP_GRACE_MS);
      await removeBrokerPid(state.dir, id);
    }),
  );
  if (!keepData) await rm(state.dir, { recursive: true, force: true });
}
