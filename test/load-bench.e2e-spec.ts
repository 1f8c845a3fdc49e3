import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testBrokers } from './support/test-broker';

const ROOT = join(__dirname, '..');
const BENCH = join(ROOT, 'dist', 'apps', 'bench', 'main.js');
const IN_CI = ['produce', 'consume-noop', 'consume-io', 'http-ingest', 'memory', 'end-to-end', 'cli-start', 'scale-out'];

/**
 * `npm run bench -- --quick`: every scenario runs on the test broker and the result file is
 * complete and well formed. Nothing here is about speed: these machines are shared and noisy.
 * One repetition: the spec checks that each scenario runs and reports, not its figures, and two
 * took over 15 minutes beside the rest of the suite on a loaded two-core machine. Every scenario
 * but membership-pause: it starts 16 consumer processes one after another (four group protocols,
 * four members each), and beside the suite each start took one to two minutes, so it outlasted
 * any sensible timeout; `npm run bench -- --only membership-pause` runs it on a quiet machine.
 */
describe('benchmark, quick run', () => {
  it('runs every scenario and writes a valid result file', async () => {
    if (!existsSync(BENCH)) throw new Error(`${BENCH} is missing: run npm run build first`);
    const out = join(mkdtempSync(join(tmpdir(), 'streamline-bench-')), 'quick.json');
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [BENCH, '--quick', '--reps', '1', '--only', IN_CI.join(','), '--out', out], {
        cwd: ROOT,
        env: { ...process.env, KAFKA_BROKERS: testBrokers().join(',') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('close', (exit) => resolve({ code: exit, output }));
    });
    expect({ code, tail: output.slice(-3000) }).toEqual({ code: 0, tail: expect.any(String) });

    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.failures).toEqual([]);
    expect(result.plan.quick).toBe(true);
    expect(result.environment).toEqual(expect.objectContaining({ cpus: expect.any(Number), node: process.version, kafka: '4.3.1' }));
    expect(result.scenarios.map((s: { id: string }) => s.id)).toEqual(IN_CI);
    for (const scenario of result.scenarios) {
      expect(scenario.contenders.length).toBeGreaterThanOrEqual(1);
      for (const contender of scenario.contenders) {
        // cli-start times each command over runs of its own (process start-up varies far more than throughput).
        if (scenario.id !== 'cli-start') expect(contender.results).toHaveLength(result.plan.reps);
        expect(Number.isFinite(contender.summary.median) && contender.summary.median > 0).toBe(true);
      }
      for (const target of scenario.targets) expect(typeof target.met).toBe('boolean');
    }
    const io = result.scenarios.find((s: { id: string }) => s.id === 'consume-io');
    for (const contender of io.contenders) for (const run of contender.results) expect(run.count).toBe(result.plan.ioCount);
    const e2e = result.scenarios.find((s: { id: string }) => s.id === 'end-to-end');
    for (const run of e2e.contenders[0].results) expect(run.details.handled).toBe(run.details.sent);
    expect(output).toContain('| scenario | contender | median |');
  }, 1_200_000);
});
