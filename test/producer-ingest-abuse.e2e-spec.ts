import { AppProcess, startApp } from './support/app-process';
import { kcatHeaders } from './support/kcat-headers';
import { cloudEvent, dataFor, post } from './support/producer-client';
import { randomName } from './support/random-names';
import { openRaw as open, parseAnswer, pump, rawRequest } from '../apps/faults/src/traffic/raw-http';
import { testBrokers } from './support/test-broker';

const HEADERS_TIMEOUT_MS = 3000;
const BODY_LIMIT = 16 * 1024;
const HUGE = 2 * 1024 ** 3;

/**
 * The ingest under abuse, from the fault report's scenarios: slow clients, huge bodies, header
 * floods, bodies shorter than announced. Each request goes out as raw bytes over TCP; after
 * each, the service still answers a valid event with 202 and /health/live with 200, and at the
 * end kcat finds on the topic exactly the valid events, nothing of the abuse.
 */
describe.each(['express', 'fastify'])('producer ingest under abuse, on %s', (adapter) => {
  const prefix = `${randomName(`abuse-${adapter}`)}.`;
  let producer: AppProcess;
  /** Ids answered 202. */
  const accepted: string[] = [];

  const expectServed = async () => {
    const event = cloudEvent('order.placed.v1', dataFor('order.placed.v1'));
    const answer = await post(producer.url, event);
    expect(answer.status).toBe(202);
    accepted.push(event.id);
    expect((await fetch(`${producer.url}/health/live`)).status).toBe(200);
  };

  beforeAll(async () => {
    producer = await startApp(
      'producer',
      {
        HTTP_ADAPTER: adapter,
        KAFKA_BROKERS: testBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        HTTP_REQUEST_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS + 1000),
        MAX_BODY_BYTES: '4096',
        MAX_BATCH_BYTES: String(BODY_LIMIT),
      },
      '/health/ready',
    );
  });
  afterAll(async () => {
    await producer?.stop();
  });

  it('answers 408 and closes connections that send their headers one byte per second, serving other clients meanwhile', async () => {
    const head = `POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'a'.repeat(600)}`;
    const slow = Array.from({ length: 10 }, () => ({ ...open(producer.port), sent: 0 }));
    const trickle = setInterval(() => {
      for (const client of slow) if (!client.socket.destroyed && client.sent < head.length) client.socket.write(head[client.sent++]);
    }, 1000);
    try {
      await expectServed();
      // Served while every slow client still held its connection (they time out seconds later).
      expect(slow.filter((client) => !client.socket.destroyed).length).toBe(slow.length);
      await expectServed();
      const answers = await Promise.all(slow.map((client) => client.answer));
      expect(answers.map((raw) => parseAnswer(raw).status)).toEqual(slow.map(() => 408));
      expect(slow.every((client) => client.sent < head.length)).toBe(true);
    } finally {
      clearInterval(trickle);
      slow.forEach((client) => client.socket.destroy());
    }
    await expectServed();
  });

  it('answers 413 to a body announced far above the limit before reading it, and closes the connection', async () => {
    const { socket, answer } = open(producer.port);
    socket.write(`POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/cloudevents+json\r\nContent-Length: ${HUGE}\r\n\r\n`);
    const written = await pump(socket, Buffer.alloc(64 * 1024, 0x20), HUGE);
    const answered = parseAnswer(await answer);
    // The server answers 413 and closes with the client still writing; the kernel may then reset
    // the connection before the client has read the answer (status 0). What must hold either way:
    // no other answer, and the body was not read.
    expect([413, 0]).toContain(answered.status);
    expect(written).toBeLessThan(HUGE / 16);
    await expectServed();
  });

  it('stops reading a chunked body once it passes the limit and closes the connection', async () => {
    const { socket, answer } = open(producer.port);
    socket.write('POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/cloudevents-batch+json\r\nTransfer-Encoding: chunked\r\n\r\n');
    const data = Buffer.alloc(64 * 1024, 0x20);
    const written = await pump(socket, Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]), HUGE);
    // A client still writing when the server closes may see the reset before it reads the 413.
    expect(['413', 'reset']).toContain(String(parseAnswer(await answer).status || 'reset'));
    expect(written).toBeLessThan(HUGE / 16);
    await expectServed();
  });

  it('answers 431 to thousands of headers, large or tiny, or one header above 16 KiB, and stays up', async () => {
    const flood = Array.from({ length: 5000 }, (_, i) => [`x-flood-${i}`, 'v'] as [string, string]);
    expect((await rawRequest(producer.port, flood, '{}')).status).toBe(431);
    // 3,000 tiny headers stay under 16 KiB in bytes; Node refuses them as a flood all the same.
    const tiny = Array.from({ length: 3000 }, () => ['a', ''] as [string, string]);
    expect((await rawRequest(producer.port, tiny, '{}')).status).toBe(431);
    expect((await rawRequest(producer.port, [['x-big', 'b'.repeat(20 * 1024)]], '{}')).status).toBe(431);
    await expectServed();
  });

  it('answers 408 and closes a connection whose body is shorter than its Content-Length', async () => {
    const { socket, answer } = open(producer.port);
    const event = JSON.stringify(cloudEvent('order.placed.v1', dataFor('order.placed.v1')));
    socket.write(
      `POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/cloudevents+json\r\nContent-Length: ${event.length + 100}\r\n\r\n${event}`,
    );
    expect(parseAnswer(await answer).status).toBe(408);
    await expectServed();
  });

  it('leaves on the topic exactly the valid events, nothing of the abuse', async () => {
    expect(producer.process.exitCode).toBeNull();
    const ids = (await kcatHeaders(`${prefix}orders`)).map((headers) => headers.get('ce_id')!.toString('utf8'));
    expect(ids.sort()).toEqual([...accepted].sort());
  });
});
