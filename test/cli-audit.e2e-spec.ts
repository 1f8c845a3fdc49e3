import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppProcess, startApp } from './support/app-process';
import { runCli } from './support/cli-process';
import { createTestDatabase, drained, orderStreams, placed, produce } from './support/consumer-fixtures';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { waitFor } from './support/wait-for';

/** Runs kcat, a client that is not ours, and returns what it printed. */
async function kcat(args: string[], input?: string): Promise<string> {
  const child = spawn('kcat', ['-b', testBrokers()[0], ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(input ?? '');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`kcat ${args.join(' ')} failed (${code}): ${stderr}`);
  return stdout;
}

/** Writes one record with kcat. */
function kcatProduce(topic: string, key: string, value: string, headers: Record<string, string>): Promise<string> {
  return kcat(['-P', '-t', topic, '-k', key, ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`])], value);
}

/** How many records kcat reads from the beginning to the end of a topic. */
async function kcatCount(topic: string): Promise<number> {
  const out = await kcat(['-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%p:%o\\n']);
  return out.split('\n').filter(Boolean).length;
}

/** `streamline audit` against the consumer service's own database, PostgreSQL and PGlite. */
describe('streamline audit', () => {
  const env = { KAFKA_BROKERS: testBrokers().join(','), STREAMLINE_CONNECT_TIMEOUT_MS: '5000' };
  let consumer: AppProcess | undefined;

  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
  });

  describe('with PostgreSQL', () => {
    const prefix = `${randomName('cli-audit')}.`;
    const group = randomName('group');
    const topic = `${prefix}orders`;
    const cliEnv = { ...env, KAFKA_TOPIC_PREFIX: prefix };
    let database: { url: string; drop(): Promise<void> };

    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(async () => {
      await database?.drop();
    });

    it('counts every event applied or dead-lettered (exit 0), then names the one whose processed id was deleted (exit 1)', async () => {
      consumer = await startApp(
        'consumer',
        { ...cliEnv, KAFKA_GROUP_ID: group, DATABASE_URL: database.url, CONSUMER_RETRY_DELAYS_MS: 'none' },
        '/health/ready',
      );
      const { records } = orderStreams(10);
      await produce(topic, records);
      // With kcat: the same event a second time (same ce_source and ce_id), a record that is not
      // JSON, and one without any CloudEvents header; the last two are dead-lettered.
      const again = records[4];
      await kcatProduce(topic, again.key, again.value.toString(), again.headers);
      const notJson = placed(randomUUID());
      await kcatProduce(topic, notJson.key, '{"orderId": oops', notJson.headers);
      await kcatProduce(topic, randomUUID(), notJson.value.toString(), {});
      await drained(group, [topic]);
      await waitForDeadLetters(`${topic}.${group}.dlq`, 2);

      const onTopic = await kcatCount(topic);
      expect(onTopic).toBe(33);
      const clean = await runCli(['audit', group, '--json'], { ...cliEnv, DATABASE_URL: database.url });
      expect(clean.stderr).toBe('');
      expect(clean.code).toBe(0);
      const report = JSON.parse(clean.stdout);
      expect(report.counts).toEqual({
        records: onTopic,
        recordsWithoutId: 1,
        events: 31,
        duplicateEvents: 1,
        duplicateRecords: 1,
        applied: 30,
        deadLettered: 2,
        missing: 0,
        appliedAndDeadLettered: 0,
        appliedOutsideWindow: 0,
        processedIds: 30,
        deadLetterRecords: 2,
      });
      expect(report).toMatchObject({ group, database: 'postgres', since: null, ok: true, limit: 10, missing: [] });
      expect(report.topics).toEqual([expect.objectContaining({ topic, deadLetterTopic: `${topic}.${group}.dlq`, deadLetterTopicExists: true })]);
      expect(report.duplicates).toHaveLength(1);
      expect(report.duplicates[0]).toMatchObject({ source: again.headers.ce_source, id: again.id });
      // kcat partitions keys its own way (crc32), so the copy may sit in another partition: both positions count.
      expect(report.duplicates[0].positions).toHaveLength(2);

      // An effect the database no longer knows of: the audit names exactly that event.
      const lost = records[17];
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        const deleted = await client.query('DELETE FROM streamline_processed_events WHERE consumer_group = $1 AND event_id = $2', [group, lost.id]);
        expect(deleted.rowCount).toBe(1);
      } finally {
        await client.end();
      }
      const found = await runCli(['audit', group, '--topic', 'orders', '--database-url', database.url, '--json'], cliEnv);
      expect(found.code).toBe(1);
      const after = JSON.parse(found.stdout);
      expect(after.counts).toMatchObject({ records: onTopic, applied: 29, deadLettered: 2, missing: 1, processedIds: 29 });
      expect(after.ok).toBe(false);
      expect(after.missing).toEqual([
        { source: lost.headers.ce_source, id: lost.id, positions: [{ topic, partition: expect.any(Number), offset: expect.any(String) }] },
      ]);
      const [position] = after.missing[0].positions;
      const onKcat = await kcat(['-C', '-t', topic, '-p', String(position.partition), '-o', position.offset, '-c', '1', '-e', '-q', '-f', '%h']);
      expect(onKcat).toContain(`ce_id=${lost.id}`);

      const text = await runCli(['audit', group, '--since', '1h'], { ...cliEnv, DATABASE_URL: database.url });
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/ {2}records on the topics +33\n/);
      expect(text.stdout).toMatch(/ {2}dead-lettered +2\n/);
      expect(text.stdout).toMatch(/ {2}missing +1 {2}\(neither applied nor dead-lettered\)\n/);
      expect(text.stdout).toContain(`missing (1):\n  ${lost.headers.ce_source} ${lost.id}  ${topic}/${position.partition}@${position.offset}\n`);
      expect(text.stdout).toContain(`duplicated in the log (1):\n  ${again.headers.ce_source} ${again.id}  `);
      expect(text.stdout).toContain('result: 1 event(s) on the topics were neither applied nor dead-lettered');
    });

    it('exits 2 on one line when it cannot make the audit: bad flag, unreachable database, unreachable Kafka, unknown group', async () => {
      const badSince = await runCli(['audit', group, '--since', 'yesterday'], cliEnv);
      expect(badSince).toMatchObject({ code: 2, stdout: '' });
      expect(badSince.stderr).toContain('--since must be');

      const noDatabase = await runCli(['audit', group, '--topic', 'orders', '--database-url', 'postgres://nobody@127.0.0.1:1/none'], cliEnv);
      expect(noDatabase).toMatchObject({ code: 2, stdout: '' });
      expect(noDatabase.stderr).toMatch(/^error: cannot read the processed events from PostgreSQL: .*ECONNREFUSED.*\n$/);

      const noKafka = await runCli(['audit', group, '--brokers', '127.0.0.1:9', '--database-url', database.url], cliEnv);
      expect(noKafka).toMatchObject({ code: 2, stdout: '' });
      expect(noKafka.stderr).toMatch(/^error: cannot reach Kafka at 127\.0\.0\.1:9.*\n$/);

      const unknown = await runCli(['audit', randomName('nobody'), '--database-url', database.url], cliEnv);
      expect(unknown).toMatchObject({ code: 2, stdout: '' });
      expect(unknown.stderr).toMatch(/^error: unknown consumer group "[^"]+" .*--topic\n$/);
    });
  });

  describe('with PGlite', () => {
    const prefix = `${randomName('cli-audit')}.`;
    const group = randomName('group');
    const topic = `${prefix}orders`;
    const dir = mkdtempSync(join(tmpdir(), 'cli-audit-'));
    const cliEnv = { ...env, KAFKA_TOPIC_PREFIX: prefix };

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("reads the stopped service's PGlite database and finds every event applied", async () => {
      consumer = await startApp('consumer', { ...cliEnv, KAFKA_GROUP_ID: group, PGLITE_DATA_DIR: dir, CONSUMER_RETRY_DELAYS_MS: 'none' }, '/health/ready');
      const { records } = orderStreams(5);
      await produce(topic, records);
      await drained(group, [topic]);
      // PGlite is one process's database: the service stops before the audit opens it.
      await consumer.stop();
      consumer = undefined;

      const audit = await runCli(['audit', group, '--pglite-dir', dir, '--json', '--limit', 'all'], cliEnv);
      expect(audit.code).toBe(0);
      const report = JSON.parse(audit.stdout);
      expect(report).toMatchObject({ database: 'pglite', limit: null, ok: true, missing: [], duplicates: [] });
      expect(report.counts).toMatchObject({
        records: await kcatCount(topic),
        events: 15,
        applied: 15,
        deadLettered: 0,
        missing: 0,
        duplicateEvents: 0,
        processedIds: 15,
      });

      const later = await runCli(['audit', group, '--pglite-dir', dir, '--json', '--since', new Date(Date.now() + 60_000).toISOString()], cliEnv);
      expect(later.code).toBe(0);
      expect(JSON.parse(later.stdout).counts).toMatchObject({ records: 0, events: 0, applied: 0, appliedOutsideWindow: 15 });
    });
  });
});

/** Waits until kcat sees `count` records on a dead-letter topic (the runtime writes them before it commits). */
function waitForDeadLetters(topic: string, count: number): Promise<unknown> {
  return waitFor(`${count} dead letters on ${topic}`, async () => (await kcatCount(topic).catch(() => 0)) >= count, { timeoutMs: 30_000, intervalMs: 300 });
}
