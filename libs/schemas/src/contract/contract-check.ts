import { BreakingChange, backwardBreakingChanges, SchemaNode } from './compatibility';

const SCHEMA_FILE = /^json-schema\/(.+)\.json$/;

/**
 * The changes from the `baseline` contract files (the last published ones, committed) to the
 * `current` ones that break consumers, per event type (BACKWARD mode, see compatibility.ts).
 * A new event type is additive; a type removed breaks (its history can no longer be read).
 */
export function contractBreakingChanges(baseline: ReadonlyMap<string, string>, current: ReadonlyMap<string, string>): BreakingChange[] {
  const changes: BreakingChange[] = [];
  for (const [path, content] of baseline) {
    const type = SCHEMA_FILE.exec(path)?.[1];
    if (type === undefined) continue;
    const successor = current.get(path);
    if (successor === undefined) {
      changes.push({ path: type, change: 'event type removed: history of it can no longer be read' });
      continue;
    }
    const found = backwardBreakingChanges(JSON.parse(content) as SchemaNode, JSON.parse(successor) as SchemaNode, type);
    changes.push(...found);
  }
  return changes;
}
