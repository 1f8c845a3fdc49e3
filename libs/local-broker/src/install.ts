import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalBrokerError } from './local-broker.error';
import { KAFKA_VERSION, jarDir, pomPath } from './paths';
import { requireJava, requireMaven } from './requirements';

const MARKER = '.installed';

/** The marker's content: the Kafka version plus a digest of the pom, so editing the pom reinstalls. */
function expectedMarker(): string {
  const digest = createHash('sha256').update(readFileSync(pomPath())).digest('hex').slice(0, 16);
  return `kafka ${KAFKA_VERSION} pom ${digest}\n`;
}

/** True when the jars of the current pom are already in place. */
export function kafkaJarsInstalled(): boolean {
  const marker = join(jarDir(), MARKER);
  return existsSync(marker) && readFileSync(marker, 'utf8') === expectedMarker();
}

/**
 * Copies the Kafka broker, tools and logging jars named in pom.xml into target/jars
 * with Maven (skipped when already there) and returns that folder.
 */
export async function installKafkaJars(): Promise<string> {
  const dir = jarDir();
  if (kafkaJarsInstalled()) return dir;
  requireJava();
  requireMaven();

  // Copy into a fresh folder and swap it in, so a concurrent start never sees half a set of jars
  // and jars of an older version never linger on the classpath.
  const staging = `${dir}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    await runMaven(['-q', '-B', '-f', pomPath(), 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`]);
    await writeFile(join(staging, MARKER), expectedMarker());
    if (kafkaJarsInstalled()) return dir; // another process finished first
    await rm(dir, { recursive: true, force: true });
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
    child.on('error', (error) =>
      reject(new LocalBrokerError('install-failed', `could not run Maven: ${error.message}`, { cause: error })),
    );
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const lastLine = output.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
      reject(new LocalBrokerError('install-failed', `Maven could not fetch the Kafka jars (exit ${code}): ${lastLine}`));
    });
  });
}
