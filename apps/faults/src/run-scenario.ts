import { join } from 'node:path';
import { CliAudit, runCliAudit } from './oracle/cli-audit';
import { readTopicWithKcat, LoggedRecord } from './oracle/log-reader';
import { groupLag } from './oracle/group-lag';
import { AppliedEvents, readAppliedEvents, readAppliedEventsFromPglite } from './oracle/read-model-reader';
import { rebalancesInBrokerLogs } from './oracle/rebalance-log';
import { RedeliveryMeter } from './oracle/redelivery-meter';
import { settledIds, tally } from './oracle/tally';
import { Progress, sleepWithProgress, waitWithProgress } from './progress';
import { LoadOptions, Scenario, ScenarioContext, ScenarioCounts } from './scenario';
import { RunningStack, startStack, StackSettings } from './stack/fault-stack';
import { OrderTraffic } from './traffic/order-traffic';

/** A scenario's outcome as the suite records it. */
export interface ScenarioOutcome {
  name: string;
  title: string;
  needs: Scenario['needs'];
  counts?: ScenarioCounts;
  /** `streamline audit <group> --json` after the run, when the CLI has it. */
  audit?: CliAudit;
  /** Why the scenario could not finish, if it could not. */
  error?: string;
  seconds: number;
}

export interface RunSettings extends Omit<StackSettings, 'logDir' | 'kafkaPort' | 'beforeConsumerEnds'> {
  runDir: string;
  kafkaPort: number;
  short: boolean;
}

/** The stack of the scenario running now, for Ctrl-C to take down. */
let current: RunningStack | undefined;

/** Takes down the running scenario's stack (brokers are detached and would outlive the suite). */
export async function teardownCurrent(): Promise<void> {
  const stack = current;
  current = undefined;
  await stack?.teardown();
}

