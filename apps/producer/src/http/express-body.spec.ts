import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { readBodyUpTo } from './express-body';
import { BodyReadError } from './raw-body';

const LIMIT = 1024;

/** A plain Node server running the middleware: answers the body's length, or the error's status. */
function serve(): Promise<Server> {
  const middleware = readBodyUpTo(LIMIT);
  const server = createServer((request: IncomingMessage & { body?: unknown }, response: ServerResponse) =>
    middleware(request, response, (error) => {
      response.statusCode = error instanceof BodyReadError ? error.status : error ? 500 : 200;
      response.end(error ? String((error as Error).message) : String(Buffer.isBuffer(request.body) ? request.body.length : 'none'));
    }),
  );
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Sends raw bytes, then up to `chunks` copies of `chunk` while the server reads; returns the answer and what was written. */
function exchange(server: Server, head: string | Buffer, chunk?: Buffer, chunks = 0): Promise<{ answer: string; written: number }> {
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
  let answer = '';
  let written = 0;
  socket.on('data', (data) => (answer += data));
  socket.write(head);
  const more = () => {
    while (chunk && written < chunks * chunk.length && !socket.destroyed) {
      written += chunk.length;
      if (!socket.write(chunk)) return void socket.once('drain', more);
    }
  };
  more();
  return new Promise((resolve) => {
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ answer, written }));
  });
}

describe('readBodyUpTo', () => {
  let server: Server;
  beforeAll(async () => (server = await serve()));
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('reads a body up to the limit, inflating gzip, and leaves body-less requests alone', async () => {
    const plain = await exchange(server, `POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello`);
    expect(plain.answer).toMatch(/^HTTP\/1\.1 200[^]*\r\n\r\n5$/);
    const zipped = gzipSync(Buffer.alloc(LIMIT, 'a'));
    const head = `POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Encoding: gzip\r\nContent-Length: ${zipped.length}\r\n\r\n`;
    const gzip = await exchange(server, Buffer.concat([Buffer.from(head), zipped]));
    expect(gzip.answer).toMatch(/\r\n\r\n1024$/);
    expect((await exchange(server, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).answer).toMatch(/\r\n\r\nnone$/);
  });

  it('answers 413 to an announced length past the limit without reading the body, and closes', async () => {
    const { answer, written } = await exchange(server, `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${1024 ** 3}\r\n\r\n`, Buffer.alloc(64 * 1024), 16_384);
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).toMatch(/connection: close/i);
    expect(written).toBeLessThan(1024 ** 3);
  });

  it('stops reading a chunked body once past the limit and closes the connection', async () => {
    const data = Buffer.alloc(512, 'x');
    const chunk = Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]);
    const { answer, written } = await exchange(server, 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', chunk, 1_000_000);
    expect(answer === '' || /^HTTP\/1\.1 413/.test(answer)).toBe(true);
    expect(written).toBeLessThan(1_000_000 * chunk.length);
  });
});
