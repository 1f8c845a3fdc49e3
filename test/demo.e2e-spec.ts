import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './support/app-process';
import { randomName } from './support/random-names';
import { testBrokers } from './support/test-broker';

const ROOT = join(__dirname, '..');

/** The README's run command: `npm run demo` shows posted events reaching the read model. */
describe('npm run demo', () => {
  it('posts sample orders, shows them reaching the read model, and stops cleanly by itself', async () => {
    const [producerPort, consumerPort] = [await freePort(), await freePort()];
    const child = spawn(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['apps/demo/src/main.ts', '--duration', '4', '--rate', '25', '--producer-port', String(producerPort), '--consumer-port', String(consumerPort)],
      {
        cwd: ROOT,
        env: { ...process.env, KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: `${randomName('demo')}.`, KAFKA_GROUP_ID: randomName('demo') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    expect({ code, output }).toMatchObject({ code: 0 });
    const match = /all (\d+) accepted orders reached the read model/.exec(output);
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThan(50);
    expect(output).toMatch(/posted \d+ .*accepted \d+ .*in read model \d+/);
  });
});
