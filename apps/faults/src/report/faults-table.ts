import { readFileSync, writeFileSync } from 'node:fs';
import { ScenarioOutcome } from '../run-scenario';

/** A whole run as written to the results file. */
export interface FaultsRun {
  startedAt: string;
  short: boolean;
  /** client and groupProtocol: absent in results written before the suite could choose them (kafkajs, classic). */
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; kafka: string; client?: string; groupProtocol?: string };
  scenarios: ScenarioOutcome[];
}

const BEGIN = '<!-- faults-table:begin -->';
const END = '<!-- faults-table:end -->';

const n = (value: number) => value.toLocaleString('en-US');

/** One row per scenario with every figure; a scenario that could not finish says why. */
export function faultsTable(run: FaultsRun): string {
  const header =
    '| scenario | attempted | 202 | 503 | other | lost | log dups | dup effects | dead letters | redeliveries | order violations | recovery |\n' +
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|';
  const rows = run.scenarios.map((s) => {
    if (!s.counts) return `| ${s.name} | could not finish: ${s.error?.replace(/\|/g, '/').split('\n')[0]} |||||||||||`;
    const c = s.counts;
    const mark = (v: number) => (v > 0 ? `**${n(v)}**` : '0');
    const recovery = c.recoverySeconds === undefined ? '**never**' : `${c.recoverySeconds.toFixed(1)} s`;
    return `| ${s.name} | ${n(c.attempted)} | ${n(c.accepted)} | ${n(c.unavailable)} | ${n(c.failed)} | ${mark(c.lost)} | ${n(c.duplicatesInLog)} | ${mark(c.duplicateEffects)} | ${n(c.deadLetters)} | ${n(c.redeliveries)} (${c.redeliveryPercent.toFixed(2)} %) | ${mark(c.orderViolations)} | ${recovery} |`;
  });
  const notes = run.scenarios.filter((s) => s.counts?.notes.length).map((s) => `- **${s.name}**: ${s.counts!.notes.join('; ')}`);
  const m = run.machine;
  return [
    `Run of ${run.startedAt.replace('T', ' ').slice(0, 16)} UTC${run.short ? ' (`--short`)' : ''}: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}, Kafka ${m.kafka}, client ${m.client ?? 'kafkajs'} (${m.groupProtocol ?? 'classic'} group protocol).`,
    '',
    header,
    ...rows,
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
}

/** Replaces the table between its markers in `file`; the prose around it stays as written. */
export function writeFaultsTable(file: string, run: FaultsRun): void {
  const text = readFileSync(file, 'utf8');
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${file} has no ${BEGIN} … ${END} markers`);
  writeFileSync(file, `${text.slice(0, begin + BEGIN.length)}\n${faultsTable(run)}\n${text.slice(end)}`);
}
