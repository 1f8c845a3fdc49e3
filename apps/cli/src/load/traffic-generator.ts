import { findEventDefinition, SampleEventGenerator, SeededRandom } from '@streamline/schemas';
import { formatEpochMicros, loadSourceFor } from '@streamline/kafka';
import { LoadEvent } from './load-sender';
import { TypeWeight } from './load-plan';

/**
 * The traffic of a run: event types drawn by weight, ordering keys drawn from a fixed pool
 * (`keys` distinct values, so several events share a key as in real traffic), data from the
 * registry's sample generator, optionally grown to about `payloadBytes`. Same seed, same events.
 */
export class TrafficGenerator {
  private readonly random: SeededRandom;
  private readonly samples: SampleEventGenerator;
  private readonly keyPool: string[];
  private readonly cumulative: { type: string; upTo: number }[];

  constructor(
    types: TypeWeight[],
    keys: number,
    seed: number,
    private readonly payloadBytes?: number,
  ) {
    this.random = new SeededRandom(`load-${seed}`);
    this.samples = new SampleEventGenerator({ seed });
    this.keyPool = Array.from({ length: keys }, () => this.random.uuid());
    const total = types.reduce((sum, t) => sum + t.weight, 0);
    let upTo = 0;
    this.cumulative = types.map((t) => ({ type: t.type, upTo: (upTo += t.weight / total) }));
  }

  /** The next event of run `runId`, stamped with its intended send time. */
  next(runId: string, intendedMicros: number): LoadEvent {
    const r = this.random.next();
    const type = (this.cumulative.find((c) => r < c.upTo) ?? this.cumulative[this.cumulative.length - 1]).type;
    const data = { ...this.samples.next(type).data } as Record<string, unknown>;
    data[findEventDefinition(type)!.keyField] = this.random.pick(this.keyPool);
    if (this.payloadBytes) growTo(data, this.payloadBytes);
    return { id: this.random.uuid(), source: loadSourceFor(runId), type, time: formatEpochMicros(intendedMicros), intendedMicros, data };
  }
}

/** The longest list the registry's schemas accept (order lines: 100). */
const MAX_LIST_LENGTH = 100;

/**
 * Grows the data towards `bytes` by repeating the first element of its first array field
 * (order lines, for instance), which keeps it valid for schemas that allow longer lists.
 */
function growTo(data: Record<string, unknown>, bytes: number): void {
  const list = Object.values(data).find((v): v is unknown[] => Array.isArray(v) && v.length > 0);
  if (!list) return;
  const itemBytes = Buffer.byteLength(JSON.stringify(list[0])) + 1;
  const missing = bytes - Buffer.byteLength(JSON.stringify(data));
  const room = MAX_LIST_LENGTH - list.length;
  for (let i = 0; i < Math.min(room, Math.floor(missing / itemBytes)); i++) list.push(list[0]);
}
