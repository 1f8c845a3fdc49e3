import { randomUUID } from 'node:crypto';
import { IngestError } from './ingest.error';
import { parseSingleEvent } from './cloudevent-parser';

const data = () => ({
  orderId: randomUUID(),
  customerId: 'c-1',
  items: [{ sku: 'A', quantity: 1, unitPrice: 2 }],
  currency: 'EUR',
  placedAt: '2026-11-23T10:00:00Z',
});

function structured(event: Record<string, unknown>) {
  return { contentType: 'application/cloudevents+json', headers: {}, body: Buffer.from(JSON.stringify(event)) };
}

function failure(run: () => unknown): { status: number; fields: string[] } {
  try {
    run();
  } catch (error) {
    if (error instanceof IngestError) return { status: error.status, fields: error.fields.map((f) => f.field) };
    throw error;
  }
  throw new Error('expected an IngestError');
}

describe('parseSingleEvent', () => {
  const base = { specversion: '1.0', id: 'e-1', source: '/t', type: 'order.placed.v1' };

  it('reads a structured-mode event and normalises its time', () => {
    const envelope = parseSingleEvent(structured({ ...base, time: '2026-11-23T11:00:00+01:00', data: data() }), '/default');
    expect(envelope).toMatchObject({ id: 'e-1', source: '/t', type: 'order.placed.v1', time: '2026-11-23T10:00:00.000Z' });
  });

  it('answers 400 naming time when it is not a timestamp, never a crash', () => {
    for (const time of ['yesterday', 12, '', '2026-13-45T99:99:99Z']) {
      expect(failure(() => parseSingleEvent(structured({ ...base, time, data: data() }), '/d'))).toEqual({ status: 400, fields: ['time'] });
    }
  });

  it('answers 400 for a binary-mode event whose ce-time is not a timestamp', () => {
    const request = {
      contentType: 'application/json',
      headers: { 'ce-specversion': '1.0', 'ce-id': 'e-2', 'ce-source': '/t', 'ce-type': 'order.placed.v1', 'ce-time': 'not a time' },
      body: Buffer.from(JSON.stringify(data())),
    };
    expect(failure(() => parseSingleEvent(request, '/d'))).toEqual({ status: 400, fields: ['time'] });
  });

  it('answers 415 for another content type', () => {
    expect(failure(() => parseSingleEvent({ contentType: 'text/plain', headers: {}, body: Buffer.from('x') }, '/d')).status).toBe(415);
  });
});
