import 'reflect-metadata';
import { DEAD_LETTER_HEADERS, DecodeError } from '@streamline/schemas';
import { HandlerError, IllegalStateError } from '../errors/kafka.errors';
import { buildDeadLetter, buildRetryRecord, reasonOf } from './dead-letter';
import { RETRY_HEADERS } from './retry-headers';

const record = {
  topic: 'orders',
  partition: 3,
  offset: '42',
  key: Buffer.from('order-1'),
  value: Buffer.from('{"x":1}'),
  headers: { ce_id: Buffer.from('e-1'), ce_type: 'order.paid.v1' },
};
const now = new Date('2026-11-23T10:00:00.000Z');

describe('dead-letter records', () => {
  it('keeps the original key, value and headers and adds the failure headers', () => {
    const dead = buildDeadLetter(record, new DecodeError('not-json', 'value is not valid JSON'), 'billing', 0, now);
    expect(dead.key).toBe(record.key);
    expect(dead.value).toBe(record.value);
    expect(dead.headers).toEqual({
      ce_id: record.headers.ce_id,
      ce_type: 'order.paid.v1',
      [DEAD_LETTER_HEADERS.reason]: 'not-json',
      [DEAD_LETTER_HEADERS.message]: 'value is not valid JSON',
      [DEAD_LETTER_HEADERS.errorName]: 'DecodeError',
      [DEAD_LETTER_HEADERS.group]: 'billing',
      [DEAD_LETTER_HEADERS.attempts]: '0',
      [DEAD_LETTER_HEADERS.failedAt]: '2026-11-23T10:00:00.000Z',
      [DEAD_LETTER_HEADERS.sourceTopic]: 'orders',
      [DEAD_LETTER_HEADERS.sourcePartition]: '3',
      [DEAD_LETTER_HEADERS.sourceOffset]: '42',
    });
  });

  it('names the reason by decode reason or error code', () => {
    expect(reasonOf(new DecodeError('oversized', 'x'))).toBe('oversized');
    expect(reasonOf(new IllegalStateError('x'))).toBe('illegal-state');
    expect(reasonOf(new HandlerError('x', true))).toBe('handler-failed');
    expect(reasonOf(new Error('x'))).toBe('handler-failed');
  });

  it('keeps the first source position through retry tiers and drops the retry headers', () => {
    const retried = buildRetryRecord(record, new HandlerError('db down', true), 'billing', 1, { tier: 1, dueAt: 5000, partition: 3 }, now);
    expect(retried.partition).toBe(3);
    expect(retried.headers[RETRY_HEADERS.tier]).toBe('1');
    expect(retried.headers[RETRY_HEADERS.dueAt]).toBe('5000');
    const fromTier = { ...record, topic: 'orders.billing.retry.1', partition: 3, offset: '7', headers: retried.headers as typeof record.headers };
    const dead = buildDeadLetter(fromTier, new HandlerError('db down', true), 'billing', 2, now);
    expect(dead.headers[DEAD_LETTER_HEADERS.sourceTopic]).toBe('orders');
    expect(dead.headers[DEAD_LETTER_HEADERS.sourceOffset]).toBe('42');
    expect(dead.headers[DEAD_LETTER_HEADERS.attempts]).toBe('2');
    expect(dead.headers[RETRY_HEADERS.dueAt]).toBeUndefined();
    expect(dead.headers[RETRY_HEADERS.tier]).toBeUndefined();
  });

  it('cuts very long messages', () => {
    const dead = buildDeadLetter(record, new Error('x'.repeat(10_000)), 'g', 1, now);
    expect(String(dead.headers[DEAD_LETTER_HEADERS.message]).length).toBe(4096);
  });
});
