import { OffsetTracker } from './offset-tracker';

function tracker(...offsets: number[]): OffsetTracker {
  const t = new OffsetTracker();
  offsets.forEach((o) => t.add(String(o)));
  return t;
}

describe('OffsetTracker', () => {
  it('offers nothing before the first record is settled', () => {
    expect(tracker(5, 6).committable()).toBeUndefined();
  });

  it('commits only the contiguous settled prefix', () => {
    const t = tracker(0, 1, 2, 3);
    t.settle('1');
    t.settle('3');
    expect(t.committable()).toBeUndefined();
    t.settle('0');
    expect(t.committable()).toBe('2');
    t.settle('2');
    expect(t.committable()).toBe('4');
    expect(t.unsettled).toBe(0);
  });

  it('never commits past a record that is still unsettled however many after it are done', () => {
    const t = tracker(...Array.from({ length: 100 }, (_, i) => i + 10));
    for (let i = 11; i < 110; i++) t.settle(String(i));
    expect(t.committable()).toBeUndefined();
    expect(t.unsettled).toBe(1);
    t.settle('10');
    expect(t.committable()).toBe('110');
  });

  it('does not offer a position already committed', () => {
    const t = tracker(0, 1);
    t.settle('0');
    expect(t.committable()).toBe('1');
    t.markCommitted('1');
    expect(t.committable()).toBeUndefined();
    t.settle('1');
    expect(t.committable()).toBe('2');
  });

  it('steps over gaps in offsets (compaction, transaction markers)', () => {
    const t = tracker(3, 7, 8);
    t.settle('3');
    expect(t.committable()).toBe('7');
    t.settle('8');
    t.settle('7');
    expect(t.committable()).toBe('9');
  });

  it('ignores settling an offset twice or one it never took', () => {
    const t = tracker(0, 1);
    t.settle('0');
    t.settle('0');
    t.settle('42');
    expect(t.unsettled).toBe(1);
    expect(t.committable()).toBe('1');
  });

  it('refuses offsets that go backwards', () => {
    const t = tracker(5);
    expect(() => t.add('4')).toThrow();
  });

  it('keeps working across many records', () => {
    const t = new OffsetTracker();
    for (let i = 0; i < 5000; i++) t.add(String(i));
    for (let i = 4999; i >= 0; i--) t.settle(String(i));
    expect(t.committable()).toBe('5000');
    expect(t.unsettled).toBe(0);
  });
});
