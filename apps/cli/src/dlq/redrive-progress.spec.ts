import { RedriveProgress } from './redrive-progress';

describe('RedriveProgress', () => {
  it('moves the committed offset over a run of sent records and to the end when all were sent', () => {
    const progress = new RedriveProgress(0n);
    [0n, 1n, 2n].forEach((o) => progress.markSent(o));
    progress.advance([0n, 1n, 2n], 3n);
    expect(progress.offset).toBe(3n);
    expect(progress.metadata()).toBe('');
  });

  it('keeps a filtered redrive’s sent records past an unsent one in the metadata', () => {
    const progress = new RedriveProgress(10n);
    [10n, 12n, 13n, 14n, 17n].forEach((o) => progress.markSent(o));
    progress.advance([10n, 11n, 12n, 13n, 14n, 15n, 16n, 17n], 18n);
    expect(progress.offset).toBe(11n);
    expect(progress.metadata()).toBe('12-14,17');

    const restored = RedriveProgress.parse(progress.offset, progress.metadata());
    expect([10n, 11n, 12n, 15n, 17n].map((o) => restored.wasSent(o))).toEqual([true, false, true, false, true]);
    [11n, 15n, 16n].forEach((o) => restored.markSent(o));
    restored.advance([11n, 12n, 13n, 14n, 15n, 16n, 17n], 18n);
    expect(restored.offset).toBe(18n);
    expect(restored.metadata()).toBe('');
  });

  it('never passes a record left unsent by an earlier batch of the same run', () => {
    const progress = new RedriveProgress(0n);
    progress.markSent(0n);
    progress.advance([0n, 1n], 2n);
    [2n, 3n].forEach((o) => progress.markSent(o));
    progress.advance([2n, 3n], 4n);
    expect(progress.offset).toBe(1n);
    expect(progress.metadata()).toBe('2-3');
  });

  it('treats gaps in offsets as passable', () => {
    const progress = new RedriveProgress(0n);
    [0n, 5n].forEach((o) => progress.markSent(o));
    progress.advance([0n, 5n], 7n);
    expect(progress.offset).toBe(7n);
  });
});
