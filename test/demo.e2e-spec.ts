import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { freePort } from './support/app-process';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';

const ROOT = join(__dirname, '..');

interface DemoRun {
  code: number | null;
  output: string;
  /** The counts of every live line: posted, accepted, in read model. */
  lines: { posted: number; accepted: number; inReadModel: number }[];
  /** `all N accepted orders reached the read model`. */
  accepted: number;
  /** The read model's own count at the end (`GET /orders/stats`, a SQL count). */
  readModelTotal: number;
}

/** Runs `npm run demo`'s script with `flags` until it stops by itself, and reads what it printed. */
async function runDemo(flags: string[], env: NodeJS.ProcessEnv): Promise<DemoRun> {
  const [producerPort, consumerPort] = [await freePort(), await freePort()];
  const child = spawn(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['apps/demo/src/main.ts', ...flags, '--producer-port', String(producerPort), '--consumer-port', String(consumerPort)],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const lines = [...output.matchAll(/posted (\d+) .*accepted (\d+) +in read model (\d+)/g)].map((m) => ({
    posted: Number(m[1]),
    accepted: Number(m[2]),
    inReadModel: Number(m[3]),
  }));
  return {
    code,
    output,
    lines,
    accepted: Number(/all (\d+) accepted orders reached the read model/.exec(output)?.[1] ?? Number.NaN),
    readModelTotal: Number(/read model: (\d+) orders/.exec(output)?.[1] ?? Number.NaN),
  };
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A client port for a broker of the demo's own, in 27092–27999, with its controller port (+1000) free too. */
async function freeBrokerPort(): Promise<number> {
  for (;;) {
    const port = 27092 + Math.floor(Math.random() * 908);
    if ((await isFree(port)) && (await isFree(port + 1000))) return port;
  }
}

/** Each order once: never more in the read model than accepted, never more accepted than posted. */
function expectHonestCounts(run: DemoRun): void {
  expect(run.code === 0 ? 'exit 0' : `exit ${run.code}:\n${run.output}`).toBe('exit 0');
  expect(run.lines.length).toBeGreaterThan(0);
  for (const line of run.lines) {
    expect(line.inReadModel).toBeLessThanOrEqual(line.accepted);
    expect(line.accepted).toBeLessThanOrEqual(line.posted);
  }
  const last = run.lines[run.lines.length - 1];
  expect(last.accepted).toBe(run.accepted);
  expect(last.inReadModel).toBe(run.accepted);
  expect(run.readModelTotal).toBe(run.accepted);
}

/** The README's run command: `npm run demo` shows posted events reaching the read model. */
describe('npm run demo', () => {
  it('posts sample orders, counts each once as the read model does, and stops cleanly by itself', async () => {
    const run = await runDemo(['--duration', '4', '--rate', '25'], {
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_TOPIC_PREFIX: `${randomName('demo')}.`,
      KAFKA_GROUP_ID: randomName('demo'),
    });
    expectHonestCounts(run);
    // How many of the 100 posted are accepted within the four seconds depends on the machine's
    // load (34 beside a container build); what the demo promises is that each accepted order
    // reaches the read model once, which expectHonestCounts checks.
    expect(run.accepted).toBeGreaterThan(0);
    // The final count and the message after it are lines of their own.
    expect(run.output).toMatch(/failed \d+\n\[demo\] all \d+ accepted orders reached the read model\n/);
  });

  it('answers --help at once, without building or starting anything', async () => {
    const run = await runDemo(['--help'], {});
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/^usage: npm run demo -- /);
    expect(run.output).not.toMatch(/building|starting/);
  });

  it('starts from an empty read model on a fresh broker of its own: a second run does not see the first run’s orders', async () => {
    const env = { KAFKA_BROKERS: '', KAFKA_TOPIC_PREFIX: '', KAFKA_GROUP_ID: '', PGLITE_DATA_DIR: '', DATABASE_URL: '' };
    const kafkaPort = String(await freeBrokerPort());
    const first = await runDemo(['--duration', '3', '--rate', '20', '--kafka-port', kafkaPort], env);
    expectHonestCounts(first);
    expect(first.accepted).toBeGreaterThan(0);
    expect(first.output).toContain('stopping the local broker');
    // kafkajs' harmless timer warning on Node 24 (the demo waits for its broker's coordinator) stays off the terminal.
    expect(first.output).not.toContain('TimeoutNegativeWarning');

    const second = await runDemo(['--duration', '3', '--rate', '20', '--kafka-port', kafkaPort], env);
    expectHonestCounts(second);
    expect(second.readModelTotal).toBe(second.accepted);
  }, 600_000);
});
