import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testBrokers } from './support/test-broker';
import { DEAD_LETTER_HEADERS, deadLetterTopicFor } from '@streamline/schemas';
import { readTopic as readLetters } from './support/consumer-fixtures';
import { readTopic } from './support/topic-contents';

const ROOT = join(__dirname, '..');
const PACKAGES = ['schemas', 'kafka', 'local-broker', 'testing'];

/**
 * The libraries as an outside team gets them: packed with `npm pack`, installed into a NestJS
 * service outside this repository (examples/own-service, copied to a scratch folder: its own
 * package.json, no path aliases), compiled against the packages' declarations, and run against
 * the real broker with its own event type, handler and the testing package.
 */
describe('the packages, installed into a service of its own', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'streamline-packages-'));
  const packs = join(scratch, 'packs');
  const app = join(scratch, 'invoices-service');
  const run = (command: string, args: string[], cwd: string) =>
    execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });

  beforeAll(() => {
    mkdirSync(packs);
    run('npm', ['pack', ...PACKAGES.map((p) => `--workspace=libs/${p}`), '--pack-destination', packs, '--silent'], ROOT);
    cpSync(join(ROOT, 'examples', 'own-service'), app, { recursive: true, filter: (source) => !/node_modules|[/\\]dist$/.test(source) });
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    for (const name of PACKAGES) {
      const file = `file:${join(packs, `streamline-${name}-0.1.0.tgz`)}`;
      const section = name === 'testing' ? 'devDependencies' : 'dependencies';
      manifest[section][`@streamline/${name}`] = file;
    }
    writeFileSync(join(app, 'package.json'), JSON.stringify(manifest, null, 2));
    // Everything else comes from npm's cache, filled by this repository's own install.
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], app);
  }, 600_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('packs built JavaScript, declarations, a licence and no specs', () => {
    for (const name of PACKAGES) {
      const installed = join(app, 'node_modules', '@streamline', name);
      expect(lstatSync(installed).isSymbolicLink()).toBe(false);
      const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
      expect(manifest).toMatchObject({ version: '0.1.0', license: 'Apache-2.0', types: 'dist/index.d.ts' });
      expect(existsSync(join(installed, 'dist', 'index.js'))).toBe(true);
      expect(existsSync(join(installed, 'dist', 'index.d.ts'))).toBe(true);
      expect(existsSync(join(installed, 'LICENSE'))).toBe(true);
      const files = readdirSync(installed, { recursive: true }).map(String);
      expect(files.filter((f) => /\.spec\./.test(f))).toEqual([]);
    }
    // The service's own event types, not the example apps' order events, are in its registry.
    expect(existsSync(join(app, 'node_modules', '@streamline', 'orders'))).toBe(false);
    // The @nestjs/microservices transport is a sub-path with an optional peer: a service that does
    // not use it installs no @nestjs/microservices, and still compiles and runs (the next test).
    expect(existsSync(join(app, 'node_modules', '@streamline', 'kafka', 'dist', 'transport', 'index.d.ts'))).toBe(true);
    expect(existsSync(join(app, 'node_modules', '@nestjs', 'microservices'))).toBe(false);
  });

  it('compiles against the declarations; its own event type, handled through its interceptor, guard, pipe and filter, end to end', async () => {
    run(join(app, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], app);
    const check = spawnSync(process.execPath, ['dist/test/invoices.check.js'], {
      cwd: app,
      encoding: 'utf8',
      env: { ...process.env, KAFKA_BROKERS: testBrokers().join(','), INVOICES: '25' },
      timeout: 180_000,
    });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    const result = JSON.parse(check.stdout.trim().split('\n').pop()!) as { applied: number; topic: string; group: string };
    expect(result.applied).toBe(25);
    // The guard's refusal and the filter's final failure, in the dead-letter topic at their first attempt.
    const letters = await readLetters(deadLetterTopicFor(result.topic, result.group), 2);
    expect(letters.map((l) => [l.key, l.headers[DEAD_LETTER_HEADERS.reason], l.headers[DEAD_LETTER_HEADERS.attempts]]).sort()).toEqual([
      ['INV-900', 'guard-refused', '1'],
      ['INV-901', 'handler-failed', '1'],
    ]);
    // The broker's side, read by a client that is not the service's: 25 records of the service's own type.
    const records = await readTopic(testBrokers(), result.topic);
    expect(records).toHaveLength(27);
    expect(new Set(records.map((r) => r.type))).toEqual(new Set(['invoice.issued.v1']));
    expect(records.map((r) => r.key).sort()).toEqual([...Array.from({ length: 25 }, (_, i) => `INV-${i + 1}`), 'INV-900', 'INV-901'].sort());
  }, 300_000);
});
