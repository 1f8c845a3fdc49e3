import { spawn } from 'node:child_process';

import { runCli } from './support/cli-process';
import { placedRecords, readAll, testKafka, writeRecords } from './support/cli-fixtures';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { ORDER_TOPICS } from '@streamline/orders';

/** Runs kcat (a client that is not ours) to its end. */
function kcat(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('kcat', ['-b', testBrokers()[0], ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(input ?? '');
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** Partition → leader id of a topic, as kcat -L reports them. */
async function leadersOf(topic: string): Promise<Map<number, number>> {
  const { code, stdout, stderr } = await kcat(['-L', '-J', '-t', topic]);
  if (code !== 0) throw new Error(`kcat -L failed: ${stderr}`);
  const metadata = JSON.parse(stdout) as { topics: { topic: string; partitions: { partition: number; leader: number }[] }[] };
  return new Map(metadata.topics.find((t) => t.topic === topic)!.partitions.map((p) => [p.partition, p.leader]));
}

/** Commands that create a topic return only once every partition has a leader that takes writes. */
describe('topic creation by the command line', () => {
  const env = { KAFKA_BROKERS: testBrokers().join(',') };

  it('topics create: every partition has a leader and takes a write the moment the command returns', async () => {
    const prefix = `${randomName('cli-create')}.`;
    const created = await runCli(['topics', 'create', '--prefix', prefix], env);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('every partition has a leader');
    for (const t of ORDER_TOPICS) {
      const topic = `${prefix}${t.name}`;
      const leaders = await leadersOf(topic);
      expect([...leaders.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: t.partitions }, (_, i) => i));
      expect([...leaders.values()].every((leader) => leader >= 0)).toBe(true);
    }
    const orders = `${prefix}orders`;
    for (let partition = 0; partition < 6; partition++) {
      const written = await kcat(['-P', '-t', orders, '-p', String(partition), '-X', 'message.send.max.retries=0'], `probe-${partition}\n`);
      expect({ partition, code: written.code, stderr: written.stderr }).toEqual({ partition, code: 0, stderr: '' });
    }
    const read = await kcat(['-C', '-t', orders, '-o', 'beginning', '-e', '-q', '-f', '%p %s\\n']);
    expect(read.stdout.trim().split('\n').sort()).toEqual(Array.from({ length: 6 }, (_, p) => `${p} probe-${p}`));
  });

  it('replay copy --create-target writes every record on its first run into the topic it just created', async () => {
    const prefix = `${randomName('cli-create-copy')}.`;
    const kafka = testKafka();
    expect((await runCli(['topics', 'create', '--prefix', prefix], env)).code).toBe(0);
    await writeRecords(kafka, `${prefix}orders`, placedRecords(60, 6, Date.now() - 60_000));
    // Several fresh targets: the failure was a race right after creation, so one run proves little.
    for (const name of ['copy-a', 'copy-b', 'copy-c']) {
      const run = await runCli(['replay', 'copy', '--prefix', prefix, '--from', 'orders', '--to', name, '--create-target'], env);
      expect({ name, code: run.code, stderr: run.stderr }).toEqual({ name, code: 0, stderr: `created ${prefix}${name} with 6 partitions\n` });
      expect(run.stdout).toBe(`read 60, matched 60, written 60, skipped 0 (already in ${prefix}${name})\n`);
      expect((await readAll(kafka, `${prefix}${name}`)).length).toBe(60);
    }
  });
});
