import { createConnection, createServer, Server } from 'node:net';
import { formatForwardRule, forwardRule, forwardTcp, parseForwardRule } from './tcp-forwarder';

describe('forward rules', () => {
  it('reads back what it writes, with and without a source address', () => {
    const plain = forwardRule('127.0.0.1', 26092, '10.231.7.1', 26092);
    const sourced = { ...forwardRule('10.231.7.1', 26092, '127.0.0.1', 26092), localAddress: '127.0.0.2' };

    expect(formatForwardRule(sourced)).toBe('10.231.7.1:26092=127.0.0.1:26092@127.0.0.2');
    expect(parseForwardRule(formatForwardRule(plain))).toEqual({ ...plain, localAddress: undefined });
    expect(parseForwardRule(formatForwardRule(sourced))).toEqual(sourced);
  });

  it('refuses a rule it cannot read, naming the expected form', () => {
    expect(() => parseForwardRule('localhost:1=2')).toThrow('forward rule "localhost:1=2" must be listenHost:port=targetHost:port[@localAddress]');
  });
});

describe('forwardTcp', () => {
  let echo: Server;
  let echoPort: number;
  beforeAll(async () => {
    echo = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    echoPort = (echo.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

  it('relays bytes both ways from the source address it was given, and ends relayed connections on close', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const seen: string[] = [];
    echo.on('connection', (socket) => seen.push(socket.remoteAddress ?? ''));
    const forwarders = await forwardTcp([{ ...forwardRule('127.0.0.1', port, '127.0.0.1', echoPort), localAddress: '127.0.0.2' }]);

    const client = createConnection({ host: '127.0.0.1', port });
    const reply = await new Promise<string>((resolve) => {
      client.once('data', (data) => resolve(data.toString()));
      client.write('ping');
    });
    const closed = new Promise((resolve) => client.once('close', resolve));
    await forwarders.close();

    expect(reply).toBe('ping');
    expect(seen).toEqual(['127.0.0.2']);
    await closed;
  });
});
