import { createServer } from 'node:net';
import { LocalKafka, readEphemeralPortRange, startLocalKafka } from '@streamline/local-broker';
import { PortHammer } from './support/port-hammer';
import { waitFor } from './support/wait-for';

/** Below the Linux ephemeral range (32768-60999); its controller port is 22192. */
const BROKER_PORT = 21192;
const range = readEphemeralPortRange();
const onLinux = range ? it : it.skip;

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * The benchmark's broker listened on 33092, inside the range Linux hands out as local ports of
 * outgoing connections; a client reconnecting to it while it was down was given 33092 as its own
 * port, connected to itself, and the broker could not bind again (seen with 49092 too).
 */
describe('local broker ports outside the ephemeral range (a reconnecting client took a dead broker port)', () => {
  let kafka: LocalKafka | undefined;
  afterAll(async () => {
    await kafka?.stop();
  }, 60_000);

  onLinux(
    'shows the hazard: a client retrying a dead port inside the range connects to itself and holds the port',
    async () => {
      // connect() walks the range from a per-destination offset, even ports first (Linux 4.6+).
      let port = range!.low + 10_000;
      while (!(await isFree(port))) port += 2;
      const hammer = new PortHammer(port);
      hammer.start();
      try {
        await waitFor('a connection to itself', () => hammer.result.selfConnections > 0, { timeoutMs: 100_000, intervalMs: 200 });
        expect(await isFree(port)).toBe(false);
      } finally {
        hammer.stop();
      }
    },
    120_000,
  );

  onLinux('refuses to start a broker on the benchmark old port, naming the range, in one line', async () => {
    const started = startLocalKafka({ name: 'ephemeral-refused', port: 33092 });

    await expect(started).rejects.toThrow(/^ports 33092, 34092 lie in this machine's ephemeral port range \d+-\d+ .*; choose a base port up to \d+$/);
  });

  it('restarts a killed broker on its port while a client keeps retrying that port', async () => {
    kafka = await startLocalKafka({ name: 'port-reuse', port: BROKER_PORT });
    await kafka.killBroker(0, 'SIGKILL');
    const hammer = new PortHammer(BROKER_PORT);
    hammer.start();
    try {
      // As many dials as found a self-connection inside the range in the spec above, and more.
      await waitFor('thousands of reconnects to the dead port', () => hammer.result.attempts > 30_000, { timeoutMs: 120_000, intervalMs: 200 });
      await kafka.restartBroker(0);
      expect(kafka.brokers[0]!.alive).toBe(true);
      expect(hammer.result.selfConnections).toBe(0);
    } finally {
      hammer.stop();
    }
  }, 240_000);
});
