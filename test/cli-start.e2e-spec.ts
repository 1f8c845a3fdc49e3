import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_BUNDLE, runCli } from './support/cli-process';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';

const ROOT = join(__dirname, '..');
const snapshot = () => JSON.parse(readFileSync(join(CLI_BUNDLE, '..', 'help.json'), 'utf8')) as Record<string, string>;

/** `bin/streamline` answers help and version before starting Nest, with exactly what the full program would say. */
describe('streamline start', () => {
  it('answers --version with the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) expect(await runCli([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('has every command in the help the build wrote, each the same as the full program prints it', async () => {
    const help = snapshot();
    expect(Object.keys(help)).toEqual(
      expect.arrayContaining([
        '',
        'topics',
        'topics create',
        'tail',
        'produce',
        'lag',
        'replay group',
        'replay copy',
        'dlq list',
        'dlq show',
        'dlq redrive',
        'rebuild',
        'load',
        'load compare',
      ]),
    );
    // `help <command>` is commander's own command (on the root only): it always runs the full program.
    for (const [path, full] of [
      ['', ['help']],
      ['topics', ['help', 'topics']],
      ['dlq', ['help', 'dlq']],
      ['rebuild', ['help', 'rebuild']],
      ['load', ['help', 'load']],
    ] as const) {
      const fast = await runCli([...(path ? path.split(' ') : []), '--help']);
      const slow = await runCli([...full]);
      expect({ path, code: fast.code, stdout: fast.stdout }).toEqual({ path, code: 0, stdout: help[path] });
      expect({ path, stdout: slow.stdout }).toEqual({ path, stdout: fast.stdout });
    }
  });

  it('prints no warning on an ordinary run: no engine check, no kafkajs timer warnings', async () => {
    const run = await runCli(['topics'], { KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: `${randomName('cli-start')}.` });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });
});
