import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
// A plain script run by tsx, outside the Nest build, so it reaches the local-broker library by path.
import { hideKafkajsTimerWarning, KAFKA_VERSION } from '../../../libs/local-broker/src';
import { FaultsOptions, parseFaultsOptions } from './faults-options';
import { FaultsRun, faultsTable, writeFaultsTable } from './report/faults-table';
import { runScenario, teardownCurrent } from './run-scenario';
import { Scenario } from './scenario';

const ROOT = join(__dirname, '..', '..', '..');
const SCENARIO_DIR = join(__dirname, 'scenarios');

/** Retry tiers short enough that a fault outlasting all of them fits in a scenario. */
export const SUITE_RETRY_DELAYS_MS = '1000,5000,15000';

/**
 * `npm run faults`: each scenario on its own brokers and database, the producer and consumer
 * replicas as real processes, a fault done for real under fixed-rate order traffic, and an
 * oracle that reads the log (kcat) and the read model (SQL) instead of asking the code under test.
 */
async function main(): Promise<number> {
  hideKafkajsTimerWarning();
  const options = parseFaultsOptions(process.argv.slice(2));
  if (options.tableFrom.length > 0) return tableFromResults(options.tableFrom);
  const all = await loadScenarios();
  const unknown = options.only.filter((name) => !all.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`no scenario named ${unknown.join(', ')}; there are: ${all.map((s) => s.name).join(', ')}`);
  const chosen = options.only.length > 0 ? all.filter((s) => options.only.includes(s.name)) : all.filter((s) => !options.short || s.inShort);

  const startedAt = new Date().toISOString();
  const runDir = join(ROOT, '.streamline', 'faults', startedAt.replace(/[:.]/g, '-'));
  mkdirSync(runDir, { recursive: true });
  console.log(`[faults] ${chosen.length} scenario(s)${options.short ? ', short' : ''}: ${chosen.map((s) => s.name).join(', ')}; logs in ${runDir}`);

  const run: FaultsRun = {
    startedAt,
    short: options.short,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      kafka: options.kafkaVersion ?? KAFKA_VERSION,
      client: options.client ?? 'kafkajs',
      groupProtocol: options.groupProtocol ?? 'classic',
    },
    scenarios: [],
  };
  for (const [i, scenario] of chosen.entries()) {
    console.log(`\n[faults] ${i + 1}/${chosen.length} ${scenario.name}: ${scenario.title}`);
    run.scenarios.push(
      await runScenario(scenario, {
        root: ROOT,
        runDir,
        kafkaPort: options.kafkaPort + 10 * all.indexOf(scenario),
        kafkaVersion: options.kafkaVersion,
        short: options.short,
        postgresAdminUrl: process.env.FAULTS_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
        serviceDefaults: options.client ? { KAFKA_CLIENT: options.client } : {},
        consumerDefaults: {
          CONSUMER_RETRY_DELAYS_MS: SUITE_RETRY_DELAYS_MS,
          ...(options.groupProtocol ? { KAFKA_GROUP_PROTOCOL: options.groupProtocol } : {}),
        },
      }),
    );
    writeResults(run, options.short);
    // Written after every scenario, so a run cut short still leaves its figures.
    if (updatesDocs(options)) writeFaultsTable(join(ROOT, 'docs', 'faults.md'), run);
  }

  const file = writeResults(run, options.short);
  console.log(`\n${faultsTable(run)}\n\n[faults] results in ${file}`);
  if (updatesDocs(options)) console.log('[faults] docs/faults.md updated');
  const broken = run.scenarios.filter((s) => !s.counts || s.counts.lost > 0 || s.counts.duplicateEffects > 0 || s.counts.orderViolations > 0);
  if (broken.length > 0) console.log(`[faults] lost, applied twice, out of order or unfinished in: ${broken.map((s) => s.name).join(', ')}`);
  return broken.length > 0 ? 1 : 0;
}

/** Every `*.scenario.ts` in scenarios/, in the order of their `order` prefix in the file name. */
async function loadScenarios(): Promise<Scenario[]> {
  const files = readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.scenario.ts'))
    .sort();
  const scenarios: Scenario[] = [];
  for (const file of files) {
    const module = (await import(join(SCENARIO_DIR, file))) as Record<string, unknown>;
    for (const value of Object.values(module)) if (isScenario(value)) scenarios.push(value);
  }
  const names = scenarios.map((s) => s.name);
  const twice = names.filter((name, i) => names.indexOf(name) !== i);
  if (twice.length > 0) throw new Error(`scenario names must be unique: ${twice.join(', ')}`);
  return scenarios;
}

function isScenario(value: unknown): value is Scenario {
  const v = value as Scenario;
  return typeof v === 'object' && v !== null && typeof v.name === 'string' && typeof v.run === 'function' && typeof v.needs === 'object';
}

/**
 * Rebuilds the docs table from results files, e.g. a full run and a rerun of the scenarios that
 * could not finish in it: a later file's row replaces an earlier one's, and the table says which
 * run each row comes from.
 */
function tableFromResults(files: string[]): number {
  const runs = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as FaultsRun);
  const merged: FaultsRun = { ...runs[0]!, scenarios: [] };
  for (const run of runs) {
    for (const scenario of run.scenarios) {
      // The time of the rerun, and its date when it is not the first run's.
      const when =
        run.startedAt.slice(0, 10) === runs[0]!.startedAt.slice(0, 10)
          ? run.startedAt.slice(11, 16)
          : `${run.startedAt.slice(0, 10)} ${run.startedAt.slice(11, 16)}`;
      const tagged = run === runs[0] ? scenario : { ...scenario, name: `${scenario.name} (run of ${when})` };
      const at = merged.scenarios.findIndex((s) => s.name.split(' ')[0] === scenario.name);
      if (at >= 0) merged.scenarios[at] = tagged;
      else merged.scenarios.push(tagged);
    }
  }
  writeFaultsTable(join(ROOT, 'docs', 'faults.md'), merged);
  console.log(faultsTable(merged));
  return 0;
}

/** Only a full run of every scenario speaks for the suite in the docs. */
function updatesDocs(options: FaultsOptions): boolean {
  return options.writeDocs && !options.short && options.only.length === 0;
}

function writeResults(run: FaultsRun, short: boolean): string {
  // Short runs are CI's; only full runs are kept with the repository.
  const dir = short ? join(ROOT, '.streamline', 'faults') : join(ROOT, 'apps', 'faults', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${run.startedAt.replace(/[:.]/g, '-')}${short ? '-short' : ''}.json`);
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
  return file;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\n[faults] ${signal}: taking the running scenario down`);
    void teardownCurrent().finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[faults] ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
