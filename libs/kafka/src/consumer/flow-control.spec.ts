import { decidePaused, PartitionLoad } from './flow-control';

const load = (slot: string, buffered: number, extra: Partial<PartitionLoad> = {}): PartitionLoad => ({
  slot,
  buffered,
  lane: 0,
  retry: false,
  backlog: false,
  ...extra,
});

describe('decidePaused', () => {
  it('pauses nothing below the in-flight bound', () => {
    expect(decidePaused([load('a', 10), load('b', 20)], new Set(), { maxInFlight: 100 })).toEqual(new Set());
  });

  it('pauses every source partition when records in flight reach the bound', () => {
    expect(decidePaused([load('a', 60), load('b', 40)], new Set(), { maxInFlight: 100 })).toEqual(new Set(['a', 'b']));
  });

  it('stays paused until half the bound is done, then resumes', () => {
    const paused = new Set(['a', 'b']);
    expect(decidePaused([load('a', 40), load('b', 20)], paused, { maxInFlight: 100 })).toEqual(paused);
    expect(decidePaused([load('a', 30), load('b', 20)], paused, { maxInFlight: 100 })).toEqual(new Set());
  });

  it('never pauses a retry tier for the source partitions, so parked keys can be released', () => {
    const result = decidePaused([load('src', 100), load('retry', 5, { retry: true })], new Set(), { maxInFlight: 100 });
    expect(result).toEqual(new Set(['src']));
  });

  it('bounds a retry tier partition on its own', () => {
    expect(decidePaused([load('retry', 100, { retry: true })], new Set(), { maxInFlight: 100 })).toEqual(new Set(['retry']));
  });

  it('pauses a lower lane while a higher lane has fetched work or a backlog', () => {
    expect(decidePaused([load('high', 3), load('low', 3, { lane: 1 })], new Set(), { maxInFlight: 100 })).toEqual(new Set(['low']));
    expect(decidePaused([load('high', 0, { backlog: true }), load('low', 3, { lane: 1 })], new Set(), { maxInFlight: 100 })).toEqual(new Set(['low']));
  });

  it('resumes the lower lane once the higher lane is idle', () => {
    expect(decidePaused([load('high', 0), load('low', 3, { lane: 1 })], new Set(['low']), { maxInFlight: 100 })).toEqual(new Set());
  });

  it('bounds a lane together with the lanes above it, so a full lower lane never holds a higher one back', () => {
    const result = decidePaused([load('high', 10), load('low', 100, { lane: 1 })], new Set(), { maxInFlight: 100 });
    expect(result).toEqual(new Set(['low']));
  });
});
