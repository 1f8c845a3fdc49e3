import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { buildBrokerProperties } from './broker-config';
import { brokerFiles, ClusterState, writeBrokerPid } from './cluster-state';
import { kafkaClasspath, KafkaTools, runKafkaTool } from './kafka-tool';
import { LocalBrokerError } from './local-broker.error';
import { buildBrokerLog4j } from './log4j-config';
import { isProcessAlive } from './process-control';
import { addScramArgs } from './secure/secure-config';
import { brokerSecurity } from './secure/secure-setup';
import { oauthSystemProperties } from './secure/oauth-issuer';

/**
 * A cluster id as `kafka-storage random-uuid` prints it: 16 random bytes (a version-4 UUID),
 * base64url without padding, never starting with '-' (which the tools would read as an option).
 * Made here because starting a JVM only to print it costs about a second.
 */
export function randomClusterId(): string {
  for (;;) {
    const bytes = randomBytes(16);
    bytes[6] = (bytes[6]! & 0x0f) | 0x40;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    const id = bytes.toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Writes broker `id`'s properties and log4j2 files and formats its storage with the cluster id. */
export async function prepareBroker(state: ClusterState, id: number): Promise<void> {
  const files = brokerFiles(state.dir, id);
  await mkdir(files.dataDir, { recursive: true });
  await writeFile(
    files.properties,
    buildBrokerProperties({
      nodeId: id,
      brokerCount: state.brokerCount,
      port: state.port,
      dataDir: files.dataDir,
      version: state.version,
      security: state.secure && brokerSecurity(state.secure),
    }),
  );
  await writeFile(files.log4j, buildBrokerLog4j(files.log));
  // With a static controller.quorum.voters list, format needs neither --standalone nor --initial-controllers.
  // SCRAM users are written into the bootstrap metadata here, so brokers can authenticate to each other at once.
  const scram = state.secure ? addScramArgs(state.secure.users) : [];
  const result = await runKafkaTool(KafkaTools.storage, ['format', '-t', state.clusterId, '-c', files.properties, ...scram], {
    // A JVM start: seconds on a quiet machine, over a minute seen beside a niced image build and the test suite.
    timeoutMs: 180_000,
    version: state.version,
  });
  if (result.code !== 0) {
    const reason = (result.stderr || result.stdout).trim().split('\n').slice(-2).join(' ');
    throw new LocalBrokerError('tool-failed', `formatting storage of broker ${id} failed: ${reason}`);
  }
}

/**
 * Starts broker `id` as a detached process whose output goes to its log file, so it outlives the
 * process that started it; records and returns its pid.
 */
export async function launchBroker(state: ClusterState, id: number): Promise<number> {
  const files = brokerFiles(state.dir, id);
  const out = openSync(files.log, 'a');
  try {
    const child = spawn(
      'java',
      [
        `-Xms${state.heapMb}m`,
        `-Xmx${state.heapMb}m`,
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-XX:InitiatingHeapOccupancyPercent=35',
        '-XX:+ExplicitGCInvokesConcurrent',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${files.log4j}`,
        ...(state.secure?.oauth ? oauthSystemProperties(state.secure.oauth) : []),
        '-cp',
        kafkaClasspath(state.jarDir),
        'kafka.Kafka',
        files.properties,
      ],
      { detached: true, stdio: ['ignore', out, out], cwd: state.dir },
    );
    if (child.pid === undefined) {
      throw new LocalBrokerError('broker-exited', `could not start broker ${id}: java did not start`);
    }
    child.unref();
    await writeBrokerPid(state.dir, id, child.pid);
    return child.pid;
  } finally {
    closeSync(out);
  }
}

/** True while broker `id`'s recorded process runs. */
export function isBrokerAlive(state: ClusterState, id: number, pid: number | undefined): pid is number {
  return pid !== undefined && isProcessAlive(pid, brokerFiles(state.dir, id).properties);
}

/** The last lines of broker `id`'s log, for error messages. */
export function brokerLogTail(state: ClusterState, id: number, lines = 15): string {
  try {
    const text = readFileSync(brokerFiles(state.dir, id).log, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}
