import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { plannedOrder } from './order-traffic';
import { openRaw, parseAnswer, pump, rawRequest, RawHeader } from './raw-http';

/** What one kind of abuse got back: answers by status (0: the server closed or reset without one). */
export interface AbuseTally {
  kind: string;
  /** What a client of this kind must get: anything else is a finding. */
  expected: number[];
  /** Requests that got an answer or were closed by the server. */
  requests: number;
  answers: Map<number, number>;
  /** Connections still waiting for the server when the abuse ended (cut by the clients). */
  cutAtEnd: number;
  /** Body bytes the clients managed to write before the server closed (largest of one request). */
  mostBytesWritten?: number;
}

/** How many clients of each kind run at once. */
export interface AbuseSizes {
  slowHeaders: number;
  hugeBodies: number;
  headerFloods: number;
  invalidUtf8: number;
  shortBodies: number;
}

const HUGE = 2 * 1024 ** 3;
const CHUNK = Buffer.alloc(64 * 1024, 0x20);
const NOT_UTF8 = Buffer.from([0x61, 0xff, 0xfe, 0x62]);

/**
 * Clients that abuse the producer's ingest while the order traffic runs, each kind in a loop
 * until stopped: connections that send their headers one byte a second, bodies announced at
 * 2 GiB (and chunked ones without end), floods of 5,000 headers, CloudEvents whose id is not
 * UTF-8 (binary and structured mode), and bodies shorter than their Content-Length. Every answer
 * is counted by kind; none of their events may reach the log.
 */
export class AbusiveClients {
  private readonly tallies = new Map<string, AbuseTally>();
  private readonly open = new Set<Socket>();
  private readonly loops: Promise<void>[] = [];
  private stopped = false;
  private invalidSent = 0;

  constructor(
    private readonly port: () => number,
    private readonly sizes: AbuseSizes,
  ) {}

  start(): void {
    const run = (count: number, kind: string, expected: number[], once: (tally: AbuseTally) => Promise<void>) => {
      const tally: AbuseTally = { kind, expected, requests: 0, answers: new Map(), cutAtEnd: 0 };
      this.tallies.set(kind, tally);
      for (let i = 0; i < count; i++) this.loops.push(this.loop(() => once(tally)));
    };
    run(this.sizes.slowHeaders, 'headers at one byte a second', [408], (t) => this.slowHeaders(t));
    run(this.sizes.hugeBodies, 'body announced at 2 GiB', [413, 0], (t) => this.hugeBody(t, false));
    run(this.sizes.hugeBodies, 'chunked body without end', [413, 0], (t) => this.hugeBody(t, true));
    run(this.sizes.headerFloods, '5,000 headers', [431], (t) => this.answered(t, rawRequest(this.port(), flood(), '{}'), 100));
    run(this.sizes.invalidUtf8, 'ce-id not UTF-8', [400], (t) => this.answered(t, invalidUtf8(this.port(), this.invalidSent++ % 2 === 1), 100));
    run(this.sizes.shortBodies, 'body shorter than announced', [408], (t) => this.shortBody(t));
  }

  /** Ends every loop; connections still waiting are cut and counted as such. */
  async stop(): Promise<AbuseTally[]> {
    this.stopped = true;
    for (const socket of this.open) socket.destroy();
    await Promise.all(this.loops);
    return [...this.tallies.values()];
  }

