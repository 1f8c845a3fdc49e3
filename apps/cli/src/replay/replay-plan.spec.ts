import { planMoves } from './replay-plan';

describe('planMoves', () => {
  const bounds = [
    { partition: 0, low: 0n, high: 100n },
    { partition: 1, low: 10n, high: 50n },
    { partition: 2, low: 0n, high: 0n },
  ];

  it('counts records to re-read when rewinding, skipped when moving forward, and the lag after', () => {
    const moves = planMoves(
      bounds,
      new Map([
        [0, 100n],
        [1, 20n],
        [2, null],
      ]),
      new Map([
        [0, 40n],
        [1, 45n],
        [2, 0n],
      ]),
    );
    expect(moves).toEqual([
      { partition: 0, current: '100', next: '40', end: '100', reread: 60, skipped: 0, lagAfter: 60 },
      { partition: 1, current: '20', next: '45', end: '50', reread: 0, skipped: 25, lagAfter: 5 },
      { partition: 2, current: null, next: '0', end: '0', reread: 0, skipped: 0, lagAfter: 0 },
    ]);
  });
});
