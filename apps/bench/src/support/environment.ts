import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { KAFKA_VERSION } from '@streamline/local-broker';

/** The machine and versions a result was measured on. */
export interface BenchEnvironment {
  cpuModel: string;
  cpus: number;
  memoryGb: number;
  os: string;
  node: string;
  java: string;
  kafka: string;
  packages: Record<string, string>;
  /** 1, 5 and 15-minute load averages when the run started: the machine may be shared. */
  loadAverageAtStart: number[];
}

const PACKAGES = ['kafkajs', '@nestjs/core', '@nestjs/microservices', 'hdr-histogram-js', 'autocannon'];

export function describeEnvironment(root = process.cwd()): BenchEnvironment {
  const version = (name: string) => {
    try {
      return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  let java = 'unknown';
  try {
    // `java -version` writes to stderr.
    java = execFileSync('sh', ['-c', 'java -version 2>&1'], { encoding: 'utf8' }).split('\n')[0].trim();
  } catch {
    // no Java: the Java contenders will say so when they run
  }
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()}`,
    node: process.version,
    java,
    kafka: KAFKA_VERSION,
    packages: Object.fromEntries(PACKAGES.map((p) => [p, version(p)])),
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
