import 'reflect-metadata';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { buildAsyncApiDocument, eventJsonSchema, renderContractFiles, validateEventData } from '@streamline/schemas';
import { ORDER_CONTRACT_VERSION, ORDER_TOPICS, orderRegistry } from './order-registry';

const GENERATED = join(__dirname, '..', 'generated');
const STALE = 'libs/orders/generated is stale: run `npm run schemas:generate` and commit the result';
const events = ORDER_TOPICS.flatMap((topic) => topic.events.map((definition) => ({ topic: topic.name, definition })));

function listed(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listed(join(dir, entry.name)) : [relative(GENERATED, join(dir, entry.name))],
  );
}

describe('generated contract', () => {
  const files = renderContractFiles(orderRegistry, { version: ORDER_CONTRACT_VERSION });

  it('matches the committed files exactly (regenerate with npm run schemas:generate)', () => {
    for (const [path, content] of files) {
      const committed = existsSync(join(GENERATED, path)) ? readFileSync(join(GENERATED, path), 'utf8') : '(missing)';
      if (committed !== content) throw new Error(`${STALE}\n  ${path} differs`);
    }
    const extra = listed(GENERATED).filter((path) => !files.has(path));
    if (extra.length > 0) throw new Error(`${STALE}\n  no longer generated: ${extra.join(', ')}`);
  });

  it('has one JSON Schema per registered event type and an AsyncAPI document', () => {
    expect([...files.keys()].sort()).toEqual([...events.map(({ definition }) => `json-schema/${definition.type}.json`), 'asyncapi.json'].sort());
  });

  it('describes every topic as a channel with its partitions, retention, keys and messages', () => {
    const doc = buildAsyncApiDocument(orderRegistry, { version: 'test' }) as any;
    for (const topic of ORDER_TOPICS) {
      const channel = doc.channels[topic.name];
      expect(channel.bindings.kafka).toMatchObject({ partitions: topic.partitions, topicConfiguration: { 'retention.ms': topic.retentionMs } });
      expect(Object.keys(channel.messages).sort()).toEqual(topic.events.map((e) => e.type).sort());
      for (const e of topic.events) {
        const message = doc.components.messages[e.type];
        expect(message.headers.properties.ce_type.const).toBe(e.type);
        expect(message.bindings.kafka.key.description).toContain(e.keyField);
        expect(doc.components.schemas[message.payload.$ref.split('/').pop()]).toBeDefined();
      }
    }
  });
});

describe('JSON Schema agrees with validation', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);

  it.each(events.map((e) => [e.definition.type, e]))(
    '%s: its example is valid for both, and broken copies are invalid for both',
    (_, { definition, topic }) => {
      expect(definition.example).toBeDefined();
      const schema = eventJsonSchema(definition, topic);
      const check = ajv.compile(schema);
      const example = definition.example as Record<string, unknown>;
      expect(check(example)).toBe(true);
      expect(() => validateEventData(definition, example)).not.toThrow();

      const broken: unknown[] = [
        { ...example, unexpected: 1 },
        { ...example, [definition.keyField]: 42 },
        ...(schema.required as string[]).map((key) => Object.fromEntries(Object.entries(example).filter(([k]) => k !== key))),
      ];
      for (const data of broken) {
        expect(check(data)).toBe(false);
        expect(() => validateEventData(definition, data)).toThrow();
      }
    },
  );

  it('bounds every string field (maxLength, enum, a format of bounded length, or an anchored fixed pattern)', () => {
    const unbounded: string[] = [];
    const visit = (schema: any, path: string) => {
      if (typeof schema !== 'object' || schema === null) return;
      if ([schema.type].flat().includes('string')) {
        const bounded =
          schema.maxLength !== undefined ||
          schema.enum !== undefined ||
          schema.const !== undefined ||
          ['uuid', 'date-time'].includes(schema.format) ||
          (typeof schema.pattern === 'string' && /^\^[^*+]*\$$/.test(schema.pattern) && !/\{\d+,\}/.test(schema.pattern));
        if (!bounded) unbounded.push(path);
      }
      for (const [key, value] of Object.entries(schema)) visit(value, `${path}/${key}`);
    };
    for (const { definition, topic } of events) visit(eventJsonSchema(definition, topic), definition.type);
    expect(unbounded).toEqual([]);
  });
});
