import { randomUUID } from 'node:crypto';

/** Valid data for each event type used by the producer specs. */
export function dataFor(type: 'order.placed.v1' | 'order.placed.v2' | 'payment.authorized.v1', key = randomUUID(), seq = 0): Record<string, unknown> {
  switch (type) {
    case 'order.placed.v1':
      return {
        orderId: key,
        customerId: `c-${seq}`,
        items: [{ sku: `SKU-${seq}`, quantity: 1, unitPrice: 9.5 }],
        currency: 'EUR',
        placedAt: '2026-11-23T10:00:00Z',
      };
    case 'order.placed.v2':
      return {
        orderId: key,
        customer: { id: `c-${seq}`, tier: 'gold' },
        lines: [{ sku: `SKU-${seq}`, quantity: 2, unitPrice: { amountMinor: 950, currency: 'EUR' } }],
        total: { amountMinor: 1900, currency: 'EUR' },
        channel: 'web',
        placedAt: '2026-11-23T10:00:00Z',
      };
    case 'payment.authorized.v1':
      return { paymentId: key, orderId: randomUUID(), amount: { amountMinor: 1900, currency: 'EUR' }, method: 'wallet', authorizedAt: '2026-11-23T10:00:05Z' };
  }
}

/** A structured-mode CloudEvent. */
export function cloudEvent(type: string, data: unknown, id: string = randomUUID(), source = '/producer-spec') {
  return { specversion: '1.0', id, source, type, data };
}

/** An HTTP answer read fully. */
export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/** POSTs to /events and reads the answer; a network failure rejects. */
export async function post(url: string, body: string | Buffer | object, headers: Record<string, string> = {}): Promise<Answer> {
  const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const response = await fetch(`${url}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/cloudevents+json', ...headers },
    body: payload,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}
