import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clusterDir } from './paths';
import { SecureClusterState } from './secure/secure-setup';

/** What a started cluster records in its folder, so other processes can find, use and stop it. */
export interface ClusterState {
  name: string;
  dir: string;
  brokerCount: number;
  port: number;
  heapMb: number;
  clusterId: string;
  jarDir: string;
  /** Kafka release the brokers run; absent in state written before versions could be chosen (4.3.1). */
  version?: string;
  /** Set when the cluster was started secured (SASL_SSL, SCRAM users, ACLs). */
  secure?: SecureClusterState;
}

/** The files of broker `id` inside its cluster folder. */
export interface BrokerFiles {
  dataDir: string;
  properties: string;
  log4j: string;
  log: string;
  pid: string;
}

const STATE_FILE = 'cluster.json';

export function brokerFiles(dir: string, id: number): BrokerFiles {
  return {
    dataDir: join(dir, `broker-${id}-data`),
    properties: join(dir, `broker-${id}.properties`),
    log4j: join(dir, `broker-${id}.log4j2.properties`),
    log: join(dir, `broker-${id}.log`),
    pid: join(dir, `broker-${id}.pid`),
  };
}

export function readClusterState(name: string): ClusterState | undefined {
  const file = join(clusterDir(name), STATE_FILE);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ClusterState;
  } catch {
    return undefined;
  }
}

export async function writeClusterState(state: ClusterState): Promise<void> {
  await writeFile(join(state.dir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}

export function readBrokerPid(dir: string, id: number): number | undefined {
  try {
    const pid = Number(readFileSync(brokerFiles(dir, id).pid, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function writeBrokerPid(dir: string, id: number, pid: number): Promise<void> {
  await writeFile(brokerFiles(dir, id).pid, `${pid}\n`);
}

export async function removeBrokerPid(dir: string, id: number): Promise<void> {
  await rm(brokerFiles(dir, id).pid, { force: true });
}
