import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { BenchPlan } from './bench-plan';
import { markdownTable } from './report/markdown-table';
import { cliStartScenario } from './scenarios/cli-start.scenario';
import { consumeIoScenario } from './scenarios/consume-io.scenario';
import { consumeNoopScenario } from './scenarios/consume-noop.scenario';
import { endToEndScenario } from './scenarios/end-to-end.scenario';
import { httpIngestScenario } from './scenarios/http-ingest.scenario';
import { memoryScenario } from './scenarios/memory.scenario';
import { membershipPauseScenario } from './scenarios/membership-pause.scenario';
import { produceScenario } from './scenarios/produce.scenario';
import { scaleOutScenario } from './scenarios/scale-out.scenario';
import { runScenario, Scenario, ScenarioContext, ScenarioResult } from './scenarios/scenario';
import { BenchEnvironment, describeEnvironment } from './support/environment';
import { BenchTopics, openBenchBroker } from './support/bench-broker';

/** The JSON file one `npm run bench` writes. */
export interface BenchResult {
  startedAt: string;
  finishedAt: string;
  plan: BenchPlan;
  environment: BenchEnvironment;
  broker: { bootstrap: string; dedicated: boolean };
  scenarios: ScenarioResult[];
  /** Scenarios that could not run, with the reason. */
  failures: { id: string; error: string }[];
}

const SCENARIOS: Record<string, Scenario> = {
  produce: produceScenario,
  'consume-noop': consumeNoopScenario,
  'consume-io': consumeIoScenario,
  memory: memoryScenario,
  'http-ingest': httpIngestScenario,
  'end-to-end': endToEndScenario,
  'cli-start': cliStartScenario,
  'membership-pause': membershipPauseScenario,
  'scale-out': scaleOutScenario,
};

export const RESULTS_DIR = join('apps', 'bench', 'results');

/** Runs the planned scenarios on one broker and writes the result file; resolves with its path. */
export async function runBench(
  plan: BenchPlan,
  log: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<{ file: string; result: BenchResult }> {
  const startedAt = new Date();
  const environment = describeEnvironment();
  log(`machine: ${environment.cpus} × ${environment.cpuModel}, ${environment.memoryGb} GB; load average ${environment.loadAverageAtStart.join(' ')}`);
  const broker = await openBenchBroker(process.env);
  log(`broker: ${broker.brokers.join(',')} (${broker.dedicated ? 'dedicated' : 'given by KAFKA_BROKERS'})`);
  const run = `bench-${randomBytes(3).toString('hex')}`;
  const context: ScenarioContext = { plan, brokers: broker.brokers, prefix: (part) => `${run}.${part}`, log };
  const result: BenchResult = {
    startedAt: startedAt.toISOString(),
    finishedAt: '',
    plan,
    environment,
    broker: { bootstrap: broker.brokers.join(','), dedicated: broker.dedicated },
    scenarios: [],
    failures: [],
  };
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const file = plan.out ?? join(RESULTS_DIR, `${stamp}${plan.quick ? '-quick' : ''}.json`);
  mkdirSync(dirname(file), { recursive: true });
  // Written after every scenario, so a run cut short still leaves what it measured.
  const save = () => writeFileSync(file, `${JSON.stringify({ ...result, finishedAt: new Date().toISOString() }, null, 2)}\n`);
  try {
    for (const id of plan.scenarios) {
      const scenario = SCENARIOS[id];
      log(`\n${id}`);
      try {
        result.scenarios.push(await runScenario(scenario, context));
      } catch (error) {
        log(`  failed: ${(error as Error).message}`);
        result.failures.push({ id, error: (error as Error).message });
      }
      save();
    }
  } finally {
    if (!broker.dedicated) await new BenchTopics(broker.brokers, `${run}.`).deleteRunTopics().catch((e) => log(`could not delete the run's topics: ${e}`));
    await broker.stop();
  }
  result.finishedAt = new Date().toISOString();
  save();
  log(`\n${markdownTable(result)}\n\nresults: ${file}`);
  return { file, result };
}
