import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { AppProcess } from './support/app-process';
import { jsonLines, runCli } from './support/cli-process';
import { startRecordingConsumer, testKafka } from './support/cli-fixtures';
import { arrangeDeadLetter, call, DeadLetterScene, kcatCount, startConsole } from './support/console-fixtures';
import { committedOffsets } from './support/consumer-fixtures';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { waitFor } from './support/wait-for';

/** The console's JSON API against the real broker: what it shows is what `streamline` prints. */
// Every step waits on a condition; on a busy machine they add up to minutes.
jest.setTimeout(300_000);

describe('console JSON API', () => {
  const actionLog = join('.streamline', 'console-e2e', `${randomName('actions')}.jsonl`);
  let scene: DeadLetterScene;
  let console: AppProcess;
  const operator = { 'x-operator': 'ada' };

  beforeAll(async () => {
    scene = await arrangeDeadLetter(`${randomName('console-api')}.`, randomName('group'));
    console = await startConsole(scene.env, { CONSOLE_ACTION_LOG: actionLog });
  }, 900_000);
  afterAll(async () => {
    await console?.stop();
  });

  it('shows the brokers, the registry topics with their partitions, and the group with its lag', async () => {
    const { status, body } = await call(`${console.url}/api/overview`);
    expect(status).toBe(200);
    expect(body.brokers.length).toBeGreaterThan(0);
    const orders = body.topics.find((t: any) => t.name === scene.topic);
    const cli = jsonLines((await runCli(['topics', '--json'], scene.env)).stdout).find((t) => t.name === scene.topic);
    expect(orders).toEqual(cli);
    expect(orders.actual.endOffsets.reduce((sum: number, o: any) => sum + Number(o.high), 0)).toBe(scene.orders + 1);
    const group = body.groups.find((g: any) => g.groupId === scene.group);
    expect(group).toMatchObject({ members: [], lag: 0 });
  });

  it('jumps to an offset of one partition: the events there, and only there, as kcat reads them', async () => {
    const topic = await call(`${console.url}/api/topics/${scene.topic}`);
    const busiest = [...topic.body.partitions].sort((a: any, b: any) => Number(b.high) - Number(a.high))[0];
    expect(Number(busiest.high)).toBeGreaterThanOrEqual(2);
    const { status, body } = await call(`${console.url}/api/topics/${scene.topic}/messages?from=${busiest.partition}:1`);
    expect(status).toBe(200);
    expect(body.map((e: any) => `${e.partition}@${e.offset}`)).toEqual(await kcatPositions(scene.topic, busiest.partition, 1));
  });

  it('lists the poison record in the dead letters with its reason, as streamline dlq show prints it', async () => {
    const topics = await call(`${console.url}/api/dlq`);
    expect(topics.body).toContainEqual({ topic: scene.dlq, source: scene.topic, group: scene.group, records: 1 });
    const { status, body } = await call(`${console.url}/api/dlq/${scene.dlq}`);
    expect(status).toBe(200);
    expect(body.summary).toEqual([expect.objectContaining({ reason: 'not-json', type: 'order.placed.v1', count: 1, redriven: 0 })]);
    expect(body.letters).toEqual(jsonLines((await runCli(['dlq', 'show', scene.dlq, '--json'], scene.env)).stdout));
    expect(body.letters[0]).toMatchObject({ key: scene.poisonKey, reason: 'not-json', sourceTopic: scene.topic, group: scene.group });
  });

  it('redrives a dead letter once: the dry run sends nothing, the run adds exactly one record, a second run none; each run is logged with who asked', async () => {
    const before = await kcatCount(scene.topic);
    const elsewhere = await call(`${console.url}/api/dlq/${scene.dlq}/redrive`, 'POST', { at: ['5@999'] }, operator);
    expect(elsewhere.body).toMatchObject({ dryRun: true, matched: 0, sent: 0, notMatched: 1 });
    const plan = await call(`${console.url}/api/dlq/${scene.dlq}/redrive`, 'POST', { reason: ['not-json'] }, operator);
    expect(plan.status).toBe(201);
    expect(plan.body).toMatchObject({ dryRun: true, matched: 1, sent: 1, byTopic: { [scene.topic]: 1 } });
    expect(await kcatCount(scene.topic)).toBe(before);

    const sent = await call(`${console.url}/api/dlq/${scene.dlq}/redrive`, 'POST', { reason: ['not-json'], execute: true }, operator);
    expect(sent.body).toMatchObject({ dryRun: false, sent: 1, alreadySent: 0 });
    expect(await kcatCount(scene.topic)).toBe(before + 1);

    const again = await call(`${console.url}/api/dlq/${scene.dlq}/redrive`, 'POST', { execute: true }, operator);
    // Progress is committed past the sent letter: a second run does not even read it again.
    expect(again.body).toMatchObject({ sent: 0, matched: 0 });
    expect(await kcatCount(scene.topic)).toBe(before + 1);

    const log = (await readFile(actionLog, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log.map((e) => [e.action, e.outcome, e.request.topic, e.result.sent])).toEqual([
      ['dlq-redrive', 'done', scene.dlq, 1],
      ['dlq-redrive', 'done', scene.dlq, 0],
    ]);
    expect(log[0].by).toMatch(/^ada from /);
  });

  it('plans a group rewind with the numbers of streamline replay group --json, and applies it', async () => {
    const request = { group: scene.group, topic: scene.topic, to: 'earliest' };
    const plan = await call(`${console.url}/api/replay/group`, 'POST', request, operator);
    expect(plan.status).toBe(201);
    const cli = jsonLines((await runCli(['replay', 'group', scene.group, '--topic', scene.topic, '--to', 'earliest', '--json'], scene.env)).stdout)[0];
    expect(plan.body).toEqual(cli);
    // Everything the group had handled: the orders and the poison record.
    expect(plan.body.reread).toBe(scene.orders + 1);

    const lagBefore = (await committedOffsets(scene.group, scene.topic)).total;
    const applied = await call(`${console.url}/api/replay/group`, 'POST', { ...request, execute: true }, operator);
    expect(applied.status).toBe(201);
    const committed = await committedOffsets(scene.group, scene.topic);
    expect(committed.partitions.map((p) => [p.partition, p.committed])).toEqual(plan.body.partitions.map((m: any) => [m.partition, m.next]));
    // What the group had not read yet (the redriven copy) is still ahead of it, now behind what it re-reads.
    expect(committed.total).toBe(lagBefore + plan.body.reread);
  });

  it('refuses a rewind while the group has a live member, naming it, and logs the refusal', async () => {
    const member = await startRecordingConsumer(testKafka(), scene.group, scene.topic);
    try {
      const request = { group: scene.group, topic: scene.topic, to: 'latest' };
      const plan = await call(`${console.url}/api/replay/group`, 'POST', request);
      expect(plan.body.activeMembers.map((m: any) => m.clientId)).toEqual([member.clientId]);
      const refused = await call(`${console.url}/api/replay/group`, 'POST', { ...request, execute: true }, operator);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toContain(`has 1 active member(s): ${member.clientId}`);
    } finally {
      await member.stop();
    }
    const log = (await readFile(actionLog, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log[log.length - 1]).toMatchObject({ action: 'replay-group', outcome: 'refused', request: { group: scene.group, to: 'latest' } });
  });

  it('answers bad input with a 400 naming the field, and an unknown topic with the command line own words', async () => {
    const bad = await call(`${console.url}/api/replay/group`, 'POST', { group: '--execute', topic: scene.topic, to: 'earliest' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('group must be a topic or group name');
    const unknown = await call(`${console.url}/api/replay/group`, 'POST', { group: scene.group, topic: `${scene.prefix}nope`, to: 'earliest' });
    expect(unknown.status).toBe(409);
    expect(unknown.body.error).toContain(`unknown topic "${scene.prefix}nope"`);
    const path = await call(`${console.url}/api/dlq/-x`);
    expect(path.status).toBe(400);
  });

  it('streams live samples over server-sent events', async () => {
    const controller = new AbortController();
    const response = await fetch(`${console.url}/api/live`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let text = '';
    await waitFor('a sample on the event stream', async () => {
      text += new TextDecoder().decode((await reader.read()).value);
      return text.includes('event: sample');
    });
    controller.abort();
    const data = JSON.parse(/data: (.*)/.exec(text)![1]);
    expect(data.ends[scene.topic]).toBeGreaterThanOrEqual(scene.orders + 1);
    expect(data.lag).toHaveProperty(scene.group);
  });

  describe('when exposed', () => {
    it('refuses to start on a public address without an operator token', async () => {
      const child = spawn(process.execPath, ['dist/apps/console/main.js'], {
        env: { ...process.env, ...scene.env, CONSOLE_HOST: '0.0.0.0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const code = await new Promise((resolve) => child.once('close', resolve));
      expect(code).toBe(1);
      expect(output.trim()).toContain('CONSOLE_HOST: CONSOLE_TOKEN (16 characters or more) is required when CONSOLE_HOST is not a loopback address');
    });

    it('answers the API only with the operator token, as a bearer token or the sign-in cookie', async () => {
      const token = 'a-long-operator-token-1234';
      const guarded = await startConsole(scene.env, { CONSOLE_TOKEN: token, CONSOLE_ACTION_LOG: actionLog });
      try {
        expect((await call(`${guarded.url}/api/overview`)).status).toBe(401);
        expect((await call(`${guarded.url}/api/overview`, 'GET', undefined, { authorization: `Bearer ${token}` })).status).toBe(200);
        expect((await call(`${guarded.url}/api/session`, 'POST', { token: 'wrong-token-wrong-token' })).status).toBe(401);
        const signIn = await fetch(`${guarded.url}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token }),
        });
        expect(signIn.status).toBe(204);
        const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
        expect((await call(`${guarded.url}/api/dlq`, 'GET', undefined, { cookie })).status).toBe(200);
      } finally {
        await guarded.stop();
      }
    });
  });
});

/** `partition@offset` of every record of one partition from `offset` on, as kcat (a client that is not ours) reads them. */
async function kcatPositions(topic: string, partition: number, offset: number): Promise<string[]> {
  const child = spawn('kcat', ['-b', testBrokers()[0], '-C', '-t', topic, '-p', String(partition), '-o', String(offset), '-e', '-q', '-f', '%p@%o\\n']);
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`kcat -C -t ${topic} -p ${partition} failed (${code})`);
  return stdout.split('\n').filter(Boolean);
}
