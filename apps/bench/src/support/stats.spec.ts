import { summarize } from './stats';

describe('summarize', () => {
  it('gives the median, range and spread of repeated runs', () => {
    expect(summarize([30, 10, 20])).toEqual({ median: 20, min: 10, max: 30, spread: 1, runs: [30, 10, 20] });
    expect(summarize([10, 20]).median).toBe(15);
    expect(summarize([5]).spread).toBe(0);
  });
});
