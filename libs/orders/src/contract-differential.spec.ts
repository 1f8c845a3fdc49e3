import 'reflect-metadata';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { renderContractFiles, SchemaValidationError, validateEventData } from '@streamline/schemas';
import { ORDER_CONTRACT_VERSION, ORDER_TOPICS, orderRegistry } from './order-registry';

/** A small deterministic generator, so a failure names a payload that can be produced again. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values a field may be set to: wrong types, edges of strings and numbers, hostile dates and e-mails. */
const REPLACEMENTS: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e13,
  10000000000001,
  '',
  'x',
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(257),
  [],
  {},
  [{}],
  'EUR',
  'eur',
  '2026-11-23T10:00:00Z',
  '2026-02-30T10:00:00Z',
  '2026-11-23T10:00:00',
  '2026-11-23',
  '2026-11-23T25:00:00Z',
  '2016-12-31T23:59:60Z',
  '2026-11-23 10:00:00Z',
  'user@example.com',
  'üser@exämple.com',
  'a@b',
  '0d6f4b6e-8f3a-4d2c-9a61-3b8f0e5c7a21',
  '0D6F4B6E-8F3A-4D2C-9A61-3B8F0E5C7A21',
  'web',
  'card',
  'standard',
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside `value` (object keys and array indexes). */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...paths(v, [...prefix, i])]);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
  return [];
}

function mutate(example: Json, random: () => number): Json {
  const copy = structuredClone(example);
  const all = paths(copy);
  const steps = 1 + Math.floor(random() * 3);
  for (let s = 0; s < steps && all.length > 0; s++) {
    const path = all[Math.floor(random() * all.length)];
    let parent: any = copy;
    for (const key of path.slice(0, -1)) parent = parent?.[key];
    if (parent === null || typeof parent !== 'object') continue;
    const last = path[path.length - 1];
    const roll = random();
    if (roll < 0.15 && !Array.isArray(parent)) delete parent[last];
    else if (roll < 0.25 && !Array.isArray(parent)) parent[`extra${Math.floor(random() * 3)}`] = 1;
    else parent[last] = structuredClone(REPLACEMENTS[Math.floor(random() * REPLACEMENTS.length)]);
  }
  return copy;
}

/**
 * One contract checked both ways: the runtime validator (class-validator, the source of truth)
 * and ajv over the generated JSON Schema must agree on every payload, valid or not.
 *
 * Each rule is published as keywords that accept exactly what it accepts (see
 * libs/schemas/src/contract/schema-converters.ts): `@IsDateTime` as `format: date-time` with the
 * pattern of its syntax (no space for the `T`), the v1 times (`@IsISO8601` + `@Matches(/T/)`) as
 * the exact ISO 8601 pattern, an `@IsOptional()` property with `null` allowed, and e-mail
 * addresses (`@IsEmailAddress`, internationalised ones included) as their pattern.
 */
describe('the runtime validator and the generated JSON Schema agree', () => {
  const files = renderContractFiles(orderRegistry, { version: ORDER_CONTRACT_VERSION });
  const ajv = new Ajv2020({ allErrors: false, strict: false });
  addFormats(ajv);
  const PER_TYPE = 1500;

  for (const definition of ORDER_TOPICS.flatMap((t) => t.events)) {
    it(`${definition.type}: ${PER_TYPE} generated and mutated payloads, no disagreement`, () => {
      const check = ajv.compile(JSON.parse(files.get(`json-schema/${definition.type}.json`)!));
      const random = seeded(definition.type.length * 7919);
      const disagreements: { payload: Json; runtime: boolean; schema: boolean }[] = [];
      const example = JSON.parse(JSON.stringify(definition.example)) as Json;
      for (let i = 0; i < PER_TYPE; i++) {
        const payload = i === 0 ? example : mutate(example, random);
        let runtime = true;
        try {
          validateEventData(definition, structuredClone(payload));
        } catch (error) {
          if (!(error instanceof SchemaValidationError)) throw error;
          runtime = false;
        }
        const schema = check(payload) === true;
        if (runtime !== schema) disagreements.push({ payload, runtime, schema });
      }
      expect(disagreements.slice(0, 5)).toEqual([]);
    });
  }
});
