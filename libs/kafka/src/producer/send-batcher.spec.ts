import { SendBatcher, SendBatcherOptions } from './send-batcher';

type Rec = { id: number; bytes: number };
const rec = (id: number, bytes = 10): Rec => ({ id, bytes });
const options = (over: Partial<SendBatcherOptions> = {}): SendBatcherOptions => ({
  maxBatchRecords: 100,
  maxBatchBytes: 1_000_000,
  lingerMs: 0,
  maxQueuedRecords: 1000,
  ...over,
});

/** A send function whose requests complete when the spec says so. */
function controlledSend() {
  const requests: { records: Rec[]; done(): void; fail(e: unknown): void }[] = [];
  const send = (records: Rec[]) =>
    new Promise<number[]>((resolve, reject) => {
      requests.push({ records, done: () => resolve(records.map((r) => r.id * 10)), fail: reject });
    });
  return { requests, send };
}
const turn = () => new Promise((r) => setImmediate(r));

describe('SendBatcher', () => {
  it('sends a lone record on the next turn, without waiting for company', async () => {
    const { requests, send } = controlledSend();
    const batcher = new SendBatcher<Rec, number>(send, options({ lingerMs: 10_000 }));
    const { settled } = batcher.enqueue([rec(1)], 1000);
    await turn();
    expect(requests.map((r) => r.records.map((x) => x.id))).toEqual([[1]]);
    requests[0].done();
    await expect(settled).resolves.toEqual([10]);
  });

  it('keeps one request in flight and coalesces what arrives meanwhile, in arrival order', async () => {
    const { requests, send } = controlledSend();
    const sizes: number[] = [];
    const batcher = new SendBatcher<Rec, number>(send, options(), (n) => sizes.push(n));
    const first = batcher.enqueue([rec(1)], 1000);
    await turn();
    const later = [batcher.enqueue([rec(2), rec(3)], 1000), batcher.enqueue([rec(4)], 1000)];
    await turn();
    expect(requests).toHaveLength(1);
    requests[0].done();
    await first.settled;
    await turn();
    expect(requests[1].records.map((r) => r.id)).toEqual([2, 3, 4]);
    requests[1].done();
    expect(await Promise.all(later.map((l) => l.settled))).toEqual([[20, 30], [40]]);
    expect(sizes).toEqual([1, 3]);
  });

  it('splits at the record and byte limits but never splits one group', async () => {
    const { requests, send } = controlledSend();
    const batcher = new SendBatcher<Rec, number>(send, options({ maxBatchRecords: 3, maxBatchBytes: 100 }));
    batcher.enqueue([rec(0)], 1000);
    await turn();
    batcher.enqueue([rec(1), rec(2)], 1000);
    batcher.enqueue([rec(3), rec(4)], 1000);
    batcher.enqueue([rec(5, 95)], 1000);
    batcher.enqueue([rec(6), rec(7), rec(8), rec(9)], 1000);
    for (let i = 0; i < 5; i++) {
      requests[i].done();
      await turn();
      await turn();
    }
    expect(requests.map((r) => r.records.map((x) => x.id))).toEqual([[0], [1, 2], [3, 4], [5], [6, 7, 8, 9]]);
  });

  it('drops a group still queued at its deadline, so it is never sent', async () => {
    const { requests, send } = controlledSend();
    const batcher = new SendBatcher<Rec, number>(send, options());
    batcher.enqueue([rec(1)], 1000);
    await turn();
    const late = batcher.enqueue([rec(2)], 5);
    await expect(late.settled).rejects.toThrow(/nothing was published/);
    requests[0].done();
    await batcher.flush();
    expect(requests.flatMap((r) => r.records.map((x) => x.id))).toEqual([1]);
  });

  it('keeps a group already sent past its deadline and reports what Kafka said later', async () => {
    const { requests, send } = controlledSend();
    const batcher = new SendBatcher<Rec, number>(send, options());
    const slow = batcher.enqueue([rec(7)], 5);
    await new Promise((resolve) => setTimeout(resolve, 20));
    requests[0].done();
    await expect(slow.settled).resolves.toEqual([70]);
  });

  it('fails every group of a failed request with its error, and goes on with the next', async () => {
    const { requests, send } = controlledSend();
    const batcher = new SendBatcher<Rec, number>(send, options());
    const a = batcher.enqueue([rec(1)], 1000);
    await turn();
    const b = batcher.enqueue([rec(2)], 1000);
    requests[0].fail(new Error('boom'));
    await expect(a.settled).rejects.toThrow('boom');
    await turn();
    requests[1].done();
    await expect(b.settled).resolves.toEqual([20]);
  });

  it('refuses records beyond the queue bound at once', async () => {
    const { send } = controlledSend();
    const batcher = new SendBatcher<Rec, number>(send, options({ maxQueuedRecords: 2 }));
    batcher.enqueue([rec(1), rec(2)], 1000);
    await expect(batcher.enqueue([rec(3)], 1000).settled).rejects.toThrow(/already waiting/);
  });

  it('under load, lets a small batch linger for company; close stops taking records and flushes', async () => {
    const { requests, send } = controlledSend();
    const batcher = new SendBatcher<Rec, number>(send, options({ lingerMs: 30 }));
    batcher.enqueue([rec(1)], 1000);
    await turn();
    requests[0].done();
    await turn();
    batcher.enqueue([rec(2)], 1000);
    await turn();
    expect(requests).toHaveLength(1);
    batcher.enqueue([rec(3)], 1000);
    const closed = batcher.close();
    await expect(batcher.enqueue([rec(4)], 1000).settled).rejects.toThrow(/shutting down/);
    await new Promise((r) => setTimeout(r, 40));
    expect(requests[1].records.map((r) => r.id)).toEqual([2, 3]);
    requests[1].done();
    await closed;
  });
});
