// class-transformer keeps its @Type metadata here; the package exports no typed path to it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage');
import { IS_ISO8601 } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import type { ISchemaConverters } from 'class-validator-jsonschema/build/defaultConverters';
import { EventDefinition, TOPICS } from '../registry/topic-registry';
import { IS_DATE_TIME } from '../validation/is-date-time.decorator';

/** A JSON Schema object, as plain JSON. */
export type JsonSchema = { [key: string]: unknown };

/** JSON Schema dialect of the standalone per-event schemas. */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/**
 * Our own constraints, and ISO 8601 which the library maps to `date | date-time` although
 * class-validator also accepts week dates and times without offset.
 */
const CONVERTERS: ISchemaConverters = {
  [IS_DATE_TIME]: { type: 'string', format: 'date-time', maxLength: 40 } as const,
  [IS_ISO8601]: { type: 'string', description: 'ISO 8601 date or date-time' } as const,
};

/**
 * JSON Schema of every class reachable from the registry's event classes, derived from their
 * class-validator and class-transformer metadata (the same metadata that validates), keyed
 * by class name. References point at `refPrefix + ClassName`: `#/$defs/` for standalone
 * schemas, `#/components/schemas/` for OpenAPI and AsyncAPI.
 */
export function eventClassSchemas(refPrefix: string): Record<string, JsonSchema> {
  const all = validationMetadatasToSchemas({
    refPointerPrefix: refPrefix,
    classTransformerMetadataStorage: defaultMetadataStorage,
    additionalConverters: CONVERTERS,
  }) as Record<string, JsonSchema>;
  const reachable = new Set<string>();
  const visit = (name: string) => {
    if (reachable.has(name)) return;
    const schema = all[name];
    if (!schema) throw new Error(`no validation metadata for class ${name}`);
    reachable.add(name);
    refsIn(schema, refPrefix).forEach(visit);
  };
  for (const topic of TOPICS) topic.events.forEach((e) => visit(e.dataClass.name));
  return Object.fromEntries([...reachable].sort().map((name) => [name, closeObjects(structuredClone(all[name]))]));
}

/** A standalone JSON Schema (draft 2020-12) of one event type's data, for producers in other languages. */
export function eventJsonSchema(definition: EventDefinition, topic: string): JsonSchema {
  const schemas = eventClassSchemas('#/$defs/');
  const root = schemas[definition.dataClass.name];
  const defs: Record<string, JsonSchema> = {};
  const collect = (schema: JsonSchema) =>
    refsIn(schema, '#/$defs/').forEach((name) => {
      if (defs[name]) return;
      defs[name] = schemas[name];
      collect(schemas[name]);
    });
  collect(root);
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: `urn:streamline:event:${definition.type}`,
    title: definition.type,
    description: `${definition.description} Topic \`${topic}\`, Kafka key: the \`${definition.keyField}\` field.`,
    ...(definition.supersededBy ? { deprecated: true } : {}),
    ...root,
    ...(definition.example ? { examples: [definition.example] } : {}),
    ...(Object.keys(defs).length > 0 ? { $defs: Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b))) } : {}),
  };
}

function refsIn(schema: unknown, prefix: string): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  return Object.entries(schema).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' && value.startsWith(prefix) ? [value.slice(prefix.length)] : refsIn(value, prefix),
  );
}

/** Validation rejects unknown fields (`forbidNonWhitelisted`), so every object schema is closed. */
function closeObjects(schema: JsonSchema): JsonSchema {
  if (schema.type === 'object' && schema.properties) schema.additionalProperties = false;
  return schema;
}
