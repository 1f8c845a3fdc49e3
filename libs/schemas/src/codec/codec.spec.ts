import { randomUUID } from 'node:crypto';
import { DecodeError } from '../errors/decode.error';
import { createEnvelope, encodeEnvelope } from './encode';
import { decodeRecord, RawRecord } from './decode';
import { orderRegistry } from '@streamline/orders';

const data = () => ({
  orderId: randomUUID(),
  customerId: 'c-1',
  items: [{ sku: 'A', quantity: 2, unitPrice: 3.5 }],
  currency: 'EUR',
  placedAt: '2026-11-23T10:00:00Z',
});

function reasonOf(record: RawRecord, max?: number): string | undefined {
  try {
    decodeRecord(orderRegistry, record, max);
    return undefined;
  } catch (error) {
    return error instanceof DecodeError ? error.reason : `unexpected ${error}`;
  }
}

describe('CloudEvents binary-mode codec', () => {
  it('round-trips an event: key from the key field, attributes as ce_ headers, data as the value', () => {
    const envelope = createEnvelope(orderRegistry, { type: 'order.placed.v1', source: '/test', data: data() });
    const record = encodeEnvelope(orderRegistry, envelope);
    expect(record.topic).toBe('orders');
    expect(record.key).toBe(envelope.data.orderId);
    expect(record.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_type: 'order.placed.v1',
      ce_source: '/test',
      ce_id: envelope.id,
      'content-type': 'application/json',
    });
    const decoded = decodeRecord(orderRegistry, { key: record.key, value: record.value, headers: record.headers });
    expect(decoded).toEqual(JSON.parse(JSON.stringify(envelope)));
  });

  it('names why a record cannot be decoded', () => {
    const good = encodeEnvelope(orderRegistry, createEnvelope(orderRegistry, { type: 'order.placed.v1', source: '/t', data: data() }));
    const { ce_type: _t, ...withoutType } = good.headers;
    expect(reasonOf({ key: null, value: good.value, headers: withoutType })).toBe('missing-header');
    expect(reasonOf({ key: null, value: good.value, headers: { ...good.headers, ce_type: 'order.exploded.v9' } })).toBe('unknown-type');
    expect(reasonOf({ key: null, value: Buffer.from('{not json'), headers: good.headers })).toBe('not-json');
    expect(reasonOf({ key: null, value: Buffer.from('{"orderId":"x"}'), headers: good.headers })).toBe('invalid-data');
    expect(reasonOf({ key: null, value: good.value, headers: { ...good.headers, ce_specversion: '0.3' } })).toBe('unsupported-specversion');
    expect(reasonOf({ key: null, value: good.value, headers: good.headers }, 10)).toBe('oversized');
    expect(reasonOf({ key: null, value: null, headers: good.headers })).toBe('not-json');
  });

  it('refuses attributes and values that are not UTF-8 instead of decoding them with replacement characters', () => {
    const good = encodeEnvelope(orderRegistry, createEnvelope(orderRegistry, { type: 'order.placed.v1', source: '/t', data: data() }));
    const bad = Buffer.from([0x61, 0xff, 0x62]);
    const error = (record: RawRecord) => {
      try {
        decodeRecord(orderRegistry, record);
      } catch (e) {
        return e as DecodeError;
      }
      throw new Error('decoded');
    };
    for (const header of ['ce_id', 'ce_source', 'ce_subject', 'ce_traceparent']) {
      const refused = error({ key: null, value: good.value, headers: { ...good.headers, [header]: bad } });
      expect({ header, reason: refused.reason, message: refused.message }).toEqual({
        header,
        reason: 'invalid-utf8',
        message: `header ${header} is not valid UTF-8 at byte 1`,
      });
    }
    const value = Buffer.concat([Buffer.from('{"orderId":"'), bad, Buffer.from('"}')]);
    expect(error({ key: null, value, headers: good.headers }).reason).toBe('invalid-utf8');
    const structured = Buffer.concat([
      Buffer.from('{"specversion":"1.0","id":"'),
      bad,
      Buffer.from(`","source":"/t","type":"order.placed.v1","data":${good.value}}`),
    ]);
    expect(error({ key: null, value: structured, headers: { 'content-type': 'application/cloudevents+json' } }).reason).toBe('invalid-utf8');
    // U+FFFD itself, sent as its own well-formed bytes, is text like any other.
    const replacement = decodeRecord(orderRegistry, { key: null, value: good.value, headers: { ...good.headers, ce_subject: Buffer.from('a\uFFFDb') } });
    expect(replacement.subject).toBe('a\uFFFDb');
  });

  it('refuses to build an envelope for an unknown type', () => {
    expect(() => createEnvelope(orderRegistry, { type: 'nope.v1', source: '/t', data: {} })).toThrow(/unknown event type/);
  });
});
