import { createConnection, Socket } from 'node:net';

/** What {@link PortHammer} saw. */
export interface HammerResult {
  attempts: number;
  /** Connections whose local port was the port they dialled: the socket connected to itself. */
  selfConnections: number;
}

/**
 * Reconnects to 127.0.0.1:`port` as fast as it can over a few parallel sockets, as a client
 * retrying a dead broker does. A connection that reaches itself is kept open, as a client
 * would keep it, because that is what holds the port.
 */
export class PortHammer {
  private attempts = 0;
  private readonly held: Socket[] = [];
  private running = false;

  constructor(
    private readonly port: number,
    private readonly parallel = 8,
  ) {}

  start(): void {
    this.running = true;
    for (let i = 0; i < this.parallel; i++) this.dial();
  }

  get result(): HammerResult {
    return { attempts: this.attempts, selfConnections: this.held.length };
  }

  /** Stops dialling and closes every socket it holds. */
  stop(): HammerResult {
    this.running = false;
    const result = this.result;
    for (const socket of this.held.splice(0)) socket.destroy();
    return result;
  }

  private dial(): void {
    if (!this.running) return;
    this.attempts++;
    const socket = createConnection({ host: '127.0.0.1', port: this.port });
    socket.once('connect', () => {
      if (socket.localPort === this.port) this.held.push(socket);
      else socket.destroy();
      setImmediate(() => this.dial());
    });
    socket.once('error', () => {
      socket.destroy();
      setImmediate(() => this.dial());
    });
  }
}