  private async loop(once: () => Promise<void>): Promise<void> {
    while (!this.stopped) {
      await once().catch(() => undefined);
      // A client whose connection failed outright (e.g. refused) waits before the next.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async answered(tally: AbuseTally, answer: Promise<{ status: number }>, pauseMs: number): Promise<void> {
    count(tally, (await answer.catch(() => ({ status: 0 }))).status);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }

  /** Sends one byte of its headers a second until the server answers or closes. */
  private async slowHeaders(tally: AbuseTally): Promise<void> {
    const head = `POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'a'.repeat(600)}`;
    const { socket, answer } = this.track(openRaw(this.port()));
    let sent = 0;
    const trickle = setInterval(() => !socket.destroyed && sent < head.length && socket.write(head[sent++]!), 1000);
    try {
      this.settle(tally, await answer);
    } finally {
      clearInterval(trickle);
    }
  }

  private async hugeBody(tally: AbuseTally, chunked: boolean): Promise<void> {
    const { socket, answer } = this.track(openRaw(this.port()));
    const framing = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${HUGE}`;
    socket.write(`POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/cloudevents+json\r\n${framing}\r\n\r\n`);
    const chunk = chunked ? Buffer.concat([Buffer.from(`${CHUNK.length.toString(16)}\r\n`), CHUNK, Buffer.from('\r\n')]) : CHUNK;
    const written = await pump(socket, chunk, HUGE);
    tally.mostBytesWritten = Math.max(tally.mostBytesWritten ?? 0, written);
    this.settle(tally, await answer);
  }

  /** A valid event under a Content-Length 100 bytes longer than what is sent. */
  private async shortBody(tally: AbuseTally): Promise<void> {
    const { socket, answer } = this.track(openRaw(this.port()));
    const [placed] = plannedOrder(randomUUID(), 0);
    const event = JSON.stringify({ ...placed!.body, source: '/faults/abuse' });
    socket.write(
      `POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/cloudevents+json\r\nContent-Length: ${event.length + 100}\r\n\r\n${event}`,
    );
    this.settle(tally, await answer);
  }

  private track(connection: { socket: Socket; answer: Promise<string> }): { socket: Socket; answer: Promise<string> } {
    this.open.add(connection.socket);
    connection.socket.once('close', () => this.open.delete(connection.socket));
    return connection;
  }

  /** Counts what the server did with a connection, unless the abuse's end cut it first. */
  private settle(tally: AbuseTally, raw: string): void {
    if (this.stopped && !raw) tally.cutAtEnd++;
    else count(tally, parseAnswer(raw).status);
  }
}

function count(tally: AbuseTally, status: number): void {
  tally.requests++;
  tally.answers.set(status, (tally.answers.get(status) ?? 0) + 1);
}

function flood(): RawHeader[] {
  return Array.from({ length: 5000 }, (_, i) => [`x-flood-${i}`, 'v']);
}

/** An event whose id's bytes are not UTF-8: in `ce-id` (binary mode), or inside the JSON's id (structured). */
function invalidUtf8(port: number, structured: boolean): Promise<{ status: number }> {
  const [placed] = plannedOrder(randomUUID(), 0);
  const { data, type } = placed!.body as { data: object; type: string };
  if (!structured) {
    const headers: RawHeader[] = [
      ['Content-Type', 'application/json'],
      ['ce-specversion', '1.0'],
      ['ce-id', NOT_UTF8],
      ['ce-source', '/faults/abuse'],
      ['ce-type', type],
    ];
    return rawRequest(port, headers, JSON.stringify(data));
  }
  const [before, after] = JSON.stringify({ specversion: '1.0', id: '\u0000', source: '/faults/abuse', type, data }).split('\\u0000');
  return rawRequest(port, [['Content-Type', 'application/cloudevents+json']], Buffer.concat([Buffer.from(before!), NOT_UTF8, Buffer.from(after!)]));
}

/** One line per kind: requests, answers by status, and any answer outside what it must get. */
export function describeAbuse(tallies: AbuseTally[]): { lines: string[]; unexpected: number } {
  let unexpected = 0;
  const lines = tallies.map((t) => {
    const answers = [...t.answers].sort(([a], [b]) => a - b).map(([status, n]) => `${status || 'closed'} ×${n}`);
    const wrong = [...t.answers].filter(([status]) => !t.expected.includes(status)).reduce((sum, [, n]) => sum + n, 0);
    unexpected += wrong;
    const bytes = t.mostBytesWritten === undefined ? '' : `, at most ${(t.mostBytesWritten / 1024 ** 2).toFixed(1)} MiB written before the close`;
    const cut = t.cutAtEnd ? `, ${t.cutAtEnd} still waiting at the end` : '';
    return `${t.kind}: ${t.requests} → ${answers.join(', ') || 'none'}${bytes}${cut}${wrong ? ` (**${wrong} unexpected**)` : ''}`;
  });
  return { lines, unexpected };
}
