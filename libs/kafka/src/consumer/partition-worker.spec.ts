import { PartitionWorker, WorkItem } from './partition-worker';

interface Gate {
  promise: Promise<void>;
  open(): void;
  fail(error: Error): void;
}
function gate(): Gate {
  let open!: () => void;
  let fail!: (e: Error) => void;
  const promise = new Promise<void>((resolve, reject) => ((open = resolve), (fail = reject)));
  return { promise, open, fail };
}

const item = (offset: number, key: string, dueAt = 0): WorkItem<string> => ({ offset: String(offset), key, dueAt, record: `${key}@${offset}` });
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('PartitionWorker', () => {
  it('runs one key strictly in offset order while other keys run beside it', async () => {
    const started: string[] = [];
    const gates = new Map<string, Gate>();
    const worker = new PartitionWorker<string>({
      keyConcurrency: 4,
      run: (i) => {
        started.push(i.record);
        const g = gate();
        gates.set(i.record, g);
        return g.promise;
      },
    });
    worker.push([item(0, 'a'), item(1, 'b'), item(2, 'a'), item(3, 'c')]);
    await flush();
    expect(started).toEqual(['a@0', 'b@1', 'c@3']);
    gates.get('b@1')!.open();
    await flush();
    expect(started).toEqual(['a@0', 'b@1', 'c@3']);
    gates.get('a@0')!.open();
    await flush();
    expect(started).toEqual(['a@0', 'b@1', 'c@3', 'a@2']);
  });

  it('never runs more keys at once than keyConcurrency', async () => {
    let running = 0;
    let most = 0;
    const worker = new PartitionWorker<string>({
      keyConcurrency: 3,
      run: async () => {
        most = Math.max(most, ++running);
        await flush();
        running--;
      },
    });
    worker.push(Array.from({ length: 50 }, (_, i) => item(i, `k${i % 10}`)));
    while (worker.size > 0) await flush();
    expect(most).toBe(3);
  });

  it('keeps per-key order over many keys with random handling times', async () => {
    const seen = new Map<string, number[]>();
    const worker = new PartitionWorker<string>({
      keyConcurrency: 8,
      run: async (i) => {
        await new Promise((r) => setTimeout(r, Math.random() * 3));
        seen.set(i.key, [...(seen.get(i.key) ?? []), Number(i.offset)]);
      },
    });
    worker.push(Array.from({ length: 400 }, (_, i) => item(i, `k${(i * 7) % 23}`)));
    while (worker.size > 0) await new Promise((r) => setTimeout(r, 5));
    for (const offsets of seen.values()) expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect([...seen.values()].flat().length).toBe(400);
    expect(worker.offsets.committable()).toBe('400');
  });

  it('commits only up to the first unsettled record', async () => {
    const gates = new Map<string, Gate>();
    const worker = new PartitionWorker<string>({ keyConcurrency: 2, run: (i) => (gates.set(i.record, gate()), gates.get(i.record)!.promise) });
    worker.push([item(0, 'slow'), item(1, 'fast')]);
    await flush();
    gates.get('fast@1')!.open();
    await flush();
    expect(worker.offsets.committable()).toBeUndefined();
    gates.get('slow@0')!.open();
    await flush();
    expect(worker.offsets.committable()).toBe('2');
  });

  it('holds a blocked key, lets other keys flow, and resumes it in order when kicked', async () => {
    const blocked = new Set(['parked']);
    const done: string[] = [];
    const worker = new PartitionWorker<string>({ keyConcurrency: 1, isBlocked: (key) => blocked.has(key), run: async (i) => void done.push(i.record) });
    worker.push([item(0, 'parked'), item(1, 'other'), item(2, 'parked'), item(3, 'other')]);
    await flush();
    expect(done).toEqual(['other@1', 'other@3']);
    expect(worker.offsets.committable()).toBeUndefined();
    blocked.clear();
    worker.kick();
    while (worker.size > 0) await flush();
    expect(done).toEqual(['other@1', 'other@3', 'parked@0', 'parked@2']);
    expect(worker.offsets.committable()).toBe('4');
  });

  it('runs a record no earlier than its due time, and its key waits behind it', async () => {
    let now = 1000;
    const done: string[] = [];
    const worker = new PartitionWorker<string>({ keyConcurrency: 4, now: () => now, run: async (i) => void done.push(i.record) });
    worker.push([item(0, 'a', 1050), item(1, 'a'), item(2, 'b')]);
    await flush();
    expect(done).toEqual(['b@2']);
    now = 1050;
    await new Promise((r) => setTimeout(r, 80));
    while (worker.size > 0) await flush();
    expect(done).toEqual(['b@2', 'a@0', 'a@1']);
  });

  it('runs a record again when it could not be settled, before the next of its key', async () => {
    let failures = 1;
    const done: string[] = [];
    const errors: unknown[] = [];
    const worker = new PartitionWorker<string>({
      keyConcurrency: 1,
      retryBackoffMs: 1,
      onRunError: (e) => errors.push(e),
      run: async (i) => {
        if (i.offset === '0' && failures-- > 0) throw new Error('kafka down');
        done.push(i.record);
      },
    });
    worker.push([item(0, 'a'), item(1, 'a')]);
    while (worker.size > 0) await new Promise((r) => setTimeout(r, 2));
    expect(done).toEqual(['a@0', 'a@1']);
    expect(errors).toHaveLength(1);
  });

  it('on close drops queued records, waits for running ones, and commits nothing past them', async () => {
    const g = gate();
    const started: string[] = [];
    const worker = new PartitionWorker<string>({ keyConcurrency: 1, run: (i) => (started.push(i.record), i.offset === '0' ? g.promise : Promise.resolve()) });
    worker.push([item(0, 'a'), item(1, 'b'), item(2, 'c')]);
    await flush();
    let closed = false;
    const closing = worker.close().then(() => (closed = true));
    await flush();
    expect(closed).toBe(false);
    g.open();
    await closing;
    expect(started).toEqual(['a@0']);
    expect(worker.offsets.committable()).toBe('1');
  });

  it('hands over the queued records of a key with take, leaving the running one', async () => {
    const g = gate();
    const worker = new PartitionWorker<string>({ keyConcurrency: 1, run: () => g.promise });
    worker.push([item(0, 'a'), item(1, 'a'), item(2, 'a')]);
    await flush();
    const taken = worker.take('a');
    expect(taken.map((t) => t.offset)).toEqual(['1', '2']);
    worker.settleTaken(taken);
    g.open();
    while (worker.size > 0) await flush();
    expect(worker.offsets.committable()).toBe('3');
  });
});

