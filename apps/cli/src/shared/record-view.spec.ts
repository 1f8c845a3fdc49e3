import { viewRecord, formatRecordLine, stripDeadLetterHeaders } from './record-view';

const record = (value: string, headers: Record<string, string>) => ({
  topic: 'orders',
  partition: 2,
  offset: '7',
  timestamp: String(Date.parse('2026-11-23T10:00:00Z')),
  key: Buffer.from('k-1'),
  value: Buffer.from(value),
  headers,
});

const ce = { ce_specversion: '1.0', ce_id: 'e-1', ce_source: '/t', ce_type: 'order.cancelled.v1', 'content-type': 'application/json' };

describe('viewRecord', () => {
  it('decodes a valid event and says so', () => {
    const data = { orderId: '0d6f4b6e-8f3a-4d2c-9a61-3b8f0e5c7a21', reason: 'duplicate order', cancelledAt: '2026-11-23T10:00:00Z' };
    const view = viewRecord(record(JSON.stringify(data), ce));
    expect(view).toMatchObject({ key: 'k-1', type: 'order.cancelled.v1', data, valid: true, timestamp: '2026-11-23T10:00:00.000Z' });
    expect(formatRecordLine(view)).toBe(`2026-11-23T10:00:00.000Z orders/2@7 key=k-1 order.cancelled.v1 id=e-1 ${JSON.stringify(data)}`);
  });

  it('keeps a record that does not decode visible, with the reason', () => {
    const view = viewRecord(record('<xml/>', ce));
    expect(view).toMatchObject({ valid: false, data: '<xml/>', error: { reason: 'not-json' } });
    expect(formatRecordLine(view)).toContain('INVALID not-json: value is not valid JSON | "<xml/>"');
  });

  it('judges a dead letter by its original headers', () => {
    const view = viewRecord(record('{}', { ...ce, streamline_error_reason: 'invalid-data' }));
    expect(view.error?.reason).toBe('invalid-data');
    expect(stripDeadLetterHeaders({ ...ce, streamline_error_reason: 'x', streamline_source_topic: 'orders' })).toEqual(ce);
  });
});
