import { BenchResult } from '../bench-runner';

const number = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * The README's table: one row per contender with median, range and spread; on every baseline's
 * row, Streamline's median as a multiple of it.
 */
export function markdownTable(result: BenchResult): string {
  const lines = ['| scenario | contender | median | min – max | spread | Streamline ÷ this |', '|---|---|--:|--:|--:|--:|'];
  for (const scenario of result.scenarios) {
    const streamline = scenario.contenders[0];
    for (const [i, c] of scenario.contenders.entries()) {
      const digits = c.summary.median < 100 ? 1 : 0;
      const isBaseline = scenario.id !== 'memory' && streamline.name.startsWith('streamline-') && !c.name.startsWith('streamline-');
      const vs = isBaseline ? `${number(streamline.summary.median / c.summary.median, 2)}×` : '';
      lines.push(
        `| ${i === 0 ? scenario.title : ''} | ${c.label}${c.note ? ` (${c.note})` : ''} | ${number(c.summary.median, digits)} ${scenario.unit} | ${number(c.summary.min, digits)} – ${number(c.summary.max, digits)} | ${number(c.summary.spread * 100)} % | ${vs} |`,
      );
    }
  }
  const targets = result.scenarios.flatMap((s) =>
    s.targets.map((t) => `| ${s.title} | ${t.description} | ${number(t.value, 2)} | ${t.target} | ${t.met ? 'met' : '**missed**'} |`),
  );
  return [...lines, '', '| scenario | target | measured | wanted | |', '|---|---|--:|--:|---|', ...targets].join('\n');
}
