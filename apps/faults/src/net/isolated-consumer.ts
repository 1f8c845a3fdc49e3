import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { FaultStack, ServiceHandle } from '../scenario';
import { NetworkNamespace } from './network-namespace';
import { forwardRule, ForwardRule, forwardTcp, formatForwardRule } from './tcp-forwarder';

/** A consumer replica running in a network namespace of its own, and the means to cut it off. */
export interface IsolatedConsumer {
  replica: ServiceHandle;
  namespace: NetworkNamespace;
  /** Drops the replica's traffic to the brokers; its database, health and metrics stay reachable. */
  cutFromBrokers(): Promise<void>;
  /** Lets its broker traffic through again. */
  healBrokers(): Promise<void>;
  /** Stops the replica, the forwarders, and removes the namespace. */
  close(): Promise<void>;
}

/** The address the isolated replica's broker connections come from, as the brokers see it. */
export const ISOLATED_CLIENT_HOST = '127.0.0.2';

const loopbackPort = (address: string) => Number(address.slice(address.lastIndexOf(':') + 1));

/**
 * Starts one more consumer replica of the stack's group inside a new network namespace. The
 * replica keeps the addresses every replica uses (127.0.0.1 broker ports, the database URL):
 * inside the namespace they are relayed over the veth link to the host, where they are relayed
 * to the host's loopback. Broker and other traffic cross the link to different host
 * addresses, so the brokers alone can be cut off.
 */
export async function startIsolatedConsumer(stack: FaultStack, log: (line: string) => void): Promise<IsolatedConsumer> {
  const namespace = await NetworkNamespace.create();
  const { hostBrokerSide, hostOtherSide, inside } = namespace.addresses;
  const brokerPorts = stack.bootstrap.split(',').map(loopbackPort);
  const databasePort = stack.databaseUrl ? Number(new URL(stack.databaseUrl).port || 5432) : undefined;
  const closers: Array<() => Promise<void>> = [() => namespace.remove()];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close().catch((error: Error) => log(`closing: ${error.message}`));
  };

  try {
    // The replica's broker connections arrive from 127.0.0.2, so the group coordinator's member
    // list (clientHost) tells it apart from replicas on the host.
    const hostRules: ForwardRule[] = brokerPorts.map((port) => ({
      ...forwardRule(hostBrokerSide, port, '127.0.0.1', port),
      localAddress: ISOLATED_CLIENT_HOST,
    }));
    const innerRules: ForwardRule[] = brokerPorts.map((port) => forwardRule('127.0.0.1', port, hostBrokerSide, port));
    if (databasePort !== undefined) {
      hostRules.push(forwardRule(hostOtherSide, databasePort, '127.0.0.1', databasePort));
      innerRules.push(forwardRule('127.0.0.1', databasePort, hostOtherSide, databasePort));
    }
    const hostForwarders = await forwardTcp(hostRules);
    closers.push(() => hostForwarders.close());
    const inner = await startNamespaceForwarder(namespace, innerRules);
    closers.push(() => stopChild(inner));

    const countBefore = stack.consumers.length;
    const starting = stack.addConsumer({ wrap: namespace.wrap });
    starting.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
    // The replica's HTTP port is picked on start; its health and metrics are relayed from the
    // host's loopback, with the other-side address as source so a cut broker route spares them.
    const replica = await newestConsumer(stack, countBefore);
    const http = await forwardTcp([{ ...forwardRule('127.0.0.1', replica.port, inside, replica.port), localAddress: hostOtherSide }]);
    closers.push(() => http.close());
    closers.push(async () => void (await replica.stop()));
    await starting;
    log(`${replica.name} runs in network namespace ${namespace.name} (${inside}), pid ${replica.pid}`);

    return {
      replica,
      namespace,
      cutFromBrokers: () => namespace.cutRouteTo(hostBrokerSide),
      healBrokers: () => namespace.healRouteTo(hostBrokerSide),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** The replica addConsumer has just added, once its port is chosen. */
async function newestConsumer(stack: FaultStack, countBefore: number): Promise<ServiceHandle> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    const replica = stack.consumers[countBefore];
    if (replica && replica.port > 0) return replica;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the isolated consumer replica did not start');
}

/** Runs namespace-forwarder.ts inside the namespace with the same Node and loader as this process. */
async function startNamespaceForwarder(namespace: NetworkNamespace, rules: ForwardRule[]): Promise<ChildProcess> {
  const script = join(__dirname, 'namespace-forwarder.ts');
  const command = [...namespace.wrap, process.execPath, ...process.execArgv, script, ...rules.map(formatForwardRule)];
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the namespace forwarder did not start: ${output}`)), 30_000);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('forwarding')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the namespace forwarder exited (${code}): ${output.trim()}`));
    });
  });
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
