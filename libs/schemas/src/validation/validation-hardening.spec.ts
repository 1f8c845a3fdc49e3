import 'reflect-metadata';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { validateEventData } from '../codec/validate';
import { SchemaValidationError } from '../errors/schema-validation.error';
import { IS_DATE_TIME, isDateTime } from './is-date-time.decorator';
import { MAX_DATA_DEPTH } from './untrusted-json';
import { nestedTypeOf } from './transformer-probe';
import { ORDER_TOPICS, orderRegistry } from '@streamline/orders';

const v2 = orderRegistry.find('order.placed.v2')!;
const authorized = orderRegistry.find('payment.authorized.v1')!;
const example = () => structuredClone(v2.example) as any;

function invalidFields(definition: typeof v2, data: unknown): string[] {
  try {
    validateEventData(definition, data);
  } catch (error) {
    if (error instanceof SchemaValidationError) return error.fields.map((f) => f.field).sort();
    throw error;
  }
  return [];
}

describe('event validation against hostile and sloppy input', () => {
  it('accepts a valid nested event and returns an instance of its class', () => {
    const data = validateEventData(v2, example());
    expect(data).toBeInstanceOf(v2.dataClass);
  });

  it('names every invalid field inside nested objects and arrays', () => {
    const data = example();
    data.customer.tier = 'diamond';
    data.lines[0].unitPrice.currency = 'eur';
    data.lines.push({ sku: '', quantity: 1.5, unitPrice: { amountMinor: -1, currency: 'EUR' } });
    expect(invalidFields(v2, data)).toEqual([
      'customer.tier',
      'lines[0].unitPrice.currency',
      'lines[1].quantity',
      'lines[1].sku',
      'lines[1].unitPrice.amountMinor',
    ]);
  });

  it('rejects unknown fields at every level', () => {
    const data = example();
    data.extra = 1;
    data.customer.nickname = 'x';
    data.lines[0].unitPrice.rate = 1;
    expect(invalidFields(v2, data)).toEqual(['customer.nickname', 'extra', 'lines[0].unitPrice.rate']);
  });

  it('rejects an array where one object belongs, and nested arrays where objects belong', () => {
    const data = example();
    data.customer = [data.customer];
    data.lines = [data.lines];
    expect(invalidFields(v2, data)).toEqual(expect.arrayContaining(['customer', 'lines']));
  });

  it('never converts types: numbers as strings, booleans, null are wrong types', () => {
    const data = example();
    data.lines[0].quantity = '2';
    data.total.amountMinor = true;
    data.channel = null;
    expect(invalidFields(v2, data)).toEqual(['channel', 'lines[0].quantity', 'total.amountMinor']);
  });

  it('rejects huge and non-finite numbers', () => {
    const data = example();
    data.total.amountMinor = 1e300;
    data.lines[0].quantity = Number.MAX_SAFE_INTEGER * 4;
    expect(invalidFields(v2, data)).toEqual(['lines[0].quantity', 'total.amountMinor']);
    const v1 = orderRegistry.find('order.placed.v1')!;
    const v1data = structuredClone(v1.example) as any;
    v1data.items[0].unitPrice = JSON.parse('1e400');
    expect(invalidFields(v1, v1data)).toEqual(['items[0].unitPrice']);
  });

  it('bounds strings', () => {
    const data = example();
    data.customer.id = 'x'.repeat(65);
    data.customer.email = `${'a'.repeat(250)}@example.org`;
    expect(invalidFields(v2, data)).toEqual(['customer.email', 'customer.id']);
  });

  it('refuses prototype-polluting keys anywhere, before building any object', () => {
    const data = JSON.parse(
      '{"orderId":"0d6f4b6e-8f3a-4d2c-9a61-3b8f0e5c7a21","__proto__":{"polluted":true},' +
        '"customer":{"id":"c","tier":"gold","constructor":{"prototype":{"polluted":true}}},"lines":[{"__proto__":{}}]}',
    );
    expect(invalidFields(v2, data)).toEqual(['__proto__', 'customer.constructor', 'lines[0].__proto__']);
    expect(({} as any).polluted).toBeUndefined();
  });

  it('refuses data nested deeper than the limit without recursing into it', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const data = { ...example(), customer: { id: 'c', tier: 'gold', deep } };
    const fields = invalidFields(v2, data);
    expect(fields).toHaveLength(1);
    expect(fields[0]).toMatch(/^customer\.deep(\[0\])*$/);
    expect(fields[0].split('[0]').length - 1).toBe(MAX_DATA_DEPTH - 2);
  });

  it('takes only RFC 3339 date-times with an offset', () => {
    for (const good of ['2026-11-23T10:00:00Z', '2026-11-23T10:00:00.123456+01:00', '2026-11-23t10:00:00z']) expect(isDateTime(good)).toBe(true);
    for (const bad of ['2026-11-23T10:00:00', '2026-11-23', '2026-13-01T00:00:00Z', '2026-11-23 10:00:00Z', 'yesterday', 20261123, null]) {
      expect(isDateTime(bad)).toBe(false);
    }
    const data = structuredClone(authorized.example) as any;
    data.authorizedAt = '2026-11-23T10:00:00';
    expect(invalidFields(authorized, data)).toEqual(['authorizedAt']);
  });

  it('guards every nested property of every event class against arrays-for-objects', () => {
    const storage = getMetadataStorage();
    const unguarded: string[] = [];
    type ClassRef = new () => object;
    const seen = new Set<ClassRef>();
    const visit = (target: ClassRef) => {
      if (seen.has(target)) return;
      seen.add(target);
      const metadata = storage.getTargetValidationMetadatas(target, '', true, false);
      for (const nested of metadata.filter((m) => m.type === ValidationTypes.NESTED_VALIDATION)) {
        const guarded = metadata.some((m) => m.propertyName === nested.propertyName && m.name === 'isObject' && !!m.each === !!nested.each);
        if (!guarded) unguarded.push(`${target.name}.${nested.propertyName}`);
        const type = nestedTypeOf(target, nested.propertyName);
        if (type) visit(type);
      }
    };
    ORDER_TOPICS.forEach((topic) => topic.events.forEach((e) => visit(e.dataClass)));
    expect(unguarded).toEqual([]);
    expect(seen.size).toBeGreaterThan(ORDER_TOPICS.flatMap((t) => t.events).length);
    expect(IS_DATE_TIME).toBe('isDateTime');
  });
});
