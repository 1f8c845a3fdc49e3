import { randomUUID } from 'node:crypto';
import { DecodeError } from '../errors/decode.error';
import { createEnvelope, encodeEnvelope } from './encode';
import { decodeRecord, eventIdentityOf } from './decode';
import { orderRegistry } from '@streamline/orders';

const data = () => ({
  orderId: randomUUID(),
  customerId: 'c-1',
  items: [{ sku: 'A', quantity: 2, unitPrice: 3.5 }],
  currency: 'EUR',
  placedAt: '2026-11-23T10:00:00Z',
});

describe('every attribute through the Kafka binding', () => {
  it('writes subject, dataschema, datacontenttype and extensions as headers and reads them back', () => {
    const envelope = createEnvelope(orderRegistry, {
      type: 'order.placed.v1',
      source: '/test',
      time: '2026-11-23T11:00:00+01:00',
      subject: 'café',
      dataschema: 'https://schemas.example/order.placed.v1.json',
      datacontenttype: 'application/json; charset=utf-8',
      extensions: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tenant: 'acme', urgent: true, priority: 2 },
      data: data(),
    });
    const record = encodeEnvelope(orderRegistry, envelope);
    expect(record.headers).toMatchObject({
      ce_time: '2026-11-23T11:00:00+01:00',
      ce_subject: 'café',
      ce_dataschema: 'https://schemas.example/order.placed.v1.json',
      'content-type': 'application/json; charset=utf-8',
      ce_traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      ce_tenant: 'acme',
      ce_urgent: 'true',
      ce_priority: '2',
    });
    const headers = Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k, Buffer.from(v)]));
    expect(decodeRecord(orderRegistry, { key: record.key, value: record.value, headers })).toEqual(JSON.parse(JSON.stringify(envelope)));
  });

  it('names every invalid attribute a library user gives', () => {
    try {
      createEnvelope(orderRegistry, {
        type: 'order.placed.v1',
        source: 'has spaces',
        time: '2026-02-30T10:00:00Z',
        extensions: { Bad: 'x', ok: 'y' },
        data: data(),
      });
      throw new Error('expected a SchemaValidationError');
    } catch (error) {
      expect((error as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(['source', 'time', 'extensions.Bad']);
    }
  });

  it('reads a structured-mode record: the value is the whole event', () => {
    const event = {
      specversion: '1.0',
      id: 'e-1',
      source: '/sdk',
      type: 'order.placed.v1',
      time: '2026-11-23T10:00:00Z',
      subject: 's',
      datacontenttype: 'application/json',
      tenant: 'acme',
      sampled: true,
      data: data(),
    };
    const record = {
      key: null,
      value: Buffer.from(JSON.stringify(event)),
      headers: { 'content-type': Buffer.from('application/cloudevents+json; charset=UTF-8') },
    };
    const { extensions, ...rest } = decodeRecord(orderRegistry, record);
    expect(extensions).toEqual({ tenant: 'acme', sampled: 'true' });
    expect(rest).toMatchObject({ id: 'e-1', source: '/sdk', type: 'order.placed.v1', time: '2026-11-23T10:00:00Z', subject: 's', data: event.data });
    expect(eventIdentityOf(record)).toEqual({ source: '/sdk', id: 'e-1' });
  });

  it('dead-letters a structured-mode record without its required attributes, naming them', () => {
    const record = {
      key: null,
      value: Buffer.from(JSON.stringify({ specversion: '1.0', type: 'order.placed.v1', data: data() })),
      headers: { 'content-type': 'application/cloudevents+json' },
    };
    expect(() => decodeRecord(orderRegistry, record)).toThrow(DecodeError);
    expect(() => decodeRecord(orderRegistry, record)).toThrow(/id, source/);
  });
});
