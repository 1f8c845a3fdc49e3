import { getMetadataStorage } from 'class-validator';
import { validateEventData } from '../codec/validate';
import { SchemaValidationError } from '../errors/schema-validation.error';
import { EventDefinition, TopicDefinition } from './event-definition';

/** Kafka's rule for topic names: letters, digits, `.`, `_`, `-`, at most 249 characters. */
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

/**
 * Everything wrong with a set of topic definitions, one sentence each naming what to fix; empty
 * when they form a usable registry.
 */
export function registryProblems(topics: readonly TopicDefinition[]): string[] {
  const problems: string[] = [];
  if (!Array.isArray(topics) || topics.length === 0) return ['it needs at least one topic'];
  const topicOf = new Map<string, string>();
  const definitions = new Map<string, EventDefinition>();
  const topicNames = new Set<string>();
  for (const topic of topics) {
    problems.push(...topicProblems(topic, topicNames));
    topicNames.add(topic.name);
    for (const definition of topic.events ?? []) {
      const where = topicOf.get(definition.type);
      if (where !== undefined) {
        problems.push(`event type "${definition.type}" is declared twice (topics ${where} and ${topic.name})`);
        continue;
      }
      topicOf.set(definition.type, topic.name);
      definitions.set(definition.type, definition);
      problems.push(...eventProblems(definition, topic.name));
    }
  }
  for (const [type, definition] of definitions) problems.push(...successorProblems(type, definition, definitions, topicOf));
  return problems;
}

function topicProblems(topic: TopicDefinition, seen: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const name = typeof topic.name === 'string' ? topic.name : String(topic.name);
  if (typeof topic.name !== 'string' || !TOPIC_NAME.test(topic.name) || topic.name === '.' || topic.name === '..') {
    problems.push(`topic name "${name}" must be 1-249 letters, digits, '.', '_' or '-'`);
  }
  if (seen.has(topic.name)) problems.push(`topic "${name}" is declared twice`);
  if (!Number.isInteger(topic.partitions) || topic.partitions < 1)
    problems.push(`topic ${name}: partitions must be a positive integer, got ${topic.partitions}`);
  if (!Number.isInteger(topic.retentionMs) || (topic.retentionMs < 1 && topic.retentionMs !== -1)) {
    problems.push(`topic ${name}: retentionMs must be a positive integer of milliseconds (or -1 to keep forever), got ${topic.retentionMs}`);
  }
  if (!Array.isArray(topic.events) || topic.events.length === 0) problems.push(`topic ${name} lists no events`);
  return problems;
}

function eventProblems(definition: EventDefinition, topic: string): string[] {
  const type = definition.type;
  if (typeof type !== 'string' || type.trim() === '') return [`topic ${topic}: an event has no type`];
  if (typeof definition.dataClass !== 'function') return [`event ${type}: dataClass must be a class`];
  const className = definition.dataClass.name;
  const properties = [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(definition.dataClass, '', false, false)
        .map((m) => m.propertyName),
    ),
  ];
  if (properties.length === 0) return [`event ${type}: ${className} has no class-validator decorators, so no data would be valid`];
  const problems: string[] = [];
  if (!properties.includes(definition.keyField)) {
    problems.push(`event ${type}: keyField "${definition.keyField}" is not a property of ${className} (properties: ${properties.join(', ')})`);
  }
  if (definition.upcast !== undefined && definition.supersededBy === undefined) {
    problems.push(`event ${type}: upcast is set without supersededBy (name the type it upcasts to)`);
  }
  if (definition.example !== undefined && problems.length === 0) {
    try {
      validateEventData(definition, structuredClone(definition.example));
    } catch (error) {
      if (!(error instanceof SchemaValidationError)) throw error;
      problems.push(`event ${type}: example is invalid (${error.fields.map((f) => `${f.field}: ${f.messages.join(', ')}`).join('; ')})`);
    }
  }
  return problems;
}

function successorProblems(
  type: string,
  definition: EventDefinition,
  definitions: ReadonlyMap<string, EventDefinition>,
  topicOf: ReadonlyMap<string, string>,
): string[] {
  const next = definition.supersededBy;
  if (next === undefined) return [];
  if (!definitions.has(next)) return [`event ${type}: supersededBy names "${next}", which the registry does not declare`];
  if (topicOf.get(next) !== topicOf.get(type)) {
    return [`event ${type}: its successor ${next} travels on ${topicOf.get(next)}, not on ${topicOf.get(type)} (a successor shares its topic)`];
  }
  const chain = [type];
  for (let at: string | undefined = next; at !== undefined; at = definitions.get(at)?.supersededBy) {
    if (at === type) return [`event ${type}: supersededBy forms a cycle (${[...chain, type].join(' -> ')})`];
    if (chain.includes(at)) return [];
    chain.push(at);
  }
  return [];
}
