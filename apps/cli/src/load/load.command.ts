import { Command, Help, Option } from 'nest-commander';
import { kafkaOptionsFromEnv } from '@streamline/kafka';
import { CliConfig } from '../cli.config';
import { KafkaCommand } from '../kafka/kafka-command';
import { KafkaConnection } from '../kafka/kafka-connection';
import { EXIT } from '../errors/cli.errors';
import { Printer } from '../output/printer';
import { HttpSender } from './http-sender';
import { KafkaSender } from './kafka-sender';
import { LoadCompareCommand } from './load-compare.command';
import { LoadFlags, parseLoadPlan } from './load-plan';
import { LoadResult } from './load-result';
import { runLoad, writeLoadResult } from './load-runner';
import { LoadSender } from './load-sender';
import { StopSignal } from './load-step';
import { ProgressLine, progressText } from './progress-line';

/** Exit code of a run stopped with Ctrl-C (after its results were written). */
export const EXIT_INTERRUPTED = 130;

/** `streamline load`: fixed-rate traffic of schema-valid events, with latency percentiles. */
@Command({
  name: 'load',
  description: 'send schema-valid events at a fixed rate and measure acknowledgement and end-to-end latency',
  subCommands: [LoadCompareCommand],
})
export class LoadCommand extends KafkaCommand<LoadFlags & { json?: boolean }> {
  constructor(
    connection: KafkaConnection,
    private readonly printer: Printer,
    private readonly config: CliConfig,
  ) {
    super(connection);
  }