/** Starts the scenario's stack, runs it, and always takes the stack down again. */
export async function runScenario(scenario: Scenario, settings: RunSettings): Promise<ScenarioOutcome> {
  const started = Date.now();
  const progress = new Progress(scenario.name);
  let stack: RunningStack | undefined;
  const meter = new RedeliveryMeter(() => stack?.consumers ?? []);
  try {
    progress.log(`starting ${scenario.needs.brokers} broker(s), ${scenario.needs.database}, producer, ${scenario.needs.consumers} consumer(s)`);
    const stackSettings: StackSettings = {
      ...settings,
      logDir: join(settings.runDir, scenario.name),
      beforeConsumerEnds: (service) => meter.scrape(service),
    };
    // Starting three JVMs on a busy machine sometimes misses a bound of local-broker; once more is fair.
    stack = await startStack(scenario.name, scenario.needs, stackSettings).catch((error: Error) => {
      progress.log(`could not start the stack (${error.message.split('\n')[0]}); trying once more`);
      return startStack(scenario.name, scenario.needs, stackSettings);
    });
    current = stack;
    meter.start();
    const counts = await scenario.run(contextFor(stack, meter, progress, settings.short));
    progress.log(summary(counts));
    const audit = await runCliAudit(settings.root, stack.group, stack.topic, stack.bootstrap, stack.databaseUrl);
    // A third reader beside kcat and SQL: what it finds missing is reported with the scenario.
    const audited = (audit.report as { counts?: { missing?: number; appliedOrDeadLettered?: number } } | undefined)?.counts;
    if (audited?.missing) counts.notes.push(`streamline audit: ${audited.missing} event(s) on the topic neither applied nor dead-lettered`);
    progress.log(audit.report ? `streamline audit: ${audited?.missing ?? '?'} missing` : `streamline audit skipped: ${audit.skipped}`);
    return { name: scenario.name, title: scenario.title, needs: scenario.needs, counts, audit, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    const message = (error as Error).stack ?? String(error);
    progress.log(`FAILED: ${message}`);
    return { name: scenario.name, title: scenario.title, needs: scenario.needs, error: (error as Error).message, seconds: (Date.now() - started) / 1000 };
  } finally {
    meter.stop();
    progress.log('tearing down');
    if (current === stack) await teardownCurrent();
  }
}

function contextFor(stack: RunningStack, meter: RedeliveryMeter, progress: Progress, short: boolean): ScenarioContext {
  let traffic: OrderTraffic | undefined;
  const ctx: ScenarioContext = {
    stack,
    short,
    log: (line) => progress.log(line),
    sleep: (ms, label) => sleepWithProgress(progress, ms, label),
    waitFor: (label, condition, timeoutMs) => waitWithProgress(progress, label, condition, timeoutMs),
    underLoad: (load, fault) => {
      traffic = new OrderTraffic(() => stack.producer.url, load.eventsPerSecond);
      return underLoad(ctx, stack, meter, progress, traffic, load, fault);
    },
    acceptTimes: (from, to) => (traffic?.accepted ?? []).filter((e) => e.acceptedAt >= from && e.acceptedAt <= to).map((e) => e.tookMs),
  };
  return ctx;
}

async function underLoad(
  ctx: ScenarioContext,
  stack: RunningStack,
  meter: RedeliveryMeter,
  progress: Progress,
  traffic: OrderTraffic,
  load: LoadOptions,
  fault: (ctx: ScenarioContext) => Promise<void>,
): Promise<ScenarioCounts> {
  const notes: string[] = [];
  const started = Date.now();
  let faultEnd: number | undefined;
  let recoveredAt: number | undefined;
  let settledCount = 0;
  let trafficDone = false;

  // With PGlite the consumer holds the database, so progress is the group's lag instead.
  const settledNow = async (): Promise<(id: string) => boolean> => {
    if (!stack.databaseUrl) {
      const lag = await groupLag(stack.bootstrap, stack.group, stack.topic);
      return () => lag === 0;
    }
    const applied = await readAppliedEvents(stack.databaseUrl);
    let ids = settledIds(applied, []);
    if (traffic.accepted.some((e) => !ids.has(e.id))) ids = settledIds(applied, await readDeadLetters(stack));
    settledCount = traffic.accepted.filter((e) => ids.has(e.id)).length;
    return (id) => ids.has(id);
  };
  const checkRecovery = async () => {
    if (faultEnd === undefined || recoveredAt !== undefined) return;
    const end = faultEnd;
    const settled = await settledNow().catch(() => undefined);
    if (settled && traffic.accepted.every((e) => e.acceptedAt > end || settled(e.id))) recoveredAt = Date.now();
  };
  const ticker = setInterval(() => {
    const c = traffic.counts;
    const phase = trafficDone ? 'draining' : faultEnd === undefined ? 'fault' : 'after fault';
    progress.update(
      `${Math.round((Date.now() - started) / 1000)} s ${phase}: attempted ${c.attempted}, accepted ${c.accepted}, 503 ${c.unavailable}, failed ${c.failed}, settled ${settledCount}` +
        `, consumers up ${stack.consumers.filter((s) => s.running).length}/${stack.consumers.length}`,
    );
  }, 1000);
  let polling = false;
  const poller = setInterval(() => {
    if (polling) return;
    polling = true;
    void checkRecovery().finally(() => (polling = false));
  }, 1000);

  try {
    traffic.start();
    const faultRun = fault(ctx)
      .catch((error: Error) => {
        // The first line says what failed; the rest (a broker log's tail) stays in the service logs.
        notes.push(`the fault step failed: ${error.message.split('\n')[0]}`);
        progress.log(`fault step failed: ${error.message.split('\n')[0]}`);
      })
      .finally(() => {
        faultEnd = Date.now();
        progress.log(`fault over at ${Math.round((faultEnd - started) / 1000)} s`);
      });
    await new Promise((r) => setTimeout(r, load.seconds * 1000));
    // The fault happens under load: traffic goes on until it is over, however long that takes.
    await faultRun;
    await traffic.stop();
    trafficDone = true;
    const timeoutMs = (load.recoveryTimeoutSeconds ?? 180) * 1000;
    await waitWithProgress(
      progress,
      `every accepted event applied or dead-lettered (${traffic.counts.accepted})`,
      async () => {
        await checkRecovery();
        const settled = await settledNow().catch(() => undefined);
        return settled !== undefined && traffic.accepted.every((e) => settled(e.id));
      },
      timeoutMs,
    ).catch((error: Error) => notes.push(error.message));
  } finally {
    clearInterval(ticker);
    clearInterval(poller);
  }
  await checkRecovery();
  for (const c of stack.consumers) if (!c.running) notes.push(`${c.name} was not running at the end`);
  await meter.scrapeAll();
  const rebalances = rebalancesInBrokerLogs(
    stack.kafka.brokers.map((_, id) => stack.kafka.logFile(id)),
    stack.group,
  );
  if (rebalances.total > 0)
    notes.push(`rebalances of the group (brokers' log): ${rebalances.total}, ${rebalances.unprompted} started by a member joining the stable group again`);

  const topicRecords = await readTopicWithKcat(stack.bootstrap, stack.topic);
  const deadLetterRecords = await readDeadLetters(stack);
  let applied: AppliedEvents;
  if (stack.databaseUrl) applied = await readAppliedEvents(stack.databaseUrl);
  else {
    await Promise.all(stack.consumers.map((c) => c.stop()));
    applied = await readAppliedEventsFromPglite(stack.databaseName);
  }
  return tally({
    attempts: traffic.counts,
    answers: traffic.answers,
    accepted: traffic.accepted,
    planned: traffic.orders,
    topicRecords,
    deadLetterRecords,
    applied,
    redeliveries: meter.total,
    recoverySeconds: recoveredAt !== undefined && faultEnd !== undefined ? Math.max(0, (recoveredAt - faultEnd) / 1000) : undefined,
    notes,
  });
}

function readDeadLetters(stack: RunningStack): Promise<LoggedRecord[]> {
  return readTopicWithKcat(stack.bootstrap, stack.deadLetterTopic, 30_000);
}

function summary(c: ScenarioCounts): string {
  const recovery = c.recoverySeconds === undefined ? 'never' : `${c.recoverySeconds.toFixed(1)} s`;
  return (
    `attempted ${c.attempted}, accepted ${c.accepted}, 503 ${c.unavailable}, failed ${c.failed}, LOST ${c.lost}, log duplicates ${c.duplicatesInLog}, ` +
    `DUPLICATE EFFECTS ${c.duplicateEffects}, dead letters ${c.deadLetters}, redeliveries ${c.redeliveries} (${c.redeliveryPercent.toFixed(3)} %), ` +
    `order violations ${c.orderViolations}, recovery ${recovery}${c.notes.length ? `\n  ${c.notes.join('\n  ')}` : ''}`
  );
}
