import { KafkaTools, runKafkaTool } from '@streamline/local-broker';
import { VALUE_BYTES } from '../support/bench-records';
import { ContenderParams, ContenderResult, topicOf } from './contender';

/**
 * Kafka's own Java `ProducerPerformance` at its defaults with acks=all and idempotence: the
 * reference for what this broker and machine take. Its records are values of the same size,
 * without keys or headers (the tool cannot send those).
 */
export async function javaProducer(params: ContenderParams): Promise<ContenderResult> {
  const { code, stdout, stderr } = await runKafkaTool(
    KafkaTools.producerPerformance,
    [
      '--bootstrap-server',
      params.brokers.join(','),
      '--topic',
      topicOf(params),
      '--num-records',
      String(params.count),
      '--record-size',
      String(VALUE_BYTES),
      '--throughput',
      '-1',
      '--producer-props',
      'acks=all',
      'enable.idempotence=true',
    ],
    { timeoutMs: 600_000 },
  );
  const summary = /(\d+) records sent, ([\d.]+) records\/sec/.exec(stdout.split('\n').filter(Boolean).pop() ?? '');
  if (code !== 0 || !summary) throw new Error(`ProducerPerformance failed (${code}): ${stderr || stdout}`);
  const rate = Number(summary[2]);
  return { count: Number(summary[1]), rate, seconds: Number(summary[1]) / rate, peakRssMb: 0 };
}

/**
 * Kafka's own Java `ConsumerPerformance`: reads the prepared records in a fresh group; the rate
 * is its `fetch.nMsg.sec` (consuming time without the group join), comparable to the Node
 * contenders' first-to-last-record clock.
 */
export async function javaConsumer(params: ContenderParams): Promise<ContenderResult> {
  const { code, stdout, stderr } = await runKafkaTool(
    KafkaTools.consumerPerformance,
    [
      '--bootstrap-server',
      params.brokers.join(','),
      '--topic',
      topicOf(params),
      '--num-records',
      String(params.count),
      '--group',
      params.groupId,
      '--timeout',
      '60000',
    ],
    { timeoutMs: 600_000 },
  );
  const lines = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const header = lines.findIndex((l) => l.startsWith('start.time'));
  if (code !== 0 || header < 0 || !lines[header + 1]) throw new Error(`ConsumerPerformance failed (${code}): ${stderr || stdout}`);
  const names = lines[header].split(',').map((s) => s.trim());
  const values = lines[header + 1].split(',').map((s) => s.trim());
  const column = (name: string) => Number(values[names.indexOf(name)]);
  const count = column('data.consumed.in.nMsg');
  return { count, rate: column('fetch.nMsg.sec'), seconds: column('fetch.time.ms') / 1000, peakRssMb: 0 };
}