  protected async execute(_: string[], flags: LoadFlags & { json?: boolean }): Promise<void> {
    const plan = parseLoadPlan(flags);
    const stop: StopSignal = { stopped: false };
    const onSignal = (signal: NodeJS.Signals) => {
      if (stop.stopped) process.exit(EXIT_INTERRUPTED);
      stop.stopped = true;
      this.printer.note(`\n${signal}: stopping, writing the results so far (again to quit at once)…`);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let sender: LoadSender | undefined;
    try {
      sender =
        plan.via === 'http'
          ? new HttpSender(plan.url!, plan.requestTimeoutMs)
          : await KafkaSender.open({ ...kafkaOptionsFromEnv(this.config), brokers: this.connection.brokers, topicPrefix: this.connection.prefix || undefined });
      this.printer.note(
        `run ${plan.runId}: ${plan.rates.map((r) => `${r}/s`).join(', ')} via ${plan.via}${plan.consumerUrls.length ? `, end to end via ${plan.consumerUrls.join(', ')}` : ', no --consumer-url: acknowledgement latency only'}`,
      );
      const progress = new ProgressLine(this.printer.interactive);
      let currentStep = 0;
      const result = await runLoad(plan, sender, stop, (p, step) => {
        if (step !== currentStep) progress.done();
        currentStep = step;
        progress.update(progressText(p, step, plan.rates.length), p.elapsedS);
      });
      progress.done();
      const files = writeLoadResult(result, plan);
      if (flags.json) this.printer.json(result);
      else printSummary(this.printer, result);
      this.printer.note(`written: ${files.join(', ')}`);
      if (result.interrupted) process.exitCode = EXIT_INTERRUPTED;
      else if (!result.steps.some((step) => step.acked > 0)) {
        this.printer.note(
          `error: nothing was acknowledged${describeErrors(result)}; is anything listening at ${plan.via === 'http' ? plan.url : this.connection.brokers.join(',')}?`,
        );
        process.exitCode = EXIT.failed;
      }
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await sender?.close();
    }
  }

  @Option({ flags: '-r, --rate <rates>', description: 'arrival rate, events/s: 2000/s, or steps 1000,2000,4000 (required)' })
  parseRate(value: string): string {
    return value;
  }

  @Option({ flags: '-d, --duration <duration>', description: 'length of each step, e.g. 30s, 2m' })
  parseDuration(value: string): string {
    return value;
  }

  @Option({ flags: '-n, --count <n>', description: 'events per step (with --duration: whichever ends first)' })
  parseCount(value: string): string {
    return value;
  }

  @Option({ flags: '--via <way>', description: 'http (the producer service, --url) or kafka (the producer library)', defaultValue: 'http' })
  parseVia(value: string): string {
    return value;
  }

  @Option({ flags: '--url <url>', description: 'producer service base URL, e.g. http://localhost:3000' })
  parseUrl(value: string): string {
    return value;
  }

  @Option({ flags: '--batch <n>', description: 'events per HTTP request; more than 1 posts CloudEvents batches (default 1)' })
  parseBatch(value: string): string {
    return value;
  }

  @Option({ flags: '--consumer-url <urls>', description: 'consumer service base URL(s), comma separated, for end-to-end latency' })
  parseConsumerUrl(value: string): string {
    return value;
  }

  @Option({
    flags: '--types <mix>',
    description:
      'independent events of these types and weights, e.g. order.placed.v1=3,order.paid.v1=1 (default: order stories, placed → paid → shipped or cancelled per key)',
  })
  parseTypes(value: string): string {
    return value;
  }

  @Option({ flags: '--keys <n>', description: 'distinct ordering keys, orders in progress for stories (default 1000)' })
  parseKeys(value: string): string {
    return value;
  }

  @Option({ flags: '--payload-bytes <n>', description: "grow each event's data to about this size (by repeating list entries)" })
  parsePayloadBytes(value: string): string {
    return value;
  }

  @Option({ flags: '--seed <n>', description: 'seed of the traffic: same seed, same events (default 1)' })
  parseSeed(value: string): string {
    return value;
  }

  @Option({ flags: '--max-in-flight <n>', description: 'unanswered events at most; beyond, sending waits and the wait counts as latency (default 10000)' })
  parseMaxInFlight(value: string): string {
    return value;
  }

  @Option({ flags: '--drain-timeout <duration>', description: 'how long to wait for the consumer after the last send (default 30s)' })
  parseDrainTimeout(value: string): string {
    return value;
  }

  @Option({ flags: '--request-timeout <duration>', description: 'an HTTP request or Kafka send slower than this is a timeout error (default 10s)' })
  parseRequestTimeout(value: string): string {
    return value;
  }

  @Option({ flags: '-o, --out <file>', description: 'JSON result file (default load-<run id>.json)' })
  parseOut(value: string): string {
    return value;
  }

  @Option({ flags: '--html <file>', description: 'also write a self-contained HTML report with charts' })
  parseHtml(value: string): string {
    return value;
  }

  @Option({ flags: '--run-id <id>', description: 'name of the run (default: time and random letters)' })
  parseRunId(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print the whole result as JSON on stdout instead of the summary' })
  parseJson(): boolean {
    return true;
  }

  @Help('after')
  example(): string {
    return [
      '',
      "Latency is measured from each event's intended send time (coordinated omission corrected).",
      'Exit codes: 0 run finished (errors, if any, are in the results), 1 failed or nothing was acknowledged, 2 bad usage, 130 stopped with Ctrl-C (results written).',
      '',
      'Examples:',
      '  $ streamline load --rate 2000/s --duration 30s --url http://localhost:3000 --consumer-url http://localhost:3001 --html report.html',
      '  $ streamline load --rate 1000,2000,4000 --duration 20s --via kafka --consumer-url http://localhost:3001',
      '  $ streamline load compare baseline.json load-20261123-ab12cd.json --percentile p99 --threshold 10%',
    ].join('\n');
  }
}

/** ` (connection: 300)`: the errors of every step, summed by kind. */
function describeErrors(result: LoadResult): string {
  const errors = new Map<string, number>();
  for (const step of result.steps) for (const [kind, n] of Object.entries(step.errors)) errors.set(kind, (errors.get(kind) ?? 0) + n);
  return errors.size ? ` (errors ${[...errors].map(([kind, n]) => `${kind}: ${n}`).join(', ')})` : '';
}

/** Figures that could not be measured (no acknowledgement, no handled event, no --consumer-url) show as –. */
function printSummary(printer: Printer, result: LoadResult): void {
  const f = (v: number | null | undefined) => (v === undefined || v === null ? '–' : v.toFixed(2));
  const rows = result.steps.map((s) => {
    const e = s.endToEndLatency?.summary;
    const a = s.ackLatency.summary;
    const errors =
      Object.entries(s.errors)
        .map(([k, n]) => `${k}:${n}`)
        .join(',') || '0';
    return [
      `${s.rate}/s`,
      s.sent > 1 ? String(Math.round(s.achievedRate)) : '–',
      String(s.sent),
      String(s.acked),
      s.handled === null ? '–' : String(s.handled),
      errors,
      f(a.p50),
      f(a.p99),
      f(a.p999),
      f(a.max),
      f(e?.p50),
      f(e?.p90),
      f(e?.p99),
      f(e?.p999),
      f(e?.max),
    ];
  });
  printer.table(
    [
      'RATE',
      'ACHIEVED',
      'SENT',
      'ACKED',
      'HANDLED',
      'ERRORS',
      'ACK P50',
      'ACK P99',
      'ACK P99.9',
      'ACK MAX',
      'E2E P50',
      'E2E P90',
      'E2E P99',
      'E2E P99.9',
      'E2E MAX',
    ].map((header, i) => ({ header, align: i === 0 || i === 5 ? 'left' : 'right' })),
    rows,
  );
  printer.note("latencies in ms, from each event's intended send time");
}
