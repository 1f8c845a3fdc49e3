import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { checkKafkaVersion } from './kafka-version';
import { LocalBrokerError } from './local-broker.error';
import { jarDir, pomPath } from './paths';
import { requireJava, requireMaven } from './requirements';

const MARKER = '.installed';

/** The marker's content: the Kafka version plus a digest of the pom, so editing the pom reinstalls. */
function expectedMarker(version: string): string {
  const digest = createHash('sha256').update(readFileSync(pomPath())).digest('hex').slice(0, 16);
  return `kafka ${version} pom ${digest}\n`;
}

/** True when the jars of Kafka `version` (default 4.3.1) and the current pom are already in place. */
export function kafkaJarsInstalled(version?: string): boolean {
  const checked = checkKafkaVersion(version);
  const marker = join(jarDir(checked), MARKER);
  return existsSync(marker) && readFileSync(marker, 'utf8') === expectedMarker(checked);
}

/**
 * Copies the broker, tools and logging jars named in pom.xml, at Kafka `version` (default 4.3.1),
 * into target/kafka-<version>/jars with Maven (skipped when already there) and returns that folder.
 */
export async function installKafkaJars(version?: string): Promise<string> {
  const checked = checkKafkaVersion(version);
  const dir = jarDir(checked);
  if (kafkaJarsInstalled(checked)) return dir;
  requireJava();
  requireMaven();

  // Copy into a fresh folder and swap it in, so a concurrent start never sees half a set of jars
  // and jars of an older pom never linger on the classpath.
  const staging = `${dir}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    // The command line's kafka.version overrides the pom's, so one pom serves every version.
    await runMaven(['-q', '-B', '-f', pomPath(), 'dependency:copy-dependencies', `-Dkafka.version=${checked}`, `-DoutputDirectory=${staging}`]);
    await writeFile(join(staging, MARKER), expectedMarker(checked));
    if (kafkaJarsInstalled(checked)) return dir; // another process finished first
    await rm(dir, { recursive: true, force: true });
    await mkdir(dirname(dir), { recursive: true });
    await rename(staging, dir);
    return dir;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function runMaven(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => reject(new LocalBrokerError('install-failed', `could not run Maven: ${error.message}`, { cause: error })));
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const lastLine = output.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
      reject(new LocalBrokerError('install-failed', `Maven could not fetch the Kafka jars (exit ${code}): ${lastLine}`));
    });
  });
}