describe('PartitionWorker drain', () => {
  it('finishes the queued records below the highest started one, so everything handled is committable', async () => {
    const g = gate();
    const done: string[] = [];
    const worker = new PartitionWorker<string>({
      keyConcurrency: 2,
      run: async (i) => {
        if (i.offset === '0') await g.promise;
        done.push(i.record);
      },
    });
    // a@0 runs long while b and c run; a@2 waits behind a@0 below offsets already handled.
    worker.push([item(0, 'a'), item(1, 'b'), item(2, 'a'), item(3, 'b'), item(4, 'c')]);
    await flush();
    const draining = worker.drain();
    g.open();
    await draining;
    const handled = done.map((d) => Number(d.split('@')[1])).sort((x, y) => x - y);
    expect(handled).toEqual(handled.map((_, i) => i));
    expect(worker.offsets.committable()).toBe(String(handled.length));
  });
});

describe('PartitionWorker mayStart', () => {
  it('starts nothing while the partition may not start, and resumes when kicked', async () => {
    let open = false;
    const done: string[] = [];
    const worker = new PartitionWorker<string>({ keyConcurrency: 2, mayStart: () => open, run: async (i) => void done.push(i.record) });
    worker.push([item(0, 'a'), item(1, 'b')]);
    await flush();
    expect(done).toEqual([]);
    open = true;
    worker.kick();
    while (worker.size > 0) await flush();
    expect(done).toEqual(['a@0', 'b@1']);
  });

  it('counts a record out of its size before telling it settled', async () => {
    const sizes: number[] = [];
    const worker: PartitionWorker<string> = new PartitionWorker<string>({
      keyConcurrency: 1,
      run: async () => undefined,
      onSettled: () => sizes.push(worker.size),
    });
    worker.push([item(0, 'a')]);
    while (worker.size > 0) await flush();
    expect(sizes).toEqual([0]);
  });
});

describe('PartitionWorker batches', () => {
  it('runs heads of different keys of one group together, one per key, up to the batch size', async () => {
    const calls: string[][] = [];
    const worker = new PartitionWorker<string>({
      keyConcurrency: 1,
      batchOf: (i) => (i.key.startsWith('x') ? undefined : { group: 'placed', maxSize: 3 }),
      run: async (i) => void calls.push([i.record]),
      runBatch: async (items) => void calls.push(items.map((i) => i.record)),
    });
    worker.push([item(0, 'a'), item(1, 'b'), item(2, 'a'), item(3, 'c'), item(4, 'd'), item(5, 'x1')]);
    while (worker.size > 0) await flush();
    expect(calls[0]).toEqual(['a@0', 'b@1', 'c@3']);
    expect(calls.flat().sort()).toEqual(['a@0', 'a@2', 'b@1', 'c@3', 'd@4', 'x1@5']);
    // a@2 never ran with or before a@0
    expect(calls.findIndex((c) => c.includes('a@2'))).toBeGreaterThan(calls.findIndex((c) => c.includes('a@0')));
    expect(worker.offsets.committable()).toBe('6');
  });
});
