import { FieldError } from '../errors/schema-validation.error';

/** Keys that could reach an object's prototype when data is copied or transformed. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deepest nesting of objects and arrays accepted in event data; every event class fits well inside. */
export const MAX_DATA_DEPTH = 16;

/**
 * Walks parsed JSON before any class is built from it and lists what must never reach
 * class-transformer: prototype-polluting keys and nesting deeper than `maxDepth` (which would
 * otherwise cost recursion proportional to the attacker's input). Iterative, so hostile input
 * cannot exhaust the stack here either. Paths are `items[0].sku` relative to the data.
 */
export function findUnsafeStructure(value: unknown, maxDepth = MAX_DATA_DEPTH): FieldError[] {
  const problems: FieldError[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: node, path, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= maxDepth) {
      problems.push({ field: path || 'data', messages: [`${path || 'data'} is nested deeper than ${maxDepth} levels`] });
      continue;
    }
    const isArray = Array.isArray(node);
    for (const key of Object.keys(node)) {
      const childPath = isArray ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) {
        problems.push({ field: childPath, messages: [`${childPath} is a forbidden key`] });
        continue;
      }
      stack.push({ value: (node as Record<string, unknown>)[key], path: childPath, depth: depth + 1 });
    }
  }
  return problems.sort((a, b) => a.field.localeCompare(b.field));
}
