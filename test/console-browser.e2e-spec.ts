import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { AppProcess } from './support/app-process';
import { jsonLines, runCli } from './support/cli-process';
import { startRecordingConsumer, testKafka } from './support/cli-fixtures';
import { arrangeDeadLetter, DeadLetterScene, kcatCount, startConsole } from './support/console-fixtures';
import { committedOffsets, paid, produce } from './support/consumer-fixtures';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';
import { waitFor } from './support/wait-for';

/** Where the screenshots of each page are kept; docs/console/ holds copies for the docs page. */
const SHOTS = join('.streamline', 'console-screenshots');

/**
 * The console in a real browser (Debian's Chromium driven by playwright-core) against the real
 * broker: what an operator sees and clicks, checked against kcat, the command line and the
 * group's committed offsets.
 */
// Every step waits on a condition; on a busy machine they add up to minutes.
jest.setTimeout(300_000);

describe('console in a browser', () => {
  const loadDir = join('.streamline', 'console-e2e', randomName('load-runs'));
  let scene: DeadLetterScene;
  let console: AppProcess;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(loadDir, { recursive: true });
    scene = await arrangeDeadLetter(`${randomName('console-ui')}.`, randomName('group'));
    // Two load runs on topics of their own, to open and compare.
    const loadEnv = { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: `${randomName('console-load')}.` };
    expect((await runCli(['topics', 'create'], loadEnv)).code).toBe(0);
    for (const name of ['baseline', 'candidate']) {
      const run = await runCli(['load', '--via', 'kafka', '--rate', '100/s', '--count', '600', '--out', join(loadDir, `${name}.json`)], loadEnv);
      expect(run.code).toBe(0);
    }
    console = await startConsole(scene.env, { CONSOLE_LOAD_DIR: loadDir, CONSOLE_ACTION_LOG: join(loadDir, 'actions.jsonl') });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(120_000);
    await page.goto(`${console.url}/#/sign-in`);
    await page.fill('input[name=operator]', 'ada');
    await page.click('button[type=submit]');
    await page.waitForURL(/#\/$/);
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await console?.stop();
  });

  it('shows the registry topics, with their partitions and records, on the overview', async () => {
    await page.goto(`${console.url}/#/`);
    const row = page.locator(`#topics tr[data-topic="${scene.topic}"]`);
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 4)).toEqual([scene.topic, '6', '6', String(scene.orders + 1)]);
    await page.locator(`#groups tr[data-group="${scene.group}"]`).waitFor();
    await page.locator('#lag-chart .u-over').waitFor();
    // Some traffic on another registry topic for the throughput chart to draw before the picture is taken.
    for (let i = 0; i < 6; i++) {
      await produce(
        `${scene.prefix}payments`,
        Array.from({ length: 40 * (i + 1) }, () => paid(randomUUID())),
      );
      await page.waitForTimeout(700);
    }
    await page.waitForTimeout(2000);
    await shot('overview');
  });

  it('lists the poison record in the dead letters with its reason, and redrives it, picked, once after a confirmation', async () => {
    await page.goto(`${console.url}/#/dead-letters/${encodeURIComponent(scene.dlq)}`);
    const letter = page.locator('#dlq-letters tr[data-letter]');
    await letter.first().waitFor();
    expect(await letter.count()).toBe(1);
    expect(await letter.locator('td.reason').textContent()).toBe('not-json');
    expect(await letter.locator('td').nth(2).textContent()).toBe(scene.poisonKey);
    const position = (await letter.getAttribute('data-letter'))!;
    await letter.click();
    await shot('dead-letters');

    const before = await kcatCount(scene.topic);
    await page.check(`input[name=at][value="${position}"]`);
    await page.click('#redrive-plan');
    const confirm = page.locator('#redrive-confirm');
    await confirm.waitFor();
    expect(await confirm.locator('p').textContent()).toContain(
      `This will send 1 record(s) (1 to ${scene.topic}) from ${scene.dlq}, the 1 picked (${position}).`,
    );
    await shot('redrive-confirmation');
    expect(await kcatCount(scene.topic)).toBe(before);
    await page.click('#redrive-send');
    await page.locator('#redrive-result').waitFor();
    expect(await page.locator('#redrive-result').textContent()).toContain('Sent 1 record(s)');
    expect(await kcatCount(scene.topic)).toBe(before + 1);
  });

  it('shows a replay plan with the numbers of streamline replay group --json, and applies it on confirmation', async () => {
    await page.goto(`${console.url}/#/replay/${encodeURIComponent(scene.group)}`);
    await page.fill('#replay-group input[name=topic]', scene.topic);
    await page.fill('#replay-group input[name=to]', 'earliest');
    await page.click('#replay-plan');
    await page.locator('#replay-plan-table tbody tr').first().waitFor();
    const shown = await page
      .locator('#replay-plan-table tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    const cli = jsonLines((await runCli(['replay', 'group', scene.group, '--topic', scene.topic, '--to', 'earliest', '--json'], scene.env)).stdout)[0];
    expect(shown).toEqual(cli.partitions.map((m: any) => [String(m.partition), m.current ?? '-', m.next, m.end, String(m.reread), String(m.skipped)]));
    expect(await page.locator('#replay-reread').textContent()).toBe(String(cli.reread));
    await shot('replay');

    await page.click('#replay-execute');
    await page.locator('#replay-applied').waitFor();
    const committed = await committedOffsets(scene.group, scene.topic);
    expect(committed.partitions.map((p) => [p.partition, p.committed])).toEqual(cli.partitions.map((m: any) => [m.partition, m.next]));
  });

  it('shows a group with its member, assignment and lag over time', async () => {
    const member = await startRecordingConsumer(testKafka(), scene.group, scene.topic);
    try {
      await page.goto(`${console.url}/#/group/${encodeURIComponent(scene.group)}`);
      // kafkajs moves a group's offsets through a short-lived member of its own (client id "streamline"), which a
      // snapshot taken during the replay above still lists; the page reads the group again with every sample.
      await waitFor(
        `the members table to list ${member.clientId} alone`,
        async () => (await page.locator('#members tbody tr td:first-child').allTextContents()).join(',') === member.clientId,
        { timeoutMs: 30_000 },
      );
      await waitFor('the member to handle the rewound records', () => member.handled.length >= scene.orders + 2, { timeoutMs: 120_000 });
      await page.waitForTimeout(3000);
      await shot('group');
    } finally {
      await member.stop();
    }
  });

  it('browses a topic, decoding its events', async () => {
    await page.goto(`${console.url}/#/topic/${encodeURIComponent(scene.topic)}`);
    await page.locator('#partitions tbody tr').first().waitFor();
    await page.click('#browse');
    await page.locator('#events tbody tr').first().waitFor();
    const types = await page.locator('#events tbody tr[data-event] td:nth-child(4)').allTextContents();
    expect(types.length).toBe(scene.orders + 2);
    expect(types.filter((t) => t === 'order.placed.v1').length).toBe(scene.orders + 2);
    await page.locator('#events tbody tr[data-event]').nth(1).click();
    await shot('topic');
  });

  it('opens two load runs as charts and compares them', async () => {
    await page.goto(`${console.url}/#/load-runs`);
    await page.locator('#load-runs tbody tr').nth(1).waitFor();
    await page.locator('#load-runs tbody tr input[type=checkbox]').nth(0).check();
    await page.locator('#load-runs tbody tr input[type=checkbox]').nth(1).check();
    await page.click('#load-open');
    await page.locator('#load-comparison tbody tr').first().waitFor();
    await page.waitForTimeout(500);
    await shot('load-runs');
  });
});
