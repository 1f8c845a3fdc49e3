import { createConnection, createServer, Server, Socket } from 'node:net';

/** One listening address whose connections are relayed to a target address. */
export interface ForwardRule {
  listenHost: string;
  listenPort: number;
  targetHost: string;
  targetPort: number;
  /** Source address of the relayed connections (which of several local addresses the peer sees). */
  localAddress?: string;
}

/** Forwarders that are listening; close() ends them and every connection they relay. */
export interface RunningForwarders {
  close(): Promise<void>;
}

/**
 * Relays TCP connections byte for byte. It only joins two network namespaces (services that
 * listen on loopback only, a replica inside a namespace): it never drops or delays anything
 * itself, so what a replica sees during a partition is what the kernel does to the packets
 * between the forwarders.
 */
export async function forwardTcp(rules: ForwardRule[]): Promise<RunningForwarders> {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  };
  try {
    for (const rule of rules) {
      const server = createServer((inbound) => {
        track(inbound);
        const outbound = createConnection({ host: rule.targetHost, port: rule.targetPort, localAddress: rule.localAddress });
        track(outbound);
        // Either side ending or failing ends both, as a direct connection would.
        inbound.on('error', () => outbound.destroy());
        outbound.on('error', () => inbound.destroy());
        inbound.on('close', () => outbound.destroy());
        outbound.on('close', () => inbound.destroy());
        inbound.pipe(outbound);
        outbound.pipe(inbound);
      });
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host: rule.listenHost, port: rule.listenPort, exclusive: true }, () => resolve());
      });
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { close };
}

/** A rule from its two addresses. */
export function forwardRule(listenHost: string, listenPort: number, targetHost: string, targetPort: number): ForwardRule {
  return { listenHost, listenPort, targetHost, targetPort };
}

/** Parses `listenHost:port=targetHost:port[@localAddress]`, the form the namespace-side forwarder takes. */
export function parseForwardRule(text: string): ForwardRule {
  const match = /^([\d.]+):(\d+)=([\d.]+):(\d+)(?:@([\d.]+))?$/.exec(text);
  if (!match) throw new Error(`forward rule "${text}" must be listenHost:port=targetHost:port[@localAddress]`);
  return {
    listenHost: match[1]!,
    listenPort: Number(match[2]),
    targetHost: match[3]!,
    targetPort: Number(match[4]),
    localAddress: match[5],
  };
}

/** The rule as {@link parseForwardRule} reads it. */
export function formatForwardRule(rule: ForwardRule): string {
  return `${rule.listenHost}:${rule.listenPort}=${rule.targetHost}:${rule.targetPort}${rule.localAddress ? `@${rule.localAddress}` : ''}`;
}
