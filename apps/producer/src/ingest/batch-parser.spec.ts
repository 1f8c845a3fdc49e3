import 'reflect-metadata';
import { randomUUID } from 'node:crypto';

import { parseBatch } from './batch-parser';
import { IngestError } from './ingest.error';
import { orderRegistry } from '@streamline/orders';

const limits = { maxEvents: 3, maxBytes: 10_000 };
const event = (id: string = randomUUID(), data: unknown = orderRegistry.find('order.placed.v1')!.example) => ({
  specversion: '1.0',
  id,
  source: '/spec',
  type: 'order.placed.v1',
  data,
});
const parse = (body: unknown, l = limits) => parseBatch(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), l, '/default');
const failure = (fn: () => unknown): IngestError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof IngestError) return error;
    throw error;
  }
  throw new Error('expected an IngestError');
};

describe('parseBatch', () => {
  it('turns an array of structured events into envelopes, in order, with the default source where none is given', () => {
    const withoutSource = { ...event('b'), source: undefined };
    const envelopes = parse([event('a'), withoutSource]);
    expect(envelopes.map((e) => [e.id, e.source])).toEqual([
      ['a', '/spec'],
      ['b', '/default'],
    ]);
  });

  it('names every invalid field of every event with its index', () => {
    const error = failure(() => parse([event(), { ...event(), specversion: '2' }, event(undefined, { orderId: 'x' })]));
    expect(error.status).toBe(400);
    expect(error.fields.map((f) => f.field)).toEqual(expect.arrayContaining(['[1].specversion', '[2].data.orderId', '[2].data.items']));
    expect(error.fields.every((f) => /^\[[12]\]\./.test(f.field))).toBe(true);
  });

  it('passes an id repeated within the batch on to the producer, which answers repeats for every call alike', () => {
    expect(parse([event('same'), event('other'), event('same')]).map((e) => e.id)).toEqual(['same', 'other', 'same']);
  });

  it('answers 413 past the count or byte limit, and 400 for what is not an array', () => {
    expect(failure(() => parse([event(), event(), event(), event()])).status).toBe(413);
    expect(failure(() => parse([event()], { maxEvents: 3, maxBytes: 100 })).status).toBe(413);
    for (const body of ['{}', 'not json', '"x"']) expect(failure(() => parse(body)).status).toBe(400);
  });

  it('reads an empty array as a batch of no events, as the HTTP binding allows', () => {
    expect(parse('[]')).toEqual([]);
  });
});
