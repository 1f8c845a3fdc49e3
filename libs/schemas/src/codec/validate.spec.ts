import { randomUUID } from 'node:crypto';
import { SchemaValidationError } from '../errors/schema-validation.error';
import { validateEventData } from './validate';
import { orderRegistry } from '@streamline/orders';

const placed = orderRegistry.find('order.placed.v1')!;
const valid = () => ({
  orderId: randomUUID(),
  customerId: 'c-1',
  items: [{ sku: 'A', quantity: 1, unitPrice: 0 }],
  currency: 'EUR',
  placedAt: '2026-11-23T10:00:00Z',
});

function fieldsOf(data: unknown): string[] {
  try {
    validateEventData(placed, data);
  } catch (error) {
    if (error instanceof SchemaValidationError) return error.fields.map((f) => f.field).sort();
    throw error;
  }
  return [];
}

describe('validateEventData (order.placed.v1)', () => {
  it('accepts valid data', () => {
    expect(fieldsOf(valid())).toEqual([]);
  });

  it('names every invalid field, nested ones by path', () => {
    const data = { ...valid(), orderId: 'x', customerId: '', currency: 'eur', placedAt: 'yesterday', items: [{ sku: 'A', quantity: 1.5, unitPrice: -1 }] };
    expect(fieldsOf(data)).toEqual(['currency', 'customerId', 'items[0].quantity', 'items[0].unitPrice', 'orderId', 'placedAt']);
  });

  it('rejects unknown fields, at the top and nested', () => {
    expect(fieldsOf({ ...valid(), discount: 5 })).toEqual(['discount']);
    expect(fieldsOf({ ...valid(), items: [{ sku: 'A', quantity: 1, unitPrice: 1, colour: 'red' }] })).toEqual(['items[0].colour']);
  });

  it('bounds the number of items', () => {
    expect(fieldsOf({ ...valid(), items: [] })).toEqual(['items']);
    const many = Array.from({ length: 101 }, () => ({ sku: 'A', quantity: 1, unitPrice: 1 }));
    expect(fieldsOf({ ...valid(), items: many })).toEqual(['items']);
  });

  it('refuses prototype-polluting keys without touching Object.prototype', () => {
    const data = JSON.parse(
      `{"orderId":"${randomUUID()}","__proto__":{"polluted":true},"customerId":"c","items":[],"currency":"EUR","placedAt":"2026-01-01T00:00:00Z"}`,
    );
    expect(fieldsOf(data)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects data that is not an object', () => {
    expect(fieldsOf([1, 2])).toEqual(['data']);
    expect(fieldsOf(null)).toEqual(['data']);
    expect(fieldsOf('order')).toEqual(['data']);
  });
});
