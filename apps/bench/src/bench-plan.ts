/** Sizes of a benchmark run. */
export interface BenchPlan {
  quick: boolean;
  reps: number;
  /** Repetitions of the long scenarios (memory, end to end): at most 2. */
  longReps: number;
  /** Scenario ids to run; all by default. */
  scenarios: string[];
  produceCount: number;
  consumeCount: number;
  /** Records of the I/O-bound run, spread over ioKeys keys (many per partition). */
  ioCount: number;
  ioKeys: number;
  ioDelayMs: number;
  /** Scale-out: the backlog, and the numbers of consumer processes that drain it. */
  scaleOutCount: number;
  scaleOutMembers: number[];
  /** Backlogs the memory scenario drains, largest first. */
  memoryCounts: [number, number];
  httpSeconds: number;
  httpConnections: number;
  /** Rates (events/s) and seconds per step of the end-to-end scenario. */
  e2eRates: number[];
  e2eSeconds: number;
  /** How long the membership-pause scenario lets each state settle, ms. */
  pauseSettleMs: number;
  /** Producer batching: events per send call and calls in flight. */
  batchSize: number;
  concurrency: number;
  /** Extra flags for the Node contenders, e.g. `--cpu-prof`. */
  nodeArgs: string[];
  /** Where the JSON result goes. */
  out?: string;
}

export const SCENARIO_IDS = [
  'produce',
  'consume-noop',
  'consume-io',
  'http-ingest',
  'memory',
  'end-to-end',
  'cli-start',
  'scale-out',
  'membership-pause',
] as const;

const FULL: Omit<BenchPlan, 'scenarios' | 'nodeArgs' | 'out' | 'longReps'> = {
  quick: false,
  reps: 3,
  produceCount: 300_000,
  consumeCount: 300_000,
  ioCount: 3_000,
  ioKeys: 600,
  ioDelayMs: 5,
  scaleOutCount: 12_000,
  scaleOutMembers: [1, 2, 3, 6],
  memoryCounts: [1_000_000, 200_000],
  httpSeconds: 10,
  httpConnections: 32,
  e2eRates: [200, 400, 800],
  e2eSeconds: 10,
  pauseSettleMs: 6_000,
  batchSize: 500,
  concurrency: 4,
};

const QUICK: typeof FULL = {
  ...FULL,
  quick: true,
  reps: 2,
  produceCount: 5_000,
  consumeCount: 5_000,
  ioCount: 300,
  ioKeys: 60,
  scaleOutCount: 600,
  scaleOutMembers: [1, 2],
  memoryCounts: [20_000, 4_000],
  httpSeconds: 2,
  httpConnections: 8,
  e2eRates: [200],
  e2eSeconds: 3,
  pauseSettleMs: 2_500,
};

const USAGE = `usage: npm run bench -- [--quick] [--only produce,consume-noop,…] [--reps N] [--count N] [--out file.json] [--cpu-prof] [--node-arg FLAG]
scenarios: ${SCENARIO_IDS.join(', ')}`;

/** Reads the command line of `npm run bench`. */
export function parseBenchArgs(argv: string[]): BenchPlan {
  const base = argv.includes('--quick') ? QUICK : FULL;
  const plan: BenchPlan = { ...base, longReps: 0, scenarios: [...SCENARIO_IDS], nodeArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--quick') continue;
    else if (flag === '--only') plan.scenarios = value().split(',');
    else if (flag === '--reps') plan.reps = Number(value());
    else if (flag === '--out') plan.out = value();
    else if (flag === '--count') plan.produceCount = plan.consumeCount = Number(value());
    else if (flag === '--cpu-prof') plan.nodeArgs.push('--cpu-prof', '--cpu-prof-dir=.streamline/bench/profiles');
    else if (flag === '--node-arg') plan.nodeArgs.push(value());
    else throw new Error(`unknown flag ${flag}\n${USAGE}`);
  }
  const unknown = plan.scenarios.filter((s) => !(SCENARIO_IDS as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}\n${USAGE}`);
  if (!Number.isInteger(plan.produceCount) || plan.produceCount < 1) throw new Error(`--count must be a positive integer\n${USAGE}`);
  if (!Number.isInteger(plan.reps) || plan.reps < 1) throw new Error(`--reps must be a positive integer\n${USAGE}`);
  plan.longReps = Math.min(plan.reps, 2);
  return plan;
}
