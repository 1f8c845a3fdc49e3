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

  it('reads a structured-mode event and keeps its time as sent, offset included', () => {
    const envelope = parseSingleEvent(structured({ ...base, time: '2026-11-23T11:00:00+01:00', data: data() }), '/default');
    expect(envelope).toMatchObject({ id: 'e-1', source: '/t', type: 'order.placed.v1', time: '2026-11-23T11:00:00+01:00' });
  });

  it('answers 400 naming time when it is not an RFC 3339 timestamp of a real day, never a crash', () => {
    for (const time of ['yesterday', 12, '', '2026-13-45T99:99:99Z', '2026', 'December 17, 1995 03:24:00', '2026-02-30T10:00:00Z', '2026-11-23T10:00:00']) {
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

  it('answers 400 naming each ce- header that is not UTF-8, and reads UTF-8 ones as text', () => {
    const latin1 = (hex: string) => Buffer.from(hex, 'hex').toString('latin1');
    const binary = (extra: Record<string, string>) => ({
      contentType: 'application/json',
      headers: { 'ce-specversion': '1.0', 'ce-id': 'e-3', 'ce-source': '/t', 'ce-type': 'order.placed.v1', ...extra },
      body: Buffer.from(JSON.stringify(data())),
    });
    const bad = binary({ 'ce-id': latin1('61ff'), 'ce-source': latin1('2fc0af'), 'ce-traceparent': latin1('80') });
    expect(failure(() => parseSingleEvent(bad, '/d'))).toEqual({ status: 400, fields: ['ce-id', 'ce-source', 'ce-traceparent'] });
    expect(parseSingleEvent(binary({ 'ce-subject': latin1('636166c3a9') }), '/d').subject).toBe('café');
    const repeated = { ...binary({}), headers: { ...binary({}).headers, 'ce-id': ['e-4', 'e-5'] } };
    expect(failure(() => parseSingleEvent(repeated, '/d'))).toEqual({ status: 400, fields: ['ce-id'] });
  });

  it('answers 400 for a body that is not UTF-8 and for attributes with unpaired surrogates', () => {
    const body = Buffer.concat([
      Buffer.from(`{"specversion":"1.0","id":"`),
      Buffer.from([0xff]),
      Buffer.from(`","source":"/t","type":"order.placed.v1","data":{}}`),
    ]);
    expect(failure(() => parseSingleEvent({ contentType: 'application/cloudevents+json', headers: {}, body }, '/d'))).toEqual({
      status: 400,
      fields: ['body'],
    });
    const surrogate = {
      contentType: 'application/cloudevents+json',
      headers: {},
      body: Buffer.from(JSON.stringify({ ...base, data: data() }).replace('"e-1"', '"e\\ud800"')),
    };
    expect(failure(() => parseSingleEvent(surrogate, '/d'))).toEqual({ status: 400, fields: ['id'] });
  });

  it('keeps every attribute: subject, dataschema, datacontenttype with parameters and extensions', () => {
    const envelope = parseSingleEvent(
      structured({
        ...base,
        subject: 'order-1',
        dataschema: 'https://schemas.example/order.placed.v1.json',
        datacontenttype: 'application/json; charset=utf-8',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        tenant: 'acme',
        priority: 3,
        urgent: true,
        data: data(),
      }),
      '/d',
    );
    expect(envelope).toMatchObject({
      subject: 'order-1',
      dataschema: 'https://schemas.example/order.placed.v1.json',
      datacontenttype: 'application/json; charset=utf-8',
      extensions: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tenant: 'acme', priority: '3', urgent: 'true' },
    });
  });

  it('answers 400 naming each attribute with an invalid name or value', () => {
    const event = { ...base, Tenant: 'a', tenant_id: 'b', averyveryverylongattributename: 'c', nested: { a: 1 }, data: data() };
    expect(failure(() => parseSingleEvent(structured(event), '/d'))).toEqual({
      status: 400,
      fields: ['Tenant', 'tenant_id', 'averyveryverylongattributename', 'nested'],
    });
    const binary = {
      contentType: 'application/json',
      headers: { 'ce-specversion': '1.0', 'ce-id': 'e-6', 'ce-source': '/t', 'ce-type': 'order.placed.v1', 'ce-tenant_id': 'x' },
      body: Buffer.from(JSON.stringify(data())),
    };
    expect(failure(() => parseSingleEvent(binary, '/d'))).toEqual({ status: 400, fields: ['tenant_id'] });
  });

  it('refuses a source that is not a URI reference and a dataschema that is not an absolute URI', () => {
    expect(failure(() => parseSingleEvent(structured({ ...base, source: 'has spaces here', data: data() }), '/d'))).toEqual({
      status: 400,
      fields: ['source'],
    });
    expect(failure(() => parseSingleEvent(structured({ ...base, dataschema: '/relative', data: data() }), '/d'))).toEqual({
      status: 400,
      fields: ['dataschema'],
    });
    for (const source of ['/checkout', 'urn:shop:checkout', 'https://shop.example/checkout?x=1#y', 'checkout', '/caf%C3%A9']) {
      expect(parseSingleEvent(structured({ ...base, source, data: data() }), '/d').source).toBe(source);
    }
  });

  it('percent-decodes binary-mode header values and accepts media-type parameters', () => {
    const request = {
      contentType: 'application/json; charset=utf-8',
      headers: {
        'ce-specversion': '1.0',
        'ce-id': 'e-7',
        'ce-source': '/t',
        'ce-type': 'order.placed.v1',
        'ce-subject': 'caf%C3%A9%20au%20lait',
        'ce-note': '100%25',
      },
      body: Buffer.from(JSON.stringify(data())),
    };
    const envelope = parseSingleEvent(request, '/d');
    expect([envelope.subject, envelope.extensions, envelope.datacontenttype]).toEqual(['café au lait', { note: '100%' }, 'application/json; charset=utf-8']);
    const broken = { ...request, headers: { ...request.headers, 'ce-subject': '50%' } };
    expect(failure(() => parseSingleEvent(broken, '/d'))).toEqual({ status: 400, fields: ['ce-subject'] });
  });
});
