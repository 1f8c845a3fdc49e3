import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './support/app-process';
import { runCli } from './support/cli-process';

const dir = mkdtempSync(join(tmpdir(), 'streamline-load-unreachable-'));

/** `streamline load` where nothing listens: a failure, not a run of zeros. */
describe('streamline load against a URL where nothing listens', () => {
  it('exits 1, says nothing was acknowledged, and shows – for every figure it could not measure', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const out = join(dir, 'unreachable.json');
    const html = join(dir, 'unreachable.html');
    const run = await runCli(['load', '--url', url, '--rate', '50/s', '--count', '20', '--out', out, '--html', html]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: nothing was acknowledged (errors connection: 20); is anything listening at ${url}?`);
    const [step] = JSON.parse(readFileSync(out, 'utf8')).steps;
    expect(step).toMatchObject({ planned: 20, sent: 20, acked: 0, handled: null, errors: { connection: 20 } });
    expect(step.ackLatency.summary).toEqual({ count: 0, p50: null, p90: null, p99: null, p999: null, max: null, mean: null });
    expect(step.endToEndLatency).toBeNull();

    // RATE ACHIEVED SENT ACKED HANDLED ERRORS, then nine latencies: none measured.
    const row = run.stdout
      .split('\n')
      .find((l) => l.startsWith('50/s'))!
      .trim()
      .split(/\s+/);
    expect(row.slice(2, 6)).toEqual(['20', '0', '–', 'connection:20']);
    expect(row.slice(6)).toEqual(Array(9).fill('–'));
    expect(readFileSync(html, 'utf8')).toMatch(/<tr><td>acknowledged<\/td>(<td>–<\/td>){6}<\/tr>/);
  });
});
