import { readFileSync } from 'node:fs';
import { Help, Option, SubCommand, CommandRunner } from 'nest-commander';
import { UsageError } from '../errors/cli.errors';
import { Printer } from '../output/printer';
import { compareResults, LatencyKind, parsePercentile, parseThreshold } from './load-compare';
import { asLoadResult, LoadResult } from './load-result';

interface CompareFlags {
  percentile?: string;
  threshold?: string;
  kind?: string;
  json?: boolean;
}

/** `streamline load compare a.json b.json`: exits 1 when the chosen percentile regressed past the threshold. */
@SubCommand({
  name: 'compare',
  arguments: '<baseline> <candidate>',
  description: 'compare two load results; exit 1 when a percentile regressed by more than the threshold',
})
export class LoadCompareCommand extends CommandRunner {
  constructor(private readonly printer: Printer) {
    super();
  }

  async run([baselineFile, candidateFile]: string[], flags: CompareFlags): Promise<void> {
    const gate = parsePercentile(flags.percentile ?? 'p99');
    const threshold = parseThreshold(flags.threshold ?? '10%');
    if (flags.kind !== undefined && flags.kind !== 'end-to-end' && flags.kind !== 'ack')
      throw new UsageError(`--kind must be end-to-end or ack, got "${flags.kind}"`);
    const comparison = compareResults(readResult(baselineFile), readResult(candidateFile), gate, threshold, flags.kind as LatencyKind | undefined);
    if (flags.json) this.printer.json(comparison);
    else {
      this.printer.table(
        [
          { header: 'STEP' },
          { header: 'RATE', align: 'right' },
          { header: 'LATENCY' },
          { header: 'PERCENTILE' },
          { header: 'BASELINE MS', align: 'right' },
          { header: 'CANDIDATE MS', align: 'right' },
          { header: 'CHANGE', align: 'right' },
          { header: '' },
        ],
        comparison.rows.map((r) => [
          String(r.step),
          `${r.rate}/s`,
          r.kind,
          r.percentile,
          r.baseline.toFixed(2),
          r.candidate.toFixed(2),
          `${r.change >= 0 ? '+' : ''}${(r.change * 100).toFixed(1)}%`,
          r.regressed ? 'REGRESSED' : '',
        ]),
      );
      if (comparison.unmatched.length) this.printer.note(`steps not compared (missing or different rate): ${comparison.unmatched.join(', ')}`);
    }
    if (comparison.regressions.length > 0) {
      this.printer.note(`${gate} regressed by more than ${(threshold * 100).toFixed(1)}% in ${comparison.regressions.length} step(s)`);
      process.exitCode = 1;
    } else {
      this.printer.note(`no ${gate} regression beyond ${(threshold * 100).toFixed(1)}%`);
    }
  }

  @Option({ flags: '--percentile <p>', description: 'percentile that gates: p50, p90, p99, p99.9 or max (default p99)' })
  parsePercentile(value: string): string {
    return value;
  }

  @Option({ flags: '--threshold <percent>', description: 'largest allowed growth of that percentile (default 10%)' })
  parseThreshold(value: string): string {
    return value;
  }

  @Option({ flags: '--kind <kind>', description: 'end-to-end or ack (default: end-to-end when both runs measured it)' })
  parseKind(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print the comparison as JSON' })
  parseJson(): boolean {
    return true;
  }

  @Help('after')
  example(): string {
    return '\nExit codes: 0 no regression, 1 regression, 2 bad usage or a file that is not a load result.\n\nExample:\n  $ streamline load compare baseline.json candidate.json --percentile p99 --threshold 10%';
  }
}

function readResult(file: string): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return asLoadResult(JSON.parse(text), file);
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message}`);
  }
}
