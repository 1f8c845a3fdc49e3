import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { EventDefinition } from '../registry/event-definition';
import { transformerMetadataProbe } from '../validation/transformer-probe';
import { allowNull, NULLABLE_MARK, SCHEMA_CONVERTERS } from './schema-converters';

type SchemaOptions = NonNullable<Parameters<typeof validationMetadatasToSchemas>[0]>;

/** A JSON Schema object, as plain JSON. */
export type JsonSchema = { [key: string]: unknown };

/** JSON Schema dialect of the standalone per-event schemas. */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/**
 * JSON Schema of every class reachable from `roots` (class names, e.g. a registry's data classes), derived from their
 * class-validator metadata and what class-transformer builds (the same that validates), keyed
 * by class name. References point at `refPrefix + ClassName`: `#/$defs/` for standalone
 * schemas, `#/components/schemas/` for OpenAPI and AsyncAPI.
 */
export function eventClassSchemas(refPrefix: string, roots: readonly string[]): Record<string, JsonSchema> {
  const all = validationMetadatasToSchemas({
    refPointerPrefix: refPrefix,
    // The library types this as class-transformer's (internal) storage; it asks only what the probe answers.
    classTransformerMetadataStorage: transformerMetadataProbe as unknown as SchemaOptions['classTransformerMetadataStorage'],
    additionalConverters: SCHEMA_CONVERTERS,
  }) as Record<string, JsonSchema>;
  const reachable = new Set<string>();
  const visit = (name: string) => {
    if (reachable.has(name)) return;
    const schema = all[name];
    if (!schema) throw new Error(`no validation metadata for class ${name}`);
    reachable.add(name);
    refsIn(schema, refPrefix).forEach(visit);
  };
  roots.forEach(visit);
  return Object.fromEntries([...reachable].sort().map((name) => [name, closeObjects(structuredClone(all[name]))]));
}

/** A standalone JSON Schema (draft 2020-12) of one event type's data, for producers in other languages. */
export function eventJsonSchema(definition: EventDefinition, topic: string): JsonSchema {
  const schemas = eventClassSchemas('#/$defs/', [definition.dataClass.name]);
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

/**
 * Validation rejects unknown fields (`forbidNonWhitelisted`), so every object schema is closed;
 * an `@IsOptional()` property also takes `null`, as validation does.
 */
function closeObjects(schema: JsonSchema): JsonSchema {
  if (schema.type === 'object' && schema.properties) schema.additionalProperties = false;
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  for (const [name, property] of Object.entries(properties ?? {})) {
    if (property[NULLABLE_MARK]) properties![name] = allowNull(property);
  }
  return schema;
}
