import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess, startApp } from './support/app-process';
import { orderPlacedData, structuredEvent } from './support/orders';
import { randomName } from './support/random-names';
import { parseAnswer, readUntilClosed } from '../apps/faults/src/traffic/raw-http';
import { testBrokers } from './support/test-broker';
import { readTopic } from './support/topic-contents';
import { waitFor } from './support/wait-for';

const OLD_KEY = `old-${randomUUID()}`;
const NEW_KEY = `new-${randomUUID()}`;
const PARTNER_KEY = `partner-${randomUUID()}`;
const METERED_KEY = `metered-${randomUUID()}`;
const METERED_LIMIT = 5;
const MAX_CONNECTIONS = 40;

/** API keys done right, and the HTTP server's limits on idle and anonymous clients. */
describe('producer: named API keys, per-key event types, and limits on idle and anonymous clients', () => {
  const dir = mkdtempSync(join(tmpdir(), 'api-keys-'));
  const prefix = `${randomName('keys')}.`;
  let producer: AppProcess;
  const sockets: Socket[] = [];

  const post = (key: string | undefined, type = 'order.placed.v1', data: object = orderPlacedData()) =>
    fetch(`${producer.url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json', ...(key && { 'x-api-key': key }) },
      body: JSON.stringify(structuredEvent(type, data)),
    });
  const open = () =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(producer.port, '127.0.0.1', () => resolve(socket));
      socket.on('error', reject);
      sockets.push(socket);
    });

  beforeAll(async () => {
    // One key a line, as a mounted secret: the old and new key of a rotation, and a partner's.
    writeFileSync(join(dir, 'keys'), `checkout=${OLD_KEY}\ncheckout-next=${NEW_KEY}\npartner=${PARTNER_KEY}\nmetered=${METERED_KEY}\n`);
    producer = await startApp('producer', {
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      API_KEYS_FILE: join(dir, 'keys'),
      API_KEY_EVENT_TYPES: 'partner:order.paid.v1',
      // One key metered over a window longer than the test, so the count cannot reset under it.
      API_KEY_RATE_LIMIT: `metered=${METERED_LIMIT}/30s`,
      HTTP_HEADERS_TIMEOUT_MS: '3000',
      HTTP_REQUEST_TIMEOUT_MS: '5000',
      HTTP_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
    });
  }, 120_000);

  afterAll(async () => {
    sockets.forEach((s) => s.destroy());
    await producer?.stop();
  });

  it('accepts the old and the new key of a rotation and refuses a wrong or missing one', async () => {
    expect((await post(OLD_KEY)).status).toBe(202);
    expect((await post(NEW_KEY)).status).toBe(202);
    const wrong = await post(`${NEW_KEY}x`);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ status: 401, detail: 'the API key is not valid' });
    expect((await post(undefined)).status).toBe(401);
  });

  it('answers 403 naming the event type a key may not publish, and accepts the type it may', async () => {
    const refused = await post(PARTNER_KEY, 'order.placed.v1');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ status: 403, detail: 'API key "partner" may not publish order.placed.v1' });
    const paid = { orderId: randomUUID(), paymentId: 'pay-1', amount: 10, currency: 'EUR', paidAt: '2026-11-23T10:05:00.000Z' };
    expect((await post(PARTNER_KEY, 'order.paid.v1', paid)).status).toBe(202);
  });

  it('answers 429 with Retry-After once a key is over its rate limit, publishes only what it accepted, and leaves other keys alone', async () => {
    const sent: string[] = Array.from({ length: METERED_LIMIT + 3 }, () => randomUUID());
    const answers: Response[] = [];
    for (const id of sent) {
      answers.push(
        await fetch(`${producer.url}/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/cloudevents+json', 'x-api-key': METERED_KEY },
          body: JSON.stringify(structuredEvent('order.placed.v1', orderPlacedData(), id)),
        }),
      );
    }
    expect(answers.map((a) => a.status)).toEqual([...Array(METERED_LIMIT).fill(202), 429, 429, 429]);
    const limited = answers[METERED_LIMIT]!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    expect(await limited.json()).toMatchObject({
      status: 429,
      title: 'Too Many Requests',
      detail: expect.stringContaining('API key "metered" is over its rate limit'),
    });
    // Keys without a limit are not counted with it.
    expect((await post(NEW_KEY)).status).toBe(202);

    const accepted = new Set(sent.slice(0, METERED_LIMIT));
    const stored = (await readTopic(testBrokers(), `${prefix}orders`)).map((r) => r.id);
    expect(stored.filter((id) => sent.includes(id)).sort()).toEqual([...accepted].sort());
    const metrics = await (await fetch(`${producer.url}/metrics`)).text();
    expect(metrics).toMatch(/streamline_producer_events_rejected_total\{reason="rate-limited"[^}]*\} 3\b/);
  });

  it('answers 401 to a 50 MB body without a key before reading it, and closes the connection', async () => {
    const socket = await open();
    const answer = readUntilClosed(socket);
    // Headers announcing 50 MB, then only 64 KiB of it: a server that reads before it checks would wait for the rest.
    socket.write(`POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/cloudevents+json\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n`);
    socket.write(Buffer.alloc(64 * 1024, 'x'));
    const parsed = parseAnswer(await answer);
    expect(parsed.status).toBe(401);
    expect(parsed.raw).toMatch(/connection: close/i);
  });

  it('closes connections past HTTP_MAX_CONNECTIONS at once and serves again once they are gone', async () => {
    const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, open));
    const extra = await open();
    await new Promise<void>((resolve) => (extra.destroyed ? resolve() : extra.once('close', () => resolve())));
    expect(held.filter((s) => !s.destroyed).length).toBeGreaterThan(0);
    held.forEach((s) => s.destroy());
    await waitFor('the service answering again', async () => (await post(OLD_KEY).catch(() => undefined))?.status === 202, { timeoutMs: 30_000 });
  }, 90_000);

  it('declares the API key header scheme in OpenAPI and never shows a key in it or in the logs', async () => {
    const document = await (await fetch(`${producer.url}/docs-json`)).text();
    expect(JSON.parse(document).components.securitySchemes['x-api-key']).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-API-Key',
    });
    for (const key of [OLD_KEY, NEW_KEY, PARTNER_KEY, METERED_KEY]) {
      expect(document).not.toContain(key);
      expect(producer.output()).not.toContain(key);
    }
  });
});
