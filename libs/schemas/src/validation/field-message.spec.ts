import { randomUUID } from 'node:crypto';
import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { FieldError, SchemaValidationError } from '../errors/schema-validation.error';
import { validateEventData } from '../codec/validate';
import { fieldMessage } from './field-message';
import { orderRegistry } from '@streamline/orders';

const placed = orderRegistry.find('order.placed.v1')!;
const valid = (): Record<string, any> => ({
  orderId: randomUUID(),
  customerId: 'c-1',
  items: [{ sku: 'A', quantity: 1, unitPrice: 0 }],
  currency: 'EUR',
  placedAt: '2026-11-23T10:00:00Z',
});

function fieldsOf(data: unknown): FieldError[] {
  try {
    validateEventData(placed, data);
  } catch (error) {
    if (error instanceof SchemaValidationError) return error.fields;
    throw error;
  }
  return [];
}

function messageOf(change: (data: Record<string, any>) => void): FieldError[] {
  const data = valid();
  change(data);
  return fieldsOf(data);
}

describe('fieldMessage', () => {
  it('says a missing field is required, not what its value would have had to be', () => {
    expect(messageOf((d) => delete d.customerId)).toEqual([{ field: 'customerId', messages: ['customerId is required'] }]);
    expect(messageOf((d) => delete d.items[0].quantity)).toEqual([{ field: 'items[0].quantity', messages: ['items[0].quantity is required'] }]);
  });

  it('states the whole expectation of a number once, whichever of its rules failed', () => {
    const expected = ['items[0].quantity must be an integer from 1 to 1000'];
    for (const quantity of ['2', 0, 1001, 1.5, null]) {
      expect(messageOf((d) => (d.items[0].quantity = quantity))).toEqual([{ field: 'items[0].quantity', messages: expected }]);
    }
    expect(messageOf((d) => (d.items[0].unitPrice = -1))).toEqual([
      { field: 'items[0].unitPrice', messages: ['items[0].unitPrice must be a number of at least 0'] },
    ]);
  });

  it('states the whole expectation of a string and of a list once', () => {
    for (const customerId of ['', 7, 'x'.repeat(65)]) {
      expect(messageOf((d) => (d.customerId = customerId))).toEqual([{ field: 'customerId', messages: ['customerId must be a string of 1 to 64 characters'] }]);
    }
    expect(messageOf((d) => (d.items = []))).toEqual([{ field: 'items', messages: ['items must be a list of 1 to 100 items'] }]);
    expect(messageOf((d) => (d.items = 'book'))).toEqual([{ field: 'items', messages: ['items must be a list of 1 to 100 items'] }]);
  });

  it("prefers the message the event class wrote for a rule over class-validator's defaults", () => {
    expect(messageOf((d) => (d.currency = 5))).toEqual([{ field: 'currency', messages: ['currency must be an ISO 4217 code of three capital letters'] }]);
    expect(messageOf((d) => (d.placedAt = 'yesterday'))).toEqual([{ field: 'placedAt', messages: ['placedAt must be an ISO 8601 date-time'] }]);
  });

  it('keeps the single rule that failed as it is', () => {
    expect(messageOf((d) => (d.orderId = 'nope'))).toEqual([{ field: 'orderId', messages: ['orderId must be a UUID'] }]);
    expect(messageOf((d) => (d.discount = 5))).toEqual([{ field: 'discount', messages: ['property discount should not exist'] }]);
  });

  it('gives every invalid field of a badly broken event exactly one message', () => {
    const fields = fieldsOf({ orderId: 1, customerId: '', items: [{ sku: '', quantity: '2', unitPrice: 'x' }], currency: 'eur', placedAt: 3 });
    expect(fields.map((f) => f.field).sort()).toEqual([
      'currency',
      'customerId',
      'items[0].quantity',
      'items[0].sku',
      'items[0].unitPrice',
      'orderId',
      'placedAt',
    ]);
    for (const field of fields) expect(field.messages).toHaveLength(1);
  });

  it('says a message shared by several rules once (config classes give one message to IsInt, Min and Max)', () => {
    const message = 'PORT must be an integer from 1 to 65535';
    class Settings {
      @Type(() => Number)
      @IsInt({ message })
      @Min(1, { message })
      @Max(65535, { message })
      PORT = 3000;

      @IsString()
      @Matches(/^[a-z]+$/, { message: 'NAME must be lowercase letters' })
      NAME = 'x';
    }
    const settings = Object.assign(new Settings(), { PORT: Number.NaN, NAME: 7 });
    expect(validateSync(settings).map((e) => fieldMessage(e))).toEqual([message, 'NAME must be lowercase letters']);
  });
});
