import { randomUUID } from 'node:crypto';
import { CLOUDEVENTS_SPEC_VERSION, createEnvelope, encodeEnvelope, EventEnvelope, NewEvent } from '@streamline/schemas';
import { OrderPlacedV1, orderRegistry } from '@streamline/orders';

/** Size of every benchmark record's value; the smallest valid `order.placed.v1` is about 150 bytes. */
export const VALUE_BYTES = 200;
export const BENCH_SOURCE = '/streamline/bench';

/** A record as raw clients send it: the exact bytes Streamline's producer would write. */
export interface RawBenchRecord {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** The keys of a run: `keys` order ids, each with its own sequence. */
export function benchKeys(keys: number): string[] {
  return Array.from({ length: keys }, () => randomUUID());
}

/**
 * A valid `order.placed.v1` of exactly VALUE_BYTES: the per-key sequence number travels in
 * `customerId` (so consumers can check per-key order), `items[0].sku` pads to the size.
 */
export function benchEvent(orderId: string, seq: number): NewEvent<OrderPlacedV1> {
  const data = {
    orderId,
    customerId: `seq-${String(seq).padStart(10, '0')}`,
    items: [{ sku: '', quantity: 1, unitPrice: 1 }],
    currency: 'EUR',
    placedAt: '2026-01-01T00:00:00.000Z',
  };
  const pad = VALUE_BYTES - Buffer.byteLength(JSON.stringify(data));
  if (pad < 1 || pad > 64) throw new Error(`VALUE_BYTES ${VALUE_BYTES} cannot be reached with a valid order (pad ${pad})`);
  data.items[0].sku = 'S'.repeat(pad);
  return { type: 'order.placed.v1', source: BENCH_SOURCE, data: data as unknown as OrderPlacedV1 };
}

/** The per-key sequence number of a benchmark value (parsed from its JSON). */
export function seqOfValue(data: { customerId?: string }): number {
  return Number(data.customerId?.slice(4));
}

/** Events `from` .. `from + count - 1` of a stream spread round-robin over the keys: event i has seq i / keys. */
export function benchEvents(count: number, keys: string[], from = 0): NewEvent<OrderPlacedV1>[] {
  return Array.from({ length: count }, (_, n) => {
    const i = from + n;
    return benchEvent(keys[i % keys.length], Math.floor(i / keys.length));
  });
}

/**
 * Encoded as Streamline's producer writes them: validated like the producer does, or, to fill
 * topics fast, only the first one validated (they all have the same shape).
 */
export function encodeBenchEvents(events: NewEvent[], { validate = true } = {}): RawBenchRecord[] {
  return events.map((e, i) => {
    const envelope: EventEnvelope =
      validate || i === 0
        ? createEnvelope(orderRegistry, e)
        : {
            id: randomUUID(),
            source: e.source,
            type: e.type,
            specversion: CLOUDEVENTS_SPEC_VERSION,
            time: new Date().toISOString(),
            datacontenttype: 'application/json',
            data: e.data,
          };
    const { key, value, headers } = encodeEnvelope(orderRegistry, envelope);
    return { key, value, headers };
  });
}
