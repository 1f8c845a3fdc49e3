import { forwardTcp, parseForwardRule } from './tcp-forwarder';

/**
 * Run inside a network namespace (`ip netns exec <ns> node … namespace-forwarder.ts <rule> …`):
 * relays the namespace's own loopback ports to the host, so a replica inside it keeps the
 * addresses (127.0.0.1:<broker port>, 127.0.0.1:5432) every other replica uses. Prints
 * "forwarding" once it listens and runs until it is signalled.
 */
async function main(): Promise<void> {
  const running = await forwardTcp(process.argv.slice(2).map(parseForwardRule));
  process.stdout.write('forwarding\n');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void running.close().finally(() => process.exit(0)));
  }
}

main().catch((error: Error) => {
  process.stderr.write(`namespace forwarder: ${error.message}\n`);
  process.exit(1);
});
