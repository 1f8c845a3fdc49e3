import { connect, Socket } from 'node:net';

/** A header as the client puts it on the wire: the value's bytes are sent as they are. */
export type RawHeader = [name: string, value: string | Buffer];

/** An answer read off the socket: status, the JSON body when there is one, the raw text. */
export interface RawAnswer {
  status: number;
  body: any;
  raw: string;
}

/**
 * Sends one request over a fresh TCP connection, byte for byte as given (no client library
 * re-encodes a header value or the body), and reads the answer until the server closes.
 */
export async function rawRequest(port: number, headers: RawHeader[], body: Buffer | string = Buffer.alloc(0)): Promise<RawAnswer> {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const lines: Buffer[] = [Buffer.from('POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n')];
  for (const [name, value] of headers) lines.push(Buffer.from(`${name}: `), Buffer.isBuffer(value) ? value : Buffer.from(value), Buffer.from('\r\n'));
  lines.push(Buffer.from(`Content-Length: ${payload.length}\r\n\r\n`), payload);
  const socket = connect(port, '127.0.0.1');
  socket.write(Buffer.concat(lines));
  return parseAnswer(await readUntilClosed(socket));
}

/** Everything the server sends until it closes the connection (an error after data counts as a close). */
export function readUntilClosed(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', (error) => (text ? undefined : reject(error)));
    socket.on('close', () => resolve(text));
  });
}

/** The status line and JSON body of an HTTP/1.1 answer as read off the wire. */
export function parseAnswer(raw: string): RawAnswer {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);
  const text = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  let body: unknown = text;
  try {
    body = JSON.parse(Buffer.from(text, 'latin1').toString('utf8'));
  } catch {
    // not JSON: keep the text
  }
  return { status, body, raw };
}

/** Opens a connection and starts reading whatever the server answers until it closes. */
export function openRaw(port: number): { socket: Socket; answer: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  return { socket, answer: readUntilClosed(socket).catch(() => '') };
}

/** Writes `chunk` again and again while the server keeps the connection open, honouring back-pressure; returns the bytes written. */
export async function pump(socket: Socket, chunk: Buffer, upTo: number): Promise<number> {
  let written = 0;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  while (!socket.destroyed && written < upTo) {
    const flushed = socket.write(chunk);
    written += chunk.length;
    if (!flushed) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), closed]);
  }
  return written;
}
