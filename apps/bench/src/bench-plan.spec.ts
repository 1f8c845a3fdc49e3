import { parseBenchArgs, SCENARIO_IDS } from './bench-plan';

describe('bench plan', () => {
  it('runs every scenario three times at full size by default, small and twice with --quick', () => {
    expect(parseBenchArgs([])).toMatchObject({ quick: false, reps: 3, scenarios: [...SCENARIO_IDS], memoryCounts: [1_000_000, 200_000] });
    expect(parseBenchArgs(['--quick'])).toMatchObject({ quick: true, reps: 2 });
  });

  it('takes a subset, repetitions, a count and profiling flags, and refuses what it does not know', () => {
    const plan = parseBenchArgs(['--only', 'produce,memory', '--reps', '5', '--count', '1000', '--cpu-prof', '--out', 'x.json']);
    expect(plan).toMatchObject({ scenarios: ['produce', 'memory'], reps: 5, produceCount: 1000, consumeCount: 1000, out: 'x.json' });
    expect(plan.nodeArgs[0]).toBe('--cpu-prof');
    expect(() => parseBenchArgs(['--only', 'everything'])).toThrow(/unknown scenario everything/);
    expect(() => parseBenchArgs(['--reps', '0'])).toThrow(/--reps/);
    expect(() => parseBenchArgs(['--fast'])).toThrow(/unknown flag --fast/);
  });
});
