/** The parts of a generated JSON Schema the compatibility rules read. */
export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  $ref?: string;
  $defs?: Record<string, SchemaNode>;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
}

/** One change that breaks consumers: where, and what. */
export interface BreakingChange {
  path: string;
  change: string;
}

const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems'] as const;
const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems'] as const;

/**
 * BACKWARD compatibility, as a schema registry's BACKWARD mode means it: a consumer built with
 * the `next` schema must still read every event valid under `previous` (the history on the
 * topic). So anything that makes a once-valid payload invalid breaks: a property removed (the
 * schemas forbid unknown ones), a new required property or one made required, a type narrowed
 * or changed, an enum value removed, a bound tightened, a pattern or format added or changed,
 * unknown properties forbidden where they were allowed. Additive changes pass: a new optional
 * property, an enum value added, a bound loosened, a constraint removed.
 */
export function backwardBreakingChanges(previous: SchemaNode, next: SchemaNode, path = '$'): BreakingChange[] {
  const changes: BreakingChange[] = [];
  const broke = (where: string, change: string) => changes.push({ path: where, change });
  const before = resolve(previous, previous);
  const after = resolve(next, next);
  compare(before, after, path, previous, next, broke);
  return changes;
}

/** True when `null` is valid: `type` names it, or `anyOf` offers it (an optional nested class). */
function takesNull(node: SchemaNode): boolean {
  return Boolean(node.anyOf?.some((option) => option.type === 'null')) || [node.type].flat().includes('null');
}

function resolve(node: SchemaNode, root: SchemaNode): SchemaNode {
  // `anyOf: [{ $ref }, { type: 'null' }]`: compared as the class it refers to; `null` is checked apart.
  const options = node.anyOf?.filter((option) => option.type !== 'null');
  if (options?.length === 1 && node.anyOf!.length === 2) return resolve(options[0], root);
  if (!node.$ref) return node;
  const name = node.$ref.replace(/^#\/\$defs\//, '');
  return root.$defs?.[name] ?? node;
}

function typesOf(node: SchemaNode): Set<string> | undefined {
  if (node.type === undefined) return undefined;
  const types = new Set(Array.isArray(node.type) ? node.type : [node.type]);
  // Every integer is a number: widening integer to number keeps old data valid.
  return types;
}

function compare(
  before: SchemaNode,
  after: SchemaNode,
  path: string,
  rootBefore: SchemaNode,
  rootAfter: SchemaNode,
  broke: (where: string, change: string) => void,
): void {
  const typesBefore = typesOf(before);
  const typesAfter = typesOf(after);
  if (typesAfter && (!typesBefore || [...typesBefore].some((t) => !typesAfter.has(t) && !(t === 'integer' && typesAfter.has('number'))))) {
    broke(path, `type narrowed or changed: ${[...(typesBefore ?? ['any'])].join('|')} → ${[...typesAfter].join('|')}`);
  }
  if (after.enum) {
    const removed = (before.enum ?? []).filter((v) => !after.enum!.some((w) => JSON.stringify(w) === JSON.stringify(v)));
    if (!before.enum) broke(path, `enum added: only ${after.enum.map((v) => JSON.stringify(v)).join(', ')} allowed now`);
    else if (removed.length > 0) broke(path, `enum value(s) removed: ${removed.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  if (after.const !== undefined && JSON.stringify(after.const) !== JSON.stringify(before.const)) broke(path, 'const added or changed');
  for (const key of ['pattern', 'format'] as const) {
    if (after[key] !== undefined && after[key] !== before[key]) broke(path, `${key} ${before[key] === undefined ? 'added' : 'changed'}: ${after[key]}`);
  }
  for (const key of LOWER_BOUNDS) {
    if (after[key] !== undefined && (before[key] === undefined || after[key]! > before[key]!))
      broke(path, `${key} raised: ${before[key] ?? 'none'} → ${after[key]}`);
  }
  for (const key of UPPER_BOUNDS) {
    if (after[key] !== undefined && (before[key] === undefined || after[key]! < before[key]!))
      broke(path, `${key} lowered: ${before[key] ?? 'none'} → ${after[key]}`);
  }
  const propsBefore = before.properties ?? {};
  const propsAfter = after.properties ?? {};
  const closedAfter = after.additionalProperties === false;
  if (closedAfter && before.additionalProperties !== false && before.properties !== undefined)
    broke(path, 'unknown properties forbidden where they were allowed');
  const requiredBefore = new Set(before.required ?? []);
  for (const name of after.required ?? []) {
    if (requiredBefore.has(name)) continue;
    broke(`${path}.${name}`, name in propsBefore ? 'made required' : 'new required property');
  }
  for (const [name, schema] of Object.entries(propsBefore)) {
    const successor = propsAfter[name];
    if (!successor) {
      if (closedAfter) broke(`${path}.${name}`, 'property removed (unknown properties are refused, so history holding it no longer validates)');
      continue;
    }
    if (schema.anyOf && takesNull(schema) && !takesNull(successor)) broke(`${path}.${name}`, 'null no longer allowed');
    compare(resolve(schema, rootBefore), resolve(successor, rootAfter), `${path}.${name}`, rootBefore, rootAfter, broke);
  }
  if (before.items && after.items) compare(resolve(before.items, rootBefore), resolve(after.items, rootAfter), `${path}[]`, rootBefore, rootAfter, broke);
}
