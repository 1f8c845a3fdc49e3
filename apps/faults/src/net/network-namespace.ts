import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Addresses of a namespace's link to the host: a /29 with two host addresses and one inside. */
export interface NamespaceAddresses {
  /** Host address that only broker traffic uses, so a route to it can be cut on its own. */
  hostBrokerSide: string;
  /** Host address for everything else (database, health and metrics). */
  hostOtherSide: string;
  /** The namespace's own address. */
  inside: string;
}

/**
 * A Linux network namespace joined to the host by a veth pair (`ip netns`, `ip link`, needs root).
 *
 * Partitions are made with routes inside the namespace: a blackhole route to the broker-side
 * address drops the replica's broker traffic while its database stays reachable, as when a
 * replica loses the brokers but not its own data store. (The kernels of these machines have
 * no netem or prio qdisc, and no iptables, so routes are what there is; `setLink('down')`
 * cuts everything.)
 */
export class NetworkNamespace {
  readonly name: string;
  readonly addresses: NamespaceAddresses;
  private readonly hostLink: string;
  private readonly innerLink: string;

  private constructor(
    readonly tag: string,
    subnet: number,
  ) {
    this.name = `streamline-${tag}`;
    // Interface names are at most 15 characters.
    this.hostLink = `sl${tag}h`;
    this.innerLink = `sl${tag}n`;
    const base = `10.231.${subnet}`;
    this.addresses = { hostBrokerSide: `${base}.1`, hostOtherSide: `${base}.3`, inside: `${base}.2` };
  }

  /** Creates the namespace, the veth pair and the addresses, and routes the namespace through the host. */
  static async create(): Promise<NetworkNamespace> {
    const tag = randomBytes(3).toString('hex');
    const ns = new NetworkNamespace(tag, randomBytes(1)[0]!);
    const { name, hostLink, innerLink, addresses } = ns;
    try {
      await ip('netns', 'add', name);
      await ip('link', 'add', hostLink, 'type', 'veth', 'peer', 'name', innerLink);
      await ip('link', 'set', innerLink, 'netns', name);
      await ip('addr', 'add', `${addresses.hostBrokerSide}/29`, 'dev', hostLink);
      await ip('addr', 'add', `${addresses.hostOtherSide}/29`, 'dev', hostLink);
      await ip('link', 'set', hostLink, 'up');
      await ns.ip('addr', 'add', `${addresses.inside}/29`, 'dev', innerLink);
      await ns.ip('link', 'set', innerLink, 'up');
      await ns.ip('link', 'set', 'lo', 'up');
    } catch (error) {
      await ns.remove();
      throw error;
    }
    return ns;
  }

  /** The command prefix that runs a program inside the namespace. */
  get wrap(): string[] {
    return ['ip', 'netns', 'exec', this.name];
  }

  /** Drops every packet from the namespace to `address` (the connections stay open, unanswered). */
  async cutRouteTo(address: string): Promise<void> {
    await this.ip('route', 'add', 'blackhole', `${address}/32`);
  }

  /** Removes the route {@link cutRouteTo} added. */
  async healRouteTo(address: string): Promise<void> {
    await this.ip('route', 'del', 'blackhole', `${address}/32`);
  }

  /** Takes the namespace's end of the link down or up: nothing passes while it is down. */
  async setLink(state: 'up' | 'down'): Promise<void> {
    await this.ip('link', 'set', this.innerLink, state);
  }

  /** Deletes the veth pair and the namespace; processes still inside keep it alive until they end. */
  async remove(): Promise<void> {
    await ip('link', 'del', this.hostLink).catch(() => undefined);
    await ip('netns', 'del', this.name).catch(() => undefined);
  }

  private ip(...args: string[]): Promise<void> {
    return ip('netns', 'exec', this.name, 'ip', ...args);
  }
}

async function ip(...args: string[]): Promise<void> {
  try {
    await run('ip', args, { timeout: 10_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`ip ${args.join(' ')} failed: ${stderr || (error as Error).message}`);
  }
}
