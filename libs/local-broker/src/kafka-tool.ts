import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { installKafkaJars } from './install';
import { LocalBrokerError } from './local-broker.error';
import { buildToolLog4j } from './log4j-config';

/** What a Kafka command-line tool printed and how it ended. */
export interface KafkaToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link runKafkaTool}. */
export interface KafkaToolOptions {
  /** Written to the tool's stdin, which is then closed (e.g. lines for ConsoleProducer). */
  input?: string | Buffer;
  /** The tool is killed and the call fails after this long; default 120 s. */
  timeoutMs?: number;
  /** Kafka release whose jars run the tool; default 4.3.1. Storage formatting must match the broker's. */
  version?: string;
}

/** Main classes of the Kafka 4.3 tools this project uses (3.9 has them too, except its ConsoleProducer is kafka.tools.ConsoleProducer). */
export const KafkaTools = {
  storage: 'kafka.tools.StorageTool',
  acls: 'org.apache.kafka.tools.AclCommand',
  topics: 'org.apache.kafka.tools.TopicCommand',
  consumerGroups: 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  consoleProducer: 'org.apache.kafka.tools.ConsoleProducer',
  consoleConsumer: 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  producerPerformance: 'org.apache.kafka.tools.ProducerPerformance',
  consumerPerformance: 'org.apache.kafka.tools.ConsumerPerformance',
} as const;

/** The `-cp` value for the installed jars; Java expands the wildcard itself, so no shell is involved. */
export function kafkaClasspath(jars: string): string {
  return join(jars, '*');
}

/**
 * Runs a Java main class from the installed Kafka jars (installing them first if needed) with
 * quiet logging, and resolves with its exit code and output. A non-zero exit is returned, not thrown.
 */
export async function runKafkaTool(mainClass: string, args: string[], opts: KafkaToolOptions = {}): Promise<KafkaToolResult> {
  const jars = await installKafkaJars(opts.version);
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const javaArgs = [`-Dlog4j2.configurationFile=${toolLog4jFile(jars)}`, '-Djava.awt.headless=true', '-cp', kafkaClasspath(jars), mainClass, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn('java', javaArgs, { stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new LocalBrokerError('tool-failed', `${mainClass} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new LocalBrokerError('tool-failed', `could not run ${mainClass}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
    // A tool that exits before reading all its input closes the pipe; that is its answer, not ours.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input);
  });
}

/** The tools' log4j2 file, kept beside the jars (in the ignored target/ folder). */
function toolLog4jFile(jars: string): string {
  const file = join(dirname(jars), 'tool-log4j2.properties');
  const content = buildToolLog4j();
  if (!existsSync(file) || readFileSync(file, 'utf8') !== content) writeFileSync(file, content);
  return file;
}
