import { register } from 'prom-client';
import { PendingRequests } from './pending-requests';
import { parseReply, replyAddressOf, REQUEST_HEADERS, requestHeaders } from './request-headers';
import { RemoteHandlerError, RequestCancelledError, RequestTimeoutError } from '../errors/request.errors';
import { RequestMetrics } from './request.metrics';

const value = async (metric: { get(): Promise<{ values: { value: number }[] }> }) => (await metric.get()).values.reduce((s, v) => s + v.value, 0);

describe('PendingRequests', () => {
  let metrics: RequestMetrics;
  let pending: PendingRequests;
  beforeEach(() => {
    register.resetMetrics();
    metrics = new RequestMetrics();
    pending = new PendingRequests(metrics);
  });
  afterEach(() => jest.useRealTimers());

  it('resolves a request with its reply and forgets it', async () => {
    const reply = pending.wait('c1', 'order.placed.v1', 'e1', 1000);
    expect(pending.size).toBe(1);
    expect(await value(metrics.pending)).toBe(1);
    expect(pending.settle({ correlationId: 'c1', replyTo: 'i', status: 'ok', data: { total: 5 } })).toBe(true);
    await expect(reply).resolves.toEqual({ total: 5 });
    expect(pending.size).toBe(0);
    expect(await value(metrics.pending)).toBe(0);
  });

  it('rejects with RequestTimeoutError at the timeout, and counts a reply after it as late', async () => {
    jest.useFakeTimers();
    const reply = pending.wait('c1', 'order.placed.v1', 'e1', 1000);
    jest.advanceTimersByTime(1000);
    await expect(reply).rejects.toEqual(expect.objectContaining({ name: 'RequestTimeoutError', type: 'order.placed.v1', id: 'e1', timeoutMs: 1000 }));
    await expect(reply).rejects.toBeInstanceOf(RequestTimeoutError);
    expect(pending.size).toBe(0);
    expect(pending.settle({ correlationId: 'c1', replyTo: 'i', status: 'ok', data: 1 })).toBe(false);
    expect(await value(metrics.lateReplies)).toBe(1);
  });

  it('rejects with RemoteHandlerError on an error reply, and with RequestCancelledError at shutdown', async () => {
    const failed = pending.wait('c1', 't', 'e1', 1000);
    const cancelled = pending.wait('c2', 't', 'e2', 1000);
    pending.settle({
      correlationId: 'c1',
      replyTo: 'i',
      status: 'error',
      failure: { reason: 'illegal-state', message: 'no', errorName: 'IllegalStateError', attempts: 1 },
    });
    await expect(failed).rejects.toBeInstanceOf(RemoteHandlerError);
    pending.cancelAll();
    await expect(cancelled).rejects.toBeInstanceOf(RequestCancelledError);
    expect(pending.size).toBe(0);
    expect(await value(metrics.pending)).toBe(0);
  });
});

describe('request headers', () => {
  it('reads the reply address back from the request headers, and nothing from a plain event', () => {
    const address = { topic: 'p.streamline.replies', partition: 3, replyTo: 'abc', correlationId: 'abc-1' };
    expect(replyAddressOf(requestHeaders(address))).toEqual(address);
    expect(replyAddressOf({ ce_id: '1' })).toBeUndefined();
    expect(replyAddressOf({ ...requestHeaders(address), [REQUEST_HEADERS.replyPartition]: 'x' })).toBeUndefined();
  });

  it('parses ok and error replies, and a value that is not JSON as a failure', () => {
    const headers = { [REQUEST_HEADERS.correlationId]: 'c', [REQUEST_HEADERS.replyTo]: 'i', [REQUEST_HEADERS.status]: 'ok' };
    expect(parseReply(headers, Buffer.from('{"a":1}'))).toEqual({ correlationId: 'c', replyTo: 'i', status: 'ok', data: { a: 1 } });
    expect(parseReply(headers, null)).toEqual({ correlationId: 'c', replyTo: 'i', status: 'ok', data: undefined });
    expect(parseReply(headers, Buffer.from('{'))).toMatchObject({ status: 'error', failure: { reason: 'invalid-reply' } });
    expect(parseReply({ [REQUEST_HEADERS.correlationId]: 'c' }, null)).toBeUndefined();
  });
});
